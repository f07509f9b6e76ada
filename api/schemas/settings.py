"""Schemas of the installation settings (the console's « Réglages »)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from game.rules import retention

from . import UtcDateTime


class SettingsIn(Schema):
    """The settings to change; the address itself is checked by ``game.rules.issuer``
    (a French 422 names what is wrong, and nothing changes)."""

    issuer_email = fields.Str(
        metadata={"description": "E-mail de contact de la Mission Locale, affiché sur les badges (Open Badges 2.0)"},
        validate=validate.Length(max=320),
    )
    retention_months = fields.Integer(
        strict=True,
        metadata={
            "description": "Durée de conservation des données des jeunes après la fin d'une session, "
            f"en mois ({retention.MIN_MONTHS} à {retention.MAX_MONTHS})"
        },
        validate=validate.Range(
            min=retention.MIN_MONTHS,
            max=retention.MAX_MONTHS,
            error=f"La durée de conservation est un nombre entier de mois, de {retention.MIN_MONTHS} à "
            f"{retention.MAX_MONTHS}.",
        ),
        error_messages={
            "invalid": "La durée de conservation est un nombre entier de mois.",
            "null": "La durée de conservation est un nombre entier de mois.",
        },
    )

    @validates_schema
    def _something(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if not data:
            raise ValidationError("Indiquez au moins un réglage à changer (issuer_email, retention_months).")


class SettingsOut(Schema):
    issuer_email = fields.Str(
        allow_none=True, metadata={"description": "L'e-mail de contact des badges ; null tant qu'il n'est pas donné"}
    )
    issuer_email_source = fields.Str(
        allow_none=True,
        validate=validate.OneOf(["console", "environment"]),
        metadata={
            "description": "« console » : donné par un animateur ; « environment » : valeur initiale "
            "ECLATS_ISSUER_EMAIL ; null : pas encore donné"
        },
    )
    issuer_email_updated_at = UtcDateTime(allow_none=True)
    issuer_profile_complete = fields.Bool(
        metadata={"description": "Le profil d'émetteur Open Badges 2.0 a tout ce que la norme exige"}
    )
    missing = fields.List(
        fields.Str(), metadata={"description": "Ce qu'il manque au profil d'émetteur (« issuer_email »)"}
    )
    retention_months = fields.Integer(
        metadata={"description": "Mois de conservation des données des jeunes après la fin d'une session"}
    )
    retention_source = fields.Str(
        validate=validate.OneOf(["console", "default"]),
        metadata={
            "description": "« console » : choisi par un animateur ; « default » : ECLATS_RETENTION_DAYS arrondi "
            "au mois supérieur (90 jours : 3 mois)"
        },
    )
    retention_updated_at = UtcDateTime(allow_none=True)
    retention_min_months = fields.Integer()
    retention_max_months = fields.Integer()
