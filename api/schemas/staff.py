"""Schemas of the facilitator console's endpoints."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from game.services.common import catalog_of

from ..organisation_settings import zone
from . import DB_ID, ComputedBool, ComputedStr, JsonBool, UtcDateTime


class LoginIn(Schema):
    username = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    password = fields.Str(required=True, validate=validate.Length(min=1, max=256))


class FacilitatorOut(Schema):
    id = fields.Int()
    username = fields.Str()
    display_name = fields.Str()
    role = fields.Str()  # facilitator | counsellor | admin: the console shows a counsellor their appointments only
    organisation_id = fields.Int()  # the Mission Locale the account works for (its sessions only)
    time_zone = fields.Function(
        lambda _account: zone().key,
        metadata={"type": "string", "description": "fuseau de votre Mission Locale (nom IANA) : celui des rendez-vous"},
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
    """A ``Player``."""

    id = fields.Int()
    nickname = fields.Str()
    team_id = fields.Int(allow_none=True)
    team_name: fields.Field[Any] = ComputedStr(lambda p: p.team.name if p.team else None, allow_none=True)
    revoked: fields.Field[Any] = ComputedBool(lambda p: p.revoked_at is not None)
    joined_at = UtcDateTime()


class TeamProgressOut(Schema):
    """A ``TeamProgress`` (game/services/sessions.py)."""

    id = fields.Int(attribute="team.id")
    name = fields.Str(attribute="team.name")
    eclats = fields.Int()
    rank = fields.Int()
    solved = fields.Int()
    solved_today = fields.Int()
    quests_today = fields.Int()
    offers_unlocked = fields.Int()
    offers_total = fields.Int()
    stuck = fields.Bool(
        metadata={"description": "aucune mission réussie aujourd'hui, alors que d'autres équipes avancent"}
    )
    members = fields.List(fields.Nested(MemberOut), attribute="team.members")


class TeamOut(Schema):
    id = fields.Int()
    name = fields.Str()


class DayOut(Schema):
    """A ``DayPlan`` (game/services/overview.py)."""

    number = fields.Int()
    title = fields.Str()
    autonomous = fields.Bool()
    opened_at = UtcDateTime(allow_none=True)
    date = fields.Date()


class SessionSummaryOut(Schema):
    """A ``SessionLine`` (game/services/overview.py)."""

    id = fields.Int(attribute="session.id")
    name = fields.Str(attribute="session.name")
    pack = fields.Str(attribute="session.pack")
    pack_title = fields.Str()
    start_date = fields.Date(attribute="session.start_date")
    join_code = fields.Str(allow_none=True)  # null for counsellors
    status = fields.Str(attribute="session.status")
    current_day = fields.Int(attribute="session.current_day")
    players_count = fields.Int()
    teams_count = fields.Int()


class SessionDetailOut(SessionSummaryOut):
    """A ``SessionDetail`` (game/services/overview.py)."""

    join_url = fields.Str()
    players_choose_team = fields.Bool(attribute="session.players_choose_team")
    days = fields.List(fields.Nested(DayOut))
    teams = fields.List(fields.Nested(TeamProgressOut))
    players = fields.List(fields.Nested(PlayerOut), attribute="session.players")
    pending_reviews = fields.Int()
    joining_open = fields.Bool(attribute="session.joining_open")
    bans_count = fields.Int()


class JoiningIn(Schema):
    open = JsonBool(required=True)


class BansLiftedOut(Schema):
    lifted = fields.Int()


def _quest_title(sub: Any) -> str:
    quest = catalog_of(sub.team.session).quest(sub.quest_id)
    return quest.title if quest else str(sub.quest_id)


class SubmissionOut(Schema):
    """A ``Submission``: what the console reviews (REST, and the ``submission`` message)."""

    id = fields.Int()
    team_id = fields.Int()
    team_name = fields.Str(attribute="team.name")
    player_nickname = ComputedStr(lambda sub: sub.player.nickname if sub.player else None, allow_none=True)
    quest_id = fields.Str()
    quest_title = ComputedStr(_quest_title)
    kind = fields.Str()
    text = fields.Str()
    has_photo = ComputedBool(lambda sub: bool(sub.photo_path))
    status = fields.Str()
    comment = fields.Str()
    bonus = fields.Int()
    created_at = UtcDateTime()
    reviewed_at = UtcDateTime(allow_none=True)
