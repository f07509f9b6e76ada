"""Self-diagnosis endpoints (in the spirit of L'INSTANT T): the young person takes it on
day 1 and again on day 10 (phone), the counsellor reads it before an interview (console)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from content.catalog import Catalog
from game.rules.diagnosis import ROUNDS, Answer
from game.services import diagnosis, sessions
from game.services.common import catalog_of

from ..auth import current_player
from ..clock import now
from ..extensions import db, transaction
from ..schemas import diagnosis as ds

diagnosis_blp = Blueprint("diagnosis", __name__, url_prefix="/api", description="Diagnostic (mes priorités)")


def _results(r: diagnosis.Results, catalog: Catalog) -> dict[str, Any]:
    names = {f.id: f.name for f in catalog.diagnosis.families} if catalog.diagnosis else {}
    offers = []
    for p in r.order.priority:
        offer = catalog.offer(p.offer)
        if offer is not None:
            offers.append(
                {
                    "id": offer.id,
                    "title": offer.title,
                    "category": offer.category,
                    "family": p.family,
                    "family_name": names.get(p.family, p.family),
                }
            )
    return {
        "available": catalog.diagnosis is not None,
        "rounds": [
            {
                "round": x.round,
                "open": x.open,
                "taken": x.taken,
                "answered_at": x.given.answered_at if x.given else None,
                "priorities": [
                    {"family": s.family, "name": s.name, "priority": s.priority, "answered": s.answered}
                    for s in x.scores
                ],
            }
            for x in r.rounds
        ],
        "comparison": [
            {"family": c.family, "name": c.name, "before": c.before, "after": c.after, "change": c.change}
            for c in r.comparison
        ],
        "based_on_round": r.based_on,
        "priority_offers": offers,
    }


@diagnosis_blp.route("/me/diagnosis")
@diagnosis_blp.response(200, ds.DiagnosisOut)
def my_diagnosis() -> dict[str, Any]:
    """The diagnosis I can take now (its questions, my answers if I took it) and my results."""
    player = current_player()
    catalog = catalog_of(player.session)
    v = diagnosis.view(db(), player)
    current = v.current
    names = {f.id: f.name for f in v.diagnosis.families} if v.diagnosis else {}
    questions = diagnosis.questions(player, v.round) if v.round is not None else ()
    return {
        "available": v.diagnosis is not None,
        "round": v.round,
        "next_round": next((r for r in ROUNDS if v.diagnosis and (v.round is None or r > v.round)), None),
        "taken": bool(current and current.taken),
        "questions": [
            {
                "id": q.id,
                "family": q.family,
                "family_name": names.get(q.family, q.family),
                "text": q.text,
                "choices": [{"index": i, "text": c.text} for i, c in enumerate(q.choices)],
            }
            for q in questions
        ],
        "answers": [
            {"question_id": q, "choice": c}
            for q, c in (current.given.choices.items() if current and current.given else ())
        ],
        "results": _results(v.results, catalog),
    }


@diagnosis_blp.route("/me/diagnosis/<int:round>", methods=["PUT"])
@diagnosis_blp.arguments(ds.DiagnosisIn)
@diagnosis_blp.response(200, ds.DiagnosisResultsOut)
def take(body: dict[str, Any], round: int) -> dict[str, Any]:
    """All the answers of a round at once (``round`` is its day: 1 or 10). Taking it
    again replaces the answers; nothing is written when one answer is wrong."""
    player = current_player()
    answers = [Answer(a["question_id"], a["choice"]) for a in body["answers"]]
    with transaction() as session:
        results = diagnosis.answer(session, player, round, answers, now())
        out = _results(results, catalog_of(player.session))
    return out


@diagnosis_blp.route("/me/diagnosis/results")
@diagnosis_blp.response(200, ds.DiagnosisResultsOut)
def my_results() -> dict[str, Any]:
    """My priorities on day 1 and day 10, what changed, and the offers for me first."""
    player = current_player()
    return _results(diagnosis.results(db(), player), catalog_of(player.session))


@diagnosis_blp.route("/sessions/<int:session_id>/players/<int:player_id>/diagnosis")
@diagnosis_blp.response(200, ds.PlayerDiagnosisOut)
def player_diagnosis(session_id: int, player_id: int) -> dict[str, Any]:
    """What a young person answered and the priorities that came out: a starting point
    for the interview with their counsellor."""
    player = sessions.player_in(db(), session_id, player_id)
    catalog = catalog_of(player.session)
    found = catalog.diagnosis
    rounds = []
    for round_, given in sorted(diagnosis.given(db(), player).items()):
        items = []
        for question_id, choice in given.choices.items():
            question = found.question(question_id) if found else None
            if question is None or not 0 <= choice < len(question.choices):
                continue  # the pack changed since: that answer means nothing any more
            items.append(
                {
                    "question_id": question.id,
                    "question": question.text,
                    "family": question.family,
                    "choice": choice,
                    "answer": question.choices[choice].text,
                    "need": question.choices[choice].need,
                }
            )
        rounds.append({"round": round_, "answered_at": given.answered_at, "answers": items})
    return {
        "player_id": player.id,
        "nickname": player.nickname,
        "results": _results(diagnosis.results(db(), player), catalog),
        "answers": rounds,
    }
