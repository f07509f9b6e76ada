"""The ``/staff`` namespace: the facilitators' console."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_socketio import emit, join_room
from marshmallow import Schema, fields, validate

from game.services import messages as msg_service
from game.services import presence
from game.services.common import get_session
from game.store.models import Facilitator

from .. import realtime
from ..clock import now
from ..extensions import db, socketio, transaction
from ..schemas import DB_ID
from . import connecting, event, forget_token

NS = realtime.STAFF_NS


class WatchEvent(Schema):
    session_id = fields.Int(required=True, strict=True, validate=DB_ID)


class AnnounceEvent(Schema):
    session_id = fields.Int(required=True, strict=True, validate=DB_ID)
    text = fields.Str(required=True, validate=validate.Length(min=1, max=500))


class TeamMessageEvent(Schema):
    team_id = fields.Int(required=True, strict=True, validate=DB_ID)
    text = fields.Str(required=True, validate=validate.Length(min=1, max=500))


@socketio.on("connect", namespace=NS)
def connect(auth: Any = None) -> None:
    connecting(NS, auth)
    emit("hello", {})


@socketio.on("disconnect", namespace=NS)
def disconnect(*_args: Any) -> None:
    forget_token(NS, request.sid)  # type: ignore[attr-defined]


@event(NS, "watch", WatchEvent)
def watch(_staff: Facilitator, data: dict[str, Any]) -> dict[str, Any]:
    game = get_session(db(), data["session_id"])
    join_room(realtime.staff_room(game.id))
    return {"session_seq": game.version, "online": presence.online_in_session(db(), game.id, now())}


@event(NS, "announce", AnnounceEvent)
def announce(author: Facilitator, data: dict[str, Any]) -> dict[str, Any]:
    with transaction() as session:
        events = msg_service.announce(session, author, data["session_id"], data["text"], now())
    realtime.publish(events)
    return {}


@event(NS, "team_message", TeamMessageEvent)
def team_message(author: Facilitator, data: dict[str, Any]) -> dict[str, Any]:
    with transaction() as session:
        events = msg_service.message_team(session, author, data["team_id"], data["text"], now())
    realtime.publish(events)
    return {}
