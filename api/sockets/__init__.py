"""Socket.IO namespaces, one per role. Handlers are thin: authenticate, validate with
marshmallow, call the same actions as REST, answer through the ack."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from marshmallow import Schema, ValidationError

from game.rules.errors import RuleViolation

from ..errors import describe
from ..extensions import db

# What a socket authenticated with, by (namespace, sid). Sockets live in one process,
# so a process-local map is enough, and it works with the test client too.
_sockets: dict[tuple[str, str], str] = {}


def remember_token(namespace: str, sid: str, token: str) -> None:
    _sockets[(namespace, sid)] = token


def token_of(namespace: str, sid: str) -> str:
    return _sockets.get((namespace, sid), "")


def forget_token(namespace: str, sid: str) -> None:
    _sockets.pop((namespace, sid), None)


def acked(
    schema: type[Schema] | None = None,
) -> Callable[[Callable[..., dict[str, Any]]], Callable[..., dict[str, Any]]]:
    """Validate the payload and turn the outcome into the ack ``{ok: true, …}`` or
    ``{ok: false, status, error, message}``: a bad event never crashes the socket."""

    # one instance per handler: a schema holds no per-load state, and building one per
    # event left ~20 objects in reference cycles for the collector each time
    validator = schema() if schema else None

    def wrap(handler: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        @functools.wraps(handler)
        def run(payload: Any = None) -> dict[str, Any]:
            try:
                data = validator.load(payload if payload is not None else {}) if validator else {}
                return {"ok": True, **handler(data)}
            except ValidationError as exc:
                db().rollback()
                errors = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
                return {"ok": False, "status": 422, "error": "invalid", "message": describe({"json": errors})}
            except RuleViolation as exc:
                db().rollback()
                return {"ok": False, "status": exc.status, "error": exc.code, "message": exc.message}

        return run

    return wrap
