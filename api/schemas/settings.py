"""Schemas of the settings (the console's « Réglages »): the installation's issuer e-mail, and
the caller's organisation's time zone, public address and retention."""

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
    time_zone = fields.Str(
        allow_none=True,
        validate=validate.Length(max=64, error="Le fuseau horaire est un nom IANA, par exemple Europe/Paris."),
        metadata={
            "description": "Fuseau horaire de la Mission Locale (nom IANA, par exemple Europe/Paris ou "
            "America/Cayenne) : celui des rendez-vous ; null : celui de l'installation (ECLATS_TIME_ZONE)"
        },
        error_messages={"invalid": "Le fuseau horaire est un nom IANA, par exemple Europe/Paris."},
    )
    public_url = fields.Str(
        allow_none=True,
        validate=validate.Length(max=300, error="L'adresse publique fait au plus 300 caractères."),
        metadata={
            "description": "Adresse publique de la Mission Locale (https://…) : celle des liens pour rejoindre, "
            "des QR codes et des badges ; null : celle de l'installation (ECLATS_PUBLIC_URL)"
        },
        error_messages={
            "invalid": "L'adresse publique est une adresse web, par exemple https://eclats.mission-locale.fr."
        },
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
            raise ValidationError(
                "Indiquez au moins un réglage à changer (issuer_email, time_zone, public_url, retention_months)."
            )


class SettingsOut(Schema):
    time_zone = fields.Str(metadata={"description": "Fuseau horaire de votre Mission Locale (nom IANA)"})
    time_zone_source = fields.Str(
        validate=validate.OneOf(["console", "default"]),
        metadata={"description": "« console » : choisi par un animateur ; « default » : ECLATS_TIME_ZONE"},
    )
    time_zone_updated_at = UtcDateTime(allow_none=True)
    public_url = fields.Str(
        allow_none=True,
        metadata={
            "description": "Adresse publique de votre Mission Locale ; null : aucune (les liens prennent "
            "l'adresse par laquelle la console est ouverte)"
        },
    )
    public_url_source = fields.Str(
        validate=validate.OneOf(["console", "default"]),
        metadata={"description": "« console » : donnée par un animateur ; « default » : ECLATS_PUBLIC_URL"},
    )
    public_url_updated_at = UtcDateTime(allow_none=True)
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
