"""Schemas of the safety net: the numbers that help now, and the staff's private alerts
(``game/services/safety.py``)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from game.services.safety import FLAG_HELPLINES, MAX_NOTE

from . import UtcDateTime
from .diagnosis import DiagnosisResultsOut


class HelplineOut(Schema):
    """A national number of ``content/helplines.yaml``."""

    id = fields.Str()
    name = fields.Str()
    number = fields.Str(metadata={"description": "à composer tel quel (lien tel:)"})
    when = fields.Str(metadata={"description": "quand appeler, en mots simples"})
    hours = fields.Str()
    free = fields.Bool(metadata={"description": "appel gratuit"})


class DiagnosisTakenOut(DiagnosisResultsOut):
    """A ``TakenView``: the results of the round just taken, and the numbers to show at
    once when an answer was urgent (empty otherwise)."""

    urgent_help = fields.List(
        fields.Nested(HelplineOut), metadata={"description": "vide quand aucune réponse n'est urgente"}
    )


class AlertOut(Schema):
    """An ``AlertView``: for the session's staff only."""

    id = fields.Int(attribute="alert.id")
    session_id = fields.Int(attribute="alert.session_id")
    player_id = fields.Int(attribute="alert.player_id")
    nickname = fields.Str(attribute="alert.player.nickname")
    team = fields.Str(attribute="alert.player.team.name", allow_none=True, dump_default=None)
    source = fields.Str(attribute="alert.source", metadata={"description": "diagnosis | review"})
    round = fields.Int(attribute="alert.round", allow_none=True)
    submission_id = fields.Int(attribute="alert.submission_id", allow_none=True)
    answer = fields.Str(attribute="alert.answer", metadata={"description": "ce que la personne a répondu"})
    note = fields.Str(attribute="alert.note")
    flagged_by = fields.Str(attribute="alert.flagger.display_name", allow_none=True, dump_default=None)
    created_at = UtcDateTime(attribute="alert.created_at")
    state = fields.Str(attribute="alert.state", metadata={"description": "open | seen | handled"})
    seen_at = UtcDateTime(attribute="alert.seen_at", allow_none=True)
    seen_by = fields.Str(attribute="alert.seer.display_name", allow_none=True, dump_default=None)
    handled_at = UtcDateTime(attribute="alert.handled_at", allow_none=True)
    handled_by = fields.Str(attribute="alert.handler.display_name", allow_none=True, dump_default=None)
    helplines = fields.List(fields.Nested(HelplineOut), metadata={"description": "les numéros montrés"})


class AlertsEventOut(Schema):
    """The ``alerts`` socket message to the session's staff: the whole list, again."""

    session_id = fields.Int()
    alerts = fields.List(fields.Nested(AlertOut))


class AlertStateIn(Schema):
    state = fields.Str(required=True, validate=validate.OneOf(["seen", "handled"]))


class FlagIn(Schema):
    note = fields.Str(load_default="", validate=validate.Length(max=MAX_NOTE))
    helplines = fields.List(
        fields.Str(validate=validate.Length(min=1, max=64)),
        load_default=None,
        validate=validate.Length(max=10),
        metadata={"description": f"par défaut : {', '.join(FLAG_HELPLINES)}"},
    )


class PrivateHelpOut(Schema):
    """A ``PrivateHelp``: the numbers a facilitator sent this young person."""

    alert_ids = fields.List(fields.Int())
    helplines = fields.List(fields.Nested(HelplineOut))
