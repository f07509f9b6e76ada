"""Addresses and downloads the handlers build: the public address phones use, the
join link, the map settings, a JSON download."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, current_app, request

from game.store.models import GameSession

from .. import organisation_settings


def json_download(data: dict[str, Any], filename: str) -> Response:
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(
        body, mimetype="application/json", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


def public_base() -> str:
    """The address phones should use: the public address of the organisation the request
    acts for (its « Réglages », else ``ECLATS_PUBLIC_URL``). Without one, a console opened
    on the laptop itself (localhost) would put an address in the QR code that no phone
    can reach, so the local-network address found by ``eclats serve`` is used instead."""
    public = organisation_settings.public_url()
    if public:
        return public
    host = request.host.split(":")[0]
    lan = current_app.config.get("LAN_URL")
    if lan and (host in ("localhost", "::1", "[::1]") or host.startswith("127.")):
        return str(lan)
    return request.host_url.rstrip("/")


def join_url(session: GameSession) -> str:
    return f"{public_base()}/j/{session.join_code}"


def map_config() -> dict[str, Any]:
    c = current_app.config
    return {
        "tiles_url": c["MAP_TILES_URL"],
        "attribution": c["MAP_TILES_ATTRIBUTION"],
        "max_accuracy_m": c["CHECKIN_MAX_ACCURACY_M"],
    }
