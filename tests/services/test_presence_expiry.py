"""Presence across processes: the sockets of a server process that stopped heartbeating
(killed, machine lost) stop counting after three missed beats, and a live process's
sweep deletes them and says who went offline; a clean stop removes them at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from game.rules import liveness
from game.services import presence
from game.store.models import Connection
from game.store.processes import ServerProcess

from .conftest import NOW, Game

A, B = "machine-1:8001", "machine-2:8002"


def test_a_process_is_alive_until_three_heartbeats_are_missed() -> None:
    expires = liveness.expires_at(NOW, 15)
    assert expires == NOW + timedelta(seconds=45)
    assert liveness.is_alive(expires, NOW + timedelta(seconds=44.9))
    assert not liveness.is_alive(expires, NOW + timedelta(seconds=45))
    with pytest.raises(ValueError):
        liveness.expires_at(NOW, 0)


def test_the_sockets_of_a_process_that_stopped_beating_stop_counting(session: Session, game: Game) -> None:
    ines, yanis = game.players
    team = game.teams[0].id
    presence.heartbeat(session, A, NOW, 15)
    presence.heartbeat(session, B, NOW, 15)
    assert presence.connected(session, "sid-ines", ines, A, NOW)
    assert presence.connected(session, "sid-yanis", yanis, B, NOW)
    session.commit()
    later = NOW + timedelta(seconds=40)
    presence.heartbeat(session, B, later, 15)  # B beats on; A was killed at NOW
    assert presence.online_in_team(session, team, later) == sorted([ines.id, yanis.id])
    gone_by = NOW + timedelta(seconds=45)
    assert presence.online_in_team(session, team, gone_by) == [yanis.id]
    assert presence.online_in_session(session, game.session.id, gone_by) == [yanis.id]
    assert presence.sockets_of(session, ines.id, gone_by) == []
    # Inès's phone reconnects to B: she comes online again (her dead socket does not count)
    assert presence.connected(session, "sid-ines-2", ines, B, gone_by)
    assert presence.disconnected(session, "sid-ines-2", gone_by) == ines


def test_the_sweep_deletes_a_dead_process_and_says_who_went_offline(session: Session, game: Game) -> None:
    ines, yanis = game.players
    presence.heartbeat(session, A, NOW, 15)
    presence.heartbeat(session, B, NOW, 15)
    presence.connected(session, "sid-ines", ines, A, NOW)
    presence.connected(session, "sid-yanis-a", yanis, A, NOW)
    presence.connected(session, "sid-yanis-b", yanis, B, NOW)  # Yanis also has a tab on B
    session.commit()
    assert presence.sweep(session, NOW + timedelta(seconds=30)) == []  # nobody is dead yet
    later = NOW + timedelta(seconds=50)
    presence.heartbeat(session, B, later, 15)
    assert presence.sweep(session, later) == [ines]  # Yanis is still online through B
    session.commit()
    assert session.scalar(select(func.count()).select_from(Connection).where(Connection.process == A)) == 0
    assert session.get(ServerProcess, A) is None and session.get(ServerProcess, B) is not None
    assert presence.sweep(session, later) == []  # once only


def test_sockets_of_a_process_that_never_beats_keep_counting(session: Session, game: Game) -> None:
    """The Flask-SocketIO test client and any embedding that does not run ``eclats serve``."""
    ines, _ = game.players
    presence.connected(session, "sid-ines", ines, "test-client", NOW)
    session.commit()
    assert presence.online_in_team(session, game.teams[0].id, NOW + timedelta(days=1)) == [ines.id]
    assert presence.sweep(session, NOW + timedelta(days=1)) == []


def test_a_clean_stop_removes_the_process_and_its_sockets(session: Session, game: Game) -> None:
    ines, _ = game.players
    presence.heartbeat(session, A, NOW, 15)
    presence.connected(session, "sid-ines", ines, A, NOW)
    presence.stopped(session, A)
    session.commit()
    assert session.get(ServerProcess, A) is None
    assert presence.online_in_team(session, game.teams[0].id, NOW) == []
