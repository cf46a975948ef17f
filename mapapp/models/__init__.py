"""All models, importable from one place (alembic and tests compare against this metadata)."""

from .areas import District, Place, Postcode, SmallArea
from .assets import (
    Asset,
    AssetChange,
    AssetDomain,
    AssetSource,
    AssetTag,
    Organisation,
    Schedule,
    Venue,
)
from .base import Base, utcnow
from .data_version import DataVersion
from .ingest import DuplicateCandidate, GeocodeCache, IngestIssue, IngestRun
from .people import Feedback, SignInAttempt, User
from .security import RateCount, SignInSession

__all__ = [
    "Asset",
    "AssetChange",
    "AssetDomain",
    "AssetSource",
    "AssetTag",
    "Base",
    "DataVersion",
    "District",
    "DuplicateCandidate",
    "Feedback",
    "GeocodeCache",
    "IngestIssue",
    "IngestRun",
    "Organisation",
    "Place",
    "Postcode",
    "RateCount",
    "Schedule",
    "SignInAttempt",
    "SignInSession",
    "SmallArea",
    "User",
    "Venue",
    "utcnow",
]
