"""Schemas of the facilitator console's endpoints."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..clock import zone
from . import DB_ID, JsonBool, UtcDateTime


class LoginIn(Schema):
    username = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    password = fields.Str(required=True, validate=validate.Length(min=1, max=256))


class FacilitatorOut(Schema):
    id = fields.Int()
    username = fields.Str()
    display_name = fields.Str()
    role = fields.Str()  # facilitator | counsellor: the console shows a counsellor their appointments only
    time_zone = fields.Function(
        lambda _account: zone().key,
        metadata={"type": "string", "description": "fuseau de l'installation (nom IANA) : celui des rendez-vous"},
    )


class LoginOut(Schema):
    token = fields.Str()
    facilitator = fields.Nested(FacilitatorOut)


class PackOut(Schema):
    name = fields.Str()
    title = fields.Str()
    organisation = fields.Str()
    town = fields.Str()
    days = fields.Int()
    quests = fields.Int()
    offers = fields.Int()


class SessionIn(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=120))
    pack = fields.Str(load_default="default", validate=validate.Length(min=1, max=64))
    start_date = fields.Date(required=True)
    players_choose_team = JsonBool(load_default=False)
    teams = fields.List(
        fields.Str(validate=validate.Length(min=1, max=60)),
        load_default=None,
        validate=validate.Length(min=1, max=6),
    )


class TeamIn(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=60))


class DayIn(Schema):
    day = fields.Int(required=True, strict=True, validate=validate.Range(min=1, max=10))


class MoveIn(Schema):
    team_id = fields.Int(required=True, strict=True, validate=DB_ID)


class ReviewIn(Schema):
    verdict = fields.Str(required=True, validate=validate.OneOf(["approved", "rejected"]))
    comment = fields.Str(load_default="", validate=validate.Length(max=1000))
    bonus = fields.Int(load_default=0, strict=True, validate=validate.Range(min=0, max=50))


class SubmissionQuery(Schema):
    status = fields.Str(load_default=None, validate=validate.OneOf(["pending", "approved", "rejected"]))


class MemberOut(Schema):
    id = fields.Int()
    nickname = fields.Str()


class PlayerOut(Schema):
    id = fields.Int()
    nickname = fields.Str()
    team_id = fields.Int(allow_none=True)
    team_name = fields.Str(allow_none=True)
    revoked = fields.Bool()
    joined_at = UtcDateTime()


class TeamProgressOut(Schema):
    id = fields.Int()
    name = fields.Str()
    eclats = fields.Int()
    rank = fields.Int()
    solved = fields.Int()
    solved_today = fields.Int()
    quests_today = fields.Int()
    offers_unlocked = fields.Int()
    offers_total = fields.Int()
    members = fields.List(fields.Nested(MemberOut))


class TeamOut(Schema):
    id = fields.Int()
    name = fields.Str()


class DayOut(Schema):
    number = fields.Int()
    title = fields.Str()
    autonomous = fields.Bool()
    opened_at = UtcDateTime(allow_none=True)
    date = fields.Date()


class SessionSummaryOut(Schema):
    id = fields.Int()
    name = fields.Str()
    pack = fields.Str()
    pack_title = fields.Str()
    start_date = fields.Date()
    join_code = fields.Str(allow_none=True)  # null for counsellors
    status = fields.Str()
    current_day = fields.Int()
    players_count = fields.Int()
    teams_count = fields.Int()


class SessionDetailOut(SessionSummaryOut):
    join_url = fields.Str()
    players_choose_team = fields.Bool()
    days = fields.List(fields.Nested(DayOut))
    teams = fields.List(fields.Nested(TeamProgressOut))
    players = fields.List(fields.Nested(PlayerOut))
    pending_reviews = fields.Int()
    joining_open = fields.Bool()
    bans_count = fields.Int()


class JoiningIn(Schema):
    open = JsonBool(required=True)


class BansLiftedOut(Schema):
    lifted = fields.Int()


class SubmissionOut(Schema):
    id = fields.Int()
    team_id = fields.Int()
    team_name = fields.Str()
    player_nickname = fields.Str(allow_none=True)
    quest_id = fields.Str()
    quest_title = fields.Str()
    kind = fields.Str()
    text = fields.Str()
    has_photo = fields.Bool()
    status = fields.Str()
    comment = fields.Str()
    bonus = fields.Int()
    created_at = UtcDateTime()
    reviewed_at = UtcDateTime(allow_none=True)
