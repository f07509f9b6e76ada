"""Phone endpoints: join with a code, then play as a member of a team."""

from __future__ import annotations

import io
from typing import Any

import qrcode
import qrcode.image.svg
from flask import Response, request
from flask_smorest import Blueprint

from content.catalog import QuestKind
from game.rules.errors import InvalidInput, NotFound
from game.services import accounts, appointments, diagnosis, photos, places, play, privacy
from game.services import messages as msg_service
from game.services.common import catalog_of
from game.store.models import GameSession

from .. import actions, limits, realtime
from ..auth import current_player
from ..clock import now, zone
from ..extensions import db, instance_secret, transaction, upload_dir
from ..limits import client_address
from ..schemas import places as ps
from ..schemas import player as s
from ..schemas.staff import SubmissionOut
from . import present, urls

join_blp = Blueprint("join", __name__, url_prefix="/api/join", description="Rejoindre une partie")
me_blp = Blueprint("me", __name__, url_prefix="/api/me", description="Jouer (joueur connecté)")


def _session_for_code(code: str) -> GameSession:
    """Every try from this client counts, and wrong codes have a small quota of their
    own: guessing codes from one place stops after a few (README, "Rate limits")."""
    limits.spend(limits.JOIN_CLIENT, client_address())
    limits.check(limits.WRONG_CODE, client_address())
    try:
        return play.session_by_code(db(), code)
    except NotFound:
        limits.record(limits.WRONG_CODE, client_address())
        raise


@join_blp.route("/<code>")
@join_blp.response(200, s.JoinInfoOut)
def join_info(code: str) -> dict[str, Any]:
    game = _session_for_code(code)
    catalog = catalog_of(game)
    return {
        "session_name": game.name,
        "organisation": catalog.organisation,
        "status": game.status,
        "players_choose_team": game.players_choose_team,
        "joining_open": game.joining_open,
        "teams": [{"id": t.id, "name": t.name, "members_count": len(t.members)} for t in game.teams],
    }


@join_blp.route("/<code>/qr.svg")
@join_blp.doc(description="QR code of the join link, for the projector: knowing the code is needed to get it.")
@join_blp.response(200, content_type="image/svg+xml", description="QR code du lien pour rejoindre")
def join_qr(code: str) -> Response:
    game = _session_for_code(code)  # a code guessed here counts like one typed on the join screen
    image = qrcode.make(urls.join_url(game), image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return Response(buffer.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})


@join_blp.route("", methods=["POST"])
@join_blp.arguments(s.JoinIn)
@join_blp.response(201, s.JoinOut)
def join(body: dict[str, Any]) -> dict[str, Any]:
    game = _session_for_code(body["code"])
    limits.spend(limits.JOIN_SESSION, game.id)
    device = accounts.hash_device(instance_secret(), body["device"]) if body.get("device") else None
    with transaction() as session:
        token, player = play.join(session, body["code"], body["nickname"], body["team_id"], now(), device)
    realtime.publish_presence(player, False, joined=True)
    return {"token": token, "player": present.player(player)}


@me_blp.route("")
@me_blp.response(200, s.MeOut)
def me() -> dict[str, Any]:
    player = current_player()
    game = player.session
    catalog = catalog_of(game)
    team = player.team
    board = {r.score.team_id: r for r in play.session_leaderboard(db(), game)}
    mine = board.get(team.id) if team else None
    day = catalog.day(game.current_day)
    return {
        "player": present.player(player),
        "team": {
            "id": team.id,
            "name": team.name,
            "eclats": mine.score.eclats if mine else 0,
            "rank": mine.rank if mine else 0,
            "seq": team.seq,
            "members": [{"id": m.id, "nickname": m.nickname, "me": m.id == player.id} for m in team.members],
        }
        if team
        else None,
        "session": {
            "name": game.name,
            "organisation": catalog.organisation,
            "town": catalog.town,
            "company": catalog.company,
            "pack_title": catalog.title,
            "description": catalog.description,
            "status": game.status,
            "seq": game.version,
            "current_day": game.current_day,
            "days_total": len(catalog.days),
            "day": {"number": day.number, "title": day.title, "intro": day.intro, "autonomous": day.autonomous}
            if day
            else None,
        },
        "characters": [present.character(c) for c in catalog.characters],
    }


@me_blp.route("/data")
@me_blp.response(200, content_type="application/json", description="Fichier JSON à télécharger")
def my_data() -> Response:
    """A young person downloads what Éclats holds about them."""
    return urls.json_download(privacy.export_player(db(), current_player()), "mes-donnees-eclats.json")


@me_blp.route("", methods=["DELETE"])
@me_blp.response(204)
def erase_me() -> None:
    """A young person leaves the game and erases their data; the team keeps its progress."""
    actions.erase(current_player())


@me_blp.route("/quests")
@me_blp.response(200, s.QuestOut(many=True))
def quests() -> list[dict[str, Any]]:
    player = current_player()
    catalog = catalog_of(player.session)
    return [present.quest_view(v, catalog) for v in play.quest_views(db(), player)]


@me_blp.route("/quests/<quest_id>/answer", methods=["POST"])
@me_blp.arguments(s.AnswerIn)
@me_blp.response(200, s.AnswerOut)
def answer(body: dict[str, Any], quest_id: str) -> dict[str, Any]:
    return actions.answer(current_player(), quest_id, body)


@me_blp.route("/quests/<quest_id>/hints", methods=["POST"])
@me_blp.arguments(s.ActionIn, required=False)
@me_blp.response(200, s.HintRevealOut)
def hint(body: dict[str, Any], quest_id: str) -> dict[str, Any]:
    return actions.hint(current_player(), quest_id, body.get("client_id"))


@me_blp.route("/quests/<quest_id>/pieces", methods=["POST"])
@me_blp.arguments(s.PieceIn)
@me_blp.response(200, s.PieceOut)
def piece(body: dict[str, Any], quest_id: str) -> dict[str, Any]:
    """Enter the code-lock piece this phone shows; the lock opens when all are in."""
    return actions.piece(current_player(), quest_id, body["value"], body.get("client_id"))


@me_blp.route("/places")
@me_blp.response(200, ps.MyPlacesOut)
def my_places() -> dict[str, Any]:
    """The team's map: places of the missions it can play or has won, with the clue.
    Never anybody's position; and a warmer/colder place's own position only once a
    teammate has reached it (a pin would give the search away, and a spoofer its aim)."""
    player = current_player()
    views = places.team_places(db(), player, now())
    out = []
    for v in views:
        shown = {**present.team_place(v), "pinned": v.pinned}
        if not v.pinned:
            shown["place"] = {**shown["place"], "latitude": None, "longitude": None, "radius_m": None}
        out.append(shown)
    return {"map": urls.map_config(), "places": out}


@me_blp.route("/quests/<quest_id>/checkin", methods=["POST"])
@me_blp.arguments(ps.FixIn)
@me_blp.response(200, ps.CheckInOut)
def checkin(body: dict[str, Any], quest_id: str) -> dict[str, Any]:
    """Send the browser's position; the server decides. The position is not kept."""
    return actions.checkin_gps(current_player(), quest_id, body)


@me_blp.route("/quests/<quest_id>/checkin/qr", methods=["POST"])
@me_blp.arguments(ps.QrIn)
@me_blp.response(200, ps.CheckInOut)
def checkin_qr(body: dict[str, Any], quest_id: str) -> dict[str, Any]:
    """The code printed under the QR poster at the place, when the GPS cannot be used."""
    return actions.checkin_qr(current_player(), quest_id, body["code"], body.get("client_id"))


@me_blp.route("/messages")
@me_blp.response(200, s.MessageOut(many=True))
def messages() -> list[dict[str, Any]]:
    return [
        {"id": m.id, "kind": "team" if m.team_id else "announcement", "text": m.text, "created_at": m.created_at}
        for m in msg_service.messages_for(db(), current_player())
    ]


@me_blp.route("/quests/<quest_id>/submission", methods=["POST"])
@me_blp.doc(requestBody=s.SUBMISSION_BODY)
@me_blp.response(201, s.SubmissionStateOut)
def submit(quest_id: str) -> dict[str, Any]:
    """A free-text answer as JSON ``{text}``, or a photo as multipart field ``photo``.

    The quest's state and the team's right to answer are checked before the body is
    read: a photo for a quest that is not open is refused without being read or decoded."""
    player = current_player()
    catalog = catalog_of(player.session)
    quest = play.check_submittable(db(), player, quest_id)
    text, photo_name = "", None
    if quest.kind is QuestKind.PHOTO:
        limits.spend(limits.UPLOADS_PLAYER, player.id)  # counted before the body is even read
        photos.check_request_size(request.content_length)
        upload = request.files.get("photo")
        if upload is None:
            raise InvalidInput("photo", "Données invalides — « photo » : ajoute une photo.")
        data = upload.read(photos.MAX_UPLOAD_BYTES + 1)
        text = (request.form.get("text") or "")[:2000]
        # nothing written yet: end the read transaction, so that no database connection
        # is held while the photo waits for a decoder
        db().rollback()
        photo_name = photos.store_photo(data, upload_dir())
    else:
        text = s.TextSubmissionIn().load(request.get_json(silent=True) or {})["text"]
    try:
        with transaction() as session:
            sub, events = play.submit(session, player, quest_id, text, photo_name, now())
    except Exception:
        if photo_name:  # nothing half-written: drop the stored photo if the answer was refused
            (upload_dir() / photo_name).unlink(missing_ok=True)
        raise
    realtime.publish(events)
    realtime.publish_submission(SubmissionOut().dump(present.submission(sub, catalog)), player.session_id)
    return {"status": sub.status, "comment": sub.comment}


@me_blp.route("/offers")
@me_blp.response(200, s.OffersOut)
def offers() -> dict[str, Any]:
    """The 25 offers; those the self-diagnosis puts forward for me come first, marked
    ``priority`` ("pour toi en priorité")."""
    player = current_player()
    cards = play.offer_cards(db(), player)
    order = diagnosis.offer_order(db(), player)
    first = [p.offer for p in order.priority]
    rank = {offer_id: i for i, offer_id in enumerate(first)}
    cards = sorted(cards, key=lambda c: rank.get(c.offer.id, len(rank)))  # stable: pack order otherwise
    return {
        "unlocked": sum(1 for c in cards if c.unlocked),
        "total": len(cards),
        "offers": [{**present.offer_card(c), "priority": c.offer.id in rank} for c in cards],
    }


@me_blp.route("/leaderboard")
@me_blp.response(200, s.LeaderOut(many=True))
def leaderboard() -> list[dict[str, Any]]:
    player = current_player()
    return [
        {
            "team_id": r.score.team_id,
            "name": r.score.name,
            "eclats": r.score.eclats,
            "solved": r.score.solved,
            "rank": r.rank,
            "mine": r.score.team_id == player.team_id,
        }
        for r in play.session_leaderboard(db(), player.session)
    ]


@me_blp.route("/recap")
@me_blp.arguments(s.RecapQuery, location="query")
@me_blp.response(200, s.RecapOut)
def recap(query: dict[str, Any]) -> dict[str, Any]:
    """The day's recap; the offers my self-diagnosis puts forward are marked ``priority``,
    and my counsellor appointment, once booked, is there too."""
    player = current_player()
    out = present.recap(play.recap(db(), player, query["day"]))
    first = set(diagnosis.priority_offers(db(), player))
    out["offers"] = [{**o, "priority": o["id"] in first} for o in out["offers"]]
    found = appointments.mine(db(), player)
    if found is not None:
        _appointment, slot, counsellor = found
        out["appointment"] = {
            "starts_at": slot.starts_at,
            "time_zone": zone().key,
            "duration_minutes": slot.duration_minutes,
            "mode_label": appointments.MODES[slot.mode],
            "place": slot.place,
            "counsellor": counsellor.display_name,
        }
    return out
