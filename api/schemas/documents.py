"""A clue lock's documents as one phone holds them (``QuestOut.documents``): never the
lock's code, each row numbered from 1 (the code is made of those numbers)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields


class DocumentRowOut(Schema):
    number = fields.Int()  # from 1: the code is made of these numbers
    label = fields.Str()
    value = fields.Str()


class DocumentOut(Schema):
    """A clue lock's card, as this phone holds it (never the lock's code)."""

    index = fields.Int()  # from 1
    total = fields.Int()
    title = fields.Str()
    style = fields.Str()
    text = fields.Str()
    rows = fields.List(fields.Nested(DocumentRowOut))


def documents_of(v: Any) -> list[dict[str, Any]]:
    """The clue-lock documents this phone holds, their rows numbered from 1."""
    docs = v.quest.documents
    return [
        {
            "index": i + 1,
            "total": len(docs),
            "title": docs[i].title,
            "style": docs[i].style,
            "text": docs[i].text,
            "rows": [{"number": n, "label": r.label, "value": r.value} for n, r in enumerate(docs[i].rows, start=1)],
        }
        for i in v.documents
    ]
