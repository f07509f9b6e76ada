"""The self-diagnosis of a player: which round is open, recording a round's answers,
the priorities of each round and the offers put forward from the latest one.

A pack without ``diagnosis.yaml`` has no diagnosis: reading gives empty results and
recording is refused, so that the rest of the game works the same without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from content.catalog import Diagnosis, DiagnosisQuestion
from game.rules import diagnosis as rules
from game.rules.diagnosis import Answer, FamilyChange, FamilyScore, OfferOrder
from game.rules.errors import NotFound
from game.store.models import DiagnosisAnswer, Player

from .common import catalog_of


@dataclass(frozen=True)
class Given:
    """What a player answered in one round."""

    choices: dict[str, int]  # question id → choice index
    answered_at: datetime


@dataclass(frozen=True)
class RoundResult:
    round: int
    open: bool  # the player can take it (again) now
    given: Given | None  # None while not taken
    scores: list[FamilyScore] = field(default_factory=list)  # highest priority first

    @property
    def taken(self) -> bool:
        return self.given is not None


@dataclass(frozen=True)
class Results:
    rounds: list[RoundResult]  # day 1, then day 10; empty without a diagnosis
    comparison: list[FamilyChange]  # day 1 beside day 10, once both are taken
    based_on: int | None  # the round the offers are put forward from (the latest taken)
    order: OfferOrder


@dataclass(frozen=True)
class View:
    diagnosis: Diagnosis | None
    round: int | None  # the round the player can take now
    results: Results

    @property
    def current(self) -> RoundResult | None:
        return next((r for r in self.results.rounds if r.round == self.round), None)


def diagnosis_of(player: Player) -> Diagnosis | None:
    return catalog_of(player.session).diagnosis


def open_round(player: Player) -> int | None:
    """None before day 1 and in a pack without a diagnosis."""
    return rules.open_round(player.session.current_day) if diagnosis_of(player) else None


def questions(player: Player, round_: int) -> tuple[DiagnosisQuestion, ...]:
    """Both rounds ask the same questions, so that their answers can be compared."""
    diagnosis = _require(player)
    if round_ not in rules.ROUNDS:
        raise NotFound("no_round", "Ce diagnostic n'existe pas.")
    return diagnosis.questions


def given(db: Session, player: Player) -> dict[int, Given]:
    """The player's answers per round taken."""
    rows: dict[int, list[DiagnosisAnswer]] = {}
    for row in db.scalars(
        select(DiagnosisAnswer).where(DiagnosisAnswer.player_id == player.id).order_by(DiagnosisAnswer.id)
    ):
        rows.setdefault(row.round, []).append(row)
    return {
        round_: Given({r.question_id: r.choice for r in found}, max(r.answered_at for r in found))
        for round_, found in rows.items()
    }


def answer(db: Session, player: Player, round_: int, answers: Sequence[Answer], now: datetime) -> Results:
    """Record a whole round at once; taking a round again replaces its answers."""
    diagnosis = _require(player)
    rules.check_round_open(round_, player.session.current_day)
    chosen = rules.check_answers(diagnosis, answers)
    # deleted by a statement, not through the unit of work: it would insert the new rows
    # before deleting the old ones and trip the unique constraint
    db.execute(delete(DiagnosisAnswer).where(DiagnosisAnswer.player_id == player.id, DiagnosisAnswer.round == round_))
    db.add_all(
        DiagnosisAnswer(player_id=player.id, round=round_, question_id=q, choice=c, answered_at=now)
        for q, c in chosen.items()
    )
    db.flush()
    return results(db, player)


def results(db: Session, player: Player) -> Results:
    diagnosis = diagnosis_of(player)
    offer_ids = [o.id for o in catalog_of(player.session).offers]
    if diagnosis is None:
        return Results([], [], None, OfferOrder(tuple(offer_ids), ()))
    current = rules.open_round(player.session.current_day)
    taken = given(db, player)
    scores = {r: rules.priorities(diagnosis, g.choices) for r, g in taken.items() if r in rules.ROUNDS}
    rounds = [
        RoundResult(r, r == current, taken.get(r), rules.ranking(scores[r]) if r in scores else [])
        for r in rules.ROUNDS
    ]
    first, last = rules.ROUNDS[0], rules.ROUNDS[-1]
    comparison = rules.compare(scores[first], rules.ranking(scores[last])) if first in scores and last in scores else []
    based_on = max(scores) if scores else None
    order = rules.order_offers(diagnosis, offer_ids, scores[based_on] if based_on is not None else [])
    return Results(rounds, comparison, based_on, order)


def view(db: Session, player: Player) -> View:
    return View(diagnosis_of(player), open_round(player), results(db, player))


def offer_order(db: Session, player: Player) -> OfferOrder:
    """Every offer of the pack, those put forward to this player first."""
    return results(db, player).order


def priority_offers(db: Session, player: Player) -> list[str]:
    """The offers "pour toi en priorité" (at most 5) from the latest round taken; empty
    before any round, and in a pack without a diagnosis."""
    return list(offer_order(db, player).priority_ids)


def _require(player: Player) -> Diagnosis:
    diagnosis = diagnosis_of(player)
    if diagnosis is None:
        raise NotFound("no_diagnosis", "Il n'y a pas de diagnostic dans cette partie.")
    return diagnosis
