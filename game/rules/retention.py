"""How long the young people's data of a session are kept after it ends (README,
"Retention and ``eclats purge``"): a number of whole months, set once for the
installation, within bounds a Mission Locale can defend.

A session ends on its planned last day (start date plus the pack's days, minus one),
whether or not a facilitator pressed « Terminer » (no date is kept for that). Its
players are erased the day after ``last day + months``.
"""

from __future__ import annotations

import calendar
import math
from datetime import date

from .errors import InvalidInput

RETENTION_MONTHS = "retention_months"  # the setting's key, and the field clients name
MIN_MONTHS = 1
MAX_MONTHS = 36
DAYS_PER_MONTH = 365.25 / 12


def check_months(months: int) -> int:
    """The number of months, or :class:`InvalidInput` saying in French what is allowed."""
    if isinstance(months, bool) or not isinstance(months, int) or not MIN_MONTHS <= months <= MAX_MONTHS:
        raise InvalidInput(
            RETENTION_MONTHS,
            f"La durée de conservation est un nombre entier de mois, de {MIN_MONTHS} à {MAX_MONTHS}.",
        )
    return months


def months_from_days(days: int) -> int:
    """The default in months from ``ECLATS_RETENTION_DAYS`` (90 days: 3 months), rounded
    up so that an upgrade never erases sooner than before, and kept within the bounds."""
    return min(MAX_MONTHS, max(MIN_MONTHS, math.ceil(round(days / DAYS_PER_MONTH, 6))))


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def kept_until(last_day: date, months: int) -> date:
    """The last day a session's young people's data are kept."""
    return add_months(last_day, months)


def past(last_day: date, months: int, today: date) -> bool:
    """Whether the retention period of a session that ended on ``last_day`` is over."""
    return today > kept_until(last_day, months)
