"""The ingest pipeline: real-world listings in, clean geocoded assets out."""

from .pipeline import run_ingest
from .read import FORMATS, IngestError
from .report import IngestReport

__all__ = ["FORMATS", "IngestError", "IngestReport", "run_ingest"]
