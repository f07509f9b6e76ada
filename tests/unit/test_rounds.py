"""The pure rules of live « situation → offre » rounds (game/rules/rounds.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from game.rules import rounds as r
from game.rules.errors import InvalidInput, RuleViolation

T0 = datetime(2026, 11, 24, 10, 0, 0)


def clock(deadline_in: float | None = 60, closed: bool = False) -> r.RoundClock:
    deadline = None if deadline_in is None else T0 + timedelta(seconds=deadline_in)
    return r.RoundClock(T0, deadline, T0 + timedelta(seconds=5) if closed else None)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_a_round_is_open_until_its_deadline_then_time_is_up_until_it_is_closed() -> None:
    assert r.status(clock(60), at(59.9)) is r.RoundStatus.OPEN
    assert r.status(clock(60), at(60)) is r.RoundStatus.TIME_UP
    assert r.status(clock(60, closed=True), at(1)) is r.RoundStatus.CLOSED
    assert r.status(clock(None), at(10**6)) is r.RoundStatus.OPEN  # untimed: never time up


def test_seconds_left_round_up_and_stop_at_zero() -> None:
    assert r.seconds_left(clock(60), at(0)) == 60
    assert r.seconds_left(clock(60), at(0.5)) == 60
    assert r.seconds_left(clock(60), at(59.1)) == 1
    assert r.seconds_left(clock(60), at(75)) == 0
    assert r.seconds_left(clock(None), at(5)) is None


def test_an_answer_is_taken_once_while_open_and_before_the_deadline() -> None:
    r.check_answer(clock(60), at(59), False, 2, 3)
    r.check_answer(clock(None), at(10**5), False, 0, 3)
    with pytest.raises(RuleViolation) as late:
        r.check_answer(clock(60), at(60), False, 0, 3)
    assert late.value.code == "round_time_up"
    with pytest.raises(RuleViolation) as twice:
        r.check_answer(clock(60), at(1), True, 0, 3)
    assert twice.value.code == "already_answered" and twice.value.status == 409
    with pytest.raises(RuleViolation) as closed:
        r.check_answer(clock(None, closed=True), at(6), False, 0, 3)
    assert closed.value.code == "round_closed"
    for choice in (-1, 3):
        with pytest.raises(InvalidInput):
            r.check_answer(clock(60), at(1), False, choice, 3)


def test_launching_needs_a_running_session_an_open_day_and_no_other_open_round() -> None:
    r.check_launch(3, 3, True, False)
    r.check_launch(1, 3, True, False)  # an earlier day's round may be played again
    with pytest.raises(RuleViolation, match="jour 4"):
        r.check_launch(4, 3, True, False)
    with pytest.raises(RuleViolation) as paused:
        r.check_launch(1, 3, False, False)
    assert paused.value.code == "session_not_running"
    with pytest.raises(RuleViolation) as busy:
        r.check_launch(1, 3, True, True)
    assert busy.value.code == "round_open"


def test_time_limits_are_between_10_and_600_seconds_or_none() -> None:
    assert r.first_deadline(T0, None) is None
    assert r.first_deadline(T0, 10) == at(10)
    assert r.first_deadline(T0, 600) == at(600)
    for seconds in (9, 601, 0, -30):
        with pytest.raises(InvalidInput):
            r.first_deadline(T0, seconds)


def test_adding_time_counts_from_the_deadline_or_from_now_once_passed() -> None:
    assert r.adjusted_deadline(clock(60), at(20), 30) == at(90)  # never shorter than what is left
    assert r.adjusted_deadline(clock(60), at(100), 30) == at(130)  # time was up: 30 s from now
    assert r.adjusted_deadline(clock(60), at(20), None) is None  # untimed
    with pytest.raises(RuleViolation):
        r.adjusted_deadline(clock(60, closed=True), at(20), 30)
    with pytest.raises(RuleViolation):
        r.adjusted_deadline(clock(None), at(20), 30)
    with pytest.raises(InvalidInput):
        r.adjusted_deadline(clock(60), at(20), 5)


def test_the_distribution_counts_each_choice() -> None:
    assert r.distribution([0, 2, 2, 1, 2], 4) == (1, 1, 3, 0)
    assert r.distribution([], 3) == (0, 0, 0)


def test_each_team_wins_the_points_of_its_right_answers() -> None:
    answers = [(1, True), (1, True), (1, False), (2, False), (3, True), (None, True)]
    assert r.team_points(answers, 5) == {1: 10, 3: 5}
    assert r.team_points([], 5) == {}


# ------------------------------------------------ a young person asks for more time (issue 15, point 8)


def _more(c: r.RoundClock, now: datetime, answered: bool = False, asked: bool = False, extensions: int = 0) -> datetime:
    return r.more_time_deadline(c, now, answered, asked, extensions)


def test_more_time_adds_30_seconds_to_the_deadline_for_everyone() -> None:
    assert r.MORE_SECONDS == 30
    assert _more(clock(60), at(40)) == at(90)  # from the deadline, not from now
    assert r.seconds_left(r.RoundClock(T0, _more(clock(60), at(40)), None), at(40)) == 50


def test_more_time_is_limited_once_per_young_person_and_ten_times_a_round() -> None:
    assert r.MORE_MAX == 10
    assert _more(clock(60), at(1), extensions=9) == at(90)  # the tenth is still taken
    with pytest.raises(RuleViolation) as limit:
        _more(clock(60), at(1), extensions=10)
    assert limit.value.code == "more_time_limit" and "10 fois" in limit.value.message
    with pytest.raises(RuleViolation) as asked:
        _more(clock(60), at(1), asked=True)
    assert asked.value.code == "more_time_asked"


@pytest.mark.parametrize(
    ("c", "now", "answered", "code"),
    [
        (clock(60, closed=True), at(6), False, "round_closed"),
        (clock(None), at(6), False, "round_untimed"),
        (clock(60), at(60), False, "round_time_up"),
        (clock(60), at(6), True, "already_answered"),
    ],
)
def test_more_time_is_refused_when_it_helps_nobody(c: r.RoundClock, now: datetime, answered: bool, code: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        _more(c, now, answered=answered)
    assert refused.value.code == code and refused.value.message
