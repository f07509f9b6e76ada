"""Skills incubator endpoints: the young person's reflections and consent (phone), the
evidence and observations (console)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import select

from game.services import evidence, sessions
from game.store.models import Award, BadgeConsent

from ..auth import current_player, current_staff, player_required, staff_required
from ..extensions import db, transaction
from ..schemas import badges as bs
from .staff import now

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
@player_required
@incubator_blp.response(200, bs.PromptOut(many=True))
def my_reflections() -> list[dict[str, Any]]:
    """The end-of-day questions of the days opened so far, with my answers."""
    return [_prompt(p) for p in evidence.prompts(db(), current_player())]


@incubator_blp.route("/me/reflections/<int:day>/<int:index>", methods=["PUT"])
@player_required
@incubator_blp.arguments(bs.ReflectionIn)
@incubator_blp.response(200, bs.PromptOut)
def reflect(body: dict[str, Any], day: int, index: int) -> dict[str, Any]:
    with transaction() as session:
        prompt = evidence.reflect(session, current_player(), day, index, body["text"], now())
    return _prompt(prompt)


@incubator_blp.route("/me/badges/consent")
@player_required
@incubator_blp.response(200, bs.ConsentOut)
def my_consent() -> dict[str, Any]:
    return _consent(evidence.consent_of(db(), current_player().id))


@incubator_blp.route("/me/badges/consent", methods=["PUT"])
@player_required
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
@staff_required
@incubator_blp.response(200, bs.PlayerEvidenceOut)
def player_evidence(session_id: int, player_id: int) -> dict[str, Any]:
    """What the game and the facilitators saw this young person do, skill by skill, with
    their own words: what a facilitator reads before issuing a badge."""
    player = sessions.player_in(db(), session_id, player_id)
    live = {
        a.skill_id: a.public_id
        for a in db().scalars(select(Award).where(Award.player_id == player.id, Award.revoked_at.is_(None)))
    }
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
                "items": [{"kind": i.kind, "label": i.label, "at": i.at} for i in e.items],
                "awarded": live.get(e.skill.id),
            }
            for e in evidence.evidence_for(db(), player)
        ],
    }


@incubator_blp.route("/sessions/<int:session_id>/players/<int:player_id>/observations", methods=["POST"])
@staff_required
@incubator_blp.arguments(bs.ObservationIn)
@incubator_blp.response(201, bs.EvidenceOut)
def observe(body: dict[str, Any], session_id: int, player_id: int) -> dict[str, Any]:
    with transaction() as session:
        player = sessions.player_in(session, session_id, player_id)
        row = evidence.observe(session, current_staff(), player, body["skill_id"], body["text"], now())
        out = {"kind": "observed", "label": row.text, "at": row.created_at}
    return out
