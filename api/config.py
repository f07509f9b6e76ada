"""Configuration from the environment, with embedded defaults that run on a laptop."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

SWAGGER_UI_VERSION = "5.35.0"


def defaults() -> dict[str, Any]:
    instance = Path(os.environ.get("ECLATS_INSTANCE", Path.cwd() / "instance")).resolve()
    return {
        "INSTANCE_DIR": instance,
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{instance / 'eclats.db'}"),
        "UPLOAD_DIR": instance / "uploads",
        # Public address used in join links and QR codes; when unset, the address the
        # facilitator's browser used is taken, which is right on a local network.
        "PUBLIC_URL": os.environ.get("ECLATS_PUBLIC_URL", "").rstrip("/"),
        "DEFAULT_PACK": os.environ.get("ECLATS_DEFAULT_PACK", "default"),
        "MAX_CONTENT_LENGTH": 12 * 1024 * 1024,
        # a JSON body is a few fields: beyond this it is refused (413) before being parsed
        "MAX_JSON_BYTES": 256 * 1024,
        "API_TITLE": "Éclats API",
        "API_VERSION": "1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        "OPENAPI_SWAGGER_UI_URL": f"/static/vendor/swagger-ui-{SWAGGER_UI_VERSION}/",
        "JSON_SORT_KEYS": False,
        # "threading" for the test client and tools; `eclats serve` runs with "gevent"
        "SOCKETIO_ASYNC_MODE": os.environ.get("SOCKETIO_ASYNC_MODE", "threading"),
        # redis://… to run several server processes that share their Socket.IO rooms
        "SOCKETIO_MESSAGE_QUEUE": os.environ.get("SOCKETIO_MESSAGE_QUEUE", ""),
        # map tiles for the phone and console maps ("" for no tiles: the map then shows
        # the places on a plain background, and everything still works)
        "MAP_TILES_URL": os.environ.get("ECLATS_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
        "MAP_TILES_ATTRIBUTION": os.environ.get("ECLATS_MAP_TILES_ATTRIBUTION", "© les contributeurs d'OpenStreetMap"),
        # the check-in rule's thresholds (game/rules/geo.py, README "Check-in rule")
        "CHECKIN_MAX_ACCURACY_M": float(os.environ.get("ECLATS_CHECKIN_MAX_ACCURACY_M", "50")),
        "CHECKIN_ACCURACY_CREDIT_M": float(os.environ.get("ECLATS_CHECKIN_ACCURACY_CREDIT_M", "30")),
        "CHECKIN_MAX_AGE_S": float(os.environ.get("ECLATS_CHECKIN_MAX_AGE_S", "15")),
        "CHECKIN_MAX_SPEED_MPS": float(os.environ.get("ECLATS_CHECKIN_MAX_SPEED_MPS", "45")),
        # a place is won after this long inside it (two good fixes this far apart)
        "CHECKIN_DWELL_S": float(os.environ.get("ECLATS_CHECKIN_DWELL_S", "20")),
        # the Mission Locale's time zone (IANA name): appointments are typed, shown and put in
        # calendars in it; checked when the app is made (game/zones.py)
        "TIME_ZONE": os.environ.get("ECLATS_TIME_ZONE", "Europe/Paris"),
        # contact e-mail of the Mission Locale in its Open Badges 2.0 issuer profile
        "ISSUER_EMAIL": os.environ.get("ECLATS_ISSUER_EMAIL", ""),
        # outgoing e-mail (the day's recap, for players who asked for it); empty: no e-mail
        "SMTP_HOST": os.environ.get("ECLATS_SMTP_HOST", ""),
        "SMTP_PORT": int(os.environ.get("ECLATS_SMTP_PORT", "25")),
        "SMTP_FROM": os.environ.get("ECLATS_SMTP_FROM", "eclats@localhost"),
        "SMTP_USER": os.environ.get("ECLATS_SMTP_USER", ""),
        "SMTP_PASSWORD": os.environ.get("ECLATS_SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": os.environ.get("ECLATS_SMTP_STARTTLS", "") in ("1", "true", "yes"),
        # staff logins end after this long without use, and after this long at most
        "STAFF_TOKEN_IDLE_MINUTES": float(os.environ.get("ECLATS_STAFF_TOKEN_IDLE_MINUTES", "240")),
        "STAFF_TOKEN_MAX_HOURS": float(os.environ.get("ECLATS_STAFF_TOKEN_MAX_HOURS", "12")),
        # a session's data (and its players' logins) is kept this many days after its
        # planned last day (README, "Privacy")
        "RETENTION_DAYS": int(os.environ.get("ECLATS_RETENTION_DAYS", "90")),
        # where rate-limit counters live: "memory://" (one process), or redis://… to share
        # them between processes (by default the Socket.IO Redis queue when there is one)
        "RATELIMIT_STORAGE_URI": os.environ.get("ECLATS_RATELIMIT_STORAGE", ""),
        # how many reverse proxies (nginx…) stand in front: their X-Forwarded-* are trusted
        "PROXIES": int(os.environ.get("ECLATS_PROXIES", "0")),
        # every eclats serve process renews its row this often; its sockets stop counting
        # as online after 3 missed beats (README, "Presence across processes")
        "PRESENCE_HEARTBEAT_S": float(os.environ.get("ECLATS_PRESENCE_HEARTBEAT_S", "15")),
        # names this process's rows of live sockets (presence)
        "PROCESS_NAME": f"{socket.gethostname()}:{os.getpid()}",
    }
