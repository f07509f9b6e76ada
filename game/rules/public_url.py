"""An organisation's public address: the one its join links, QR codes, place posters,
calendar invitations and badge links carry. Phones and recruiters open it from the
street, so it must be an ``https://`` address; plain ``http://`` only on the machine
itself (``localhost``, ``127.0.0.1``, ``::1``), which is what a laptop demo uses.

It is the root of a site (``https://eclats.ml-lille.fr`` or
``https://eclats.arml.fr/lille``): no query, no fragment, no user or password, kept
without its trailing slash so that ``{url}/j/CODE`` is the join link."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from .errors import InvalidInput

PUBLIC_URL = "public_url"  # the setting's key, and the field clients name
MAX_LENGTH = 300
EXAMPLE = "https://eclats.mission-locale.fr"
LOOPBACK_NAMES = frozenset({"localhost"})


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def public_url(text: str) -> str:
    """The address as links will use it (no trailing slash, scheme and host in lower
    case), or :class:`InvalidInput` saying in French what is wrong."""
    value = text.strip()
    shown = value if len(value) <= 80 else value[:79] + "…"
    wrong = f"« {shown} » n'est pas une adresse publique valide : écrivez-la comme {EXAMPLE}."
    if not value or len(value) > MAX_LENGTH or any(c.isspace() for c in value):
        raise InvalidInput(PUBLIC_URL, wrong)
    try:
        parts = urlsplit(value)
        port = parts.port  # raises on a port that is no number or out of range
    except ValueError:
        raise InvalidInput(PUBLIC_URL, wrong) from None
    host = parts.hostname or ""
    if parts.scheme.lower() not in ("https", "http") or not host or ("." not in host and not is_loopback(host)):
        raise InvalidInput(PUBLIC_URL, wrong)
    if parts.username is not None or parts.password is not None or parts.query or parts.fragment:
        raise InvalidInput(
            PUBLIC_URL, f"L'adresse publique est celle du site seulement, sans identifiant, « ? » ni « # » : {EXAMPLE}."
        )
    if parts.scheme.lower() == "http" and not is_loopback(host):
        raise InvalidInput(
            PUBLIC_URL,
            "L'adresse publique doit commencer par https:// : les téléphones et les recruteurs l'ouvrent "
            "depuis Internet (http:// n'est accepté que pour cette machine, localhost).",
        )
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc = f"{netloc}:{port}"
    return f"{parts.scheme.lower()}://{netloc}{parts.path.rstrip('/')}"
