"""Schemas of the facilitator's session report."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from game.services.reports import DAYS

from ..organisation_settings import zone
from . import ComputedBool, ComputedInt, ComputedList, ComputedNested, ComputedStr, UtcDateTime, ZonedDateTime
from .appointments import SlotOut
from .staff import PlayerOut

METRICS = ("quests", "eclats")
MARKS = ("present", "absent", "not_enrolled", "not_open")


class ChartQuery(Schema):
    metric = fields.Str(
        load_default="quests",
        validate=validate.OneOf(METRICS, error="« quests » (missions réussies) ou « eclats »"),
    )


def _organisation_zone(_obj: object) -> str:
    return zone().key


class ReportSessionOut(Schema):
    """The session part of a ``Report`` (game/services/reports.py)."""

    id = fields.Int(attribute="session.id")
    name = fields.Str(attribute="session.name")
    pack_title = fields.Str(attribute="catalog.title")
    organisation = fields.Str(attribute="catalog.organisation")
    status = fields.Str(attribute="session.status")
    current_day = fields.Int(attribute="session.current_day")
    days_total = ComputedInt(lambda r: len(r.catalog.days))
    start_date = fields.Date(attribute="session.start_date")
    generated_at = UtcDateTime()
    time_zone = ComputedStr(
        _organisation_zone, metadata={"description": "fuseau de la Mission Locale (nom IANA) : celui des rendez-vous"}
    )


class ReportDayOut(Schema):
    """A ``DayLine``."""

    day = fields.Int()
    title = fields.Str()
    opened = ComputedBool(lambda d: d.opened_at is not None)
    opened_at = UtcDateTime(allow_none=True)
    closed_at = UtcDateTime(allow_none=True, metadata={"description": "ouverture du jour suivant"})
    present = fields.Int()
    enrolled = fields.Int(metadata={"description": "jeunes inscrits ce jour-là (arrivés, pas déconnectés)"})


class ReportOfferOut(Schema):
    id = fields.Str()
    title = fields.Str()
    category = fields.Str()


class ReportTeamOut(Schema):
    """A ``TeamLine``."""

    id = fields.Int(attribute="team_id")
    name = fields.Str()
    members = fields.Int()
    eclats = fields.Int()
    quests_solved = fields.Int()
    quests_total = fields.Int(metadata={"description": "missions des jours ouverts"})
    offers_unlocked = ComputedInt(lambda t: len(t.offers))
    offers_total = fields.Int()
    offers = ComputedList(
        lambda t: [o.id for o in t.offers],
        fields.Str(),
        metadata={"description": "offres découvertes (ids, ordre du catalogue)"},
    )


class ReportAppointmentOut(SlotOut):
    """An ``AppointmentLine``."""

    class Meta:
        exclude = ("id",)

    time_zone = ComputedStr(
        _organisation_zone,
        metadata={"description": "Fuseau de la Mission Locale (nom IANA), par exemple Europe/Paris."},
    )

    player_id = fields.Int()
    nickname = fields.Str()
    team_name = fields.Str(allow_none=True)
    booked_at = UtcDateTime()


class ReportPlayerOut(PlayerOut):
    """A ``PlayerLine``."""

    id = fields.Int(attribute="player_id")
    team_name = fields.Str(allow_none=True)
    revoked = fields.Bool()
    attendance = ComputedList(
        lambda p: [m.value for m in p.marks],
        fields.Str(validate=validate.OneOf(MARKS)),
        metadata={"description": "un par jour"},
    )
    days_present = fields.Int()
    quests_solved = fields.Int()
    pieces = fields.Int()
    places = fields.Int()
    answers_approved = fields.Int()
    reflections = fields.Int()
    appointment = ComputedBool(lambda p: p.appointment is not None)
    appointment_at = ZonedDateTime(
        attribute="appointment.starts_at",
        allow_none=True,
        dump_default=None,
        metadata={"description": "à l'heure de l'installation"},
    )
    badges_count = ComputedInt(lambda p: len(p.badges))
    badges = fields.List(fields.Str())


class ReportAppointmentsOut(Schema):
    """The appointments part of a ``Report``."""

    booked = fields.Int(attribute="appointments_booked")
    players = fields.Int(attribute="active_players")
    items = fields.List(fields.Nested(ReportAppointmentOut), attribute="appointments")


class ReportBadgeOut(Schema):
    """A ``BadgeLine``."""

    skill_id = fields.Str()
    name = fields.Str()
    issued = fields.Int()
    revoked = fields.Int()


class ReportBadgesOut(Schema):
    """The badges part of a ``Report``."""

    issued = fields.Int(attribute="badges_issued")
    revoked = fields.Int(attribute="badges_revoked")
    by_skill = fields.List(fields.Nested(ReportBadgeOut), attribute="badges")


class ReportSeriesOut(Schema):
    """A ``TeamLine``, for the chart."""

    team_id = fields.Int()
    name = fields.Str()
    quests = fields.List(fields.Int(allow_none=True), attribute="solved_by_day")
    eclats = fields.List(fields.Int(allow_none=True), attribute="eclats_by_day")


class ReportChartOut(Schema):
    """The chart part of a ``Report``."""

    days = ComputedList(lambda _report: list(range(1, DAYS + 1)), fields.Int())
    series = fields.List(fields.Nested(ReportSeriesOut), attribute="teams")


def _whole(report: object) -> object:
    return report


class ReportOut(Schema):
    """A ``Report`` (game/services/reports.py)."""

    session = ComputedNested(_whole, ReportSessionOut)
    players_count = fields.Int(attribute="active_players", metadata={"description": "jeunes encore dans la session"})
    days = fields.List(fields.Nested(ReportDayOut))
    teams = fields.List(fields.Nested(ReportTeamOut))
    players = fields.List(fields.Nested(ReportPlayerOut))
    offers = fields.List(fields.Nested(ReportOfferOut), attribute="catalog.offers")
    appointments = ComputedNested(_whole, ReportAppointmentsOut)
    badges = ComputedNested(_whole, ReportBadgesOut)
    chart = ComputedNested(_whole, ReportChartOut)
