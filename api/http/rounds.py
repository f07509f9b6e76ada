"""Live « situation → offre » rounds: the facilitator's console and projector, the phone.

Commit, then emit: every phone of the session gets ``round`` (opened, time changed,
closed with the result; never the answer before), the staff room gets ``round`` too and,
at each answer, ``round_count`` (how many answered, never who answered what).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint as PageBlueprint
from flask import Response, current_app, send_from_directory
from flask_smorest import Blueprint

from game.services import round_time
from game.services import rounds as service

from .. import actions, realtime
from ..auth import current_player, current_staff
from ..clock import now
from ..extensions import db, transaction
from ..schemas import rounds as s
from .pages import csp

rounds_blp = Blueprint("rounds", __name__, url_prefix="/api", description="Manches en direct « situation → offre »")
projector_page = PageBlueprint("projector", __name__)


@projector_page.route("/projecteur")
def projector() -> Response:
    """The big screen's page (staff login like the console; the session in ``?session=``)."""
    response = send_from_directory(current_app.static_folder or "static", "facilitator/projector.html")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Content-Security-Policy"] = csp()
    return response


# ---------------------------------------------------------------- the facilitator


@rounds_blp.route("/sessions/<int:session_id>/rounds")
@rounds_blp.response(200, s.RoundCatalogueOut)
def pack_rounds(session_id: int) -> service.Catalogue:
    """The pack's rounds (with their answers, for the facilitator), which were played,
    and the session's current round."""
    return service.pack_rounds(db(), session_id, now())


@rounds_blp.route("/sessions/<int:session_id>/rounds", methods=["POST"])
@rounds_blp.arguments(s.RoundLaunchIn)
@rounds_blp.response(201, s.RoundOut)
def launch(body: dict[str, Any], session_id: int) -> service.RoundView:
    """Launch a round of an open day, with a time limit (10 to 600 s) or none (null)."""
    with transaction() as session:
        shown = service.launch(session, current_staff(), session_id, body["round_id"], body["seconds"], now())
    realtime.publish_round(shown)
    return shown


@rounds_blp.route("/sessions/<int:session_id>/rounds/current")
@rounds_blp.response(200, s.RoundOut)
@rounds_blp.alt_response(204, description="Aucune manche n'a encore été lancée dans cette session.")
def current(session_id: int) -> service.RoundView | Response:
    """The current round (open, or the last one closed with its result) for the projector."""
    shown = service.current(db(), session_id, now())
    return Response(status=204) if shown is None else shown


@rounds_blp.route("/sessions/<int:session_id>/rounds/current", methods=["PATCH"])
@rounds_blp.arguments(s.RoundAdjustIn)
@rounds_blp.response(200, s.RoundOut)
def adjust(body: dict[str, Any], session_id: int) -> service.RoundView:
    """Add time to the open round, or lift its time limit."""
    with transaction() as session:
        shown = service.adjust(session, session_id, None if body.get("untimed") else body["add_seconds"], now())
    realtime.publish_round(shown)
    return shown


@rounds_blp.route("/sessions/<int:session_id>/rounds/current/close", methods=["POST"])
@rounds_blp.response(200, s.RoundOut)
def close(session_id: int) -> service.RoundView:
    """Reveal: the distribution, the right offer and its explanation; the teams win their points."""
    with transaction() as session:
        shown = service.close(session, session_id, now())
    realtime.publish_round(shown)
    realtime.publish_leaderboard(session_id)
    return shown


# ---------------------------------------------------------------- the phone


@rounds_blp.route("/me/round")
@rounds_blp.response(200, s.MyRoundOut)
def my_round() -> service.MyRound | dict[str, Any]:
    """The session's latest round, the player's answer, and once closed the result."""
    mine = service.mine(db(), current_player(), now())
    return {"round": None, "mine": None, "correct": None} if mine is None else mine


@rounds_blp.route("/me/round/answer", methods=["POST"])
@rounds_blp.arguments(s.RoundAnswerIn)
@rounds_blp.response(200, s.MyRoundOut)
def my_answer(body: dict[str, Any]) -> service.MyRound:
    """Answer the open round, once (a second answer is refused with a 409)."""
    return actions.round_answer(current_player(), body["choice"])


@rounds_blp.route("/me/round/more-time", methods=["POST"])
@rounds_blp.response(200, s.MyRoundOut)
def more_time() -> service.MyRound:
    """Ask for more time (RGAA 13.1): the open round ends 30 s later for everyone, once per
    young person and at most 10 times a round; a 409 says why not."""
    with transaction() as session:
        mine = round_time.more_time(session, current_player(), now())
    realtime.publish_round(mine.round)
    return mine
