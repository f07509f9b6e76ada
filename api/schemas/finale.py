"""Schemas of the group finale, « Le Cœur d'Avenir » (game/services/finale.py)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from . import UtcDateTime


class FinaleAnswerIn(Schema):
    answer = fields.Str(required=True, validate=validate.Length(min=1, max=100))


class FragmentOut(Schema):
    day = fields.Int()
    text = fields.Str()  # « ? » until some team earned it
    found = fields.Bool()
    teams = fields.List(fields.Str())  # the teams that brought it
    needed = fields.Int()  # éclats a team needs on that day's missions
    places = fields.Int()  # and the day's place missions it must have won
    mine = fields.Bool()


class FinaleOut(Schema):
    """A ``FinaleView``: every text is plain text, never HTML. The accepted answers are
    never sent; the success text only once the group has won."""

    id = fields.Str()
    title = fields.Str()
    story = fields.Str()
    question = fields.Str()
    hints = fields.List(fields.Str())
    reward = fields.Int()
    day = fields.Int()
    playable = fields.Bool()
    solved = fields.Bool()
    solved_by = fields.Str(allow_none=True)
    solved_at = UtcDateTime(allow_none=True)
    success = fields.Str()
    fragments = fields.List(fields.Nested(FragmentOut))


class FinaleAnswerOut(Schema):
    correct = fields.Bool()
    message = fields.Str()
    finale = fields.Nested(FinaleOut)
