"""Schemas of the console's « who contributed what » (game/services/contributions.py)."""

from __future__ import annotations

from marshmallow import Schema, fields

from . import UtcDateTime


class ContributionOut(Schema):
    kind = fields.Str()  # solved / piece / place / approved / round
    label = fields.Str()
    at = UtcDateTime()


class MemberContributionsOut(Schema):
    player_id = fields.Int()
    nickname = fields.Str()
    items = fields.List(fields.Nested(ContributionOut))


class TeamContributionsOut(Schema):
    team_id = fields.Int()
    name = fields.Str()
    members = fields.List(fields.Nested(MemberContributionsOut))
