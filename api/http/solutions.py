"""The facilitator's answer sheet: this session's answers, variants applied."""

from __future__ import annotations

from flask_smorest import Blueprint

from game.services import solutions

from ..extensions import db
from ..schemas.solutions import SolutionOut

solutions_blp = Blueprint(
    "solutions", __name__, url_prefix="/api", description="Les solutions de la session (animateurs)"
)


@solutions_blp.route("/sessions/<int:session_id>/solutions")
@solutions_blp.response(200, SolutionOut(many=True))
def session_solutions(session_id: int) -> list[solutions.Solution]:
    """What is right for each mission as this group plays it (its own variant), then the
    finale: to help a stuck team. Never sent to a phone."""
    return solutions.sheet(db(), session_id)
