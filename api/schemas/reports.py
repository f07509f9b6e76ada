"""Schemas of the facilitator's session report."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from . import UtcDateTime, ZonedDateTime
from .appointments import SlotOut
from .staff import PlayerOut

METRICS = ("quests", "eclats")
MARKS = ("present", "absent", "not_enrolled", "not_open")


class ChartQuery(Schema):
    metric = fields.Str(
        load_default="quests",
        validate=validate.OneOf(METRICS, error="« quests » (missions réussies) ou « eclats »"),
    )


class ReportSessionOut(Schema):
    id = fields.Int()
    name = fields.Str()
    pack_title = fields.Str()
    organisation = fields.Str()
    status = fields.Str()
    current_day = fields.Int()
    days_total = fields.Int()
    start_date = fields.Date()
    generated_at = UtcDateTime()
    time_zone = fields.Str(metadata={"description": "fuseau de l'installation (nom IANA) : celui des rendez-vous"})


class ReportDayOut(Schema):
    day = fields.Int()
    title = fields.Str()
    opened = fields.Bool()
    opened_at = UtcDateTime(allow_none=True)
    closed_at = UtcDateTime(allow_none=True, metadata={"description": "ouverture du jour suivant"})
    present = fields.Int()
    enrolled = fields.Int(metadata={"description": "jeunes inscrits ce jour-là (arrivés, pas déconnectés)"})


class ReportOfferOut(Schema):
    id = fields.Str()
    title = fields.Str()
    category = fields.Str()


class ReportTeamOut(Schema):
    id = fields.Int()
    name = fields.Str()
    members = fields.Int()
    eclats = fields.Int()
    quests_solved = fields.Int()
    quests_total = fields.Int(metadata={"description": "missions des jours ouverts"})
    offers_unlocked = fields.Int()
    offers_total = fields.Int()
    offers = fields.List(fields.Str(), metadata={"description": "offres découvertes (ids, ordre du catalogue)"})


class ReportAppointmentOut(SlotOut):
    class Meta:
        exclude = ("id",)

    player_id = fields.Int()
    nickname = fields.Str()
    team_name = fields.Str(allow_none=True)
    booked_at = UtcDateTime()


class ReportPlayerOut(PlayerOut):
    attendance = fields.List(fields.Str(validate=validate.OneOf(MARKS)), metadata={"description": "un par jour"})
    days_present = fields.Int()
    quests_solved = fields.Int()
    pieces = fields.Int()
    places = fields.Int()
    answers_approved = fields.Int()
    reflections = fields.Int()
    appointment = fields.Bool()
    appointment_at = ZonedDateTime(allow_none=True, metadata={"description": "à l'heure de l'installation"})
    badges_count = fields.Int()
    badges = fields.List(fields.Str())


class ReportAppointmentsOut(Schema):
    booked = fields.Int()
    players = fields.Int()
    items = fields.List(fields.Nested(ReportAppointmentOut))


class ReportBadgeOut(Schema):
    skill_id = fields.Str()
    name = fields.Str()
    issued = fields.Int()
    revoked = fields.Int()


class ReportBadgesOut(Schema):
    issued = fields.Int()
    revoked = fields.Int()
    by_skill = fields.List(fields.Nested(ReportBadgeOut))


class ReportSeriesOut(Schema):
    team_id = fields.Int()
    name = fields.Str()
    quests = fields.List(fields.Int(allow_none=True))
    eclats = fields.List(fields.Int(allow_none=True))


class ReportChartOut(Schema):
    days = fields.List(fields.Int())
    series = fields.List(fields.Nested(ReportSeriesOut))


class ReportOut(Schema):
    session = fields.Nested(ReportSessionOut)
    players_count = fields.Int(metadata={"description": "jeunes encore dans la session"})
    days = fields.List(fields.Nested(ReportDayOut))
    teams = fields.List(fields.Nested(ReportTeamOut))
    players = fields.List(fields.Nested(ReportPlayerOut))
    offers = fields.List(fields.Nested(ReportOfferOut))
    appointments = fields.Nested(ReportAppointmentsOut)
    badges = fields.Nested(ReportBadgesOut)
    chart = fields.Nested(ReportChartOut)
