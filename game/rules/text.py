"""Tolerant comparison of typed answers: young players type fast on small keyboards."""

from __future__ import annotations

import re
import unicodedata

from .errors import InvalidInput

_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss"}


def normalize_answer(text: str) -> str:
    """Fold case, accents, ligatures, punctuation and spaces away.

    "  L'Élan!" and "lelan" compare equal; digits are kept, so codes still matter.
    """
    lowered = text.casefold()
    for ligature, plain in _LIGATURES.items():
        lowered = lowered.replace(ligature, plain)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def matches(given: str, accepted: tuple[str, ...] | list[str]) -> bool:
    """True when ``given`` equals any accepted answer once both are normalised."""
    folded = normalize_answer(given)
    return bool(folded) and any(folded == normalize_answer(a) for a in accepted)


_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,63}$")


def clean_email(value: str) -> str:
    """An e-mail address a young person typed: trimmed, lower case, or refused in words."""
    address = value.strip().lower()
    if not _EMAIL.match(address):
        raise InvalidInput("email", "Cette adresse e-mail n'a pas l'air valide.")
    return address
