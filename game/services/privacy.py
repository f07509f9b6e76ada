"""A player's data, exported or erased on request (GDPR rights; many players are minors).

What a player leaves is small by design: a nickname, a join date, their answers to
reviewed quests and the photos attached, and the places they reached (no positions).
The team's shared progress is not personal and stays when a member leaves.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from game.rules.quests import Progress
from game.store.models import (
    Award,
    BadgeConsent,
    CheckIn,
    Observation,
    Player,
    Reflection,
    Submission,
    TeamQuest,
)


def export_player(db: Session, player: Player) -> dict[str, Any]:
    submissions = db.scalars(select(Submission).where(Submission.player_id == player.id).order_by(Submission.id))
    return {
        "pseudo": player.nickname,
        "session": player.session.name,
        "equipe": player.team.name if player.team else None,
        "arrivee": player.joined_at.isoformat(),
        "deconnecte_par_l_animateur": player.revoked_at.isoformat() if player.revoked_at else None,
        "reponses": [
            {
                "mission": s.quest_id,
                "type": s.kind,
                "texte": s.text,
                "photo": bool(s.photo_path),
                "statut": s.status,
                "commentaire": s.comment,
                "envoyee_le": s.created_at.isoformat(),
            }
            for s in submissions
        ],
        # places reached in urban games: which place, when and how; positions are never kept
        "lieux_atteints": [
            {"mission": c.quest_id, "lieu": c.place_id, "comment": c.method, "le": c.created_at.isoformat()}
            for c in db.scalars(select(CheckIn).where(CheckIn.player_id == player.id).order_by(CheckIn.id))
        ],
        "reflexions": [
            {"jour": r.day, "question": r.prompt + 1, "texte": r.text, "le": r.updated_at.isoformat()}
            for r in db.scalars(select(Reflection).where(Reflection.player_id == player.id).order_by(Reflection.id))
        ],
        "observations_des_animateurs": [
            {"competence": o.skill_id, "texte": o.text, "le": o.created_at.isoformat()}
            for o in db.scalars(select(Observation).where(Observation.player_id == player.id).order_by(Observation.id))
        ],
        "accord_pour_les_badges": _consent(db.get(BadgeConsent, player.id)),
        "badges": [
            {"badge": a.name, "id": a.public_id, "le": a.issued_at.isoformat(), "retire": a.revoked_at is not None}
            for a in db.scalars(select(Award).where(Award.player_id == player.id).order_by(Award.id))
        ],
        "donnees_non_collectees": (
            "Ni mot de passe, ni position, ni numéro de téléphone ; une adresse e-mail seulement sous forme "
            "d'empreinte (hash), si tu l'as donnée pour tes badges."
        ),
    }


ERASED = "Données effacées à la demande de la personne."
ERASED_CREDENTIAL = '{"erased": true}'


def erase_player(db: Session, player: Player, upload_dir: Path, now: datetime) -> list[Path]:
    """Delete the player, their answers and their photos. Returns the photo files to
    remove once the transaction has committed (so a failed commit loses nothing)."""
    photos: list[Path] = []
    for submission in db.scalars(select(Submission).where(Submission.player_id == player.id)):
        if submission.photo_path:
            photos.append(upload_dir / submission.photo_path)
        if submission.status == "pending":
            # the answer waiting for review is gone: the team may answer again
            row = db.scalar(
                select(TeamQuest).where(
                    TeamQuest.team_id == submission.team_id, TeamQuest.quest_id == submission.quest_id
                )
            )
            if row is not None and row.progress == Progress.PENDING_REVIEW.value:
                row.progress = Progress.OPEN.value
        db.delete(submission)
    # check-ins stay with the team (where it has been), without the player's name
    for checkin in db.scalars(select(CheckIn).where(CheckIn.player_id == player.id)):
        checkin.player_id = None
    # badges: revoked (a copy kept elsewhere must not verify as valid any more) and
    # emptied of the nickname and the signed text; the row keeps the revocation bit
    for award in db.scalars(select(Award).where(Award.player_id == player.id)):
        if award.revoked_at is None:
            award.revoked_at = now
            award.revoked_reason = ERASED
        award.recipient_name, award.narrative, award.credential = "", "", ERASED_CREDENTIAL
    db.delete(player)
    db.flush()
    return photos


def _consent(row: BadgeConsent | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"le": row.consented_at.isoformat(), "empreinte_de_l_e_mail": row.email_hash}
