"""Facilitators' words to the whole session or to one team, kept so that a phone that
was offline finds them when it comes back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from game.rules.errors import InvalidInput, NotFound
from game.rules.events import Announcement, TeamMessage
from game.rules.names import clean_text
from game.store.models import Facilitator, Message, Player, Team

from .common import Routed, get_session, touch_team

MAX_TEXT = 500
LATEST = 50


def _clean(text: str) -> str:
    # every phone of the session or team shows it: no bidi override or invisible character
    cleaned = clean_text(text).strip()
    if not 1 <= len(cleaned) <= MAX_TEXT:
        raise InvalidInput("text", f"Le message doit faire entre 1 et {MAX_TEXT} caractères.")
    return cleaned


def announce(db: Session, author: Facilitator, session_id: int, text: str, now: datetime) -> list[Routed]:
    session = get_session(db, session_id)
    cleaned = _clean(text)
    db.add(Message(session_id=session.id, team_id=None, text=cleaned, author_id=author.id, created_at=now))
    session.last_event_at = now  # advances the session's sequence number
    return [Routed(Announcement(cleaned), session.id)]


def message_team(db: Session, author: Facilitator, team_id: int, text: str, now: datetime) -> list[Routed]:
    team = db.get(Team, team_id)
    if team is None:
        raise no_team()
    cleaned = _clean(text)
    db.add(Message(session_id=team.session_id, team_id=team.id, text=cleaned, author_id=author.id, created_at=now))
    touch_team(db, team)
    return [Routed(TeamMessage(cleaned), team.session_id, team.id)]


def no_team() -> NotFound:
    """A missing team, and one of another organisation (game/services/organisations.py)."""
    return NotFound("no_team", "Cette équipe n'existe pas.")


def messages_for(db: Session, player: Player) -> list[Message]:
    """The latest messages to the player's session as a whole or to their team."""
    query = (
        select(Message)
        .where(
            Message.session_id == player.session_id,
            or_(Message.team_id.is_(None), Message.team_id == player.team_id),
        )
        .order_by(Message.id.desc())
        .limit(LATEST)
    )
    return list(reversed(db.scalars(query).all()))
