"""Schemas of the caller's organisation's issuer profile (the console): the name, address,
site, contact e-mail and logo its badges carry. The values themselves are checked by
``game.rules.issuer`` (a French 422 names what is wrong, and nothing changes)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from game.rules import issuer

from . import UtcDateTime


def _text(description: str, longest: int) -> fields.Str:
    return fields.Str(
        validate=validate.Length(max=longest * 2, error=f"Au plus {longest} caractères."),
        metadata={"description": description},
        error_messages={"invalid": "Un texte est attendu."},
    )


class ProfileIn(Schema):
    name = _text("Nom de la Mission Locale, tel que les badges le portent", issuer.MAX_NAME)
    address = _text(
        "Adresse postale (une ligne par ligne ; la dernière « 75011 Paris »), vide : aucune", issuer.MAX_ADDRESS
    )
    url = _text("Site de la Mission Locale (https://…), vide : l'adresse de ce serveur", issuer.MAX_URL)
    email = _text("E-mail de contact (le même que dans « Réglages »)", issuer.MAX_LENGTH)

    @validates_schema
    def _something(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if not data:
            raise ValidationError("Indiquez au moins un champ à changer (name, address, url, email).")


class ProfileOut(Schema):
    slug = fields.Str(metadata={"description": "Identifiant de la Mission Locale dans les adresses"})
    name = fields.Str(metadata={"description": "Nom enregistré"})
    shown_name = fields.Str(
        metadata={"description": "Nom que portent les badges (celui du pack tant que le nom est « Mission Locale »)"}
    )
    address = fields.Str()
    url = fields.Str(metadata={"description": "Site ; vide : les badges donnent l'adresse de ce serveur"})
    email = fields.Str(allow_none=True, metadata={"description": "E-mail de contact ; null tant qu'il manque"})
    email_source = fields.Str(allow_none=True, validate=validate.OneOf(["console", "environment"]))
    logo = fields.Str(allow_none=True, metadata={"description": "Adresse publique du logo ; null : pas de logo"})
    logo_max_bytes = fields.Int()
    issuer_profile_url = fields.Str(metadata={"description": "Profil d'émetteur Open Badges 2.0 publié"})
    status_list_url = fields.Str(metadata={"description": "Liste de révocation des badges de la Mission Locale"})
    signing_key = fields.Str(
        allow_none=True, metadata={"description": "did:key de la clé qui signe ; null avant le premier badge"}
    )
    missing = fields.List(fields.Str(), metadata={"description": "Ce qu'il manque au profil d'émetteur"})
    updated_at = UtcDateTime(allow_none=True)
