"""Tests for mapapp.finder."""
