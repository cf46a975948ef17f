"""Tests for mapapp.accounts."""
