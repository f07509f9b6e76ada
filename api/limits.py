"""Rate limits: how often one phone, one team, one client or one login may try something.

Counters live in Flask-Limiter's storage: in memory for one process (the default), in
Redis when ``RATELIMIT_STORAGE_URI`` (or the Socket.IO Redis queue) is set, so that
several server processes share them. Windows slide (the previous minute
counts for what is left of it) and are counted on the server's clock (``api.clock``): a
test moves time forward instead of sleeping.

An honest group never meets these numbers (README, "Rate limits"); a script does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import cast

from flask import Flask, current_app, request
from flask_limiter import Limiter
from limits.storage import Storage

from game.rules.errors import RuleViolation

from .clock import now


@dataclass(frozen=True)
class Quota:
    name: str
    amount: int
    period_s: int
    message: str


class TooManyRequests(RuleViolation):
    status = 429

    def __init__(self, code: str, message: str, retry_after: int) -> None:
        super().__init__(code, message)
        self.retry_after = retry_after


def _wait(s: int) -> str:
    return f"{s} secondes" if s < 120 else f"{(s + 59) // 60} minutes"


# joining: a whole group on one Wi-Fi (one address) joins in a minute with room to spare
JOIN_CLIENT = Quota("join-client", 120, 60, "Trop d'essais depuis ce réseau : réessaie dans {wait}.")
WRONG_CODE = Quota(
    "join-wrong-code", 10, 60, "Trop de codes faux : vérifie le code avec l'animateur et réessaie dans {wait}."
)
JOIN_SESSION = Quota(
    "join-session", 30, 60, "Beaucoup de monde rejoint cette partie en même temps : réessaie dans {wait}."
)
# staff login: failed attempts only
LOGIN_USER = Quota("login-user", 5, 900, "Trop d'essais pour ce compte : réessayez dans {wait}.")
LOGIN_CLIENT = Quota("login-client", 20, 900, "Trop d'essais de connexion depuis ce poste : réessayez dans {wait}.")
# play
ANSWERS_TEAM = Quota("answers-team", 30, 60, "Ton équipe répond très vite : attends {wait} avant de réessayer.")
CODE_LOCK_TEAM = Quota(
    "code-lock-team",
    6,
    60,
    "Le cadenas se bloque une minute après 6 essais : réfléchis en équipe, réessaie dans {wait}.",
)
UPLOADS_PLAYER = Quota("uploads-player", 6, 60, "Tu as envoyé beaucoup de photos : attends {wait}.")
# the self-diagnosis by e-mail: a few sendings for one young person, not a way to spam
DIAGNOSIS_EMAIL_PLAYER = Quota(
    "diagnosis-email-player", 5, 3600, "Tu as déjà envoyé ton diagnostic plusieurs fois : réessaie dans {wait}."
)
SOCKET_EVENTS = Quota("socket-events", 40, 10, "Trop de messages envoyés : attends {wait}.")


def storage_uri(config: dict[str, object]) -> str:
    explicit = str(config.get("RATELIMIT_STORAGE_URI") or "")
    queue = str(config.get("SOCKETIO_MESSAGE_QUEUE") or "")
    if explicit:
        return explicit
    return queue if queue.startswith(("redis://", "rediss://")) else "memory://"


def init_limits(app: Flask) -> None:
    app.config["RATELIMIT_STORAGE_URI"] = storage_uri(app.config)
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    # one limiter per app (tests build many apps); nothing is limited by default: the
    # quotas above are spent where the action happens
    limiter = Limiter(key_func=client_address, app=app, default_limits=[])
    app.extensions["eclats.limiter"] = limiter


def _storage() -> Storage:
    limiter = cast(Limiter, current_app.extensions["eclats.limiter"])
    return limiter.limiter.storage


def client_address() -> str:
    """The client's address (behind a reverse proxy, ``ECLATS_PROXIES`` makes this the
    address the proxy saw)."""
    return request.remote_addr or "?"


def _key(quota: Quota, keys: tuple[object, ...], window: int) -> str:
    return "eclats/" + quota.name + "/" + "/".join(str(k) for k in keys) + f"/{window}"


def _count(quota: Quota, keys: tuple[object, ...]) -> tuple[float, str, int]:
    """How many tries count now, the current window's key, and the seconds until the
    previous window stops counting. A sliding window (the previous window counts for
    what is left of it): no burst of twice the quota across a window's edge."""
    ts = now().timestamp()
    window = int(ts // quota.period_s)
    elapsed = ts - window * quota.period_s
    storage = _storage()
    current = int(storage.get(_key(quota, keys, window)) or 0)
    previous = int(storage.get(_key(quota, keys, window - 1)) or 0)
    count = current + previous * (1 - elapsed / quota.period_s)
    return count, _key(quota, keys, window), max(1, math.ceil(quota.period_s - elapsed))


def _refuse(quota: Quota, retry_after: int) -> TooManyRequests:
    return TooManyRequests("rate_limited", quota.message.format(wait=_wait(retry_after)), retry_after)


def check(quota: Quota, *keys: object) -> None:
    """Refuse, with how long to wait, if the quota is spent; counts nothing."""
    count, _key_now, retry_after = _count(quota, keys)
    if count >= quota.amount:
        raise _refuse(quota, retry_after)


def record(quota: Quota, *keys: object) -> None:
    """Count one try without refusing it (a failure noticed afterwards: a wrong
    password, a wrong code)."""
    _now_count, key, _wait_s = _count(quota, keys)
    _storage().incr(key, 2 * quota.period_s)


def spend(quota: Quota, *keys: object) -> None:
    """Refuse past the quota (a refused try is not counted), else count this one."""
    count, key, retry_after = _count(quota, keys)
    if count >= quota.amount:
        raise _refuse(quota, retry_after)
    _storage().incr(key, 2 * quota.period_s)
