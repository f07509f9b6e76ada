"""The issuer's contact e-mail: Open Badges 2.0 requires one in the issuer profile every
hosted badge points to ("A note on required properties": ``email`` for an issuer), and
no content pack knows it. It is asked once, of a facilitator, and must be an address a
recruiter or a backpack can write to: one ``@``, a dot-atom before it (RFC 5322 without
quoted strings or comments), a domain name with at least two labels after it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InvalidInput

ISSUER_EMAIL = "issuer_email"  # the setting's key, and the field clients name
MAX_LENGTH = 254  # RFC 5321: a path of 256 octets, minus the angle brackets
EXAMPLE = "contact@mission-locale.fr"
MISSING = "Renseignez l'e-mail de contact de la Mission Locale : il figure sur les badges."

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL = re.compile(rf"^{_ATOM}(?:\.{_ATOM})*$")
_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
_TOP = re.compile(r"^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$")


def issuer_email(text: str) -> str:
    """The address as the badges will show it (spaces around it removed, the domain in
    lower case), or :class:`InvalidInput` saying in French what is wrong."""
    value = text.strip()
    if not value:
        raise InvalidInput(ISSUER_EMAIL, MISSING)
    local, at, domain = value.rpartition("@")
    labels = domain.split(".")
    if (
        not at
        or len(value) > MAX_LENGTH
        or len(local) > 64
        or not _LOCAL.match(local)
        or len(labels) < 2
        or not all(_LABEL.match(label) for label in labels)
        or not _TOP.match(labels[-1])
    ):
        shown = value if len(value) <= 80 else value[:79] + "…"
        raise InvalidInput(
            ISSUER_EMAIL, f"« {shown} » n'est pas une adresse e-mail valide : écrivez-la comme {EXAMPLE}."
        )
    return f"{local}@{domain.lower()}"


@dataclass(frozen=True)
class IssuerContact:
    """The contact e-mail the issuer profile shows, and where it comes from: ``"console"``
    (set by a facilitator), ``"environment"`` (``ECLATS_ISSUER_EMAIL``, the initial value
    until someone sets it) or None (not set: the profile lacks it)."""

    email: str | None
    source: str | None

    @property
    def missing(self) -> tuple[str, ...]:
        """What the Open Badges 2.0 issuer profile still lacks."""
        return () if self.email else (ISSUER_EMAIL,)

    @property
    def complete(self) -> bool:
        return not self.missing


def contact(stored: str | None, initial: str | None) -> IssuerContact:
    """The address set in the console wins; else the initial value from the environment,
    if it is a valid address (a wrong one is ignored, so the console asks)."""
    if stored:
        return IssuerContact(stored, "console")
    if initial and initial.strip():
        try:
            return IssuerContact(issuer_email(initial), "environment")
        except InvalidInput:
            return IssuerContact(None, None)
    return IssuerContact(None, None)
