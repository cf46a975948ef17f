"""Listings published in open formats for other finders and directories."""
