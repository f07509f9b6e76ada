"""Schemas of the skills-incubator endpoints: reflections, consent, evidence, awards."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from . import DB_ID, JsonBool, UtcDateTime


class PromptOut(Schema):
    day = fields.Int()
    index = fields.Int()
    question = fields.Str()
    answer = fields.Str(allow_none=True)


class ReflectionIn(Schema):
    text = fields.Str(required=True, validate=validate.Length(min=1, max=1000))


class ConsentIn(Schema):
    email = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=320))
    agree = JsonBool(required=True)


class ConsentOut(Schema):
    consented = fields.Bool()
    with_email = fields.Bool()
    consented_at = UtcDateTime(allow_none=True)


class EvidenceOut(Schema):
    kind = fields.Str()
    label = fields.Str()
    at = UtcDateTime()
    counts = fields.Bool()  # of a kind the badge counts (the skill's ``evidence``)


class SkillEvidenceOut(Schema):
    skill_id = fields.Str()
    name = fields.Str()
    category = fields.Str()
    is_badge = fields.Bool()
    criteria = fields.Str(allow_none=True)
    suggested = fields.Bool()
    min_evidence = fields.Int()
    counted = fields.Int()  # items of the kinds the badge counts
    evidence = fields.List(fields.Str())  # the kinds the badge counts
    level = fields.Int(allow_none=True)  # 1..4 (RECTEC)
    level_name = fields.Str()  # the level in words ("" without a level)
    items = fields.List(fields.Nested(EvidenceOut))
    awarded = fields.Str(allow_none=True)  # public id of the live award, if any


class PlayerEvidenceOut(Schema):
    player_id = fields.Int()
    nickname = fields.Str()
    consent = fields.Nested(ConsentOut)
    reflections = fields.List(fields.Nested(PromptOut))
    skills = fields.List(fields.Nested(SkillEvidenceOut))


class ObservationIn(Schema):
    skill_id = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    text = fields.Str(required=True, validate=validate.Length(min=1, max=1000))


class IssueIn(Schema):
    skill_id = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    player_ids = fields.List(
        fields.Int(strict=True, validate=DB_ID), required=True, validate=validate.Length(min=1, max=100)
    )


class BadgeLinksOut(Schema):
    page = fields.Str()
    credential = fields.Str()
    png = fields.Str()
    svg = fields.Str()
    linkedin = fields.Str()


class AwardOut(Schema):
    id = fields.Str()
    skill_id = fields.Str()
    name = fields.Str()
    category = fields.Str()
    player_id = fields.Int(allow_none=True)
    nickname = fields.Str()
    issued_at = UtcDateTime()
    expires_at = UtcDateTime(allow_none=True)
    revoked = fields.Bool()
    revoked_reason = fields.Str()
    expired = fields.Bool()
    level = fields.Str()  # the level the badge was issued at, in words ("" for none)
    links = fields.Nested(BadgeLinksOut)


class SkippedOut(Schema):
    player_id = fields.Int()
    nickname = fields.Str()
    reason = fields.Str()


class IssueOut(Schema):
    issued = fields.List(fields.Nested(AwardOut))
    skipped = fields.List(fields.Nested(SkippedOut))


class RevokeIn(Schema):
    reason = fields.Str(required=True, validate=validate.Length(min=1, max=300))


class MyBadgesOut(Schema):
    badges = fields.List(fields.Nested(AwardOut))


class BadgeSkillOut(Schema):
    skill_id = fields.Str()
    name = fields.Str()
    category = fields.Str()
    criteria = fields.Str(allow_none=True)
    level = fields.Int(allow_none=True)
    level_name = fields.Str()
