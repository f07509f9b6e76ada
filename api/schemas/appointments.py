"""Schemas of the counsellor appointment endpoints."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from game.services import appointments

from . import DB_ID, UtcDateTime
from .player import ActionIn, OfferBriefOut

MODES = tuple(appointments.MODES)


class SlotsIn(Schema):
    starts_at = fields.NaiveDateTime(required=True)
    duration_minutes = fields.Int(required=True, strict=True, validate=validate.Range(min=10, max=180))
    mode = fields.Str(required=True, validate=validate.OneOf(MODES, error="sur place, téléphone ou visio"))
    place = fields.Str(load_default="", validate=validate.Length(max=200))
    count = fields.Int(load_default=1, strict=True, validate=validate.Range(min=1, max=30))
    counsellor_id = fields.Int(load_default=None, allow_none=True, strict=True, validate=DB_ID)


class SlotOut(Schema):
    id = fields.Int()
    starts_at = UtcDateTime()
    duration_minutes = fields.Int()
    mode = fields.Str()
    mode_label = fields.Str()
    place = fields.Str()
    counsellor = fields.Str()


class AgendaLineOut(SlotOut):
    booked = fields.Bool()
    nickname = fields.Str(allow_none=True)
    note = fields.Str(allow_none=True)
    offers = fields.List(fields.Str())


class BookIn(ActionIn):
    slot_id = fields.Int(required=True, strict=True, validate=DB_ID)
    note = fields.Str(required=True, validate=validate.Length(min=1, max=500))
    offers = fields.List(
        fields.Str(validate=validate.Length(max=64)), load_default=list, validate=validate.Length(max=5)
    )


class MyAppointmentOut(Schema):
    booked = fields.Bool()
    slot = fields.Nested(SlotOut, allow_none=True)
    note = fields.Str(allow_none=True)
    offers = fields.List(fields.Nested(OfferBriefOut))
    team_booked = fields.Int()
    team_size = fields.Int()


class CounsellorIn(Schema):
    username = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    display_name = fields.Str(required=True, validate=validate.Length(min=1, max=120))
    password = fields.Str(required=True, validate=validate.Length(min=8, max=200))


class CounsellorOut(Schema):
    id = fields.Int()
    username = fields.Str()
    display_name = fields.Str()
    role = fields.Str()


class AgendaQuery(Schema):
    mine = fields.Bool(load_default=False)
