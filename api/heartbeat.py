"""The server process's heartbeat (README, "Presence across processes"): every
``PRESENCE_HEARTBEAT_S`` seconds an ``eclats serve`` process renews its
``server_processes`` row, then deletes the sockets of the processes that stopped
heartbeating and tells their teams (and the consoles) who went offline.

One mechanism whether Redis is configured or not: the presence rows are in the
database, so their owner's liveness is there too (a Redis key with a TTL would have to
be joined with the rows by hand, and a process alone has no Redis)."""

from __future__ import annotations

import logging

from flask import Flask

from game.services import presence

from . import realtime
from .clock import now
from .extensions import db

log = logging.getLogger(__name__)


def beat(app: Flask) -> None:
    """One heartbeat, then the sweep of the dead processes' sockets."""
    with app.app_context():
        session = db()
        try:
            presence.heartbeat(session, app.config["PROCESS_NAME"], now(), app.config["PRESENCE_HEARTBEAT_S"])
            session.commit()
            gone = presence.sweep(session, now())
            session.commit()
        except Exception:  # a database hiccup: the next beat tries again
            session.rollback()
            log.exception("heartbeat failed")
            return
        for player in gone:
            realtime.publish_presence(player, False)


def run(app: Flask) -> None:
    """Beat forever (in a greenlet of ``eclats serve``)."""
    import gevent

    period = float(app.config["PRESENCE_HEARTBEAT_S"])
    while True:
        gevent.sleep(period)
        beat(app)


def stop(app: Flask) -> None:
    """A clean stop: this process's sockets and row go at once (nobody waits for expiry)."""
    with app.app_context():
        session = db()
        try:
            presence.stopped(session, app.config["PROCESS_NAME"])
            session.commit()
        except Exception:  # the database is gone too: the rows expire by themselves
            session.rollback()
            log.exception("could not remove this process's presence rows")
