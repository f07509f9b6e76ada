"""The field types of every pack file, with plain-French messages, and the base schema."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, TypeGuard

from marshmallow import Schema, ValidationError, fields, validate

#: Identifiers of every kind, and of pack folders. ``\Z`` rather than ``$`` so that a
#: trailing newline (``"nova\n"``) is not accepted.
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*\Z")

# Messages shared by every field. marshmallow's defaults are English and name
# Python types; authors need to know what to write instead.
_COMMON_MESSAGES = {
    "required": "champ obligatoire manquant",
    "null": "valeur vide : ce champ doit être rempli",
    "validator_failed": "valeur invalide",
}


def is_identifier(value: object) -> TypeGuard[str]:
    """Tell whether ``value`` is a well-formed identifier (used on raw YAML too)."""
    return isinstance(value, str) and ID_PATTERN.match(value) is not None


class Text(fields.String):
    """Non-empty French text.

    Surrounding whitespace is dropped (YAML block scalars end with a newline) and the
    text is NFC-normalised, so that "savoir-être" typed on a Mac compares equal to the
    same word typed elsewhere.
    """

    default_error_messages = {
        **_COMMON_MESSAGES,
        "invalid": "texte attendu (mettre la valeur entre guillemets)",
        "invalid_utf8": "texte illisible : le fichier doit être en UTF-8",
        "empty": "texte en français manquant : le champ est vide",
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = unicodedata.normalize("NFC", super()._deserialize(value, attr, data, **kwargs))
        text = text.strip()
        if not text:
            raise self.make_error("empty")
        return text


class RawText(fields.String):
    """A string kept exactly as written (the code-lock separator is a lone space)."""

    default_error_messages = {
        **_COMMON_MESSAGES,
        "invalid": "texte attendu (mettre la valeur entre guillemets)",
        "invalid_utf8": "texte illisible : le fichier doit être en UTF-8",
    }


class Identifier(fields.String):
    """An ``id`` or a reference to one; whether it exists is the loader's business."""

    default_error_messages = {
        **_COMMON_MESSAGES,
        "invalid": "identifiant attendu (texte)",
        "invalid_utf8": "texte illisible : le fichier doit être en UTF-8",
        "pattern": (
            "identifiant invalide : « {input} » (seulement des minuscules sans accent, "
            "des chiffres et des tirets, sans tiret au début)"
        ),
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not is_identifier(text):
            raise self.make_error("pattern", input=text)
        return text


class WholeNumber(fields.Integer):
    """An integer written as an integer: ``"3"``, ``3.0`` and ``true`` are refused."""

    default_error_messages = {**_COMMON_MESSAGES, "invalid": "nombre entier attendu"}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)


class Decimal(fields.Float):
    """A number written as a number (coordinates, radius), never a quoted string."""

    default_error_messages = {
        **_COMMON_MESSAGES,
        "invalid": "nombre attendu",
        "too_large": "nombre trop grand",
        "special": "nombre attendu",
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.make_error("invalid")
        return float(super()._deserialize(value, attr, data, **kwargs))


class Flag(fields.Boolean):
    """``true`` or ``false`` only; marshmallow would also take ``"oui"``-like strings."""

    default_error_messages = {**_COMMON_MESSAGES, "invalid": "true ou false attendu"}

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class ListOf(fields.List[Any]):
    """A YAML list (a lone value or a mapping is refused, not iterated)."""

    default_error_messages = {
        **_COMMON_MESSAGES,
        "invalid": "liste attendue (des éléments commençant par « - »)",
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> list[Any]:
        if not isinstance(value, list):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class Object(fields.Nested):
    """A nested mapping."""

    default_error_messages = {
        **_COMMON_MESSAGES,
        "type": "objet attendu (des lignes « clé: valeur »)",
    }


def no_duplicates(values: list[Any]) -> None:
    """Refuse a list naming the same id twice: it is always a copy-paste slip."""
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise ValidationError(f"identifiant en double dans la liste : « {value} »")
        seen.add(value)


def at_least(count: int, what: str) -> validate.Length:
    return validate.Length(min=count, error=f"il faut au moins {count} {what}")


POSITIVE_OR_ZERO = validate.Range(min=0, error="doit être un nombre positif ou nul (0 ou plus)")
AT_LEAST_ONE = validate.Range(min=1, error="doit être au moins 1")


class PackFileSchema(Schema):
    """Base of every schema: French schema-level messages, unknown fields refused."""

    error_messages = {
        "unknown": "champ inconnu (vérifier l'orthographe ; voir content/FORMAT.md)",
        "type": "objet attendu (des lignes « clé: valeur »)",
    }
