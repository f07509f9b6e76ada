"""Organisations: the Missions Locales one installation serves (issue 16, point 1).

Every staff account and every session belongs to one organisation; staff see and act
only on their own organisation's sessions and what is inside them (packs, slots,
badges, players, reports). Each has its own issuer profile (the name, address, site,
e-mail and logo its badges carry), its own signing keys and its own settings.
Migration 0015 creates the default one (id 1) and puts everything that existed in it,
so that a single Mission Locale's installation keeps working as before."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from game.store.models import Base

DEFAULT_ID = 1  # made by migration 0015; the one a fresh installation starts with


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    # in addresses (the issuer profile's URL, the key folder): lower-case letters,
    # digits and dashes, chosen once
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    # the issuer profile the badges carry (empty: not given)
    address: Mapped[str] = mapped_column(Text, default="", server_default="")
    url: Mapped[str] = mapped_column(String(300), default="", server_default="")
    email: Mapped[str] = mapped_column(String(320), default="", server_default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)  # PNG, checked when uploaded
    # when its staff last changed the profile (None: never, e.g. the e-mail still the initial one)
    profile_updated_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class OrganisationSetting(Base):
    """A setting of one organisation (time zone, public URL, retention, ...): one row per
    organisation and key, shared by every server process. Replaces the installation-wide
    ``installation_settings`` rows, which migration 0015 copies to the default one."""

    __tablename__ = "organisation_settings"
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id", ondelete="SET NULL"))
