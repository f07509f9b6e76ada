"""Installation settings, set once by a facilitator and shared by every server process
(the database, not one process's memory): today the issuer's contact e-mail that the
Open Badges 2.0 issuer profile must carry (``game.rules.issuer``), and how many months
the young people's data of a session are kept after it ends (``game.rules.retention``).
Later, per organisation: the same keys in a table keyed by organisation and key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from game.rules import issuer, retention
from game.store.models import Facilitator, InstallationSetting


@dataclass(frozen=True)
class IssuerSettings:
    contact: issuer.IssuerContact
    updated_at: datetime | None  # when a facilitator last set it (None: never)


def issuer_settings(db: Session, initial_email: str | None) -> IssuerSettings:
    """The contact e-mail the issuer profile shows: the console's, else the initial value
    (``ECLATS_ISSUER_EMAIL``, read once with the configuration), else none."""
    row = db.get(InstallationSetting, issuer.ISSUER_EMAIL)
    return IssuerSettings(issuer.contact(row.value if row else None, initial_email), row.updated_at if row else None)


def set_issuer_email(
    db: Session, staff: Facilitator, text: str, now: datetime, initial_email: str | None
) -> IssuerSettings:
    """Keep the address a facilitator typed; a wrong or empty one is refused (422, in
    French) and the setting stays as it was."""
    email = issuer.issuer_email(text)
    row = db.get(InstallationSetting, issuer.ISSUER_EMAIL)
    if row is None:
        row = InstallationSetting(key=issuer.ISSUER_EMAIL, value=email, updated_at=now, updated_by=staff.id)
        db.add(row)
    else:
        row.value, row.updated_at, row.updated_by = email, now, staff.id
    db.flush()
    return issuer_settings(db, initial_email)


@dataclass(frozen=True)
class RetentionSettings:
    months: int
    source: str  # "console": set by a facilitator; "default": from ECLATS_RETENTION_DAYS
    updated_at: datetime | None


def retention_settings(db: Session, initial_days: int) -> RetentionSettings:
    """The retention in months: the console's, else ``ECLATS_RETENTION_DAYS`` rounded up
    to whole months (90 days: 3 months)."""
    row = db.get(InstallationSetting, retention.RETENTION_MONTHS)
    if row is not None and row.value.isdigit():
        return RetentionSettings(int(row.value), "console", row.updated_at)
    return RetentionSettings(retention.months_from_days(initial_days), "default", None)


def set_retention_months(
    db: Session, staff: Facilitator, months: int, now: datetime, initial_days: int
) -> RetentionSettings:
    """Keep the number of months a facilitator chose; outside the bounds it is refused
    (422, in French) and the setting stays as it was."""
    value = str(retention.check_months(months))
    row = db.get(InstallationSetting, retention.RETENTION_MONTHS)
    if row is None:
        db.add(InstallationSetting(key=retention.RETENTION_MONTHS, value=value, updated_at=now, updated_by=staff.id))
    else:
        row.value, row.updated_at, row.updated_by = value, now, staff.id
    db.flush()
    return retention_settings(db, initial_days)
