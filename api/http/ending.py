"""The end screen of a finished session, as one phone reads it."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from game.services import ending as ending_service

from ..auth import current_player
from ..extensions import db
from ..schemas.player import LeaderOut, OfferBriefOut, RecapAppointmentOut

ending_blp = Blueprint("ending", __name__, url_prefix="/api", description="Écran de fin de partie")


class AddressOut(Schema):
    label = fields.Str()
    street = fields.Str()
    hours = fields.Str()


class MissionLocaleOut(Schema):
    """How to reach the Mission Locale (the pack's local block, placeholders resolved)."""

    name = fields.Str()
    town = fields.Str()
    phone = fields.Str()
    website = fields.Str()
    email = fields.Str()
    welcome = fields.Str()
    addresses = fields.List(fields.Nested(AddressOut))


class EndingOut(Schema):
    """An ``Ending`` (game/services/ending.py). Every text is plain text, never HTML."""

    finished = fields.Bool()
    title = fields.Str()
    story = fields.List(fields.Str())
    podium = fields.List(fields.Nested(LeaderOut))
    mine = fields.Nested(LeaderOut, allow_none=True)
    offers = fields.List(fields.Nested(OfferBriefOut))
    badges = fields.List(fields.Str())
    appointment = fields.Nested(RecapAppointmentOut, allow_none=True)
    mission_locale = fields.Nested(MissionLocaleOut, allow_none=True)


@ending_blp.route("/me/ending")
@ending_blp.response(200, EndingOut)
def my_ending() -> ending_service.Ending:
    """The end screen: the story, the podium, the offers found, the badges, what comes next."""
    return ending_service.ending(db(), current_player())
