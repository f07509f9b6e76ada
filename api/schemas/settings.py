"""Schemas of the installation settings (the console's « Réglages »)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from . import UtcDateTime


class SettingsIn(Schema):
    """The settings to change; the address itself is checked by ``game.rules.issuer``
    (a French 422 names what is wrong, and nothing changes)."""

    issuer_email = fields.Str(
        metadata={"description": "E-mail de contact de la Mission Locale, affiché sur les badges (Open Badges 2.0)"},
        validate=validate.Length(max=320),
    )

    @validates_schema
    def _something(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if not data:
            raise ValidationError("Indiquez au moins un réglage à changer (issuer_email).")


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
