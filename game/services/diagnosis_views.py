"""The self-diagnosis as the API shows it: a young person's results with what the pack
calls things (family names, the offers put forward), the round they can take now, and
what they answered, for their counsellor. Read-only views over ``diagnosis``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from content.catalog import Catalog, Offer
from game.rules.diagnosis import ROUNDS, FamilyChange, opens_follow_ups
from game.store.models import Player

from . import diagnosis, sessions
from .common import catalog_of


@dataclass(frozen=True)
class FamilyOffer:
    offer: Offer
    family: str  # the family it is put forward for
    family_name: str


@dataclass(frozen=True)
class ResultsView:
    available: bool  # false when the pack has no diagnosis
    rounds: list[diagnosis.RoundResult]
    comparison: list[FamilyChange]
    based_on_round: int | None
    priority_offers: list[FamilyOffer]  # "pour toi en priorité"


def _names(catalog: Catalog) -> dict[str, str]:
    return {f.id: f.name for f in catalog.diagnosis.families} if catalog.diagnosis else {}


def results_view(results: diagnosis.Results, catalog: Catalog) -> ResultsView:
    names = _names(catalog)
    offers = [
        FamilyOffer(offer, p.family, names.get(p.family, p.family))
        for p in results.order.priority
        if (offer := catalog.offer(p.offer)) is not None
    ]
    return ResultsView(catalog.diagnosis is not None, results.rounds, results.comparison, results.based_on, offers)


def my_results(db: Session, player: Player) -> ResultsView:
    return results_view(diagnosis.results(db, player), catalog_of(player.session))


@dataclass(frozen=True)
class ChoiceView:
    index: int
    text: str
    opens_follow_ups: bool  # on a family's first question: this answer brings its follow-ups


@dataclass(frozen=True)
class QuestionView:
    id: str
    family: str
    family_name: str
    text: str
    follow_up: bool  # asked only when the family's first answer opens its follow-ups
    choices: list[ChoiceView]


@dataclass(frozen=True)
class AnswerView:
    question_id: str
    choice: int


@dataclass(frozen=True)
class MyDiagnosis:
    available: bool
    round: int | None  # the round open now (1 or 10)
    next_round: int | None
    taken: bool  # the open round is already taken
    questions: list[QuestionView]
    answers: list[AnswerView]  # my answers to the open round
    results: ResultsView
    email_available: bool  # the server can e-mail me my result (SMTP configured)


def my_diagnosis(db: Session, player: Player, email_available: bool = False) -> MyDiagnosis:
    """The diagnosis I can take now (its questions, my answers if I took it) and my results."""
    v = diagnosis.view(db, player)
    current = v.current
    names = _names(catalog_of(player.session))
    questions = diagnosis.questions(player, v.round) if v.round is not None else ()
    given = current.given.choices.items() if current and current.given else ()
    firsts = {q.family: q.id for q in reversed(questions)}  # each family's first question
    return MyDiagnosis(
        available=v.diagnosis is not None,
        round=v.round,
        next_round=next((r for r in ROUNDS if v.diagnosis and (v.round is None or r > v.round)), None),
        taken=bool(current and current.taken),
        questions=[
            QuestionView(
                q.id,
                q.family,
                names.get(q.family, q.family),
                q.text,
                q.follow_up,
                [
                    ChoiceView(i, c.text, firsts[q.family] == q.id and opens_follow_ups(q, i))
                    for i, c in enumerate(q.choices)
                ],
            )
            for q in questions
        ],
        answers=[AnswerView(q, c) for q, c in given],
        results=results_view(v.results, catalog_of(player.session)),
        email_available=email_available,
    )


@dataclass(frozen=True)
class GivenAnswer:
    question_id: str
    question: str
    family: str
    choice: int
    answer: str
    need: int


@dataclass(frozen=True)
class GivenRound:
    round: int
    answered_at: datetime
    answers: list[GivenAnswer]


@dataclass(frozen=True)
class PlayerDiagnosis:
    player_id: int
    nickname: str
    results: ResultsView
    answers: list[GivenRound]


def player_diagnosis(db: Session, session_id: int, player_id: int) -> PlayerDiagnosis:
    """What a young person answered and the priorities that came out, for their counsellor."""
    player = sessions.player_in(db, session_id, player_id)
    found = catalog_of(player.session).diagnosis
    rounds = []
    for round_, given in sorted(diagnosis.given(db, player).items()):
        items = []
        for question_id, choice in given.choices.items():
            question = found.question(question_id) if found else None
            if question is None or not 0 <= choice < len(question.choices):
                continue  # the pack changed since: that answer means nothing any more
            picked = question.choices[choice]
            items.append(GivenAnswer(question.id, question.text, question.family, choice, picked.text, picked.need))
        rounds.append(GivenRound(round_, given.answered_at, items))
    return PlayerDiagnosis(player.id, player.nickname, my_results(db, player), rounds)
