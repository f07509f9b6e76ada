"""Phone endpoints: join with a code, then play as a member of a team."""

from __future__ import annotations

import io
from typing import Any

import qrcode
import qrcode.image.svg
from flask import Response, request
from flask_smorest import Blueprint

from game.rules import kinds
from game.rules.errors import InvalidInput, NotFound
from game.services import accounts, overview, photos, place_views, play, privacy, reviews
from game.services import messages as msg_service
from game.store.models import GameSession, Message

from .. import actions, limits, organisation_settings, realtime
from ..auth import current_caller, current_player
from ..clock import now
from ..extensions import db, instance_secret, transaction, upload_dir
from ..limits import client_address
from ..schemas import places as ps
from ..schemas import player as s
from . import urls

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
def join_info(code: str) -> GameSession:
    return _session_for_code(code)


@join_blp.route("/<code>/qr.svg")
@join_blp.doc(description="QR code of the join link, for the projector: knowing the code is needed to get it.")
@join_blp.response(200, content_type="image/svg+xml", description="QR code du lien pour rejoindre")
def join_qr(code: str) -> Response:
    game = _session_for_code(code)  # a code guessed here counts like one typed on the join screen
    organisation_settings.act_for(game.organisation_id)  # its link starts with its organisation's address
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
    return {"token": token, "player": player}


@me_blp.route("")
@me_blp.response(200, s.MeOut)
def me() -> overview.Me:
    return overview.me(db(), current_player())


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
def quests() -> list[play.QuestView]:
    # a write: an available lock seen for the first time has its split frozen (``services.locks``)
    with transaction() as session:
        return play.quest_views(session, current_player(), instance_secret(), now())


@me_blp.route("/quests/<quest_id>/answer", methods=["POST"])
@me_blp.arguments(s.AnswerIn)
@me_blp.response(200, s.AnswerOut)
def answer(body: dict[str, Any], quest_id: str) -> dict[str, Any]:
    return actions.answer(current_caller(), quest_id, body)


@me_blp.route("/quests/<quest_id>/hints", methods=["POST"])
@me_blp.arguments(s.ActionIn, required=False)
@me_blp.response(200, s.HintRevealOut)
def hint(body: dict[str, Any], quest_id: str) -> dict[str, Any]:
    return actions.hint(current_caller(), quest_id, body.get("client_id"))


@me_blp.route("/quests/<quest_id>/pieces", methods=["POST"])
@me_blp.arguments(s.PieceIn)
@me_blp.response(200, s.PieceOut)
def piece(body: dict[str, Any], quest_id: str) -> dict[str, Any]:
    """Enter the code-lock piece this phone shows; the lock opens when all are in."""
    return actions.piece(current_caller(), quest_id, body["value"], body.get("client_id"))


@me_blp.route("/places")
@me_blp.response(200, ps.MyPlacesOut)
def my_places() -> dict[str, Any]:
    """The team's map: places of the missions it can play or has won, with the clue.
    Never anybody's position; and a warmer/colder place's own position only once a
    teammate has reached it (a pin would give the search away, and a spoofer its aim)."""
    return {"map": urls.map_config(), "places": place_views.team_places(db(), current_player(), now())}


@me_blp.route("/quests/<quest_id>/checkin", methods=["POST"])
@me_blp.arguments(ps.FixIn)
@me_blp.response(200, ps.CheckInOut)
def checkin(body: dict[str, Any], quest_id: str) -> dict[str, Any]:
    """Send the browser's position; the server decides. The position is not kept."""
    return actions.checkin_gps(current_caller(), quest_id, body)


@me_blp.route("/quests/<quest_id>/checkin/qr", methods=["POST"])
@me_blp.arguments(ps.QrIn)
@me_blp.response(200, ps.CheckInOut)
def checkin_qr(body: dict[str, Any], quest_id: str) -> dict[str, Any]:
    """The code printed under the QR poster at the place, when the GPS cannot be used."""
    return actions.checkin_qr(current_caller(), quest_id, body["code"], body.get("client_id"))


@me_blp.route("/messages")
@me_blp.response(200, s.MessageOut(many=True))
def messages() -> list[Message]:
    return msg_service.messages_for(db(), current_player())


@me_blp.route("/quests/<quest_id>/submission", methods=["POST"])
@me_blp.doc(requestBody=s.SUBMISSION_BODY)
@me_blp.response(201, s.SubmissionStateOut)
def submit(quest_id: str) -> dict[str, Any]:
    """A free-text answer as JSON ``{text}``, or a photo as multipart field ``photo``.

    The quest's state and the team's right to answer are checked before the body is
    read: a photo for a quest that is not open is refused without being read or decoded."""
    player = current_player()
    quest = reviews.check_submittable(db(), player, quest_id)
    photo: bytes | None = None
    if kinds.of(quest.kind).photo:
        limits.spend(limits.UPLOADS_PLAYER, player.id)  # counted before the body is even read
        photos.check_request_size(request.content_length)
        upload = request.files.get("photo")
        if upload is None:
            raise InvalidInput("photo", "Données invalides — « photo » : ajoute une photo.")
        photo = upload.read(photos.MAX_UPLOAD_BYTES + 1)
        text = request.form.get("text") or ""
    else:
        text = s.TextSubmissionIn().load(request.get_json(silent=True) or {})["text"]
    with reviews.photo_stored(db(), photo, upload_dir()) as photo_name, transaction() as session:
        sub, events = reviews.submit(session, player, quest_id, text, photo_name, now())
    realtime.publish(events)
    realtime.publish_submission(sub, player.session_id)
    return {"status": sub.status, "comment": sub.comment}


@me_blp.route("/offers")
@me_blp.response(200, s.OffersOut)
def offers() -> dict[str, Any]:
    """The 25 offers; those the self-diagnosis puts forward for me come first, marked
    ``priority`` ("pour toi en priorité")."""
    cards = play.offer_cards(db(), current_player())
    return {
        "unlocked": sum(1 for c in cards if c.unlocked),
        "total": len(cards),
        "offers": cards,
    }


@me_blp.route("/leaderboard")
@me_blp.response(200, s.LeaderOut(many=True))
def leaderboard() -> list[overview.Standing]:
    player = current_player()
    return overview.standings(db(), player.session, player.team_id)


@me_blp.route("/recap")
@me_blp.arguments(s.RecapQuery, location="query")
@me_blp.response(200, s.RecapOut)
def recap(query: dict[str, Any]) -> overview.MyRecap:
    """The day's recap; the offers my self-diagnosis puts forward are marked ``priority``,
    and my counsellor appointment, once booked, is there too."""
    return overview.my_recap(db(), current_player(), query["day"])
