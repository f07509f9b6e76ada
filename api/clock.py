"""The server's clock: naive UTC, as stored in the database; and the installation's
time zone, in which appointments are typed, shown and put in calendars.

Tests set it (``api.clock.set_now``) to move time forward without sleeping: token
expiry, rate-limit windows and check-in timing are all read from here. Nothing here
reads the process's own zone (``TZ``): the server gives the same answers whatever the
machine is set to.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def _system() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


_source: Callable[[], datetime] = _system


def now() -> datetime:
    return _source()


def set_now(source: Callable[[], datetime] | None) -> None:
    """``None`` puts the real clock back."""
    global _source
    _source = source or _system


def zone() -> ZoneInfo:
    """The installation's time zone (``TIME_ZONE``, from ``ECLATS_TIME_ZONE``, checked
    when the app is made; zoneinfo keeps each zone it opened)."""
    return ZoneInfo(current_app.config["TIME_ZONE"])
