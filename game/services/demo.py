"""The demo facilitator and session created on first start, so a new user can try the
whole game at once. The demo password is random, kept in the instance folder (readable
by its owner only) and printed at each start."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from game.store.models import Facilitator, GameSession

from .accounts import create_facilitator, set_password
from .sessions import create_session

DEMO_USERNAME = "demo"
DEMO_SESSION_NAME = "Groupe démo"


@dataclass(frozen=True)
class Demo:
    username: str
    password: str
    session: GameSession


def _write_secret(path: Path, value: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    os.chmod(path, 0o600)


def ensure_demo(db: Session, instance_dir: Path, pack: str, start: date, now: datetime) -> Demo:
    secret_file = instance_dir / "demo-password.txt"
    facilitator = db.scalar(select(Facilitator).where(Facilitator.username == DEMO_USERNAME))
    password = secret_file.read_text().strip() if secret_file.exists() else ""
    if facilitator is None:
        password = password or secrets.token_urlsafe(9)
        facilitator = create_facilitator(db, DEMO_USERNAME, password, "Animateur démo", now)
        _write_secret(secret_file, password)
    elif not password:
        password = secrets.token_urlsafe(9)
        set_password(db, facilitator, password)
        _write_secret(secret_file, password)
    session = db.scalar(select(GameSession).order_by(GameSession.id))
    if session is None:
        session = create_session(db, facilitator, DEMO_SESSION_NAME, pack, start, True, None, now)
    return Demo(DEMO_USERNAME, password, session)
