"""Shape of a clue lock's documents and of a quest's variants (FORMAT.md, « Clue locks »
and « Variants »)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from marshmallow import fields, validate

from .fields import _COMMON_MESSAGES, ListOf, Object, PackFileSchema, Text

#: how a document looks on the phone (static/player/documents.js)
DOCUMENT_STYLES = ("payslip", "contract", "ad", "letter", "memo", "table")
#: a variant key, used in texts as ``{{v.key}}``
VARIANT_KEY = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")


class DocumentRowSchema(PackFileSchema):
    label = Text(required=True)
    value = Text(required=True)


class DocumentSchema(PackFileSchema):
    title = Text(required=True)
    style = Text(
        required=True,
        validate=validate.OneOf(
            DOCUMENT_STYLES, error="style de document inconnu : « {input} » (possibles : {choices})"
        ),
    )
    text = Text()
    rows = ListOf(Object(DocumentRowSchema), load_default=list)


class VariantValues(fields.Field[dict[str, str]]):
    """One variant: ``key: text`` lines. A whole number is taken as its digits (a code
    written 4217 without quotes); anything else must be text."""

    default_error_messages = {
        **_COMMON_MESSAGES,
        "invalid": "variante attendue : des lignes « clé: texte »",
        "key": "clé de variante invalide : « {input} » (minuscules sans accent, chiffres, - ou _)",
        "value": "« {input} » : texte attendu pour une valeur de variante",
        "empty": "« {input} » : valeur de variante vide",
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> dict[str, str]:
        if not isinstance(value, dict) or not value:
            raise self.make_error("invalid")
        out: dict[str, str] = {}
        for key, item in value.items():
            if not isinstance(key, str) or VARIANT_KEY.match(key) is None:
                raise self.make_error("key", input=key)
            if isinstance(item, bool) or not isinstance(item, (str, int)):
                raise self.make_error("value", input=key)
            text = unicodedata.normalize("NFC", str(item)).strip()
            if not text:
                raise self.make_error("empty", input=key)
            out[key] = text
        return out
