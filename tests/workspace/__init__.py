"""Tests for mapapp.workspace."""
