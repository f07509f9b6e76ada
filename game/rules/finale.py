"""The group finale, « Le Cœur d'Avenir » (pure).

Each day, a team that wins at least the fragment's éclats on that day's missions earns
the day's fragment. The group's fragments are the union of every team's: the whole
group pools them. Once the last day is open, anyone answers for everybody; a right
answer wins the finale for every team at once.

"That day's missions" means the quests of that day in the pack, whenever they were
played: a team catching up on day 6 on day 8 still earns day 6's fragment. A day's gain
is net: hints bought on that day's missions count against it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from content.catalog import DAYS_IN_SESSION, Catalog, Finale, Fragment

from .calendar import Calendar, Status
from .errors import RuleViolation
from .text import matches

HIDDEN = "?"


def day_gains(catalog: Catalog, entries: Iterable[tuple[str | None, int]]) -> dict[int, int]:
    """Net éclats per pack day, from ledger entries ``(quest_id, delta)``; entries of no
    quest of the pack (the finale itself, a bonus without a quest) count for no day."""
    gains: dict[int, int] = {}
    for quest_id, delta in entries:
        quest = catalog.quest(quest_id) if quest_id else None
        if quest is not None:
            gains[quest.day] = gains.get(quest.day, 0) + delta
    return gains


def places_won(catalog: Catalog, solved: Iterable[str]) -> dict[int, int]:
    """Per pack day, how many of that day's place missions the team has won."""
    won: dict[int, int] = {}
    for quest_id in solved:
        quest = catalog.quest(quest_id)
        if quest is not None and quest.place is not None:
            won[quest.day] = won.get(quest.day, 0) + 1
    return won


def earned(finale: Finale, gains: Mapping[int, int], places: Mapping[int, int] | None = None) -> frozenset[int]:
    """The days whose fragment the team earned: enough éclats on that day's missions, and
    as many of that day's places as the fragment asks (the weekend's places count)."""
    won = places or {}
    return frozenset(
        f.day for f in finale.fragments if gains.get(f.day, 0) >= f.eclats and won.get(f.day, 0) >= f.places
    )


@dataclass(frozen=True)
class Piece:
    """A fragment as the group sees it: its text once some team earned it, « ? » before."""

    day: int
    text: str  # the fragment's text, or HIDDEN
    found: bool
    teams: tuple[int, ...]  # the teams that brought it (their ids, in the order given)
    needed: int  # the éclats a team needs on that day's missions
    places: int  # and the day's place missions it must have won


def pooled(finale: Finale, by_team: Mapping[int, frozenset[int]]) -> tuple[Piece, ...]:
    """The group's fragments: the union of what every team earned, each with who brought it."""
    return tuple(_piece(f, tuple(t for t, days in by_team.items() if f.day in days)) for f in finale.fragments)


def _piece(fragment: Fragment, teams: tuple[int, ...]) -> Piece:
    found = bool(teams)
    return Piece(fragment.day, fragment.text if found else HIDDEN, found, teams, fragment.eclats, fragment.places)


def playable(cal: Calendar) -> bool:
    """The finale is played once the last day is open, while the session runs."""
    return cal.status is Status.RUNNING and cal.current_day >= DAYS_IN_SESSION


def ensure_playable(cal: Calendar, solved: bool) -> None:
    if solved:
        raise RuleViolation("finale_solved", "Le Cœur d'Avenir est déjà rallumé : bravo à tout le groupe !")
    if cal.status is Status.FINISHED:
        raise RuleViolation("session_finished", "L'aventure est terminée : bravo !")
    if cal.status is Status.PAUSED:
        raise RuleViolation("session_paused", "La session est en pause. On reprend bientôt !")
    if not playable(cal):
        raise RuleViolation("finale_locked", f"Le Cœur d'Avenir se joue le jour {DAYS_IN_SESSION}, tous ensemble.")


def check(finale: Finale, answer: str) -> bool:
    """Whether the typed answer is one the pack accepts (case, accents, spaces forgiven)."""
    return matches(answer, finale.answers)
