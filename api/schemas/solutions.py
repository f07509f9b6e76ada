"""Schema of the facilitator's answer sheet (game/services/solutions.py)."""

from __future__ import annotations

from marshmallow import Schema, fields


class SolutionOut(Schema):
    day = fields.Int()
    quest_id = fields.Str()
    title = fields.Str()
    kind = fields.Str()  # a quest kind, or "finale"
    answers = fields.List(fields.Str())  # empty: validated by the staff, a place, an appointment
