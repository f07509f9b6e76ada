"""The session calendar, decision by decision: every move's new calendar and event, and
every refusal with its kind and code (what the console shows and what a client tests)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from game.rules import calendar as cal
from game.rules.calendar import Calendar, Status
from game.rules.errors import RuleViolation
from game.rules.events import DayOpened, SessionFinished, SessionPaused, SessionResumed


def refusal(call: Callable[[], Any]) -> tuple[str, str, int]:
    with pytest.raises(RuleViolation) as err:
        call()
    return type(err.value).__name__, err.value.code, err.value.status


@pytest.mark.parametrize(
    ("before", "day", "after"),
    [
        (Calendar(Status.DRAFT, 0), 1, Calendar(Status.RUNNING, 1)),
        (Calendar(Status.RUNNING, 1), 2, Calendar(Status.RUNNING, 2)),
        (Calendar(Status.RUNNING, 9), 10, Calendar(Status.RUNNING, 10)),
    ],
)
def test_opening_the_next_day_runs_the_session_on_that_day(before: Calendar, day: int, after: Calendar) -> None:
    assert cal.open_day(before, day) == (after, DayOpened(day=day))


@pytest.mark.parametrize(
    ("before", "day", "refused"),
    [
        (Calendar(Status.FINISHED, 10), 11, ("RuleViolation", "session_finished", 409)),
        (Calendar(Status.FINISHED, 3), 4, ("RuleViolation", "session_finished", 409)),
        (Calendar(Status.PAUSED, 3), 4, ("RuleViolation", "session_paused", 409)),
        (Calendar(Status.RUNNING, 10), 11, ("InvalidInput", "day_out_of_range", 422)),
        (Calendar(Status.DRAFT, 0), 0, ("InvalidInput", "day_out_of_range", 422)),
        (Calendar(Status.RUNNING, 3), 3, ("RuleViolation", "day_already_open", 409)),
        (Calendar(Status.RUNNING, 3), 2, ("RuleViolation", "day_already_open", 409)),
        (Calendar(Status.RUNNING, 3), 5, ("RuleViolation", "day_not_next", 409)),
        (Calendar(Status.DRAFT, 0), 2, ("RuleViolation", "day_not_next", 409)),
    ],
)
def test_opening_a_day_out_of_turn_is_refused(before: Calendar, day: int, refused: tuple[str, str, int]) -> None:
    assert refusal(lambda: cal.open_day(before, day)) == refused


def test_the_refusals_name_the_day_to_open() -> None:
    with pytest.raises(RuleViolation) as err:
        cal.open_day(Calendar(Status.RUNNING, 3), 5)
    assert err.value.message == "Il faut d'abord ouvrir le jour 4."
    with pytest.raises(RuleViolation) as err:
        cal.open_day(Calendar(Status.RUNNING, 3), 3)
    assert err.value.message == "Le jour 3 est déjà ouvert."
    with pytest.raises(RuleViolation) as err:
        cal.open_day(Calendar(Status.RUNNING, 10), 11)
    assert err.value.message == "Le jour doit être entre 1 et 10."
    with pytest.raises(RuleViolation) as err:
        cal.finish(Calendar(Status.RUNNING, 9))
    assert err.value.message == "Ouvrez les 10 jours avant de terminer la session."


def test_pause_and_resume_keep_the_day() -> None:
    assert cal.pause(Calendar(Status.RUNNING, 4)) == (Calendar(Status.PAUSED, 4), SessionPaused())
    assert cal.resume(Calendar(Status.PAUSED, 4)) == (Calendar(Status.RUNNING, 4), SessionResumed())
    for status in (Status.DRAFT, Status.PAUSED, Status.FINISHED):
        assert refusal(lambda status=status: cal.pause(Calendar(status, 4))) == ("RuleViolation", "not_running", 409)
    for status in (Status.DRAFT, Status.RUNNING, Status.FINISHED):
        assert refusal(lambda status=status: cal.resume(Calendar(status, 4))) == ("RuleViolation", "not_paused", 409)


def test_a_session_finishes_once_after_its_tenth_day_even_paused() -> None:
    assert cal.finish(Calendar(Status.RUNNING, 10)) == (Calendar(Status.FINISHED, 10), SessionFinished())
    assert cal.finish(Calendar(Status.PAUSED, 10)) == (Calendar(Status.FINISHED, 10), SessionFinished())
    assert refusal(lambda: cal.finish(Calendar(Status.RUNNING, 9))) == ("RuleViolation", "days_left", 409)
    assert refusal(lambda: cal.finish(Calendar(Status.DRAFT, 0))) == ("RuleViolation", "days_left", 409)
    assert refusal(lambda: cal.finish(Calendar(Status.FINISHED, 10))) == ("RuleViolation", "session_finished", 409)


@pytest.mark.parametrize(
    ("calendar", "refused"),
    [
        (Calendar(Status.PAUSED, 2), ("RuleViolation", "session_paused", 409)),
        (Calendar(Status.DRAFT, 0), ("RuleViolation", "not_started", 409)),
        (Calendar(Status.FINISHED, 10), ("RuleViolation", "session_finished", 409)),
    ],
)
def test_players_act_only_while_the_session_runs(calendar: Calendar, refused: tuple[str, str, int]) -> None:
    assert refusal(lambda: cal.ensure_playable(calendar)) == refused


def test_a_running_session_is_playable() -> None:
    assert cal.ensure_playable(Calendar(Status.RUNNING, 1)) is None
    assert cal.new_calendar() == Calendar(Status.DRAFT, 0)
