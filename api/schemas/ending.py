"""The end screen of a finished session (game/services/ending.py), as a phone reads it."""

from __future__ import annotations

from marshmallow import Schema, fields

from .finale import FinaleOut
from .local import AddressIn
from .player import LeaderOut, OfferBriefOut, RecapAppointmentOut


class MissionLocaleOut(Schema):
    """How to reach the Mission Locale (the pack's local block, placeholders resolved)."""

    name = fields.Str()
    town = fields.Str()
    phone = fields.Str()
    website = fields.Str()
    email = fields.Str()
    welcome = fields.Str()
    addresses = fields.List(fields.Nested(AddressIn))


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
    finale = fields.Nested(FinaleOut, allow_none=True)  # the group's Cœur d'Avenir, assembled
