"""Tests for mapapp.listings."""
