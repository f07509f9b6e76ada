"""Materialise and share: the facilitator issues a skill's Open Badge 3.0 to young people
who agreed to receive badges; it is signed (eddsa-rdfc-2022, did:key) and kept exactly
as issued; revocation goes through a Bitstring Status List."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from badges import build, sign
from badges.keys import KeyRing
from badges.status_list import StatusList, status_list_credential, status_list_entry
from content.catalog import LEVELS, Catalog, Skill
from game.rules.errors import InvalidInput, NotFound, RuleViolation
from game.store.models import Award, BadgeConsent, Facilitator, Player
from game.store.organisations import DEFAULT_ID

from . import issuers
from .common import catalog_of, get_session
from .evidence import evidence_for
from .sessions import player_in

STATUS_LIST_PATH = "/badges/status/{}"  # one list per organisation, named by its id
EVIDENCE_NAME = "Ce que le jeu a montré"  # the evidence entry of every credential
LEVEL_SCALE = "Niveau de maîtrise (référentiel RECTEC)"  # the name of every badge's scale of levels


@dataclass(frozen=True)
class Links:
    """Where an award lives on this server (``base`` is the public address)."""

    base: str

    def page(self, public_id: str) -> str:
        return f"{self.base}/badges/{public_id}"

    def achievement(self, pack: str, skill_id: str) -> str:
        return f"{self.base}/badges/achievements/{pack}/{skill_id}"

    def status_list(self, organisation_id: int = DEFAULT_ID) -> str:
        """The organisation's revocation list (the default organisation's is
        ``/badges/status/1``, where every badge issued before organisations points)."""
        return self.base + STATUS_LIST_PATH.format(organisation_id)


def holder_id(links: Links, public_id: str) -> str:
    """The credential subject's id when the holder gave no e-mail: a name derived from the
    badge's page, never from the person (the one rule, for OB 3.0 and OB 2.0 alike)."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, links.page(public_id))}"


def level_words(skill: Skill) -> str:
    """The skill's level in words (catalog LEVELS, RECTEC), "" for a skill without one."""
    return LEVELS.get(skill.level or 0, "")


def level_scale(achievement_id: str, skill: Skill) -> build.LevelScale | None:
    """The four RECTEC levels as the badge's OB 3.0 ``ResultDescription``, the skill's own
    level required (None for a skill without a level)."""
    if skill.level is None:
        return None
    levels = tuple(
        build.RubricLevel(f"{achievement_id}#niveau-{n}", name, str(n)) for n, name in sorted(LEVELS.items())
    )
    return build.LevelScale(f"{achievement_id}#niveaux", LEVEL_SCALE, levels, f"{achievement_id}#niveau-{skill.level}")


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def badge_skill(catalog: Catalog, skill_id: str) -> Skill:
    skill = next((s for s in catalog.skills if s.id == skill_id), None)
    if skill is None:
        raise NotFound("no_skill", "Cette compétence n'existe pas dans le pack.")
    if not skill.is_badge:
        raise InvalidInput("not_a_badge", f"« {skill.name} » n'a pas de badge dans ce pack.")
    return skill


@dataclass(frozen=True)
class Skipped:
    player_id: int
    nickname: str
    reason: str


def issue(
    db: Session,
    staff: Facilitator,
    session_id: int,
    player_ids: list[int],
    skill_id: str,
    now: datetime,
    ring: KeyRing,
    links: Links,
    initial_email: str | None = None,
) -> tuple[list[Award], list[Skipped]]:
    """Issue the skill's badge to each player who agreed to receive badges and does not
    hold it already; the others are returned with the reason, nothing is issued to them.
    The badge is the session's organisation's: its issuer profile, signed with its key
    (``ring`` is the installation's, :func:`issuers.key_ring`), its revocation list;
    ``initial_email``: ``ECLATS_ISSUER_EMAIL``, the default organisation's e-mail until
    its staff give one."""
    if not player_ids:
        raise InvalidInput("player_ids", "Choisissez au moins un jeune.")
    session = get_session(db, session_id)
    catalog = catalog_of(session)
    skill = badge_skill(catalog, skill_id)
    organisation_id = session.organisation_id
    key = issuers.key_ring(ring, organisation_id).active
    issuer = issuers.credential_issuer(db, organisation_id, catalog.organisation, key.did, links.base, initial_email)
    issued: list[Award] = []
    skipped: list[Skipped] = []
    own = Award.organisation_id == organisation_id
    next_index = (db.scalar(select(func.max(Award.status_index)).where(own)) or 0) + 1
    for player_id in dict.fromkeys(player_ids):
        player = player_in(db, session.id, player_id)
        consent = db.get(BadgeConsent, player.id)
        if consent is None:
            skipped.append(Skipped(player.id, player.nickname, "pas encore d'accord pour recevoir des badges"))
            continue
        live = db.scalar(
            select(Award).where(Award.player_id == player.id, Award.skill_id == skill.id, Award.revoked_at.is_(None))
        )
        if live is not None:
            skipped.append(Skipped(player.id, player.nickname, "a déjà ce badge"))
            continue
        public_id = str(uuid.uuid4())
        expires = now + timedelta(days=skill.valid_days) if skill.valid_days else None
        narrative = _narrative(db, player, skill)
        credential = _credential(
            issuer,
            session.pack,
            skill,
            player,
            consent,
            public_id,
            next_index,
            now,
            expires,
            narrative,
            links,
            organisation_id,
        )
        signed = sign.sign(credential, key, _utc(now))
        award = Award(
            public_id=public_id,
            player_id=player.id,
            session_id=session.id,
            organisation_id=organisation_id,
            skill_id=skill.id,
            name=skill.name,
            recipient_name=player.nickname,
            issued_at=now,
            expires_at=expires,
            revoked_reason="",
            issued_by=staff.id,
            status_index=next_index,
            key_id=key.verification_method,
            narrative=narrative,
            credential=json.dumps(signed, ensure_ascii=False),
        )
        db.add(award)
        issued.append(award)
        next_index += 1
    db.flush()
    return issued, skipped


def _narrative(db: Session, player: Player, skill: Skill) -> str:
    items = next((e.counted for e in evidence_for(db, player) if e.skill.id == skill.id), [])
    if not items:
        return skill.criteria or ""
    listed = "; ".join(i.label for i in items[-5:])
    return f"{skill.criteria} Observé dans le jeu : {listed}."


def _credential(
    issuer: build.Issuer,
    pack: str,
    skill: Skill,
    player: Player,
    consent: BadgeConsent,
    public_id: str,
    index: int,
    now: datetime,
    expires: datetime | None,
    narrative: str,
    links: Links,
    organisation_id: int,
) -> dict[str, Any]:
    scale = level_scale(links.achievement(pack, skill.id), skill)
    achievement = build.Achievement(
        id=links.achievement(pack, skill.id),
        name=skill.name,
        description=skill.description,
        criteria_narrative=skill.criteria or skill.description,
        image_url=links.achievement(pack, skill.id) + ".png",
        achievement_type="Competency",
        tags=(skill.category,),
        levels=scale,
    )
    credential = build.open_badge_credential(
        credential_id=links.page(public_id),
        issuer=issuer,
        achievement=achievement,
        valid_from=_utc(now),
        valid_until=_utc(expires) if expires else None,
        name=f"{skill.name} — {player.nickname}",
        subject_id=holder_id(links, public_id),
        credential_status=status_list_entry(links.status_list(organisation_id), index),
        achieved_level=scale.required if scale else None,
    )
    subject = credential["credentialSubject"]
    if consent.email_hash and consent.salt:
        # the e-mail itself was never kept: its salted hash goes in as it was computed
        subject.pop("id", None)
        subject["identifier"] = [
            {
                "type": "IdentityObject",
                "identityHash": consent.email_hash,
                "identityType": "emailAddress",
                "hashed": True,
                "salt": consent.salt,
            }
        ]
    subject["achievement"] = {**subject["achievement"]}
    credential["credentialSubject"] = {**subject, "type": ["AchievementSubject"]}
    credential["evidence"] = [{"type": ["Evidence"], "narrative": narrative, "name": EVIDENCE_NAME}]
    return credential


def revoke(db: Session, public_id: str, reason: str, now: datetime) -> Award:
    award = find(db, public_id)
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput("reason", "Indiquez pourquoi ce badge est retiré.")
    if award.revoked_at is not None:
        raise RuleViolation("already_revoked", "Ce badge est déjà retiré.")
    award.revoked_at, award.revoked_reason = now, reason[:300]
    db.flush()
    return award


def find(db: Session, public_id: str) -> Award:
    award = db.scalar(select(Award).where(Award.public_id == public_id))
    if award is None:
        raise no_badge()
    return award


def no_badge() -> NotFound:
    """A missing badge, and, for staff, one of another organisation (game/services/organisations.py)."""
    return NotFound("no_badge", "Ce badge n'existe pas.")


def status(award: Award, now: datetime) -> str:
    if award.revoked_at is not None:
        return "revoked"
    if award.expires_at is not None and award.expires_at <= now:
        return "expired"
    return "valid"


def revoked_list(db: Session, organisation_id: int = DEFAULT_ID) -> StatusList:
    """The organisation's revocation list: the bits of its revoked badges, no one else's."""
    bits = StatusList()
    revoked = select(Award.status_index).where(Award.organisation_id == organisation_id, Award.revoked_at.is_not(None))
    for index in db.scalars(revoked):
        bits.set(index)
    return bits


def signed_status_list(
    db: Session, ring: KeyRing, links: Links, now: datetime, organisation_id: int = DEFAULT_ID
) -> dict[str, Any]:
    """The revocation list an organisation's credentials point to, signed by its active
    key (``ring``: the installation's, :func:`issuers.key_ring`)."""
    key = issuers.key_ring(ring, organisation_id).active
    document = status_list_credential(
        credential_id=links.status_list(organisation_id),
        issuer=key.did,
        status_list=revoked_list(db, organisation_id),
        valid_from=_utc(now),
    )
    return sign.sign(document, key, _utc(now))


def awards_of(db: Session, player: Player) -> list[Award]:
    return list(db.scalars(select(Award).where(Award.player_id == player.id).order_by(Award.issued_at.desc())))


def live_by_skill(db: Session, player: Player) -> dict[str, str]:
    """The player's badges not revoked: skill → the badge's public id."""
    rows = db.scalars(select(Award).where(Award.player_id == player.id, Award.revoked_at.is_(None)))
    return {a.skill_id: a.public_id for a in rows}


def of_session(db: Session, session_id: int) -> list[Award]:
    """The badges issued in a session, newest first."""
    return list(db.scalars(select(Award).where(Award.session_id == session_id).order_by(Award.issued_at.desc())))
