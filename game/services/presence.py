"""Who is online: one row per live socket, owned by the server process that holds it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from game.store.models import Connection, Player


def connected(db: Session, sid: str, player: Player, process: str, now: datetime) -> bool:
    """Record a socket; True when it is the player's first one (they just came online)."""
    before = db.scalar(select(func.count()).select_from(Connection).where(Connection.player_id == player.id)) or 0
    db.merge(Connection(sid=sid, player_id=player.id, process=process, connected_at=now))
    return before == 0


def disconnected(db: Session, sid: str) -> Player | None:
    """Forget a socket; returns the player when it was their last one (they went offline)."""
    row = db.get(Connection, sid)
    if row is None:
        return None
    player_id = row.player_id
    db.delete(row)
    db.flush()
    left = db.scalar(select(func.count()).select_from(Connection).where(Connection.player_id == player_id)) or 0
    return db.get(Player, player_id) if left == 0 else None


def sockets_of(db: Session, player_id: int) -> list[str]:
    """The player's live sockets (on any server process)."""
    return list(db.scalars(select(Connection.sid).where(Connection.player_id == player_id)))


def online_in_team(db: Session, team_id: int) -> list[int]:
    query = select(Connection.player_id).join(Player).where(Player.team_id == team_id).distinct()
    return sorted(db.scalars(query))


def online_in_session(db: Session, session_id: int) -> list[int]:
    query = select(Connection.player_id).join(Player).where(Player.session_id == session_id).distinct()
    return sorted(db.scalars(query))


def forget_process(db: Session, process: str | None) -> None:
    """A (re)starting server process drops the sockets it held before it stopped
    (``None``: all of them, for a server that runs alone)."""
    query = delete(Connection)
    if process is not None:
        query = query.where(Connection.process == process)
    db.execute(query)
