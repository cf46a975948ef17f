"""Security bookkeeping: signed-in sessions kept on the server, and rate-limit counters."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime


class SignInSession(Base):
    """One signed-in browser. The cookie holds a random token; only its SHA-256 is kept
    here, so a copy of this table signs nobody in. Ending a session deletes its row."""

    __tablename__ = "sign_in_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class RateCount(Base):
    """Attempts by one client (a keyed hash) in one time bucket of one limit
    (rate_limit.py): counted by an atomic upsert, so a burst cannot overrun it."""

    __tablename__ = "rate_counts"

    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    client_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    bucket: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)
