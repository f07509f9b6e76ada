"""The server's clock: naive UTC, as stored in the database.

Tests set it (``api.clock.set_now``) to move time forward without sleeping: token
expiry, rate-limit windows and check-in timing are all read from here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime


def _system() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


_source: Callable[[], datetime] = _system


def now() -> datetime:
    return _source()


def set_now(source: Callable[[], datetime] | None) -> None:
    """``None`` puts the real clock back."""
    global _source
    _source = source or _system
