"""The ``/staff`` namespace: the facilitators' console."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_socketio import ConnectionRefusedError, emit, join_room
from marshmallow import Schema, fields, validate

from game.rules.errors import RuleViolation
from game.services import accounts, presence
from game.services import messages as msg_service
from game.services.common import get_session
from game.store.models import Facilitator

from .. import actions, realtime
from ..extensions import db, socketio, transaction
from . import acked, forget_token, remember_token, token_of

NS = realtime.STAFF_NS


class WatchEvent(Schema):
    session_id = fields.Int(required=True, strict=True)


class AnnounceEvent(Schema):
    session_id = fields.Int(required=True, strict=True)
    text = fields.Str(required=True, validate=validate.Length(min=1, max=500))


class TeamMessageEvent(Schema):
    team_id = fields.Int(required=True, strict=True)
    text = fields.Str(required=True, validate=validate.Length(min=1, max=500))


def _staff() -> Facilitator:
    return accounts.staff_for_token(db(), token_of(NS, request.sid))  # type: ignore[attr-defined]


@socketio.on("connect", namespace=NS)
def connect(auth: Any = None) -> None:
    token = auth.get("token") if isinstance(auth, dict) else None
    try:
        accounts.staff_for_token(db(), str(token or ""))
    except RuleViolation as exc:
        raise ConnectionRefusedError(exc.message) from exc
    remember_token(NS, request.sid, str(token))  # type: ignore[attr-defined]
    emit("hello", {})


@socketio.on("disconnect", namespace=NS)
def disconnect(*_args: Any) -> None:
    forget_token(NS, request.sid)  # type: ignore[attr-defined]


@socketio.on("watch", namespace=NS)
@acked(WatchEvent)
def watch(data: dict[str, Any]) -> dict[str, Any]:
    _staff()
    game = get_session(db(), data["session_id"])
    join_room(realtime.staff_room(game.id))
    return {"session_seq": game.version, "online": presence.online_in_session(db(), game.id)}


@socketio.on("announce", namespace=NS)
@acked(AnnounceEvent)
def announce(data: dict[str, Any]) -> dict[str, Any]:
    author = _staff()
    with transaction() as session:
        events = msg_service.announce(session, author, data["session_id"], data["text"], actions.now())
    realtime.publish(events)
    return {}


@socketio.on("team_message", namespace=NS)
@acked(TeamMessageEvent)
def team_message(data: dict[str, Any]) -> dict[str, Any]:
    author = _staff()
    with transaction() as session:
        events = msg_service.message_team(session, author, data["team_id"], data["text"], actions.now())
    realtime.publish(events)
    return {}
