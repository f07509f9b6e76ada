"""A player's data, exported or erased on request (GDPR rights; many players are minors).

What a player leaves is small by design: a nickname, a join date, their answers to
reviewed quests and the photos attached, and the places they reached (no positions).
The team's shared progress is not personal and stays when a member leaves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from badges.ob2 import ERASED_REASON
from game.rules.events import MemberLeft
from game.rules.quests import Progress
from game.store.checkins import CheckInFlag, CheckInPrint, CheckInReading
from game.store.models import (
    Award,
    BadgeConsent,
    CheckIn,
    EmailSubscription,
    Observation,
    Player,
    Reflection,
    RoundAnswer,
    Submission,
    TeamQuest,
)

from . import rounds
from .common import Routed, touch_team
from .safety import erase_alerts, export_alerts


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
        # what the facilitator was asked to look at (a position that jumped, a copied fix,
        # another team's poster code): no position, as shown in the console
        "verifications_de_lieux": [
            {"mission": f.quest_id, "motif": f.reason, "fois": f.count, "le": f.last_at.isoformat()}
            for f in db.scalars(select(CheckInFlag).where(CheckInFlag.player_id == player.id).order_by(CheckInFlag.id))
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
        # their answers in the live « situation → offre » rounds (right or not, once revealed)
        "manches_en_direct": rounds.export(db, player),
        "diagnostic": export_diagnosis(db, player),
        # the safety net: an urgent answer and the numbers shown (README, "The safety net")
        "alertes": export_alerts(db, player),
        "bilan_par_e_mail": (sub.email if (sub := db.get(EmailSubscription, player.id)) else None),
        "badges": [
            {"badge": a.name, "id": a.public_id, "le": a.issued_at.isoformat(), "retire": a.revoked_at is not None}
            for a in db.scalars(select(Award).where(Award.player_id == player.id).order_by(Award.id))
        ],
        "donnees_non_collectees": (
            "Ni mot de passe, ni position, ni numéro de téléphone ; une adresse e-mail seulement sous forme "
            "d'empreinte (hash), si tu l'as donnée pour tes badges."
        ),
    }


ERASED_CREDENTIAL = '{"erased": true}'


@dataclass(frozen=True)
class Erasure:
    photos: list[Path]  # to remove once the transaction has committed (a failed commit loses nothing)
    events: list[Routed]  # for the teammates: the roster changed, an answer may be open again


def erase_player(db: Session, player: Player, upload_dir: Path, now: datetime, reason: str = ERASED_REASON) -> Erasure:
    """Delete the player, their answers and their photos (``reason``: why their badges
    are revoked; ``eclats purge`` gives its own, ``game.services.retention``)."""
    photos: list[Path] = []
    events: list[Routed] = []
    if player.team is not None:
        touch_team(db, player.team)
        events.append(Routed(MemberLeft(), player.session_id, player.team_id))
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
    # what the check-in rule kept of their last GPS fixes goes (flags about them lose the name)
    db.execute(delete(CheckInReading).where(CheckInReading.player_id == player.id))
    db.execute(delete(CheckInPrint).where(CheckInPrint.player_id == player.id))
    db.execute(update(CheckInFlag).where(CheckInFlag.player_id == player.id).values(player_id=None))
    # badges: revoked (a copy kept elsewhere must not verify as valid any more) and
    # emptied of the nickname and the signed text; the row keeps the revocation bit
    for award in db.scalars(select(Award).where(Award.player_id == player.id)):
        if award.revoked_at is None:
            award.revoked_at = now
            award.revoked_reason = reason
        award.recipient_name, award.narrative, award.credential = "", "", ERASED_CREDENTIAL
    erase_alerts(db, player)
    db.execute(delete(RoundAnswer).where(RoundAnswer.player_id == player.id))  # (the foreign key cascades too)
    db.delete(player)
    db.flush()
    return Erasure(photos, events)


def _consent(row: BadgeConsent | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"le": row.consented_at.isoformat(), "empreinte_de_l_e_mail": row.email_hash}


def export_diagnosis(db: Session, player: Player) -> list[dict[str, Any]]:
    """The self-diagnosis rounds the player took: their answers in words, and the
    priorities that came out of them (for the export, under "diagnostic")."""
    from game.rules.diagnosis import priorities, ranking
    from game.services.common import catalog_of
    from game.services.diagnosis import given

    diagnosis = catalog_of(player.session).diagnosis
    out: list[dict[str, Any]] = []
    for round_, answers in sorted(given(db, player).items()):
        items = []
        for question_id, choice in answers.choices.items():
            question = diagnosis.question(question_id) if diagnosis else None
            known = question is not None and 0 <= choice < len(question.choices)
            items.append(
                {
                    "question": question.text if question else question_id,
                    "reponse": question.choices[choice].text if question and known else choice,
                }
            )
        out.append(
            {
                "jour": round_,
                "le": answers.answered_at.isoformat(),
                "reponses": items,
                "priorites": [
                    {"famille": s.name, "priorite": s.priority}
                    for s in (ranking(priorities(diagnosis, answers.choices)) if diagnosis else [])
                ],
            }
        )
    return out
