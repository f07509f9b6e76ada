"""Badge hosting: what this server publishes about the badges it issued, to anyone and
without an account — the signed Open Badges 3.0 credential as kept, its public page and
images, and the Open Badges 2.0 documents (Assertion, BadgeClass, issuer Profile) that the
backpacks reading only 2.0 fetch. The signed OB 3.0 credential stays the badge of record.

The stored credential is read in one place, :func:`credential_of`. A holder who erased
their data leaves an award that is :func:`erased`: gone (410) everywhere, its page says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from badges import bake, build, image
from badges import ob2 as documents
from badges.keys import KeyRing
from content.loader import PackError, available_packs, load_named_pack
from game.rules.errors import NotFound, RuleViolation
from game.store.models import Award, BadgeConsent, GameSession
from game.store.organisations import DEFAULT_ID, Organisation

from . import awards, issuers

ERASED_MESSAGE = "Ce badge a été retiré et effacé à la demande de la personne."
REVOKED_DEFAULT_REASON = "Badge retiré par l'organisme qui l'a délivré."


class Erased(RuleViolation):
    """The holder erased their data: the badge is gone (HTTP 410), nothing of it is shown."""

    status = 410

    def __init__(self) -> None:
        super().__init__("gone", ERASED_MESSAGE)


@dataclass(frozen=True)
class Ob2Links:
    """Where the OB 2.0 documents live on this server (``base`` is the public address).
    The default organisation's issuer profile and BadgeClasses keep the addresses they had
    before organisations (``/ob2/issuer``, ``/ob2/badges/...``: what its hosted badges
    already point to); another organisation's are under ``/ob2/issuers/<its slug>``."""

    base: str
    organisation: str | None = None  # the slug of an organisation other than the default one

    def assertion(self, public_id: str) -> str:
        return f"{self.base}/ob2/assertions/{public_id}"

    def assertion_image(self, public_id: str) -> str:
        return self.assertion(public_id) + ".png"

    def badge_class(self, pack: str, skill_id: str) -> str:
        root = self.issuer() if self.organisation else f"{self.base}/ob2"
        return f"{root}/badges/{pack}/{skill_id}"

    def badge_image(self, pack: str, skill_id: str) -> str:
        return self.badge_class(pack, skill_id) + ".png"

    def issuer(self) -> str:
        return f"{self.base}/ob2/issuers/{self.organisation}" if self.organisation else f"{self.base}/ob2/issuer"


@dataclass(frozen=True)
class Host:
    """This installation as the host of its badges: its public address, the default pack
    (whose organisation names the default Mission Locale until it is renamed,
    :func:`game.rules.issuer.shown_name`), the default organisation's contact e-mail read
    with the configuration (the console's wins, :mod:`game.services.settings`) and the
    installation's signing keys (each organisation's: :meth:`ring_of`)."""

    base: str
    default_pack: str
    initial_issuer_email: str | None
    ring: KeyRing

    @property
    def links(self) -> awards.Links:
        return awards.Links(self.base)

    @property
    def ob2(self) -> Ob2Links:
        return Ob2Links(self.base)

    def organisation(self) -> str:
        """The organisation the default pack names."""
        return load_named_pack(self.default_pack).organisation

    def ob2_of(self, organisation: Organisation) -> Ob2Links:
        return Ob2Links(self.base, None if organisation.id == DEFAULT_ID else organisation.slug)

    def ring_of(self, organisation_id: int) -> KeyRing:
        return issuers.key_ring(self.ring, organisation_id)


# ---------------------------------------------------------------- the stored credential


def credential_of(award: Award) -> dict[str, Any]:
    """The credential as it was signed and kept (``{"erased": true}`` once its holder
    erased their data; ``{}`` if what is stored is not a JSON object)."""
    try:
        credential = json.loads(award.credential)
    except (TypeError, ValueError):
        return {}
    return credential if isinstance(credential, dict) else {}


def level_name(award: Award) -> str:
    """The level the badge was issued at, as its kept credential says ("" for none)."""
    level = build.level_of(credential_of(award))
    return level.name if level else ""


def erased(award: Award) -> bool:
    """The holder's data were erased: the player row is gone, and privacy.erase_player
    also empties the kept credential (``{"erased": true}``)."""
    return award.player_id is None or bool(credential_of(award).get("erased"))


def public_credential(award: Award) -> dict[str, Any]:
    """The signed credential anyone may download; :class:`Erased` once its holder erased
    their data."""
    credential = credential_of(award)
    if credential.get("erased"):
        raise Erased()
    return credential


def issuer_name(award: Award) -> str:
    issuer = credential_of(award).get("issuer")
    return str(issuer.get("name", "")) if isinstance(issuer, dict) else ""


def _issuer_details(award: Award, links: awards.Links) -> dict[str, str]:
    """The site, e-mail, address (one line) and logo of the issuer profile the badge was
    signed with ("" for what it does not give; the site too when it is only this server's
    address, what a profile without a site of its own carries)."""
    found = credential_of(award).get("issuer")
    issuer: dict[str, Any] = found if isinstance(found, dict) else {}
    written = issuer.get("address")
    address: dict[str, Any] = written if isinstance(written, dict) else {}
    town = " ".join(str(address[k]) for k in ("postalCode", "addressLocality") if address.get(k))
    logo = issuer.get("image")
    image = str(logo.get("id") or "") if isinstance(logo, dict) else ""
    url = str(issuer.get("url") or "")
    return {
        "issuer_url": url if url.startswith(("https://", "http://")) and url != links.base else "",
        "issuer_email": str(issuer.get("email") or ""),
        "issuer_address": ", ".join(p for p in (str(address.get("streetAddress") or ""), town) if p),
        # this server's own logo address, shown from this origin (the page's CSP: images of 'self')
        "issuer_logo": image[len(links.base) :] if image.startswith(links.base + "/organisations/") else "",
    }


def _achievement(credential: dict[str, Any]) -> dict[str, Any]:
    subject = credential.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    return achievement if isinstance(achievement, dict) else {}


def _criteria(achievement: dict[str, Any]) -> str | None:
    criteria = achievement.get("criteria")
    narrative = criteria.get("narrative") if isinstance(criteria, dict) else None
    return str(narrative) if narrative else None


def linkedin_url(award: Award, links: awards.Links) -> str:
    """LinkedIn's "add a licence or certification" link, filled in with the badge."""
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": award.name,
        "organizationName": issuer_name(award),
        "issueYear": str(award.issued_at.year),
        "issueMonth": str(award.issued_at.month),
        "certUrl": links.page(award.public_id),
        "certId": award.public_id,
    }
    if award.expires_at is not None:
        params.update(expirationYear=str(award.expires_at.year), expirationMonth=str(award.expires_at.month))
    return "https://www.linkedin.com/profile/add?" + urlencode(params)


# ---------------------------------------------------------------- public page and images


@dataclass(frozen=True)
class PublicPage:
    """What the badge's public page shows. An erased badge shows only its name, that it is
    withdrawn and why (``erased``: the page answers 410)."""

    public_id: str
    name: str
    state: str  # valid, revoked or expired
    verdict: str
    erased: bool
    revoked_reason: str | None = None  # shown when the badge was withdrawn
    holder: str = ""
    dates: str = ""
    issuer: str = ""
    issuer_url: str = ""  # the issuer's site, e-mail, address and logo as the badge was signed with
    issuer_email: str = ""
    issuer_address: str = ""
    issuer_logo: str = ""
    criteria: str = ""
    narrative: str = ""
    level: str = ""  # the level it was issued at, in words (RECTEC)
    page: str = ""  # the page's public address
    linkedin: str = ""


def public_page(award: Award, links: awards.Links, now: datetime) -> PublicPage:
    credential = credential_of(award)
    if credential.get("erased"):
        return PublicPage(award.public_id, award.name, "revoked", "Badge retiré", True, award.revoked_reason)
    state = awards.status(award, now)
    verdict = {
        "valid": "Badge valide",
        "revoked": f"Badge retiré le {award.revoked_at:%d/%m/%Y}" if award.revoked_at else "Badge retiré",
        "expired": "Badge expiré",
    }[state]
    dates = f"Délivré le {award.issued_at:%d/%m/%Y}" + (
        f", valable jusqu'au {award.expires_at:%d/%m/%Y}" if award.expires_at else ""
    )
    return PublicPage(
        public_id=award.public_id,
        name=award.name,
        state=state,
        verdict=verdict,
        erased=False,
        revoked_reason=award.revoked_reason if award.revoked_at else None,
        holder=award.recipient_name or "Titulaire",
        dates=dates,
        issuer=issuer_name(award),
        **_issuer_details(award, links),
        criteria=_criteria(_achievement(credential)) or "",
        narrative=award.narrative,
        level=level_name(award),
        page=links.page(award.public_id),
        linkedin=linkedin_url(award, links),
    )


def _look(db: Session, award: Award) -> tuple[str, str | None]:
    """The badge's category and colour, from the pack it was issued in."""
    game = db.get(GameSession, award.session_id) if award.session_id else None
    skill = next((s for s in load_named_pack(game.pack).skills if s.id == award.skill_id), None) if game else None
    return (skill.category, skill.color) if skill else ("", None)


def badge_png(db: Session, award: Award) -> bytes:
    """The badge's image with its OB 3.0 credential baked in."""
    return bake.bake_png(image.png(award.name, *_look(db, award)), award.credential, version="3.0")


def badge_svg(db: Session, award: Award) -> bytes:
    return bake.bake_svg(image.svg(award.name, *_look(db, award)).encode(), award.credential, version="3.0")


def achievement_png(pack: str, skill_id: str) -> bytes:
    if pack not in available_packs():  # a name that is no pack here: « introuvable », not a pack error
        raise NotFound("not_found", "Introuvable.")
    skill = awards.badge_skill(load_named_pack(pack), skill_id)
    return image.png(skill.name, skill.category, skill.color)


def status_list(db: Session, host: Host, now: datetime, organisation_id: int = DEFAULT_ID) -> dict[str, Any]:
    """An organisation's revocation list (Bitstring Status List) its credentials point
    to, signed with its key; 404 for an organisation that does not exist."""
    issuers.organisation(db, organisation_id)
    return awards.signed_status_list(db, host.ring, host.links, now, organisation_id)


# ---------------------------------------------------------------- Open Badges 2.0


@dataclass(frozen=True)
class BadgeFacts:
    """What a BadgeClass says, from the pack (or, if the pack lost the skill, from the
    achievement of an OB 3.0 credential issued for it)."""

    name: str
    description: str
    criteria: str
    category: str
    color: str | None
    level: int | None = None  # the level it is issued at (RECTEC), 1 to 4
    level_name: str = ""

    def narrative(self) -> str:
        """The criteria and, OB 2.0 having no levels, the level in words."""
        return f"{self.criteria} {self.level_name} (référentiel RECTEC)." if self.level_name else self.criteria

    def tags(self) -> list[str]:
        return [self.category] + ([f"RECTEC niveau {self.level}"] if self.level else [])


@dataclass(frozen=True)
class Hosted:
    """A hosted Assertion; ``gone``: answered ``410 Gone`` (OB 2.0 "Revoking Hosted
    Assertions": revoked, or its holder's data erased — either signal means revoked)."""

    document: dict[str, Any]
    gone: bool = False


def _pack_in_credential(credential: dict[str, Any], skill_id: str) -> str | None:
    """The pack named by the credential's achievement id (``…/badges/achievements/<pack>/<skill>``)."""
    parts = urlsplit(str(_achievement(credential).get("id", ""))).path.split("/")
    if len(parts) >= 5 and parts[-4:-2] == ["badges", "achievements"] and parts[-1] == skill_id:
        return parts[-2]
    return None


def pack_of(db: Session, award: Award) -> str:
    """The pack the award was issued in: its session's, else the one its credential names."""
    game = db.get(GameSession, award.session_id) if award.session_id is not None else None
    if game is not None:
        return game.pack
    pack = _pack_in_credential(credential_of(award), award.skill_id)
    if pack is None:
        raise NotFound("no_badge", "Ce badge n'existe pas.")
    return pack


def badge_facts(db: Session, pack: str, skill_id: str) -> BadgeFacts:
    try:
        catalog = load_named_pack(pack)
    except (ValueError, PackError):
        catalog = None
    skill = next((s for s in catalog.skills if s.id == skill_id), None) if catalog else None
    if skill is not None and skill.is_badge:
        criteria = skill.criteria or skill.description
        words = awards.level_words(skill)
        return BadgeFacts(skill.name, skill.description, criteria, skill.category, skill.color, skill.level, words)
    # the pack changed since: the BadgeClass stays what the issued badges said
    for award in db.scalars(select(Award).where(Award.skill_id == skill_id).order_by(Award.issued_at.desc())):
        credential = credential_of(award)
        if _pack_in_credential(credential, skill_id) != pack:
            continue
        achievement = _achievement(credential)
        tags = achievement.get("tag")
        description = str(achievement.get("description") or award.name)
        level = build.level_of(credential)
        return BadgeFacts(
            name=str(achievement.get("name") or award.name),
            description=description,
            criteria=_criteria(achievement) or description,
            category=str(tags[0]) if isinstance(tags, list) and tags else "",
            color=None,
            level=int(level.level) if level and level.level.isdigit() else None,
            level_name=level.name if level else "",
        )
    raise NotFound("no_badge_class", "Ce badge n'existe pas dans ce pack.")


def recipient(award: Award, consent: BadgeConsent | None, links: awards.Links) -> documents.Recipient:
    """The young person's e-mail hash as kept with their consent; else the hash or the
    subject id the OB 3.0 credential was issued with (see :mod:`badges.ob2`); else the id
    a holder without e-mail is given (:func:`awards.holder_id`)."""
    if consent is not None and consent.email_hash and consent.salt:
        return documents.email_recipient(consent.email_hash, consent.salt)
    subject = credential_of(award).get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    for identifier in subject.get("identifier") or []:
        if (
            isinstance(identifier, dict)
            and identifier.get("identityType") == "emailAddress"
            and identifier.get("hashed") is True
            and identifier.get("salt")
        ):
            return documents.email_recipient(str(identifier.get("identityHash")), str(identifier["salt"]))
    subject_id = subject.get("id")
    if not isinstance(subject_id, str):
        subject_id = awards.holder_id(links, award.public_id)
    return documents.subject_recipient(subject_id)


def assertion(db: Session, host: Host, award: Award) -> Hosted:
    """The hosted Assertion of an award (stripped to ``revoked: true`` and its reason
    once it is revoked or its holder's data were erased)."""
    url = host.ob2.assertion(award.public_id)
    if erased(award):
        purged = award.revoked_reason == documents.RETENTION_REASON  # eclats purge, not a request
        reason = documents.RETENTION_REASON if purged else documents.ERASED_REASON
        return Hosted(documents.revoked_assertion(assertion_id=url, reason=reason), gone=True)
    if award.revoked_at is not None:
        reason = award.revoked_reason.strip() or REVOKED_DEFAULT_REASON
        return Hosted(documents.revoked_assertion(assertion_id=url, reason=reason), gone=True)
    pack = pack_of(db, award)
    document = documents.assertion(
        assertion_id=url,
        badge_class_id=host.ob2_of(issuers.organisation(db, award.organisation_id)).badge_class(pack, award.skill_id),
        recipient=recipient(award, db.get(BadgeConsent, award.player_id), host.links),
        issued_on=award.issued_at,
        expires=award.expires_at,
        image=host.ob2.assertion_image(award.public_id),
        evidence_narrative=award.narrative,
        evidence_name=awards.EVIDENCE_NAME,
        evidence_id=host.links.page(award.public_id),
    )
    return Hosted(document)


def assertion_png(db: Session, host: Host, award: Award) -> bytes:
    """The badge image baked for OB 2.0 (``openbadges`` iTXt chunk) with the hosted
    Assertion's URL: backpacks read the URL and fetch the Assertion there."""
    if erased(award):
        raise Erased()
    facts = badge_facts(db, pack_of(db, award), award.skill_id)
    picture = image.png(facts.name, facts.category, facts.color)
    return bake.bake_png(picture, host.ob2.assertion(award.public_id), version="2.0")


def badge_class(db: Session, host: Host, pack: str, skill_id: str, slug: str | None = None) -> dict[str, Any]:
    """The BadgeClass of a skill as an organisation issues it (``slug``: None for the
    default organisation): it names that organisation's issuer profile."""
    links = host.ob2_of(issuers.by_slug(db, slug)) if slug is not None else host.ob2
    facts = badge_facts(db, pack, skill_id)
    return documents.badge_class(
        badge_class_id=links.badge_class(pack, skill_id),
        name=facts.name,
        description=facts.description,
        image=links.badge_image(pack, skill_id),
        criteria_narrative=facts.narrative(),
        issuer_id=links.issuer(),
        tags=facts.tags(),
    )


def badge_class_png(db: Session, pack: str, skill_id: str) -> bytes:
    facts = badge_facts(db, pack, skill_id)
    return image.png(facts.name, facts.category, facts.color)


def issuer(db: Session, host: Host, slug: str | None = None) -> dict[str, Any]:
    """An organisation's issuer Profile (``slug``: None for the default organisation):
    its name, its site (else this server's address), its logo when it gave one. Its
    contact e-mail is its own, else (default organisation) the initial value read with the
    configuration; with neither, the profile goes out without ``email`` (incomplete, but
    every badge still verifies) and the console asks for it."""
    org = issuers.by_slug(db, slug) if slug is not None else issuers.organisation(db, DEFAULT_ID)
    found = issuers.profile(db, org.id, host.organisation(), host.initial_issuer_email)
    return documents.issuer(
        issuer_id=host.ob2_of(org).issuer(),
        name=found.shown_name,
        url=found.url or host.base,
        email=found.email,
        image=issuers.logo_url(host.base, org.slug) if found.has_logo else None,
    )
