"""Each organisation as the issuer of its badges (issue 16): its profile — the name,
address, site, contact e-mail and logo its badges carry — and its own signing keys, so a
badge names the Mission Locale that issued it and verifies independently of the others.

The profile is the :class:`Organisation` row; its staff change it from the console. The
contact e-mail is the one the « Réglages » page has always asked for
(:func:`game.services.settings.issuer_settings` reads it from the organisation).

Keys: the default organisation signs with the installation's key ring
(``instance/badge-keys``, as before organisations, so that an upgraded installation's
badges keep verifying); every other organisation with a ring of its own in a sub-folder
named after its id (``instance/badge-keys/<id>``), made when it first issues a badge.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from badges import build
from badges.keys import KeyRing
from game.rules import issuer
from game.rules.errors import InvalidInput, NotFound
from game.store.models import Facilitator
from game.store.organisations import DEFAULT_ID, Organisation

from . import settings

NO_ORGANISATION = "Cette Mission Locale n'existe pas."
PROFILE_FIELDS = ("name", "address", "url", "email")


class LogoTooLarge(InvalidInput):
    status = 413


# ---------------------------------------------------------------- the organisation


def organisation(db: Session, organisation_id: int) -> Organisation:
    found = db.get(Organisation, organisation_id)
    if found is None:
        raise NotFound("no_organisation", NO_ORGANISATION)
    return found


def by_slug(db: Session, slug: str) -> Organisation:
    found = db.scalar(select(Organisation).where(Organisation.slug == slug))
    if found is None:
        raise NotFound("no_organisation", NO_ORGANISATION)
    return found


@dataclass(frozen=True)
class Profile:
    """What an organisation's badges say of it, and what its staff see in the console.
    ``shown_name``: the name badges carry (:func:`game.rules.issuer.shown_name`);
    ``email``: the contact e-mail, the console's or the initial one (``email_source``)."""

    organisation_id: int
    slug: str
    name: str
    shown_name: str
    address: str
    url: str
    email: str | None
    email_source: str | None
    has_logo: bool
    updated_at: datetime | None

    @property
    def missing(self) -> tuple[str, ...]:
        """What the Open Badges 2.0 issuer profile still lacks (the e-mail)."""
        return () if self.email else ("email",)


def profile(db: Session, organisation_id: int, pack_organisation: str, initial_email: str | None) -> Profile:
    org = organisation(db, organisation_id)
    contact = settings.issuer_settings(db, initial_email, org.id).contact
    return Profile(
        organisation_id=org.id,
        slug=org.slug,
        name=org.name,
        shown_name=issuer.shown_name(org.name, pack_organisation),
        address=org.address,
        url=org.url,
        email=contact.email,
        email_source=contact.source,
        has_logo=org.logo is not None,
        updated_at=org.profile_updated_at,
    )


def update_profile(db: Session, staff: Facilitator, changes: Mapping[str, str], now: datetime) -> Organisation:
    """Change the caller's own organisation's profile. Every value is checked before any
    is kept: one wrong value (422, in French) and nothing changes."""
    org = organisation(db, staff.organisation_id)
    checks = {
        "name": issuer.organisation_name,
        "address": issuer.postal_address,
        "url": issuer.site_url,
        "email": issuer.issuer_email,
    }
    values = {field: checks[field](changes[field]) for field in PROFILE_FIELDS if field in changes}
    if not values:
        raise InvalidInput("profile", "Indiquez au moins un champ à changer (name, address, url, email).")
    for field, value in values.items():
        setattr(org, field, value)
    org.profile_updated_at = now
    db.flush()
    return org


# ---------------------------------------------------------------- the logo


def _dimensions(data: bytes) -> tuple[int | None, int | None]:
    """The PNG's width and height as Pillow decodes them (None, None: not a readable PNG).
    The pixels are decoded only once the size is known to be within bounds."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG"]) as picture:
                width, height = picture.size
                if width <= issuer.LOGO_MAX_PX and height <= issuer.LOGO_MAX_PX:
                    picture.load()
                return width, height
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None, None


def set_logo(db: Session, staff: Facilitator, data: bytes, now: datetime) -> Organisation:
    """Keep a new logo for the caller's organisation: a PNG of at most 256 Ko, 16 to 2048
    pixels a side, that decodes; anything else is refused (413 too heavy, 422 otherwise)
    and the logo stays as it was."""
    org = organisation(db, staff.organisation_id)
    if len(data) > issuer.LOGO_MAX_BYTES:
        raise LogoTooLarge("logo", issuer.logo_problem(data, None, None) or "")
    width, height = _dimensions(data) if data.startswith(issuer.PNG_SIGNATURE) else (None, None)
    problem = issuer.logo_problem(data, width, height)
    if problem is not None:
        raise InvalidInput("logo", problem)
    org.logo, org.profile_updated_at = data, now
    db.flush()
    return org


def remove_logo(db: Session, staff: Facilitator, now: datetime) -> Organisation:
    org = organisation(db, staff.organisation_id)
    org.logo, org.profile_updated_at = None, now
    db.flush()
    return org


def logo(db: Session, slug: str) -> bytes:
    """An organisation's logo, public like the badges that show it (404 without one)."""
    org = by_slug(db, slug)
    if org.logo is None:
        raise NotFound("no_logo", "Cette Mission Locale n'a pas de logo.")
    return org.logo


# ---------------------------------------------------------------- as the badges' issuer


def credential_issuer(
    db: Session, organisation_id: int, pack_organisation: str, did: str, base: str, initial_email: str | None
) -> build.Issuer:
    """The issuer ``Profile`` an organisation's OB 3.0 credentials carry: its key's did,
    its name, its site (else this server's address), and its e-mail, address and logo
    when it gave them."""
    found = profile(db, organisation_id, pack_organisation, initial_email)
    return build.Issuer(
        id=did,
        name=found.shown_name,
        url=found.url or base,
        email=found.email or "",
        address=issuer.address_parts(found.address),
        image=logo_url(base, found.slug) if found.has_logo else "",
    )


def logo_url(base: str, slug: str) -> str:
    return f"{base}/organisations/{slug}/logo.png"


def key_ring(installation: KeyRing, organisation_id: int) -> KeyRing:
    """The organisation's signing keys: the installation's ring for the default one (the
    folder every badge was signed from before organisations), a sub-folder named after its
    id for the others. Nothing is made on disk until a key is needed."""
    if organisation_id == DEFAULT_ID:
        return installation
    return KeyRing(installation.folder / str(organisation_id))


def own_issuers(db: Session, installation: KeyRing, pack_organisation: str) -> dict[str, str]:
    """did → the name of the organisation that holds the key, for every key of every
    organisation of this server (the verifier says « clé de ce serveur » and names it)."""
    found: dict[str, str] = {}
    for org in db.scalars(select(Organisation).order_by(Organisation.id)):
        name = issuer.shown_name(org.name, pack_organisation)
        for key in key_ring(installation, org.id).all_keys():
            found[key.did] = name
    return found
