"""Open Badges 2.0 hosted versions of every award, for the backpacks that only read 2.0
(e.g. Open Badge Passport): the Assertion, its BadgeClass, the issuer Profile and the
images, public like the OB 3.0 pages (``public_badges``). The documents are built by
:mod:`badges.ob2`; the signed OB 3.0 credential stays the badge of record.

Content type: ``application/ld+json``, or ``application/json`` when the request accepts
only that (OB 2.0 "Setting Content-Type"). A revoked award, or one whose holder's data were
erased, answers ``410 Gone`` with the stripped ``revoked: true`` Assertion and its
``revocationReason`` (OB 2.0 "Revoking Hosted Assertions": either signal means revoked).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, request
from sqlalchemy import select

from badges import bake, image
from badges import ob2 as documents
from content.loader import PackError, load_named_pack
from game.rules.errors import NotFound
from game.services import awards
from game.store.models import Award, BadgeConsent, GameSession

from ..extensions import db
from . import settings, urls
from .public_badges import LD_JSON

ob2 = Blueprint("ob2", __name__)
JSON = "application/json"
REVOKED_STATUS = 410  # OB 2.0: "respond with an HTTP Status of 410 Gone"
REVOKED_DEFAULT_REASON = "Badge retiré par l'organisme qui l'a délivré."


@dataclass(frozen=True)
class Ob2Links:
    """Where the OB 2.0 documents live on this server (``base`` is the public address)."""

    base: str

    def assertion(self, public_id: str) -> str:
        return f"{self.base}/ob2/assertions/{public_id}"

    def assertion_image(self, public_id: str) -> str:
        return self.assertion(public_id) + ".png"

    def badge_class(self, pack: str, skill_id: str) -> str:
        return f"{self.base}/ob2/badges/{pack}/{skill_id}"

    def badge_image(self, pack: str, skill_id: str) -> str:
        return self.badge_class(pack, skill_id) + ".png"

    def issuer(self) -> str:
        return f"{self.base}/ob2/issuer"


@dataclass(frozen=True)
class BadgeFacts:
    """What a BadgeClass says, from the pack (or, if the pack lost the skill, from the
    achievement of an OB 3.0 credential issued for it)."""

    name: str
    description: str
    criteria: str
    category: str
    color: str | None


def links() -> Ob2Links:
    return Ob2Links(urls.public_base())


def _json(data: dict[str, Any], status: int = 200, *, cache: str = "max-age=300") -> Response:
    best = request.accept_mimetypes.best_match([LD_JSON, JSON], default=LD_JSON)
    response = Response(
        json.dumps(data, ensure_ascii=False, indent=2), status=status, mimetype=JSON if best == JSON else LD_JSON
    )
    response.headers["Cache-Control"] = cache
    response.headers["Access-Control-Allow-Origin"] = "*"  # public documents, no credentials
    response.vary.add("Accept")
    return response


def _png(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype="image/png")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _credential(award: Award) -> dict[str, Any]:
    try:
        credential = json.loads(award.credential)
    except ValueError:
        return {}
    return credential if isinstance(credential, dict) else {}


def _achievement(credential: dict[str, Any]) -> dict[str, Any]:
    subject = credential.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    return achievement if isinstance(achievement, dict) else {}


def _pack_in_credential(credential: dict[str, Any], skill_id: str) -> str | None:
    """The pack named by the credential's achievement id (``…/badges/achievements/<pack>/<skill>``)."""
    parts = urlsplit(str(_achievement(credential).get("id", ""))).path.split("/")
    if len(parts) >= 5 and parts[-4:-2] == ["badges", "achievements"] and parts[-1] == skill_id:
        return parts[-2]
    return None


def _pack_of(award: Award) -> str:
    game = db().get(GameSession, award.session_id) if award.session_id is not None else None
    if game is not None:
        return game.pack
    pack = _pack_in_credential(_credential(award), award.skill_id)
    if pack is None:
        raise NotFound("no_badge", "Ce badge n'existe pas.")
    return pack


def _badge_facts(pack: str, skill_id: str) -> BadgeFacts:
    try:
        catalog = load_named_pack(pack)
    except (ValueError, PackError):
        catalog = None
    skill = next((s for s in catalog.skills if s.id == skill_id), None) if catalog else None
    if skill is not None and skill.is_badge:
        criteria = skill.criteria or skill.description
        return BadgeFacts(skill.name, skill.description, criteria, skill.category, skill.color)
    # the pack changed since: the BadgeClass stays what the issued badges said
    for award in db().scalars(select(Award).where(Award.skill_id == skill_id).order_by(Award.issued_at.desc())):
        credential = _credential(award)
        if _pack_in_credential(credential, skill_id) != pack:
            continue
        achievement = _achievement(credential)
        tags = achievement.get("tag")
        criteria_of: Any = achievement.get("criteria")
        narrative = criteria_of.get("narrative") if isinstance(criteria_of, dict) else None
        description = str(achievement.get("description") or award.name)
        return BadgeFacts(
            name=str(achievement.get("name") or award.name),
            description=description,
            criteria=str(narrative or description),
            category=str(tags[0]) if isinstance(tags, list) and tags else "",
            color=None,
        )
    raise NotFound("no_badge_class", "Ce badge n'existe pas dans ce pack.")


def _recipient(award: Award, consent: BadgeConsent | None) -> documents.Recipient:
    """The young person's e-mail hash as kept with their consent; else the hash or the
    subject id the OB 3.0 credential was issued with (see :mod:`badges.ob2`)."""
    if consent is not None and consent.email_hash and consent.salt:
        return documents.email_recipient(consent.email_hash, consent.salt)
    subject = _credential(award).get("credentialSubject")
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
        # how awards.issue names a holder without e-mail
        page = awards.Links(urls.public_base()).page(award.public_id)
        subject_id = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, page)}"
    return documents.subject_recipient(subject_id)


def erased(award: Award) -> bool:
    """The holder's data were erased: the player row is gone, and privacy.erase_player
    also empties the kept credential (``{"erased": true}``)."""
    return award.player_id is None or bool(_credential(award).get("erased"))


def assertion_document(award: Award) -> tuple[dict[str, Any], int]:
    """The hosted Assertion of an award and the HTTP status to answer it with."""
    to = links()
    url = to.assertion(award.public_id)
    if erased(award):
        return documents.revoked_assertion(assertion_id=url, reason=documents.ERASED_REASON), REVOKED_STATUS
    if award.revoked_at is not None:
        reason = award.revoked_reason.strip() or REVOKED_DEFAULT_REASON
        return documents.revoked_assertion(assertion_id=url, reason=reason), REVOKED_STATUS
    pack = _pack_of(award)
    consent = db().get(BadgeConsent, award.player_id)
    document = documents.assertion(
        assertion_id=url,
        badge_class_id=to.badge_class(pack, award.skill_id),
        recipient=_recipient(award, consent),
        issued_on=award.issued_at,
        expires=award.expires_at,
        image=to.assertion_image(award.public_id),
        evidence_narrative=award.narrative,
        evidence_name=awards.EVIDENCE_NAME,
        evidence_id=awards.Links(to.base).page(award.public_id),
    )
    return document, 200


def _issuer_email() -> str | None:
    """The contact e-mail set in the console (``/api/settings``), else the initial value
    ``ECLATS_ISSUER_EMAIL`` read with the configuration; None while neither is set: the
    profile then goes out without ``email`` (incomplete, but every badge still verifies)
    and the console asks a facilitator for it."""
    return settings.issuer_settings().contact.email


@ob2.route("/ob2/assertions/<public_id>")
def assertion(public_id: str) -> Response:
    document, status = assertion_document(awards.find(db(), public_id))
    return _json(document, status, cache="no-cache")


@ob2.route("/ob2/assertions/<public_id>.png")
def assertion_png(public_id: str) -> Response:
    """The badge image baked for OB 2.0 (``openbadges`` iTXt chunk) with the hosted
    Assertion's URL: backpacks read the URL and fetch the Assertion there."""
    award = awards.find(db(), public_id)
    if erased(award):
        abort(410, description="Ce badge a été retiré et effacé à la demande de la personne.")
    facts = _badge_facts(_pack_of(award), award.skill_id)
    picture = image.png(facts.name, facts.category, facts.color)
    baked = bake.bake_png(picture, links().assertion(award.public_id), version="2.0")
    response = _png(baked, f"badge-{public_id}-ob2.png")
    response.headers["Cache-Control"] = "no-cache"
    return response


@ob2.route("/ob2/badges/<pack>/<skill_id>")
def badge_class(pack: str, skill_id: str) -> Response:
    facts = _badge_facts(pack, skill_id)
    to = links()
    document = documents.badge_class(
        badge_class_id=to.badge_class(pack, skill_id),
        name=facts.name,
        description=facts.description,
        image=to.badge_image(pack, skill_id),
        criteria_narrative=facts.criteria,
        issuer_id=to.issuer(),
        tags=[facts.category],
    )
    return _json(document)


@ob2.route("/ob2/badges/<pack>/<skill_id>.png")
def badge_class_png(pack: str, skill_id: str) -> Response:
    facts = _badge_facts(pack, skill_id)
    response = _png(image.png(facts.name, facts.category, facts.color), f"{skill_id}.png")
    response.headers["Cache-Control"] = "max-age=300"
    return response


@ob2.route("/ob2/issuer")
def issuer() -> Response:
    document = documents.issuer(
        issuer_id=links().issuer(),
        name=load_named_pack(current_app.config["DEFAULT_PACK"]).organisation,
        url=urls.public_base(),
        email=_issuer_email(),
    )
    return _json(document)
