"""The session calendar: the facilitator opens days one by one, pauses and resumes.

Days are not opened by the clock: a Mission Locale group meets when it meets, so the
facilitator decides. The planned date of each day is only shown as a guide.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from content.catalog import DAYS_IN_SESSION

from .errors import InvalidInput, RuleViolation
from .events import DayOpened, SessionFinished, SessionPaused, SessionResumed


class Status(StrEnum):
    DRAFT = "draft"  # created, no day opened yet
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


@dataclass(frozen=True)
class Calendar:
    status: Status
    current_day: int  # 0 until day 1 is opened


def new_calendar() -> Calendar:
    return Calendar(status=Status.DRAFT, current_day=0)


def planned_dates(start: date, days: int = DAYS_IN_SESSION) -> list[date]:
    """Ten consecutive calendar days from the start date (weekends included:
    Tempo's weekend days are the autonomous urban games)."""
    return [start + timedelta(days=i) for i in range(days)]


def next_monday(today: date) -> date:
    """The natural start of a session: days 6 and 7 of a pack are its weekend urban
    games, so a session started on a Monday puts them on Saturday and Sunday."""
    return today + timedelta(days=(7 - today.weekday()) % 7)


def open_day(cal: Calendar, day: int) -> tuple[Calendar, DayOpened]:
    """Open ``day``, which must be the next one: asking for it explicitly makes a
    double click on "open the next day" harmless instead of skipping a day."""
    if cal.status is Status.FINISHED:
        raise RuleViolation("session_finished", "La session est terminée.")
    if cal.status is Status.PAUSED:
        raise RuleViolation("session_paused", "La session est en pause : reprenez-la avant d'ouvrir un jour.")
    if day < 1 or day > DAYS_IN_SESSION:
        raise InvalidInput("day_out_of_range", f"Le jour doit être entre 1 et {DAYS_IN_SESSION}.")
    if day <= cal.current_day:
        raise RuleViolation("day_already_open", f"Le jour {day} est déjà ouvert.")
    if day != cal.current_day + 1:
        raise RuleViolation(
            "day_not_next",
            f"Il faut d'abord ouvrir le jour {cal.current_day + 1}.",
        )
    return Calendar(status=Status.RUNNING, current_day=day), DayOpened(day=day)


def pause(cal: Calendar) -> tuple[Calendar, SessionPaused]:
    if cal.status is not Status.RUNNING:
        raise RuleViolation("not_running", "Seule une session en cours peut être mise en pause.")
    return replace(cal, status=Status.PAUSED), SessionPaused()


def resume(cal: Calendar) -> tuple[Calendar, SessionResumed]:
    if cal.status is not Status.PAUSED:
        raise RuleViolation("not_paused", "La session n'est pas en pause.")
    return replace(cal, status=Status.RUNNING), SessionResumed()


def finish(cal: Calendar) -> tuple[Calendar, SessionFinished]:
    if cal.status is Status.FINISHED:
        raise RuleViolation("session_finished", "La session est déjà terminée.")
    if cal.current_day < DAYS_IN_SESSION:
        raise RuleViolation(
            "days_left",
            f"Ouvrez les {DAYS_IN_SESSION} jours avant de terminer la session.",
        )
    return replace(cal, status=Status.FINISHED), SessionFinished()


def ensure_playable(cal: Calendar) -> None:
    """Players act only while a day is open and the session runs."""
    if cal.status is Status.PAUSED:
        raise RuleViolation("session_paused", "La session est en pause. On reprend bientôt !")
    if cal.status is Status.DRAFT:
        raise RuleViolation("not_started", "La mission n'a pas encore commencé.")
    if cal.status is Status.FINISHED:
        raise RuleViolation("session_finished", "L'aventure est terminée : bravo !")
