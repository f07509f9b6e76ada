"""The safety net: the staff's private alerts (console), the numbers a facilitator sent
a young person (phone). README, "The safety net"."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from game.services import safety
from game.services.common import get_session

from .. import realtime
from ..auth import current_player, current_staff
from ..clock import now
from ..extensions import db, transaction
from ..schemas import safety as ss

safety_blp = Blueprint("safety", __name__, url_prefix="/api", description="Filet de sécurité (alertes privées)")


@safety_blp.route("/sessions/<int:session_id>/alerts")
@safety_blp.response(200, ss.AlertOut(many=True))
def alerts(session_id: int) -> list[safety.AlertView]:
    """The session's alerts, open ones first: an urgent answer of a young person, to act
    on the same day. Staff only; nothing of it reaches the players."""
    get_session(db(), session_id)
    return safety.alerts_for(db(), current_staff(), session_id)


@safety_blp.route("/sessions/<int:session_id>/alerts/<int:alert_id>", methods=["POST"])
@safety_blp.arguments(ss.AlertStateIn)
@safety_blp.response(200, ss.AlertOut)
def mark(body: dict[str, Any], session_id: int, alert_id: int) -> safety.AlertView:
    """« Vue » (``seen``) or « pris en charge » (``handled``), with who and when."""
    with transaction() as session:
        get_session(session, session_id)
        safety.check_reader(session, current_staff(), session_id)
        alert = safety.mark(session, current_staff(), session_id, alert_id, body["state"], now())
        out = safety.view(alert)
    realtime.publish_alerts(session_id)
    return out


@safety_blp.route("/submissions/<int:submission_id>/alert", methods=["POST"])
@safety_blp.arguments(ss.FlagIn)
@safety_blp.response(201, ss.AlertOut)
def flag(body: dict[str, Any], submission_id: int) -> safety.AlertView:
    """Flag an answer you review as urgent (with a short note): the session's staff get
    the alert, and the young person who wrote it gets the numbers in a private message."""
    with transaction() as session:
        alert = safety.flag_submission(session, current_staff(), submission_id, body["note"], body["helplines"], now())
        out = safety.view(alert)
        player, session_id = alert.player, alert.session_id
    realtime.publish_alerts(session_id)
    realtime.publish_help(player)
    return out


@safety_blp.route("/me/help")
@safety_blp.response(200, ss.PrivateHelpOut)
def my_help() -> safety.PrivateHelp:
    """The numbers a facilitator sent me, until I close the message."""
    return safety.private_help(db(), current_player())


@safety_blp.route("/me/help/read", methods=["POST"])
@safety_blp.response(204)
def read_help() -> None:
    """I closed the message (the numbers stay in my data export)."""
    with transaction() as session:
        safety.read_help(session, current_player(), now())
