"""Per-app singletons: the database engine and the per-request SQLAlchemy session, the
instance secret, the badge signing keys, the mail server."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

from flask import Flask, current_app, g
from flask_socketio import SocketIO
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from badges.keys import KeyRing
from game.rules.errors import RuleViolation
from game.rules.geo import Policy
from game.services.mail import Smtp
from game.store.db import make_engine, make_sessionmaker

# One Socket.IO server per process; create_app binds it to the app (and to the Redis
# message queue when SOCKETIO_MESSAGE_QUEUE is set).
socketio = SocketIO()


class Conflict(RuleViolation):
    status = 409


def init_db(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["eclats.engine"] = engine
    app.extensions["eclats.sessionmaker"] = make_sessionmaker(engine)

    @app.teardown_appcontext
    def _close(_exc: BaseException | None) -> None:
        db = g.pop("db", None)
        if db is not None:
            db.close()


def upload_dir() -> Path:
    """Where photo answers are kept (inside the instance folder, never public)."""
    return Path(current_app.config["UPLOAD_DIR"])


def engine() -> Engine:
    return cast(Engine, current_app.extensions["eclats.engine"])


def db() -> Session:
    """The request's database session, opened on first use."""
    if "db" not in g:
        maker = cast(sessionmaker[Session], current_app.extensions["eclats.sessionmaker"])
        g.db = maker()
    return cast(Session, g.db)


CONFLICT_MESSAGE = "Quelqu'un vient de faire la même action : recharge et réessaie."


@contextmanager
def transaction() -> Iterator[Session]:
    """The request's unit of work: everything is committed, or nothing is. A concurrent
    write that lost the race (unique row already there, row version changed) becomes a
    clear 409 instead of a 500 or a double reward."""
    session = db()
    try:
        yield session
        session.commit()
    except (IntegrityError, StaleDataError) as exc:
        session.rollback()
        raise Conflict("conflict", CONFLICT_MESSAGE) from exc
    except BaseException:
        session.rollback()
        raise


def checkin_policy() -> Policy:
    c = current_app.config
    return Policy(
        max_accuracy_m=c["CHECKIN_MAX_ACCURACY_M"],
        accuracy_credit_m=c["CHECKIN_ACCURACY_CREDIT_M"],
        max_age_s=c["CHECKIN_MAX_AGE_S"],
        max_speed_mps=c["CHECKIN_MAX_SPEED_MPS"],
        dwell_s=c["CHECKIN_DWELL_S"],
    )


def instance_secret() -> bytes:
    """A random secret made on first start (instance/secret.key, readable by the owner
    only), from which the places' QR codes are derived."""
    cached = current_app.extensions.get("eclats.secret")
    if cached is None:
        path = Path(current_app.config["INSTANCE_DIR"]) / "secret.key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(secrets.token_bytes(32))
        cached = path.read_bytes()
        current_app.extensions["eclats.secret"] = cached
    return cast(bytes, cached)


def key_ring() -> KeyRing:
    """The badge signing keys, made on first use in ``instance/badge-keys`` (owner only)."""
    ring = current_app.extensions.get("eclats.badge_keys")
    if ring is None:
        ring = KeyRing(Path(current_app.config["INSTANCE_DIR"]) / "badge-keys")
        current_app.extensions["eclats.badge_keys"] = ring
    return cast(KeyRing, ring)


def smtp() -> Smtp | None:
    c = current_app.config
    if not c.get("SMTP_HOST"):
        return None
    return Smtp(
        host=c["SMTP_HOST"],
        port=int(c["SMTP_PORT"]),
        sender=c["SMTP_FROM"],
        username=c["SMTP_USER"],
        password=c["SMTP_PASSWORD"],
        starttls=bool(c["SMTP_STARTTLS"]),
    )
