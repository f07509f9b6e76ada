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


# ---------------------------------------------------------------- the issuer profile
# (issue 16: each organisation's name, address, site, e-mail and logo, on its badges)

PLACEHOLDER_NAME = "Mission Locale"  # the default organisation's name until someone gives its own
MAX_NAME = 160
MAX_ADDRESS = 300
MAX_URL = 300
LOGO_MAX_BYTES = 256 * 1024
LOGO_MIN_PX = 16
LOGO_MAX_PX = 2048
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_POSTAL_LINE = re.compile(r"^(\d{5})\s+(\S.*)$")  # « 75011 Paris »
_HOST_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = re.compile(rf"^{_HOST_LABEL}(?:\.{_HOST_LABEL})+$")  # a domain name with at least two labels


def organisation_name(text: str) -> str:
    """The name the badges show (spaces tidied), or :class:`InvalidInput` in French."""
    value = " ".join(text.split())
    if not value:
        raise InvalidInput("name", "Indiquez le nom de la Mission Locale : il figure sur les badges.")
    if len(value) > MAX_NAME:
        raise InvalidInput("name", f"Le nom est trop long ({len(value)} caractères, {MAX_NAME} au plus).")
    return value


def shown_name(name: str, pack_organisation: str) -> str:
    """What a badge names: the organisation's own name; the default organisation still
    called by the placeholder name falls back to the organisation its content pack names,
    as every badge did before organisations (until someone renames it)."""
    return pack_organisation if name.strip() == PLACEHOLDER_NAME and pack_organisation.strip() else name


def postal_address(text: str) -> str:
    """The address as typed, one line per line (blank lines dropped); "" clears it."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    value = "\n".join(line for line in lines if line)
    if len(value) > MAX_ADDRESS:
        raise InvalidInput("address", f"L'adresse est trop longue ({len(value)} caractères, {MAX_ADDRESS} au plus).")
    return value


def address_parts(address: str) -> dict[str, str]:
    """The Open Badges 3.0 ``Address`` fields of an address typed the French way: a last
    line « 75011 Paris » gives the postal code and the town, the lines before it the
    street; an address without such a line goes whole into the street."""
    lines = [line for line in address.splitlines() if line.strip()]
    if not lines:
        return {}
    found = _POSTAL_LINE.match(lines[-1])
    if found is None or len(lines) < 2:
        return {"streetAddress": ", ".join(lines)}
    return {
        "streetAddress": ", ".join(lines[:-1]),
        "postalCode": found[1],
        "addressLocality": found[2],
        "addressCountryCode": "FR",
    }


def site_url(text: str) -> str:
    """The organisation's web site: an http(s) address with a domain name; "" clears it."""
    value = text.strip()
    if not value:
        return ""
    scheme, sep, rest = value.partition("://")
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if (
        scheme.lower() not in ("http", "https")
        or not sep
        or len(value) > MAX_URL
        or any(c.isspace() for c in value)
        or not _HOST.match(host.rsplit(":", 1)[0] if host.count(":") == 1 else host)
    ):
        shown = value if len(value) <= 80 else value[:79] + "…"
        raise InvalidInput(
            "url", f"« {shown} » n'est pas l'adresse d'un site : écrivez-la comme https://www.mission-locale.fr."
        )
    return value


def logo_problem(data: bytes, width: int | None, height: int | None) -> str | None:
    """What is wrong with a logo (PNG of at most 256 Ko, 16 to 2048 pixels a side), in
    French; None when it will do. ``width``/``height``: as the image decoder read them
    (None: it could not read the image)."""
    if not data:
        return "Le fichier du logo est vide."
    if len(data) > LOGO_MAX_BYTES:
        return f"Logo trop lourd ({len(data) // 1024} Ko) : {LOGO_MAX_BYTES // 1024} Ko au plus."
    if not data.startswith(PNG_SIGNATURE):
        return "Le logo doit être une image PNG."
    if width is None or height is None:
        return "Ce fichier PNG est illisible ou abîmé."
    if not (LOGO_MIN_PX <= width <= LOGO_MAX_PX and LOGO_MIN_PX <= height <= LOGO_MAX_PX):
        return f"Logo de {width} × {height} pixels : chaque côté doit mesurer de {LOGO_MIN_PX} à {LOGO_MAX_PX} pixels."
    return None
