"""Schemas of the self-diagnosis endpoints. Questions go out without the need each
choice expresses: the young person answers for themself, not for a score."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from . import UtcDateTime


class DiagnosisAnswerIn(Schema):
    question_id = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    choice = fields.Int(required=True, strict=True, validate=validate.Range(min=0))


class DiagnosisIn(Schema):
    answers = fields.List(fields.Nested(DiagnosisAnswerIn), required=True, validate=validate.Length(min=1, max=200))


class DiagnosisEmailIn(Schema):
    email = fields.Str(required=True, validate=validate.Length(min=3, max=320))


class DiagnosisEmailOut(Schema):
    sent = fields.Bool()


class DiagnosisAnswerOut(Schema):
    question_id = fields.Str()
    choice = fields.Int()


class DiagnosisChoiceOut(Schema):
    index = fields.Int()
    text = fields.Str()
    opens_follow_ups = fields.Bool(
        metadata={"description": "sur la première question d'une famille : ce choix fait poser ses questions de suite"}
    )


class DiagnosisQuestionOut(Schema):
    id = fields.Str()
    family = fields.Str()
    family_name = fields.Str()
    text = fields.Str()
    follow_up = fields.Bool(
        metadata={
            "description": "question de suite : posée seulement si la 1re question de sa famille montre un besoin"
        }
    )
    choices = fields.List(fields.Nested(DiagnosisChoiceOut))


class FamilyPriorityOut(Schema):
    family = fields.Str()
    name = fields.Str()
    priority = fields.Int(metadata={"description": "0 à 100"})
    answered = fields.Int()


class DiagnosisRoundOut(Schema):
    """A ``RoundResult`` (game/services/diagnosis.py)."""

    round = fields.Int(metadata={"description": "le jour du diagnostic : 1 ou 10"})
    open = fields.Bool(metadata={"description": "peut être passé (ou repassé) maintenant"})
    taken = fields.Bool()
    answered_at = UtcDateTime(attribute="given.answered_at", allow_none=True, dump_default=None)
    priorities = fields.List(
        fields.Nested(FamilyPriorityOut), attribute="scores", metadata={"description": "la plus forte d'abord"}
    )


class PriorityChangeOut(Schema):
    family = fields.Str()
    name = fields.Str()
    before = fields.Int()
    after = fields.Int()
    change = fields.Int(metadata={"description": "après − avant : négatif quand le besoin a baissé"})


class DiagnosisOfferOut(Schema):
    """A ``FamilyOffer`` (game/services/diagnosis_views.py)."""

    id = fields.Str(attribute="offer.id")
    title = fields.Str(attribute="offer.title")
    category = fields.Str(attribute="offer.category")
    family = fields.Str()
    family_name = fields.Str()


class DiagnosisResultsOut(Schema):
    """A ``ResultsView`` (game/services/diagnosis_views.py)."""

    available = fields.Bool(metadata={"description": "faux quand le pack n'a pas de diagnostic"})
    rounds = fields.List(fields.Nested(DiagnosisRoundOut))
    comparison = fields.List(fields.Nested(PriorityChangeOut), metadata={"description": "jour 1 à côté du jour 10"})
    based_on_round = fields.Int(allow_none=True)
    priority_offers = fields.List(fields.Nested(DiagnosisOfferOut), metadata={"description": "pour toi en priorité"})


class DiagnosisOut(Schema):
    """A ``MyDiagnosis`` (game/services/diagnosis_views.py)."""

    available = fields.Bool()
    round = fields.Int(allow_none=True, metadata={"description": "le diagnostic ouvert maintenant (1 ou 10)"})
    next_round = fields.Int(allow_none=True, metadata={"description": "le prochain, s'il y en a un"})
    taken = fields.Bool(metadata={"description": "le diagnostic ouvert est déjà passé"})
    questions = fields.List(fields.Nested(DiagnosisQuestionOut))
    answers = fields.List(
        fields.Nested(DiagnosisAnswerOut), metadata={"description": "mes réponses au diagnostic ouvert"}
    )
    results = fields.Nested(DiagnosisResultsOut)
    email_available = fields.Bool(
        metadata={"description": "le serveur peut envoyer le résultat par e-mail (SMTP configuré)"}
    )


class DiagnosisGivenAnswerOut(Schema):
    question_id = fields.Str()
    question = fields.Str()
    family = fields.Str()
    choice = fields.Int()
    answer = fields.Str()
    need = fields.Int()


class DiagnosisGivenRoundOut(Schema):
    round = fields.Int()
    answered_at = UtcDateTime()
    answers = fields.List(fields.Nested(DiagnosisGivenAnswerOut))


class PlayerDiagnosisOut(Schema):
    """A ``PlayerDiagnosis`` (game/services/diagnosis_views.py)."""

    player_id = fields.Int()
    nickname = fields.Str()
    results = fields.Nested(DiagnosisResultsOut)
    answers = fields.List(fields.Nested(DiagnosisGivenRoundOut))
