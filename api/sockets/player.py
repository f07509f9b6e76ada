"""The ``/player`` namespace: a young person's phone."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_socketio import ConnectionRefusedError, emit, join_room
from marshmallow import Schema, fields, validate

from game.rules.errors import RuleViolation
from game.services import accounts, presence
from game.store.models import Player

from .. import actions, realtime
from ..extensions import db, socketio
from ..schemas.places import FixIn, QrIn
from ..schemas.player import CLIENT_ID, ActionIn, PieceIn
from . import acked, forget_token, remember_token, token_of

NS = realtime.PLAYER_NS


class AnswerEvent(ActionIn):
    quest_id = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    answer = fields.Str(validate=validate.Length(min=1, max=200))
    choices = fields.List(fields.Int(strict=True), validate=validate.Length(min=1, max=20))
    choice = fields.Int(strict=True)
    client_id = fields.Str(required=True, validate=CLIENT_ID)


class HintEvent(ActionIn):
    quest_id = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    client_id = fields.Str(required=True, validate=CLIENT_ID)


class PieceEvent(PieceIn):
    quest_id = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    client_id = fields.Str(required=True, validate=CLIENT_ID)


class CheckInEvent(FixIn):
    quest_id = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    client_id = fields.Str(required=True, validate=CLIENT_ID)


class QrEvent(QrIn):
    quest_id = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    client_id = fields.Str(required=True, validate=CLIENT_ID)


class Empty(Schema):
    pass


def process_name() -> str:
    return str(current_app.config["PROCESS_NAME"])


def _player() -> Player:
    """Re-checked on every event: a revoked player is refused at once."""
    return accounts.player_for_token(db(), token_of(NS, request.sid))  # type: ignore[attr-defined]


@socketio.on("connect", namespace=NS)
def connect(auth: Any = None) -> None:
    token = auth.get("token") if isinstance(auth, dict) else None
    try:
        player = accounts.player_for_token(db(), str(token or ""))
    except RuleViolation as exc:
        raise ConnectionRefusedError(exc.message) from exc
    remember_token(NS, request.sid, str(token))  # type: ignore[attr-defined]
    join_room(realtime.session_room(player.session_id))
    join_room(realtime.player_room(player.id))
    if player.team_id is not None:
        join_room(realtime.team_room(player.team_id))
    first = presence.connected(db(), request.sid, player, process_name(), actions.now())  # type: ignore[attr-defined]
    db().commit()
    emit("hello", realtime.hello_payload(player))
    if first:
        realtime.publish_presence(player, True)


@socketio.on("disconnect", namespace=NS)
def disconnect(*_args: Any) -> None:
    forget_token(NS, request.sid)  # type: ignore[attr-defined]
    gone = presence.disconnected(db(), request.sid)  # type: ignore[attr-defined]
    db().commit()
    if gone is not None:
        realtime.publish_presence(gone, False)


@socketio.on("answer", namespace=NS)
@acked(AnswerEvent)
def answer(data: dict[str, Any]) -> dict[str, Any]:
    return actions.answer(_player(), data.pop("quest_id"), data)


@socketio.on("hint", namespace=NS)
@acked(HintEvent)
def hint(data: dict[str, Any]) -> dict[str, Any]:
    return actions.hint(_player(), data["quest_id"], data["client_id"])


@socketio.on("piece", namespace=NS)
@acked(PieceEvent)
def piece(data: dict[str, Any]) -> dict[str, Any]:
    return actions.piece(_player(), data["quest_id"], data["value"], data["client_id"])


@socketio.on("checkin", namespace=NS)
@acked(CheckInEvent)
def checkin(data: dict[str, Any]) -> dict[str, Any]:
    return actions.checkin_gps(_player(), data.pop("quest_id"), data)


@socketio.on("checkin_qr", namespace=NS)
@acked(QrEvent)
def checkin_qr(data: dict[str, Any]) -> dict[str, Any]:
    return actions.checkin_qr(_player(), data["quest_id"], data["code"], data["client_id"])


@socketio.on("sync", namespace=NS)
@acked(Empty)
def sync(_data: dict[str, Any]) -> dict[str, Any]:
    player = _player()
    return {"team_seq": player.team.seq if player.team else 0, "session_seq": player.session.version}
