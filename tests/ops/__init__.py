"""Tests for mapapp.ops."""
