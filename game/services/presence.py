"""Who is online: one row per live socket, owned by the server process that holds it.

Every ``eclats serve`` process heartbeats (``heartbeat``: a ``server_processes`` row it
renews). The sockets of a process whose row has expired (it died without closing them:
SIGKILL, power cut, a machine lost) count for nobody, and the next heartbeat of any live
process deletes them (``sweep``) and says who went offline. Sockets of a process that
never heartbeats (the Flask-SocketIO test client) count as long as they exist, as before.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from game.rules import liveness
from game.store.models import Connection, Player
from game.store.processes import ServerProcess


def _alive(now: datetime) -> ColumnElement[bool]:
    """Rows of a process that is alive at ``now``, or that never heartbeats (the SQL
    form of ``liveness.is_alive``: dead once ``expires_at <= now``)."""
    dead = select(ServerProcess.name).where(ServerProcess.expires_at <= now)
    return Connection.process.not_in(dead)


def connected(db: Session, sid: str, player: Player, process: str, now: datetime) -> bool:
    """Record a socket; True when it is the player's first one (they just came online)."""
    before = (
        db.scalar(select(func.count()).select_from(Connection).where(Connection.player_id == player.id, _alive(now)))
        or 0
    )
    db.merge(Connection(sid=sid, player_id=player.id, process=process, connected_at=now))
    return before == 0


def disconnected(db: Session, sid: str, now: datetime) -> Player | None:
    """Forget a socket; returns the player when it was their last one (they went offline)."""
    row = db.get(Connection, sid)
    if row is None:
        return None
    player_id = row.player_id
    db.delete(row)
    db.flush()
    left = (
        db.scalar(select(func.count()).select_from(Connection).where(Connection.player_id == player_id, _alive(now)))
        or 0
    )
    return db.get(Player, player_id) if left == 0 else None


def sockets_of(db: Session, player_id: int, now: datetime) -> list[str]:
    """The player's live sockets (on any live server process)."""
    return list(db.scalars(select(Connection.sid).where(Connection.player_id == player_id, _alive(now))))


def online_in_team(db: Session, team_id: int, now: datetime) -> list[int]:
    query = select(Connection.player_id).join(Player).where(Player.team_id == team_id, _alive(now)).distinct()
    return sorted(db.scalars(query))


def online_in_session(db: Session, session_id: int, now: datetime) -> list[int]:
    query = select(Connection.player_id).join(Player).where(Player.session_id == session_id, _alive(now)).distinct()
    return sorted(db.scalars(query))


def forget_process(db: Session, process: str | None) -> None:
    """A (re)starting server process drops the sockets it held before it stopped
    (``None``: all of them, for a server that runs alone)."""
    query = delete(Connection)
    if process is not None:
        query = query.where(Connection.process == process)
    db.execute(query)


def heartbeat(db: Session, process: str, now: datetime, heartbeat_s: float = liveness.HEARTBEAT_S) -> None:
    """This process is alive: its sockets count until ``MISSED`` heartbeats from now."""
    row = db.get(ServerProcess, process)
    if row is None:
        row = ServerProcess(name=process, started_at=now)
        db.add(row)
    row.seen_at, row.expires_at = now, liveness.expires_at(now, heartbeat_s)


def stopped(db: Session, process: str) -> None:
    """A process that stops cleanly: its sockets are closed already, its row goes."""
    db.execute(delete(Connection).where(Connection.process == process))
    db.execute(delete(ServerProcess).where(ServerProcess.name == process))


def sweep(db: Session, now: datetime) -> list[Player]:
    """Delete the sockets and rows of the processes that stopped heartbeating; returns the
    players who are now offline (none of their sockets is on a live process)."""
    dead = list(db.scalars(select(ServerProcess.name).where(ServerProcess.expires_at <= now)))
    if not dead:
        return []
    # what this sweep deleted itself: of two processes sweeping at once, one tells
    held = set(db.scalars(delete(Connection).where(Connection.process.in_(dead)).returning(Connection.player_id)))
    db.execute(delete(ServerProcess).where(ServerProcess.name.in_(dead)))
    if not held:
        return []
    still = set(db.scalars(select(Connection.player_id).where(Connection.player_id.in_(held), _alive(now))))
    gone = sorted(held - still)
    return list(db.scalars(select(Player).where(Player.id.in_(gone)).order_by(Player.id))) if gone else []
