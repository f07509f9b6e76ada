"""Answers to the reviewed missions (free text, photo): a team sends one, a facilitator
approves or rejects it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from content.catalog import Quest
from game.rules import kinds
from game.rules import quests as rules
from game.rules.errors import InvalidInput, NotFound, RuleViolation
from game.rules.names import clean_text
from game.store.models import Facilitator, Player, Submission, Team

from . import photos
from .common import Routed, calendar_of, catalog_of, credit, snapshot_from, snapshot_of, team_rows, write_state
from .play import quest_of, team_of

MAX_BONUS = 50
MAX_TEXT = 2000  # a written answer, or a photo's caption (cut, not refused: the photo is what counts)


def check_submittable(db: Session, player: Player, quest_id: str) -> Quest:
    """What ``submit`` checks (the quest waits for an answer to review, and the team may
    send one now), without writing anything. Called before a photo is even read, so
    that a refused answer costs no upload and no decoding."""
    session = player.session
    catalog = catalog_of(session)
    quest = catalog.quest(quest_id)
    if quest is None or not kinds.of(quest.kind).reviewed:
        raise InvalidInput("not_reviewed", "Cette mission n'attend pas de réponse à relire.")
    rules.submit_for_review(quest, catalog, calendar_of(session), snapshot_of(db, team_of(player).id))
    return quest


@contextmanager
def photo_stored(db: Session, data: bytes | None, folder: Path) -> Iterator[str | None]:
    """Store a photo answer (``None``: the answer has no photo) for ``submit`` to record,
    and remove it again if recording the answer fails: nothing half-written.

    The read transaction is ended first, so that no database connection is held while
    the photo waits for a decoder (nothing has been written yet)."""
    if data is None:
        yield None
        return
    db.rollback()
    name = photos.store_photo(data, folder)
    try:
        yield name
    except Exception:
        (folder / name).unlink(missing_ok=True)
        raise


def submit(
    db: Session, player: Player, quest_id: str, text: str, photo_path: str | None, now: datetime
) -> tuple[Submission, list[Routed]]:
    """Record a team's answer for review: a text, or a photo (``photo_path``, from
    ``photo_stored``) with an optional caption."""
    session = player.session
    catalog = catalog_of(session)
    quest = quest_of(catalog, quest_id)
    kind = kinds.of(quest.kind)
    if kind.photo:
        text = text[:MAX_TEXT]
    text = clean_text(text).strip()  # the facilitator reads it: no bidi override, nothing invisible
    if not kind.photo and not text:
        raise InvalidInput("text", "Données invalides — « text » : écris ta réponse.")
    team = team_of(player)
    rows = team_rows(db, team.id)
    snap = snapshot_from(db, team.id, rows)
    state, event = rules.submit_for_review(quest, catalog, calendar_of(session), snap)
    write_state(db, team, rows, quest.id, state, now, player.id)
    submission = Submission(
        team_id=team.id,
        player_id=player.id,
        quest_id=quest.id,
        kind=quest.kind.value,
        text=text,
        photo_path=photo_path,
        status="pending",
        created_at=now,
    )
    db.add(submission)
    db.flush()
    return submission, [Routed(event, session.id, team.id, player.id)]


def list_submissions(db: Session, session_id: int, status: str | None) -> list[Submission]:
    query = select(Submission).join(Team).where(Team.session_id == session_id)
    if status:
        query = query.where(Submission.status == status)
    return list(db.scalars(query.order_by(Submission.created_at, Submission.id)))


def get_submission(db: Session, submission_id: int) -> Submission:
    submission = db.get(Submission, submission_id)
    if submission is None:
        raise no_submission()
    return submission


def no_submission() -> NotFound:
    """A missing answer, and one of another organisation (game/services/organisations.py)."""
    return NotFound("no_submission", "Cette réponse n'existe pas.")


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
