"""The end of the retention period (``eclats purge``): which sessions' young people must
be erased, and their erasure, one session at a time, through the very erasure a young
person or a facilitator can ask for (``privacy.erase_player``).

What stays of a purged session is anonymous: its name, dates, teams and the teams'
progress and totals (the reports), and its badges, revoked and emptied as an erasure
leaves them. The session's phone bans stay, as they stay after an erasure (a keyed hash
of a random id, no personal data: ``SessionBan``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from badges.ob2 import RETENTION_REASON
from content.catalog import DAYS_IN_SESSION
from content.loader import PackError, load_named_pack
from game.rules import retention
from game.rules.calendar import planned_dates
from game.store.models import Award, GameSession, Player

from . import privacy


@dataclass(frozen=True)
class Due:
    """A session past its retention period that still holds young people's data."""

    session_id: int
    organisation_id: int  # whose retention applies: the session's organisation's
    name: str
    last_day: date  # the planned last day: the session's end
    kept_until: date  # the last day its data could be kept
    players: int
    badges: int  # badges of those players: revoked (if not already) and emptied


@dataclass(frozen=True)
class Purged:
    due: Due
    photos: list[Path]  # to remove once the session's transaction has committed


def last_day(game: GameSession) -> date:
    """The planned last day; a pack removed since then counts as the usual ten days (its
    young people must still be erased)."""
    try:
        days = len(load_named_pack(game.pack).days)  # (the variants change no dates)
    except PackError:
        days = DAYS_IN_SESSION
    return planned_dates(game.start_date, days)[-1]


def _players(db: Session, session_id: int) -> int:
    return db.scalar(select(func.count(Player.id)).where(Player.session_id == session_id)) or 0


def _badges(db: Session, session_id: int) -> int:
    held = select(Player.id).where(Player.session_id == session_id)
    return db.scalar(select(func.count(Award.id)).where(Award.player_id.in_(held))) or 0


def _due(db: Session, game: GameSession, today: date, months: int) -> Due | None:
    end = last_day(game)
    if not retention.past(end, months, today):
        return None
    players = _players(db, game.id)
    if players == 0:
        return None  # already purged (or nobody ever joined): nothing to erase
    return Due(
        game.id, game.organisation_id, game.name, end, retention.kept_until(end, months), players, _badges(db, game.id)
    )


def due(db: Session, today: date, months: Mapping[int, int]) -> list[Due]:
    """The sessions whose young people's data must be erased on ``today``, oldest first,
    each against its own organisation's retention (``months``: by organisation id).
    Changes nothing (the dry run)."""
    found = [
        _due(db, game, today, months[game.organisation_id])
        for game in db.scalars(select(GameSession).order_by(GameSession.id))
        if game.organisation_id in months  # (an organisation made since ``months`` was read has nothing past it)
    ]
    return sorted((d for d in found if d is not None), key=lambda d: (d.last_day, d.session_id))


def purge_session(
    db: Session, session_id: int, today: date, months: int, upload_dir: Path, now: datetime
) -> Purged | None:
    """Erase every young person of one session past its retention period (``months``: its
    organisation's), as an erasure does. Checked again here (a second run, or another
    purge at the same time, finds nothing and changes nothing). The caller commits once
    for the whole session: a failure leaves the session as it was."""
    game = db.get(GameSession, session_id)
    if game is None:
        return None
    found = _due(db, game, today, months)
    if found is None:
        return None
    photos: list[Path] = []
    for player in list(db.scalars(select(Player).where(Player.session_id == game.id).order_by(Player.id))):
        photos.extend(privacy.erase_player(db, player, upload_dir, now, reason=RETENTION_REASON).photos)
    db.flush()
    return Purged(found, photos)
