"""Console endpoints for urban games: where each team has been, validating a place by
hand, the QR posters to put up, and placing the places of a pack on the map."""

from __future__ import annotations

import io
from typing import Any

import qrcode
import qrcode.image.svg
from flask_smorest import Blueprint

from content import editor
from content.catalog import Place
from content.loader import is_local, load_named_pack
from game.rules import kinds
from game.services import packs, place_views, places
from game.services.common import catalog_of, get_session

from .. import realtime
from ..auth import current_staff
from ..clock import now
from ..extensions import db, instance_secret, transaction
from ..schemas import places as ps
from . import urls

places_blp = Blueprint("places", __name__, url_prefix="/api", description="Lieux et jeux urbains (animateurs)")


@places_blp.route("/sessions/<int:session_id>/places")
@places_blp.response(200, ps.SessionPlacesOut)
def session_places(session_id: int) -> dict[str, Any]:
    """The pack's places and, per team, the places reached (never a position), the last
    one, and how far along each route it is."""
    game = get_session(db(), session_id)
    catalog = catalog_of(game)
    return {
        "map": urls.map_config(),
        "pack": game.pack,
        "editable": is_local(game.pack),  # a pack made here; shipped packs are copied first
        "places": catalog.places,
        "quests": [q for q in catalog.quests if kinds.of(q.kind).place],
        "journeys": place_views.journeys(db(), session_id),
    }


@places_blp.route("/sessions/<int:session_id>/teams/<int:team_id>/checkins", methods=["POST"])
@places_blp.arguments(ps.ManualCheckInIn)
@places_blp.response(201, ps.CheckInOut)
def validate_by_hand(body: dict[str, Any], session_id: int, team_id: int) -> dict[str, Any]:
    """Validate a place for a team by hand, with a reason (kept, shown in the journey)."""
    with transaction() as session:
        outcome = places.validate_by_hand(
            session, current_staff(), session_id, team_id, body["quest_id"], body["reason"], now()
        )
    realtime.publish(outcome.events)
    return {
        "accepted": True,
        "solved": True,
        "reason": None,
        "message": "Lieu validé pour l'équipe.",
        "distance_m": None,
        "accuracy_m": None,
        "trend": None,
        "trend_message": None,
        "present": 0,
        "needed": 0,
        "eclats": outcome.eclats,
        "offers_unlocked": outcome.offers,
        "replayed": False,
    }


@places_blp.route("/sessions/<int:session_id>/places/posters")
@places_blp.response(200, ps.PosterOut(many=True))
def posters(session_id: int) -> list[dict[str, Any]]:
    """One poster per place used by a mission and per team: a QR code (and the same code
    in letters) that checks a player of that team in when the GPS cannot be used. Codes
    differ per session, place and team: a photo of a poster is worth nothing to another
    team (and trying it is flagged)."""
    game = get_session(db(), session_id)
    catalog = catalog_of(game)
    secret = instance_secret()
    out = []
    for place in catalog.places:
        quests = [
            q.id
            for q in catalog.quests
            if kinds.of(q.kind).place
            and (q.place == place.id or (q.alternative is not None and q.alternative.place == place.id))
        ]
        if not quests:
            continue
        for team in sorted(game.teams, key=lambda t: t.id):
            code = places.qr_code(secret, game.id, place.id, team.id)
            url = f"{urls.public_base()}/lieu/{place.id}?code={code}"
            image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
            buffer = io.BytesIO()
            image.save(buffer)
            out.append(
                {
                    "place": place,
                    "quests": quests,
                    "team_id": team.id,
                    "team_name": team.name,
                    "code": code,
                    "url": url,
                    "qr_svg": buffer.getvalue().decode(),
                }
            )
    return out


@places_blp.route("/packs/<pack>/copy", methods=["POST"])
@places_blp.arguments(ps.PackCopyIn)
@places_blp.response(201, ps.PlaceOut(many=True))
def copy_pack(body: dict[str, Any], pack: str) -> list[Place]:
    """Copy a pack for your own town; the copy's places can then be moved on the map. The
    copy is your organisation's: the others neither see nor use it."""
    packs.copy(current_staff().organisation_id, pack, body["name"], body.get("town"))
    return list(load_named_pack(body["name"]).places)


@places_blp.route("/packs/<pack>/places/<place_id>", methods=["PUT"])
@places_blp.arguments(ps.PlaceEditIn)
@places_blp.response(200, ps.PlaceOut)
def edit_place(body: dict[str, Any], pack: str, place_id: str) -> Place:
    """Place or move a place of a pack made here; the pack is checked like any pack
    and a change that would break it is refused, leaving it as it was."""
    place = editor.move_place(
        packs.readable(current_staff().organisation_id, pack),
        place_id,
        editor.PlaceChange(
            latitude=body["latitude"],
            longitude=body["longitude"],
            radius_m=body.get("radius_m"),
            name=body.get("name"),
            address=body.get("address"),
            description=body.get("description"),
        ),
    )
    return place
