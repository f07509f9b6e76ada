"""Socket.IO namespaces, one per role. Handlers are thin: authenticate, validate with
marshmallow, call the same actions as REST, answer through the ack."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import request
from flask_socketio import ConnectionRefusedError
from marshmallow import Schema, ValidationError

from game.rules.errors import RuleViolation
from game.store.models import Facilitator

from .. import limits
from ..auth import identify, within_organisation
from ..errors import describe
from ..extensions import db, socketio
from ..policy import socket_rule

# What a socket authenticated with, by (namespace, sid). Sockets live in one process,
# so a process-local map is enough, and it works with the test client too.
_sockets: dict[tuple[str, str], str] = {}


def remember_token(namespace: str, sid: str, token: str) -> None:
    _sockets[(namespace, sid)] = token


def token_of(namespace: str, sid: str) -> str:
    return _sockets.get((namespace, sid), "")


def forget_token(namespace: str, sid: str) -> None:
    _sockets.pop((namespace, sid), None)


def event(
    namespace: str, name: str, schema: type[Schema] | None = None
) -> Callable[[Callable[[Any, dict[str, Any]], dict[str, Any]]], Callable[..., dict[str, Any]]]:
    """Register a socket event handler under its line of the policy (``api.policy``):
    the caller's token is checked against who may send it, the socket's rate is
    counted, the payload validated, and the outcome becomes the ack ``{ok: true, …}``
    or ``{ok: false, status, error, message}``: a bad event never crashes the socket.
    The handler gets the caller (player or staff) and the validated data."""

    rule = socket_rule(namespace, name)  # no line in the table: the server does not start
    # one instance per handler: a schema holds no per-load state, and building one per
    # event left ~20 objects in reference cycles for the collector each time
    validator = schema() if schema else None

    def wrap(handler: Callable[[Any, dict[str, Any]], dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        @functools.wraps(handler)
        def run(payload: Any = None) -> dict[str, Any]:
            sid = request.sid  # type: ignore[attr-defined]
            try:
                limits.spend(limits.SOCKET_EVENTS, sid)
                who = identify(token_of(namespace, sid), rule)
                data = validator.load(payload if payload is not None else {}) if validator else {}
                if isinstance(who, Facilitator):  # a session or team of another organisation: « introuvable »
                    within_organisation(who, rule, data)
                return {"ok": True, **handler(who, data)}
            except ValidationError as exc:
                db().rollback()
                errors = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
                return {"ok": False, "status": 422, "error": "invalid", "message": describe({"json": errors})}
            except RuleViolation as exc:
                db().rollback()
                return {"ok": False, "status": exc.status, "error": exc.code, "message": exc.message}

        socketio.on(name, namespace=namespace)(run)
        return run

    return wrap


def connecting(namespace: str, auth: Any) -> Any:
    """The caller opening a socket on ``namespace``, if the policy lets them in (a young
    person as a ``Caller``, staff as their account)."""
    token = auth.get("token") if isinstance(auth, dict) else None
    try:
        who = identify(str(token or ""), socket_rule(namespace, "connect"))
    except RuleViolation as exc:
        raise ConnectionRefusedError(exc.message) from exc
    remember_token(namespace, request.sid, str(token))  # type: ignore[attr-defined]
    return who
