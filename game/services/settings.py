"""Settings, set by a facilitator and shared by every server process (the database, not
one process's memory): the issuer's contact e-mail that the Open Badges 2.0 issuer
profile must carry (``game.rules.issuer``), and, for each organisation (issue 16), how
many months the young people's data of a session are kept after it ends
(``game.rules.retention``), the time zone its appointments are typed, shown and put in
calendars in, and the public address its join links, QR codes and badge links carry
(``game.rules.public_url``).

An organisation that set nothing has the installation's values (``ECLATS_RETENTION_DAYS``,
``ECLATS_TIME_ZONE``, ``ECLATS_PUBLIC_URL``), read once with the configuration and passed
in by the caller: a single Mission Locale's installation behaves as before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from game.rules import issuer, public_url, retention
from game.rules.errors import InvalidInput
from game.store.models import Facilitator
from game.store.organisations import DEFAULT_ID, Organisation, OrganisationSetting
from game.zones import UnknownZone, zone_named

TIME_ZONE = "time_zone"  # the setting's key, and the field clients name


@dataclass(frozen=True)
class IssuerSettings:
    contact: issuer.IssuerContact
    updated_at: datetime | None  # when a facilitator last set it (None: never)


def issuer_settings(db: Session, initial_email: str | None, organisation_id: int = DEFAULT_ID) -> IssuerSettings:
    """The contact e-mail an organisation's issuer profile shows: its own
    (``organisations.email``, the one place it is kept: the console's « Réglages » and its
    issuer profile both write it), else, for the default organisation only, the initial
    value (``ECLATS_ISSUER_EMAIL``, read once with the configuration), else none."""
    org = db.get(Organisation, organisation_id)
    stored = org.email if org is not None and org.email else None
    initial = initial_email if organisation_id == DEFAULT_ID else None
    return IssuerSettings(issuer.contact(stored, initial), org.profile_updated_at if org and stored else None)


def set_issuer_email(
    db: Session, staff: Facilitator, text: str, now: datetime, initial_email: str | None
) -> IssuerSettings:
    """Keep the address a facilitator typed as their organisation's; a wrong or empty one
    is refused (422, in French) and the setting stays as it was."""
    email = issuer.issuer_email(text)
    org = db.get(Organisation, staff.organisation_id)
    if org is None:
        raise InvalidInput("organisation", "Votre compte n'est rattaché à aucune Mission Locale.")
    org.email, org.profile_updated_at = email, now
    db.flush()
    return issuer_settings(db, initial_email, org.id)


def _row(db: Session, organisation_id: int, key: str) -> OrganisationSetting | None:
    return db.get(OrganisationSetting, (organisation_id, key))


def _keep(db: Session, staff: Facilitator, key: str, value: str | None, now: datetime) -> None:
    """Write one setting of the caller's organisation (``None``: back to the installation's)."""
    row = _row(db, staff.organisation_id, key)
    if value is None:
        if row is not None:
            db.delete(row)
    elif row is None:
        db.add(
            OrganisationSetting(
                organisation_id=staff.organisation_id, key=key, value=value, updated_at=now, updated_by=staff.id
            )
        )
    else:
        row.value, row.updated_at, row.updated_by = value, now, staff.id
    db.flush()


@dataclass(frozen=True)
class RetentionSettings:
    months: int
    source: str  # "console": set by a facilitator; "default": from ECLATS_RETENTION_DAYS
    updated_at: datetime | None


def _retention(row: OrganisationSetting | None, initial_days: int) -> RetentionSettings:
    if row is not None and row.value.isdigit():
        return RetentionSettings(int(row.value), "console", row.updated_at)
    return RetentionSettings(retention.months_from_days(initial_days), "default", None)


def retention_settings(db: Session, organisation_id: int, initial_days: int) -> RetentionSettings:
    """The organisation's retention in months: its console's, else ``ECLATS_RETENTION_DAYS``
    rounded up to whole months (90 days: 3 months)."""
    return _retention(_row(db, organisation_id, retention.RETENTION_MONTHS), initial_days)


def retention_by_organisation(db: Session, initial_days: int) -> dict[int, RetentionSettings]:
    """Every organisation's retention (``eclats purge``), in two queries."""
    rows = {
        row.organisation_id: row
        for row in db.scalars(select(OrganisationSetting).where(OrganisationSetting.key == retention.RETENTION_MONTHS))
    }
    return {
        organisation_id: _retention(rows.get(organisation_id), initial_days)
        for organisation_id in db.scalars(select(Organisation.id).order_by(Organisation.id))
    }


def set_retention_months(
    db: Session, staff: Facilitator, months: int, now: datetime, initial_days: int
) -> RetentionSettings:
    """Keep the number of months a facilitator chose for their organisation; outside the
    bounds it is refused (422, in French) and the setting stays as it was."""
    _keep(db, staff, retention.RETENTION_MONTHS, str(retention.check_months(months)), now)
    return retention_settings(db, staff.organisation_id, initial_days)


@dataclass(frozen=True)
class ZoneSettings:
    zone: ZoneInfo
    source: str  # "console": set by a facilitator; "default": ECLATS_TIME_ZONE
    updated_at: datetime | None


def time_zone_settings(db: Session, organisation_id: int, initial: str) -> ZoneSettings:
    """The organisation's time zone: its console's, else the installation's
    (``ECLATS_TIME_ZONE``, checked when the app is made). A name the machine no longer
    knows (its zone database changed) falls back to the installation's."""
    row = _row(db, organisation_id, TIME_ZONE)
    if row is not None:
        try:
            return ZoneSettings(zone_named(row.value), "console", row.updated_at)
        except UnknownZone:
            pass
    return ZoneSettings(ZoneInfo(initial), "default", None)


def zone_of(db: Session, organisation_id: int, initial: str) -> ZoneInfo:
    """The zone an organisation's appointments are typed, shown and put in calendars in."""
    return time_zone_settings(db, organisation_id, initial).zone


def set_time_zone(db: Session, staff: Facilitator, text: str | None, now: datetime, initial: str) -> ZoneSettings:
    """Keep the IANA name a facilitator gave (``None``: the installation's again); an
    unknown one is refused (422, in French, with the closest name) and nothing changes.

    Slots already published keep their instant: they are shown at the new zone's hour."""
    value = None
    if text is not None:
        try:
            value = zone_named(text).key
        except UnknownZone as exc:
            hint = f" Vouliez-vous dire « {exc.suggestion} » ?" if exc.suggestion else ""
            raise InvalidInput(
                TIME_ZONE,
                f"Fuseau horaire inconnu : « {text.strip()[:80]} ». Indiquez le nom IANA du fuseau de votre "
                f"Mission Locale, par exemple Europe/Paris, America/Cayenne, Indian/Reunion ou Pacific/Noumea.{hint}",
            ) from None
    _keep(db, staff, TIME_ZONE, value, now)
    return time_zone_settings(db, staff.organisation_id, initial)


@dataclass(frozen=True)
class PublicUrlSettings:
    url: str  # "": none given (links take the address the request reached)
    source: str  # "console": set by a facilitator; "default": ECLATS_PUBLIC_URL
    updated_at: datetime | None


def public_url_settings(db: Session, organisation_id: int, initial: str) -> PublicUrlSettings:
    """The organisation's public address: its console's, else the installation's
    (``ECLATS_PUBLIC_URL``, possibly empty)."""
    row = _row(db, organisation_id, public_url.PUBLIC_URL)
    if row is not None and row.value:
        return PublicUrlSettings(row.value, "console", row.updated_at)
    return PublicUrlSettings(initial.rstrip("/"), "default", None)


def public_url_of(db: Session, organisation_id: int, initial: str) -> str:
    """The address an organisation's links start with ("" when neither it nor the
    installation gave one)."""
    return public_url_settings(db, organisation_id, initial).url


def public_urls(db: Session) -> set[str]:
    """Every address an organisation gave (the browsers' origins a socket accepts)."""
    return set(db.scalars(select(OrganisationSetting.value).where(OrganisationSetting.key == public_url.PUBLIC_URL)))


def set_public_url(db: Session, staff: Facilitator, text: str | None, now: datetime, initial: str) -> PublicUrlSettings:
    """Keep the address a facilitator gave (``None``: the installation's again); one that
    is not an https address (http only on this machine) is refused (422, in French) and
    nothing changes."""
    _keep(db, staff, public_url.PUBLIC_URL, None if text is None else public_url.public_url(text), now)
    return public_url_settings(db, staff.organisation_id, initial)
