"""Schemas of the installation administrator's endpoints: organisations and staff accounts."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from game.rules import organisations as rules

from . import DB_ID, JsonBool, UtcDateTime


class OrganisationIn(Schema):
    slug = fields.Str(
        required=True,
        validate=[
            validate.Length(min=2, max=rules.SLUG_MAX, error=rules.SLUG_RULE),
            validate.Regexp(rules.SLUG_PATTERN, error=rules.SLUG_RULE),
        ],
        metadata={"description": "identifiant court, dans les adresses : minuscules, chiffres, tirets (ml-lille)"},
    )
    name = fields.Str(required=True, validate=validate.Length(min=1, max=rules.NAME_MAX))


class RenameIn(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=rules.NAME_MAX))


class OrganisationOut(Schema):
    id = fields.Int(attribute="organisation.id")
    slug = fields.Str(attribute="organisation.slug")
    name = fields.Str(attribute="organisation.name")
    created_at = UtcDateTime(attribute="organisation.created_at")
    accounts = fields.Int(metadata={"description": "comptes du personnel actifs"})
    sessions = fields.Int()


class AccountIn(Schema):
    username = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    display_name = fields.Str(load_default="", validate=validate.Length(max=120))
    password = fields.Str(required=True, validate=validate.Length(min=8, max=256))
    role = fields.Str(required=True, validate=validate.OneOf(rules.ROLES))


class AccountPatchIn(Schema):
    organisation_id = fields.Int(strict=True, validate=DB_ID, metadata={"description": "déplacer le compte"})
    disabled = JsonBool(
        metadata={"description": "true : plus de connexion (les siennes sont fermées) ; false : rétabli"}
    )

    @validates_schema
    def _something(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if not data:
            raise ValidationError("Indiquez ce qui change : organisation_id (déplacer) ou disabled (désactiver).")


class AccountOut(Schema):
    id = fields.Int()
    username = fields.Str()
    display_name = fields.Str()
    role = fields.Str()
    organisation_id = fields.Int()
    created_at = UtcDateTime()
    disabled_at = UtcDateTime(allow_none=True)
