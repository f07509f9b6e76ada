"""Tiny catalogue builders for the pure rule tests: no files, no loader."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from content.catalog import (
    Catalog,
    Day,
    DialogueChoice,
    DialogueLine,
    Hint,
    Offer,
    Quest,
    QuestKind,
    QuizQuestion,
)


def quest(id: str, day: int = 1, kind: QuestKind = QuestKind.RIDDLE, **kw: Any) -> Quest:
    base = Quest(
        id=id,
        day=day,
        kind=kind,
        title=f"Mission {id}",
        story="…",
        character=None,
        prerequisites=(),
        reward=10,
        offers=(),
        skills=(),
        hints=(),
        max_attempts=None,
        duration_minutes=20,
        success="Bravo",
        question="?",
        answers=("Élan",),
    )
    return replace(base, **kw)


def offer(id: str) -> Offer:
    return Offer(id, f"Offre {id}", "emploi", "s", "b", "c", "h")


def catalog(*quests: Quest, offers: tuple[str, ...] = ("cej", "pacea", "pix")) -> Catalog:
    return Catalog(
        name="t",
        title="T",
        organisation="ML",
        town="Lille",
        description="d",
        company="Avenirs Corp",
        days=tuple(Day(n, f"Jour {n}", "i", n in (6, 7)) for n in range(1, 11)),
        characters=(),
        offers=tuple(offer(o) for o in offers),
        skills=(),
        places=(),
        quests=quests,
    )


QUIZ = (QuizQuestion("a?", ("x", "y"), 1), QuizQuestion("b?", ("x", "y", "z"), 2))
DIALOGUE_LINES = (DialogueLine("nova", "Salut"),)
DIALOGUE_CHOICES = (DialogueChoice("Non", False, "Dommage"), DialogueChoice("Oui", True, "Super"))
HINTS = (Hint("h1", 0), Hint("h2", 5))
