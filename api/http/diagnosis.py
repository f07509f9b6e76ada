"""Self-diagnosis endpoints (in the spirit of L'INSTANT T): the young person takes it on
day 1 and again on day 10 (phone), the counsellor reads it before an interview (console)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from game.rules.diagnosis import Answer
from game.services import diagnosis, diagnosis_views
from game.services.common import catalog_of

from ..auth import current_player
from ..clock import now
from ..extensions import db, transaction
from ..schemas import diagnosis as ds

diagnosis_blp = Blueprint("diagnosis", __name__, url_prefix="/api", description="Diagnostic (mes priorités)")


@diagnosis_blp.route("/me/diagnosis")
@diagnosis_blp.response(200, ds.DiagnosisOut)
def my_diagnosis() -> diagnosis_views.MyDiagnosis:
    """The diagnosis I can take now (its questions, my answers if I took it) and my results."""
    return diagnosis_views.my_diagnosis(db(), current_player())


@diagnosis_blp.route("/me/diagnosis/<int:round>", methods=["PUT"])
@diagnosis_blp.arguments(ds.DiagnosisIn)
@diagnosis_blp.response(200, ds.DiagnosisResultsOut)
def take(body: dict[str, Any], round: int) -> diagnosis_views.ResultsView:
    """All the answers of a round at once (``round`` is its day: 1 or 10). Taking it
    again replaces the answers; nothing is written when one answer is wrong."""
    player = current_player()
    answers = [Answer(a["question_id"], a["choice"]) for a in body["answers"]]
    with transaction() as session:
        results = diagnosis.answer(session, player, round, answers, now())
        out = diagnosis_views.results_view(results, catalog_of(player.session))
    return out


@diagnosis_blp.route("/me/diagnosis/results")
@diagnosis_blp.response(200, ds.DiagnosisResultsOut)
def my_results() -> diagnosis_views.ResultsView:
    """My priorities on day 1 and day 10, what changed, and the offers for me first."""
    return diagnosis_views.my_results(db(), current_player())


@diagnosis_blp.route("/sessions/<int:session_id>/players/<int:player_id>/diagnosis")
@diagnosis_blp.response(200, ds.PlayerDiagnosisOut)
def player_diagnosis(session_id: int, player_id: int) -> diagnosis_views.PlayerDiagnosis:
    """What a young person answered and the priorities that came out: a starting point
    for the interview with their counsellor."""
    return diagnosis_views.player_diagnosis(db(), session_id, player_id)
