"""The ``/player`` namespace: a young person's phone."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_socketio import emit, join_room
from marshmallow import Schema, fields, validate

from game.services import accounts, presence
from game.services.accounts import Caller

from .. import actions, realtime
from ..extensions import db, socketio
from ..schemas.places import FixIn, QrIn
from ..schemas.player import CLIENT_ID, ActionIn, PieceIn
from ..schemas.rounds import MyRoundOut, RoundAnswerIn
from . import connecting, event, forget_token

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


class RoundAnswerEvent(RoundAnswerIn):
    """The young person's answer to the open live round (as ``POST /api/me/round/answer``)."""


MY_ROUND = MyRoundOut()


def process_name() -> str:
    return str(current_app.config["PROCESS_NAME"])


@socketio.on("connect", namespace=NS)
def connect(auth: Any = None) -> None:
    player = accounts.load_player(db(), connecting(NS, auth))
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
    gone = presence.disconnected(db(), request.sid, actions.now())  # type: ignore[attr-defined]
    db().commit()
    if gone is not None:
        realtime.publish_presence(gone, False)


# The actions take the caller as authenticated (one Core row, accounts.Caller); those
# that walk the player's relationships load the ORM player first (accounts.load_player).
@event(NS, "answer", AnswerEvent)
def answer(player: Caller, data: dict[str, Any]) -> dict[str, Any]:
    return actions.answer(player, data.pop("quest_id"), data)


@event(NS, "hint", HintEvent)
def hint(player: Caller, data: dict[str, Any]) -> dict[str, Any]:
    return actions.hint(player, data["quest_id"], data["client_id"])


@event(NS, "piece", PieceEvent)
def piece(player: Caller, data: dict[str, Any]) -> dict[str, Any]:
    return actions.piece(player, data["quest_id"], data["value"], data["client_id"])


@event(NS, "checkin", CheckInEvent)
def checkin(player: Caller, data: dict[str, Any]) -> dict[str, Any]:
    return actions.checkin_gps(player, data.pop("quest_id"), data)


@event(NS, "checkin_qr", QrEvent)
def checkin_qr(player: Caller, data: dict[str, Any]) -> dict[str, Any]:
    return actions.checkin_qr(player, data["quest_id"], data["code"], data["client_id"])


@event(NS, "round_answer", RoundAnswerEvent)
def round_answer(caller: Caller, data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = MY_ROUND.dump(actions.round_answer(accounts.load_player(db(), caller), data["choice"]))
    return out


@event(NS, "sync", Empty)
def sync(player: Caller, _data: dict[str, Any]) -> dict[str, Any]:
    return {"team_seq": player.team.seq if player.team else 0, "session_seq": player.session.version}
