"""The retention rule (``game.rules.retention``): calendar months after the planned last
day, bounds, and the default taken from ``ECLATS_RETENTION_DAYS``."""

from __future__ import annotations

from datetime import date

import pytest

from game.rules import retention
from game.rules.errors import InvalidInput


@pytest.mark.parametrize(
    ("last_day", "months", "kept_until"),
    [
        (date(2026, 12, 2), 3, date(2027, 3, 2)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),  # a shorter month: its last day
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # a leap year
        (date(2026, 11, 30), 14, date(2028, 1, 30)),  # across two year ends
        (date(2026, 12, 15), 36, date(2029, 12, 15)),
    ],
)
def test_data_are_kept_until_the_same_day_months_later(last_day: date, months: int, kept_until: date) -> None:
    assert retention.kept_until(last_day, months) == kept_until
    assert not retention.past(last_day, months, kept_until), "the last day kept is still kept"
    assert retention.past(last_day, months, date.fromordinal(kept_until.toordinal() + 1))


@pytest.mark.parametrize("months", [0, 37, -3, True])
def test_months_outside_the_bounds_are_refused_in_french(months: int) -> None:
    with pytest.raises(InvalidInput, match="de 1 à 36"):
        retention.check_months(months)


def test_the_default_rounds_eclats_retention_days_up_to_whole_months() -> None:
    assert [retention.months_from_days(d) for d in (1, 30, 31, 90, 91, 365, 5000)] == [1, 1, 2, 3, 3, 12, 36]
