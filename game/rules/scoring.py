"""Éclats and the leaderboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class TeamScore:
    team_id: int
    name: str
    eclats: int
    solved: int
    last_solved_at: datetime | None


@dataclass(frozen=True)
class Ranked:
    score: TeamScore
    rank: int


def leaderboard(scores: list[TeamScore]) -> list[Ranked]:
    """Most éclats first, then most quests solved; teams equal on both share a rank
    (a tie is a tie for the players), and the earlier finisher is listed first."""

    def order(s: TeamScore) -> tuple[int, int, int, float, str]:
        when = s.last_solved_at.timestamp() if s.last_solved_at else float("inf")
        return (-s.eclats, -s.solved, 0 if s.last_solved_at else 1, when, s.name.casefold())

    ranked: list[Ranked] = []
    for position, score in enumerate(sorted(scores, key=order), start=1):
        previous = ranked[-1] if ranked else None
        same = previous and (previous.score.eclats, previous.score.solved) == (
            score.eclats,
            score.solved,
        )
        ranked.append(Ranked(score, previous.rank if same and previous else position))
    return ranked
