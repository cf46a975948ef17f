"""Operating a deployment: backup and restore, demo data."""
