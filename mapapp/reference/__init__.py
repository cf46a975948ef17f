"""Reference data: read the open-data files, check them, and load them in one transaction."""

from .load import ReferenceReport, load_reference

__all__ = ["ReferenceReport", "load_reference"]
