"""Facilitators review free-text and photo answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from game.rules import quests as rules
from game.rules.errors import InvalidInput, NotFound, RuleViolation
from game.store.models import Facilitator, Submission, Team

from .common import Routed, catalog_of, credit, snapshot_from, team_rows, write_state

MAX_BONUS = 50


def list_submissions(db: Session, session_id: int, status: str | None) -> list[Submission]:
    query = select(Submission).join(Team).where(Team.session_id == session_id)
    if status:
        query = query.where(Submission.status == status)
    return list(db.scalars(query.order_by(Submission.created_at, Submission.id)))


def get_submission(db: Session, submission_id: int) -> Submission:
    submission = db.get(Submission, submission_id)
    if submission is None:
        raise NotFound("no_submission", "Cette réponse n'existe pas.")
    return submission


def review(
    db: Session,
    facilitator: Facilitator,
    submission_id: int,
    approved: bool,
    comment: str,
    bonus: int,
    now: datetime,
) -> tuple[Submission, list[Routed]]:
    submission = get_submission(db, submission_id)
    if submission.status != "pending":
        raise RuleViolation("already_reviewed", "Cette réponse a déjà été relue.")
    if not 0 <= bonus <= MAX_BONUS:
        raise InvalidInput("bonus", f"Le bonus doit être entre 0 et {MAX_BONUS} éclats.")
    team = submission.team
    session = team.session
    catalog = catalog_of(session)
    quest = catalog.quest(submission.quest_id)
    if quest is None:
        raise NotFound("no_quest", "La mission de cette réponse n'existe plus dans le pack.")
    rows = team_rows(db, team.id)
    state, reviewed, solved = rules.review(
        quest, snapshot_from(db, team.id, rows).state(quest.id), approved, bonus if approved else 0
    )
    write_state(db, team, rows, quest.id, state, now, submission.player_id)
    if solved:
        credit(db, team, session.current_day, quest.reward, "quest", quest.id, now)
        credit(db, team, session.current_day, bonus, "bonus", quest.id, now)
    submission.status = "approved" if approved else "rejected"
    submission.comment = comment.strip()
    submission.bonus = bonus if approved else 0
    submission.reviewed_at = now
    submission.reviewer_id = facilitator.id
    db.flush()
    events = [Routed(reviewed, session.id, team.id)] + ([Routed(solved, session.id, team.id)] if solved else [])
    return submission, events
