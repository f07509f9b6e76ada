"""Skills incubator endpoints: the young person's reflections and consent (phone), the
evidence and observations (console)."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_smorest import Blueprint

from badges.cv import CvBadge, cv_pdf
from content.loader import load_named_pack
from game.services import awards, evidence, hosting, issuers, sessions
from game.services.common import get_session
from game.store.models import Award, BadgeConsent

from .. import realtime
from ..auth import current_player, current_staff
from ..clock import now
from ..extensions import db, key_ring, transaction
from ..schemas import badges as bs
from . import public_badges as public
from .settings import initial_issuer_email

incubator_blp = Blueprint("incubator", __name__, url_prefix="/api", description="Compétences et badges")


def _prompt(p: evidence.Prompt) -> dict[str, Any]:
    return {"day": p.day, "index": p.index, "question": p.question, "answer": p.answer}


def _consent(row: BadgeConsent | None) -> dict[str, Any]:
    return {
        "consented": row is not None,
        "with_email": bool(row and row.email_hash),
        "consented_at": row.consented_at if row else None,
    }


@incubator_blp.route("/me/reflections")
@incubator_blp.response(200, bs.PromptOut(many=True))
def my_reflections() -> list[dict[str, Any]]:
    """The end-of-day questions of the days opened so far, with my answers."""
    return [_prompt(p) for p in evidence.prompts(db(), current_player())]


@incubator_blp.route("/me/reflections/<int:day>/<int:index>", methods=["PUT"])
@incubator_blp.arguments(bs.ReflectionIn)
@incubator_blp.response(200, bs.PromptOut)
def reflect(body: dict[str, Any], day: int, index: int) -> dict[str, Any]:
    with transaction() as session:
        prompt = evidence.reflect(session, current_player(), day, index, body["text"], now())
    return _prompt(prompt)


@incubator_blp.route("/me/badges/consent")
@incubator_blp.response(200, bs.ConsentOut)
def my_consent() -> dict[str, Any]:
    return _consent(evidence.consent_of(db(), current_player().id))


@incubator_blp.route("/me/badges/consent", methods=["PUT"])
@incubator_blp.arguments(bs.ConsentIn)
@incubator_blp.response(200, bs.ConsentOut)
def set_consent(body: dict[str, Any]) -> dict[str, Any]:
    """``agree: true`` (with an e-mail or not) before any badge; ``agree: false`` stops
    new badges (those already issued stay mine)."""
    with transaction() as session:
        player = current_player()
        if body["agree"]:
            evidence.consent(session, player, body.get("email"), now())
        else:
            evidence.withdraw(session, player)
        row = evidence.consent_of(session, player.id)
        out = _consent(row)
    return out


@incubator_blp.route("/sessions/<int:session_id>/players/<int:player_id>/evidence")
@incubator_blp.response(200, bs.PlayerEvidenceOut)
def player_evidence(session_id: int, player_id: int) -> dict[str, Any]:
    """What the game and the facilitators saw this young person do, skill by skill, with
    their own words: what a facilitator reads before issuing a badge."""
    player = sessions.player_in(db(), session_id, player_id)
    live = awards.live_by_skill(db(), player)
    return {
        "player_id": player.id,
        "nickname": player.nickname,
        "consent": _consent(evidence.consent_of(db(), player.id)),
        "reflections": [_prompt(p) for p in evidence.prompts(db(), player)],
        "skills": [
            {
                "skill_id": e.skill.id,
                "name": e.skill.name,
                "category": e.skill.category,
                "is_badge": e.skill.is_badge,
                "criteria": e.skill.criteria,
                "suggested": e.suggested,
                "min_evidence": e.skill.min_evidence,
                "counted": len(e.counted),
                "evidence": list(e.skill.evidence),
                "level": e.skill.level,
                "level_name": awards.level_words(e.skill),
                "items": [
                    {"kind": i.kind, "label": i.label, "at": i.at, "counts": i.kind in e.skill.evidence}
                    for i in e.items
                ],
                "awarded": live.get(e.skill.id),
            }
            for e in evidence.evidence_for(db(), player)
        ],
    }


@incubator_blp.route("/sessions/<int:session_id>/players/<int:player_id>/observations", methods=["POST"])
@incubator_blp.arguments(bs.ObservationIn)
@incubator_blp.response(201, bs.EvidenceOut)
def observe(body: dict[str, Any], session_id: int, player_id: int) -> dict[str, Any]:
    with transaction() as session:
        player = sessions.player_in(session, session_id, player_id)
        row = evidence.observe(session, current_staff(), player, body["skill_id"], body["text"], now())
        out = {"kind": "observed", "label": row.text, "at": row.created_at}
    return out


def award_out(award: Award, category: str = "") -> dict[str, Any]:
    to = public.links()
    base = f"/badges/{award.public_id}"
    return {
        "id": award.public_id,
        "skill_id": award.skill_id,
        "name": award.name,
        "category": category,
        "player_id": award.player_id,
        "nickname": award.recipient_name,
        "issued_at": award.issued_at,
        "expires_at": award.expires_at,
        "revoked": award.revoked_at is not None,
        "revoked_reason": award.revoked_reason,
        "expired": awards.status(award, now()) == "expired",
        "level": hosting.level_name(award),
        "links": {
            "page": to.page(award.public_id),
            "credential": base + "/credential.json",
            "png": base + "/badge.png",
            "svg": base + "/badge.svg",
            "linkedin": hosting.linkedin_url(award, to),
        },
    }


def _categories(pack: str) -> dict[str, str]:
    return {s.id: s.category for s in load_named_pack(pack).skills}


@incubator_blp.route("/sessions/<int:session_id>/badges", methods=["POST"])
@incubator_blp.arguments(bs.IssueIn)
@incubator_blp.response(201, bs.IssueOut)
def issue(body: dict[str, Any], session_id: int) -> dict[str, Any]:
    """Issue a skill's badge to one or several young people. Those who have not agreed to
    receive badges, or already hold it, are listed as skipped: nothing is issued to them."""
    with transaction() as session:
        issued, skipped = awards.issue(
            session, current_staff(), session_id, body["player_ids"], body["skill_id"], now(),
            key_ring(), public.links(), initial_issuer_email(),
        )  # fmt: skip
        cats = _categories(get_session(session, session_id).pack)
        out = {
            "issued": [award_out(a, cats.get(a.skill_id, "")) for a in issued],
            "skipped": [{"player_id": s.player_id, "nickname": s.nickname, "reason": s.reason} for s in skipped],
        }
    for award in issued:
        realtime.publish_badge(award.player_id, award.public_id, award.name)
    return out


@incubator_blp.route("/sessions/<int:session_id>/badges")
@incubator_blp.response(200, bs.AwardOut(many=True))
def session_badges(session_id: int) -> list[dict[str, Any]]:
    game = get_session(db(), session_id)
    cats = _categories(game.pack)
    return [award_out(a, cats.get(a.skill_id, "")) for a in awards.of_session(db(), game.id)]


@incubator_blp.route("/badges/<public_id>/revoke", methods=["POST"])
@incubator_blp.arguments(bs.RevokeIn)
@incubator_blp.response(200, bs.AwardOut)
def revoke(body: dict[str, Any], public_id: str) -> dict[str, Any]:
    """Revoke a badge with a reason: verifiers see it revoked at once (status list)."""
    with transaction() as session:
        award = awards.revoke(session, public_id, body["reason"], now())
        out = award_out(award)
    realtime.publish_badge(award.player_id, award.public_id, award.name, revoked=True)
    return out


@incubator_blp.route("/me/badges")
@incubator_blp.response(200, bs.MyBadgesOut)
def my_badges() -> dict[str, Any]:
    player = current_player()
    cats = _categories(player.session.pack)
    return {"badges": [award_out(a, cats.get(a.skill_id, "")) for a in awards.awards_of(db(), player)]}


@incubator_blp.route("/me/cv.pdf")
@incubator_blp.response(200)
def my_cv() -> Response:
    """My one-page CV compétences: my badges, each with a QR code to verify it."""
    player = current_player()
    catalog = load_named_pack(player.session.pack)
    skills = {s.id: s for s in catalog.skills}
    items = []
    for a in awards.awards_of(db(), player):
        skill = skills.get(a.skill_id)
        items.append(
            CvBadge(
                name=a.name,
                category=skill.category if skill else "",
                criteria=(skill.criteria or "") if skill else "",
                issued_at=a.issued_at,
                expires_at=a.expires_at,
                revoked=a.revoked_at is not None or awards.status(a, now()) == "expired",
                verify_url=public.links().page(a.public_id),
                color=skill.color if skill else None,
            )
        )
    issuer = issuers.profile(db(), player.session.organisation_id, catalog.organisation, initial_issuer_email())
    pdf = cv_pdf(player.nickname, issuer.shown_name, items, now())
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": 'attachment; filename="cv-competences.pdf"'})  # fmt: skip


@incubator_blp.route("/sessions/<int:session_id>/badge-skills")
@incubator_blp.response(200, bs.BadgeSkillOut(many=True))
def badge_skills(session_id: int) -> list[dict[str, Any]]:
    """The skills of the session's pack that have a badge."""
    catalog = load_named_pack(get_session(db(), session_id).pack)
    return [
        {
            "skill_id": s.id,
            "name": s.name,
            "category": s.category,
            "criteria": s.criteria,
            "level": s.level,
            "level_name": awards.level_words(s),
        }
        for s in catalog.skills
        if s.is_badge
    ]
