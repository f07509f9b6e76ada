"""Actions a phone sends with its own id (``client_id``): a phone that lost its
connection replays its queue, and what was already done is answered from memory."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.orm import Session

from game.rules.errors import InvalidInput
from game.store.models import ProcessedAction

from .common import core

CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def check_client_id(client_id: str) -> str:
    if not CLIENT_ID.match(client_id):
        raise InvalidInput("client_id", "Identifiant d'action invalide (8 à 64 lettres, chiffres, - ou _).")
    return client_id


# Core on the session's connection: on every action, the ORM's unit of work cost more
# than the statements themselves (bench/RESULTS.md)
_ACTIONS = cast(Table, ProcessedAction.__table__)
_DONE = select(_ACTIONS.c.reply).where(
    _ACTIONS.c.player_id == bindparam("player_id"), _ACTIONS.c.client_id == bindparam("client_id")
)
_KEEP = insert(_ACTIONS)


def already_done(db: Session, player_id: int, client_id: str) -> dict[str, Any] | None:
    reply = core(db).execute(_DONE, {"player_id": player_id, "client_id": client_id}).scalar()
    return dict(json.loads(reply)) if reply is not None else None


def remember(db: Session, player_id: int, client_id: str, reply: dict[str, Any], now: datetime) -> None:
    """Stored in the same transaction as the action itself: both happen, or neither (a
    second copy of the same ``client_id`` breaks the unique index: a 409)."""
    core(db).execute(
        _KEEP,
        {"player_id": player_id, "client_id": client_id, "reply": json.dumps(reply, default=str), "created_at": now},
    )
