"""The group finale, « Le Cœur d'Avenir »: each phone reads the pooled fragments and
anyone answers for the whole group; the console watches it."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_smorest import Blueprint

from game.services import contributions
from game.services import finale as finale_service
from game.services.common import get_session

from .. import realtime
from ..auth import current_player
from ..clock import now
from ..extensions import db, transaction
from ..schemas.contributions import TeamContributionsOut
from ..schemas.finale import FinaleAnswerIn, FinaleAnswerOut, FinaleOut

finale_blp = Blueprint("finale", __name__, url_prefix="/api", description="Le Cœur d'Avenir (finale de groupe)")


@finale_blp.route("/me/finale")
@finale_blp.response(200, FinaleOut)
@finale_blp.alt_response(204, description="Ce scénario n'a pas de Cœur d'Avenir.")
def my_finale() -> finale_service.FinaleView | Response:
    """The Cœur as the group sees it: every team's fragments pooled, who brought which."""
    player = current_player()
    shown = finale_service.shown(db(), player.session, player)
    return Response(status=204) if shown is None else shown


@finale_blp.route("/me/finale/answer", methods=["POST"])
@finale_blp.arguments(FinaleAnswerIn)
@finale_blp.response(200, FinaleAnswerOut)
def answer_finale(body: dict[str, Any]) -> finale_service.FinaleAnswer:
    """Answer for the whole group: a right answer wins it for every team at once."""
    with transaction() as session:
        outcome = finale_service.answer(session, current_player(), body["answer"], now())
    realtime.publish(outcome.events)
    return outcome


@finale_blp.route("/sessions/<int:session_id>/finale")
@finale_blp.response(200, FinaleOut)
@finale_blp.alt_response(204, description="Ce scénario n'a pas de Cœur d'Avenir.")
def session_finale(session_id: int) -> finale_service.FinaleView | Response:
    """The console's view of the Cœur: the same pooled fragments, and whether it is won."""
    shown = finale_service.shown(db(), get_session(db(), session_id))
    return Response(status=204) if shown is None else shown


@finale_blp.route("/sessions/<int:session_id>/contributions")
@finale_blp.response(200, TeamContributionsOut(many=True))
def session_contributions(session_id: int) -> list[contributions.TeamContributions]:
    """Per team, what each member did themselves: quests solved, pieces and documents
    brought, check-ins, right answers in live rounds, answers approved."""
    return contributions.of_session(db(), session_id)
