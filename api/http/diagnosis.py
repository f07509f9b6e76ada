"""Self-diagnosis endpoints (in the spirit of L'INSTANT T): the young person takes it on
day 1 and again on day 10 (phone), the counsellor reads it before an interview (console)."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_smorest import Blueprint

from game.rules.diagnosis import Answer
from game.services import diagnosis, diagnosis_pdf, diagnosis_views, safety
from game.services.common import catalog_of

from .. import limits, realtime
from ..auth import current_player
from ..clock import now
from ..extensions import db, smtp, transaction
from ..organisation_settings import zone
from ..schemas import diagnosis as ds
from ..schemas.safety import DiagnosisTakenOut

diagnosis_blp = Blueprint("diagnosis", __name__, url_prefix="/api", description="Diagnostic (mes priorités)")


@diagnosis_blp.route("/me/diagnosis")
@diagnosis_blp.response(200, ds.DiagnosisOut)
def my_diagnosis() -> diagnosis_views.MyDiagnosis:
    """The diagnosis I can take now (its questions, my answers if I took it) and my results."""
    return diagnosis_views.my_diagnosis(db(), current_player(), email_available=smtp() is not None)


@diagnosis_blp.route("/me/diagnosis/<int:round>", methods=["PUT"])
@diagnosis_blp.arguments(ds.DiagnosisIn)
@diagnosis_blp.response(200, DiagnosisTakenOut)
def take(body: dict[str, Any], round: int) -> safety.TakenView:
    """All the answers of a round at once (``round`` is its day: 1 or 10). Taking it
    again replaces the answers; nothing is written when one answer is wrong. An urgent
    answer brings the numbers that help now (``urgent_help``) and tells the staff."""
    player = current_player()
    answers = [Answer(a["question_id"], a["choice"]) for a in body["answers"]]
    with transaction() as session:
        results = diagnosis.answer(session, player, round, answers, now())
        out = diagnosis_views.results_view(results, catalog_of(player.session))
        urgent = safety.on_diagnosis(session, player, round, {a.question_id: a.choice for a in answers}, now())
    if urgent:
        realtime.publish_alerts(player.session_id)
    return safety.with_help(out, urgent)


@diagnosis_blp.route("/me/diagnosis/results")
@diagnosis_blp.response(200, ds.DiagnosisResultsOut)
def my_results() -> diagnosis_views.ResultsView:
    """My priorities on day 1 and day 10, what changed, and the offers for me first."""
    return diagnosis_views.my_results(db(), current_player())


@diagnosis_blp.route("/me/diagnosis.pdf")
@diagnosis_blp.response(200)
def my_pdf() -> Response:
    """« Mon diagnostic » as a PDF to keep: the bars per family (day 1 beside day 10) and
    the offers for me first, with whom to ask."""
    pdf = diagnosis_pdf.diagnosis_pdf(db(), current_player(), now(), zone())
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{diagnosis_pdf.FILENAME}"'})  # fmt: skip


@diagnosis_blp.route("/me/diagnosis/email", methods=["POST"])
@diagnosis_blp.arguments(ds.DiagnosisEmailIn)
@diagnosis_blp.response(200, ds.DiagnosisEmailOut)
def email_me(body: dict[str, Any]) -> dict[str, Any]:
    """« Mon diagnostic » (the PDF) by e-mail, only when I ask: the address is typed for
    this sending alone and kept nowhere. Refused (409) when the server cannot send e-mails."""
    player = current_player()
    limits.spend(limits.DIAGNOSIS_EMAIL_PLAYER, player.id)
    diagnosis_pdf.send_diagnosis(db(), player, body["email"], smtp(), now(), zone())
    return {"sent": True}


@diagnosis_blp.route("/sessions/<int:session_id>/players/<int:player_id>/diagnosis")
@diagnosis_blp.response(200, ds.PlayerDiagnosisOut)
def player_diagnosis(session_id: int, player_id: int) -> diagnosis_views.PlayerDiagnosis:
    """What a young person answered and the priorities that came out: a starting point
    for the interview with their counsellor."""
    return diagnosis_views.player_diagnosis(db(), session_id, player_id)
