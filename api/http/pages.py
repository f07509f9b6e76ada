"""The HTML shells of the phone app and the console; everything else is static files."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, send_from_directory
from flask_smorest import Blueprint as ApiBlueprint
from marshmallow import Schema, fields

pages = Blueprint("pages", __name__)

# Everything comes from this server: no CDN, no inline script; photos are shown from
# blob: URLs, icons from data: URLs. The one exception is map tiles (images only), from
# the tile server set in MAP_TILES_URL.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:{tiles}; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def csp() -> str:
    tiles = urlsplit(current_app.config.get("MAP_TILES_URL") or "")
    origin = f" {tiles.scheme}://{tiles.netloc}" if tiles.scheme in ("http", "https") and tiles.netloc else ""
    return CSP.format(tiles=origin.replace("{s}", "*"))


def _page(folder: str) -> Response:
    response = send_from_directory(current_app.static_folder or "static", f"{folder}/index.html")
    # the shell is tiny; always revalidate so a new release reaches phones at once
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Content-Security-Policy"] = csp()
    return response


@pages.route("/")
def player_app() -> Response:
    return _page("player")


@pages.route("/j/<code>")
def join_link(code: str) -> Response:
    return _page("player")


@pages.route("/lieu/<place_id>")
def place_poster_link(place_id: str) -> Response:
    """Where a place's QR poster leads: the phone app, which checks the player in with
    the code in the link (``?code=``) when GPS cannot be used."""
    return _page("player")


@pages.route("/console")
def console() -> Response:
    return _page("facilitator")


health_blp = ApiBlueprint("health", __name__, url_prefix="/api", description="État du serveur")


class HealthOut(Schema):
    status = fields.Str(metadata={"description": "« ok » quand le serveur répond", "example": "ok"})


@health_blp.route("/health")
@health_blp.response(200, HealthOut)
def health() -> dict[str, str]:
    """For a load balancer or a monitoring probe: no login, no data."""
    return {"status": "ok"}
