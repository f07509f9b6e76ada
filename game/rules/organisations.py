"""What makes an organisation's slug and name, and an account's role, acceptable (issue 16).

Pure: strings in, a cleaned value or an ``InvalidInput`` naming the field out."""

from __future__ import annotations

import re

from .errors import InvalidInput, RuleViolation

SLUG_MAX = 40  # game/store/organisations.py: Organisation.slug
NAME_MAX = 160
# lower-case letters, digits and single dashes, neither first nor last: it goes into
# addresses (the issuer profile's URL) and folder names (the signing keys)
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)

ROLES = ("facilitator", "counsellor", "admin")  # Facilitator.role; api/policy.py's staff callers
ROLE_LABELS = {"facilitator": "animateur", "counsellor": "conseiller", "admin": "administrateur"}


SLUG_RULE = (
    f"L'identifiant court de l'organisation fait de 2 à {SLUG_MAX} caractères : lettres minuscules "
    "sans accent, chiffres et tirets simples, sans tiret au début ni à la fin (ex. « ml-lille »)."
)


def clean_slug(slug: str) -> str:
    cleaned = slug.strip()
    if not 2 <= len(cleaned) <= SLUG_MAX or not _SLUG.fullmatch(cleaned):
        raise InvalidInput("slug", SLUG_RULE)
    return cleaned


def clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > NAME_MAX:
        raise InvalidInput("name", f"Le nom de l'organisation fait de 1 à {NAME_MAX} caractères.")
    return cleaned


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(
            "role", "Rôle inconnu : animateur (facilitator), conseiller (counsellor) ou administrateur (admin)."
        )
    return role


def check_not_last_admin(role: str, active_admins: int, losing_admin: bool) -> None:
    """The installation keeps at least one active administrator: nobody could make
    organisations or accounts any more (except on the command line)."""
    if role == "admin" and losing_admin and active_admins <= 1:
        raise RuleViolation(
            "last_admin", "C'est le dernier compte administrateur actif : créez-en un autre avant de le désactiver."
        )
