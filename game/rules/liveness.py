"""When a server process counts as alive (pure): every ``eclats serve`` process writes a
heartbeat every ``heartbeat_s`` seconds; it is taken for dead once it has missed
``MISSED`` of them in a row, and the live sockets it held no longer count as anybody
being online (README, "Presence across processes")."""

from __future__ import annotations

from datetime import datetime, timedelta

HEARTBEAT_S = 15.0
MISSED = 3  # 45 s with the default heartbeat: a slow beat or two is not a death


def expires_at(seen_at: datetime, heartbeat_s: float = HEARTBEAT_S) -> datetime:
    """Until when a process seen at ``seen_at`` counts as alive without a new heartbeat."""
    if heartbeat_s <= 0:
        raise ValueError("heartbeat_s must be positive")
    return seen_at + timedelta(seconds=MISSED * heartbeat_s)


def is_alive(expires: datetime, now: datetime) -> bool:
    return now < expires
