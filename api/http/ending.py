"""The end screen of a finished session, as one phone reads it."""

from __future__ import annotations

from flask_smorest import Blueprint

from game.services import ending as ending_service

from ..auth import current_player
from ..extensions import db
from ..schemas.ending import EndingOut

ending_blp = Blueprint("ending", __name__, url_prefix="/api", description="Écran de fin de partie")


@ending_blp.route("/me/ending")
@ending_blp.response(200, EndingOut)
def my_ending() -> ending_service.Ending:
    """The end screen: the story, the podium, the offers found, the badges, what comes next."""
    return ending_service.ending(db(), current_player())
