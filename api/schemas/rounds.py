"""Live « situation → offre » rounds (game/services/rounds.py): the facilitator's
requests, the projector's and the phone's views, and the socket messages."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from game.rules.rounds import MAX_SECONDS, MIN_SECONDS, MORE_MAX, MORE_SECONDS

from . import UtcDateTime

SECONDS = validate.Range(min=MIN_SECONDS, max=MAX_SECONDS, error=f"entre {MIN_SECONDS} et {MAX_SECONDS} secondes")


class RoundLaunchIn(Schema):
    round_id = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    # a time limit in seconds, or null for a round without a time limit
    seconds = fields.Int(required=True, allow_none=True, strict=True, validate=SECONDS)


class RoundAdjustIn(Schema):
    """Either ``add_seconds`` (more time) or ``untimed: true`` (no limit any more)."""

    add_seconds = fields.Int(strict=True, validate=SECONDS)
    untimed = fields.Bool(validate=validate.Equal(True, error="seulement true (enlever la limite de temps)"))

    @validates_schema
    def _one_of(self, data: dict[str, Any], **kwargs: Any) -> None:
        if ("add_seconds" in data) == ("untimed" in data):
            raise ValidationError("donnez soit « add_seconds » (ajouter du temps), soit « untimed: true »")


class RoundAnswerIn(Schema):
    choice = fields.Int(required=True, strict=True, validate=validate.Range(min=0, max=9, error="choix inconnu"))


class RoundChoiceOut(Schema):
    index = fields.Int()  # what the phone sends back
    offer_id = fields.Str()
    title = fields.Str()


class RoundTeamPointsOut(Schema):
    team_id = fields.Int()
    name = fields.Str()
    points = fields.Int()


class RoundResultOut(Schema):
    answer = fields.Int()  # the index of the right choice
    explanation = fields.Str()
    distribution = fields.List(fields.Int())  # answers per choice, in the choices' order
    teams = fields.List(fields.Nested(RoundTeamPointsOut))


class RoundOut(Schema):
    """A live round; ``result`` only once it is closed (never the answer before)."""

    live_id = fields.Int()
    round_id = fields.Str()
    day = fields.Int()
    situation = fields.Str()
    choices = fields.List(fields.Nested(RoundChoiceOut))
    status = fields.Str(metadata={"description": "open, time_up (temps écoulé) ou closed (révélée)"})
    untimed = fields.Bool()
    seconds_left = fields.Int(allow_none=True)
    deadline = UtcDateTime(allow_none=True)
    points = fields.Int()
    answers = fields.Int()
    players = fields.Int()
    result = fields.Nested(RoundResultOut, allow_none=True)
    # « Plus de temps » on the phones (RGAA 13.1): how many times young people asked, the limit, the gain
    extensions = fields.Int()
    extensions_max = fields.Constant(MORE_MAX)
    more_seconds = fields.Constant(MORE_SECONDS)


class PhoneRoundOut(RoundOut):
    """What every phone of the session gets: no live count of answers."""

    class Meta:
        exclude = ("answers",)


class MyRoundOut(Schema):
    round = fields.Nested(PhoneRoundOut, allow_none=True)
    mine = fields.Int(allow_none=True)  # the index the young person chose
    correct = fields.Bool(allow_none=True)  # only once the round is closed


class PackRoundOut(Schema):
    id = fields.Function(lambda r: r.spec.id)
    day = fields.Function(lambda r: r.spec.day)
    situation = fields.Function(lambda r: r.spec.situation)
    answer = fields.Function(lambda r: r.spec.answer_index)
    explanation = fields.Function(lambda r: r.spec.explanation)
    points = fields.Function(lambda r: r.spec.points)
    choices = fields.List(fields.Nested(RoundChoiceOut))
    playable = fields.Bool()
    played = fields.Int()


class RoundCatalogueOut(Schema):
    rounds = fields.List(fields.Nested(PackRoundOut))
    current = fields.Nested(RoundOut, allow_none=True)


class RoundCountOut(Schema):
    """To the staff while a round is open: how many answered (never who answered what)."""

    live_id = fields.Int()
    answers = fields.Int()
    players = fields.Int()
