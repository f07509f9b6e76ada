"""Rate limits: how often one phone, one team, one client or one login may try something.

Counters live in memory for one process (the default: a plain dict, ``LocalCounters``),
in Redis (the ``limits`` package's storage) when ``RATELIMIT_STORAGE_URI`` (or the
Socket.IO Redis queue) is set, so that several server processes share them. Windows
slide (the previous minute counts for what is left of it) and are counted on the server's clock (``api.clock``): a
test moves time forward instead of sleeping.

An honest group never meets these numbers (README, "Rate limits"); a script does.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import Protocol, cast

from flask import Flask, current_app, request
from limits.storage import storage_from_string

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


class Counters(Protocol):
    def get(self, key: str) -> int: ...
    def incr(self, key: str, expiry: int, amount: int = 1) -> int: ...


class LocalCounters:
    """One process's counters: a dict of key → (count, monotonic expiry).

    Not ``limits``' ``MemoryStorage``: its ``incr`` starts a ``threading.Timer``, which
    under gevent is a greenlet, so counting a try switched to other greenlets in the
    middle of an action (another teammate's answer ran between this one's read and
    write: spurious 409s), and each timer walked every key (bench/RESULTS.md « Where the
    CPU per action goes »). Nothing here yields; expired windows are swept inline, at
    most once a second. The lock is for the threading mode; under gevent nothing inside
    it switches, so it is never waited for."""

    def __init__(self) -> None:
        self._counts: dict[str, tuple[int, float]] = {}
        self._next_sweep = 0.0
        self._lock = threading.Lock()

    def get(self, key: str) -> int:
        found = self._counts.get(key)
        return found[0] if found is not None and found[1] > time.monotonic() else 0

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        at = time.monotonic()
        with self._lock:
            if at >= self._next_sweep:
                self._counts = {k: v for k, v in self._counts.items() if v[1] > at}
                self._next_sweep = at + 1.0
            count, until = self._counts.get(key, (0, 0.0))
            if until <= at:  # a new key (or an expired one) lives ``expiry`` seconds from its first count
                count, until = 0, at + expiry
            self._counts[key] = (count + amount, until)
            return count + amount

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()


def init_limits(app: Flask) -> None:
    uri = storage_uri(app.config)
    app.config["RATELIMIT_STORAGE_URI"] = uri
    # one set of counters per app (tests build many apps); nothing is limited by
    # default: the quotas above are spent where the action happens
    counters = LocalCounters() if uri.startswith("memory://") else storage_from_string(uri)
    app.extensions["eclats.limit_counters"] = counters


def _storage() -> Counters:
    return cast(Counters, current_app.extensions["eclats.limit_counters"])


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
