"""Accounts and public feedback."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..vocab import ROLES
from .base import Base, UTCDateTime, str_enum, utcnow


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(str_enum(*ROLES, name="role"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The last change an administrator made to the account, shown on the users page.
    changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    changed_by: Mapped[str | None] = mapped_column(String(200))
    last_change: Mapped[str | None] = mapped_column(String(200))


class SignInAttempt(Base):
    """A failed sign-in, counted per client for the per-address limit (see signin_limit).
    Only a keyed hash of the address is kept, never the address or the email tried."""

    __tablename__ = "sign_in_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_key: Mapped[str] = mapped_column(String(32), index=True)
    attempted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Feedback(Base):
    """A public report of a problem with a listing, or a suggested new listing."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int | None] = mapped_column(ForeignKey("assets.id"), index=True)
    kind: Mapped[str] = mapped_column(str_enum("problem", "suggestion", name="feedback_kind"))
    category: Mapped[str | None] = mapped_column(
        str_enum(
            "closed", "moved", "time_changed", "contact_wrong", "other", name="feedback_category"
        )
    )
    message: Mapped[str | None] = mapped_column(Text)
    suggested: Mapped[dict] = mapped_column(default=dict)
    reporter_email: Mapped[str | None] = mapped_column(String(200))  # private, never shown
    # A keyed hash of the sender's address, for the rate limit (see feedback.client_key).
    client_key: Mapped[str | None] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(
        str_enum("open", "accepted", "rejected", name="feedback_status"), default="open", index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(200))
    resolution_note: Mapped[str | None] = mapped_column(Text)
