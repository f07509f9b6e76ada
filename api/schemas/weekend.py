"""Schemas of the console's weekend switch (the in-town alternative, per team)."""

from __future__ import annotations

from marshmallow import Schema, fields

from . import JsonBool


class InTownIn(Schema):
    in_town = JsonBool(required=True)


class InTownOut(Schema):
    team_id = fields.Int(attribute="id")
    name = fields.Str()
    in_town = fields.Bool(attribute="weekend_in_town")


class AlternativeQuestOut(Schema):
    quest_id = fields.Str(attribute="id")
    title = fields.Str()
    day = fields.Int()
    place = fields.Str()  # the place's name
    alternative = fields.Str()  # the alternative place's name


class WeekendOut(Schema):
    teams = fields.List(fields.Nested(InTownOut))
    quests = fields.List(fields.Nested(AlternativeQuestOut))
