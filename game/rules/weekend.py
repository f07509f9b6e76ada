"""The weekend urban games (pure): what a team plays when the facilitator switched it
to the in-town alternative, and the sentence that tells how many must be there, made
from the rule itself (``team_min``, ``window_minutes``) so that no text can say
otherwise."""

from __future__ import annotations

from dataclasses import replace

from content.catalog import Quest


def as_played(quest: Quest, in_town: bool) -> Quest:
    """The quest as this team plays it: a place quest with an alternative, for a team
    switched to it, is checked in at the alternative's place, with its clue and its
    gathering rule (and no warmer/colder search: the place is shown)."""
    alternative = quest.alternative
    if not in_town or alternative is None:
        return quest
    return replace(
        quest,
        place=alternative.place,
        question=alternative.question,
        team_min=alternative.team_min,
        window_minutes=alternative.window_minutes,
        hot_cold=False,
    )


def needed(team_min: int, team_size: int | None) -> int:
    """How many teammates must check in: never more than the team has (geo.gathering)."""
    if team_size is None or team_size < 1:
        return max(1, team_min)
    return max(1, min(team_min, team_size))


def gathering_text(team_min: int, window_minutes: int, team_size: int | None = None) -> str:
    """« Il faut être 3 de l'équipe ici, dans les 20 minutes. »"""
    count = needed(team_min, team_size)
    if count == 1:
        return "Une seule personne de l'équipe suffit ici."
    return f"Il faut être {count} de l'équipe ici, dans les {window_minutes} minutes."
