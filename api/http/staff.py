"""Facilitator endpoints: login, sessions, teams, calendar, reviews."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import qrcode
import qrcode.image.svg
from flask import Response, send_from_directory
from flask.views import MethodView
from flask_smorest import Blueprint

from content.loader import available_packs, load_named_pack
from game.rules.errors import NotFound
from game.services import accounts, presence, privacy, reviews, sessions
from game.services.common import catalog_of, get_session

from .. import actions, realtime
from ..auth import bearer_token, current_staff, staff_required
from ..extensions import db, transaction, upload_dir
from ..schemas import staff as s
from . import present

auth_blp = Blueprint("auth", __name__, url_prefix="/api/auth", description="Connexion des animateurs")
sessions_blp = Blueprint("sessions", __name__, url_prefix="/api", description="Sessions, équipes, calendrier")
submissions_blp = Blueprint(
    "submissions", __name__, url_prefix="/api/submissions", description="Relecture des réponses"
)


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@auth_blp.route("/login", methods=["POST"])
@auth_blp.arguments(s.LoginIn)
@auth_blp.response(200, s.LoginOut)
def login(body: dict[str, Any]) -> dict[str, Any]:
    with transaction() as session:
        token, facilitator = accounts.login(session, body["username"], body["password"], now())
    return {"token": token, "facilitator": facilitator}


@auth_blp.route("/logout", methods=["POST"])
@staff_required
@auth_blp.response(204)
def logout() -> None:
    with transaction() as session:
        accounts.logout(session, bearer_token(), now())


@auth_blp.route("/me")
@staff_required
@auth_blp.response(200, s.FacilitatorOut)
def me() -> Any:
    return current_staff()


@sessions_blp.route("/packs")
@staff_required
@sessions_blp.response(200, s.PackOut(many=True))
def packs() -> list[dict[str, Any]]:
    out = []
    for name in available_packs():
        catalog = load_named_pack(name)
        out.append(
            {
                "name": name,
                "title": catalog.title,
                "organisation": catalog.organisation,
                "town": catalog.town,
                "days": len(catalog.days),
                "quests": len(catalog.quests),
                "offers": len(catalog.offers),
            }
        )
    return out


def _detail(session_id: int) -> dict[str, Any]:
    game = get_session(db(), session_id)
    pending = len(reviews.list_submissions(db(), session_id, "pending"))
    return present.session_detail(game, sessions.progress(db(), session_id), pending)


@sessions_blp.route("/sessions")
class Sessions(MethodView):
    @staff_required
    @sessions_blp.response(200, s.SessionSummaryOut(many=True))
    def get(self) -> list[dict[str, Any]]:
        return [present.session_summary(r) for r in sessions.list_sessions(db())]

    @staff_required
    @sessions_blp.arguments(s.SessionIn)
    @sessions_blp.response(201, s.SessionDetailOut)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        with transaction() as session:
            created = sessions.create_session(
                session,
                current_staff(),
                body["name"],
                body["pack"],
                body["start_date"],
                body["players_choose_team"],
                body["teams"],
                now(),
            )
        return _detail(created.id)


@sessions_blp.route("/sessions/<int:session_id>")
@staff_required
@sessions_blp.response(200, s.SessionDetailOut)
def session_detail(session_id: int) -> dict[str, Any]:
    return _detail(session_id)


@sessions_blp.route("/sessions/<int:session_id>/teams", methods=["POST"])
@staff_required
@sessions_blp.arguments(s.TeamIn)
@sessions_blp.response(201, s.TeamOut)
def add_team(body: dict[str, Any], session_id: int) -> Any:
    with transaction() as session:
        team = sessions.add_team(session, session_id, body["name"])
    return team


@sessions_blp.route("/sessions/<int:session_id>/days", methods=["POST"])
@staff_required
@sessions_blp.arguments(s.DayIn)
@sessions_blp.response(200, s.SessionDetailOut)
def open_day(body: dict[str, Any], session_id: int) -> dict[str, Any]:
    with transaction() as session:
        events = sessions.open_day(session, session_id, body["day"], now())
    realtime.publish(events)
    return _detail(session_id)


@sessions_blp.route("/sessions/<int:session_id>/pause", methods=["POST"])
@staff_required
@sessions_blp.response(200, s.SessionDetailOut)
def pause(session_id: int) -> dict[str, Any]:
    with transaction() as session:
        events = sessions.pause(session, session_id)
    realtime.publish(events)
    return _detail(session_id)


@sessions_blp.route("/sessions/<int:session_id>/resume", methods=["POST"])
@staff_required
@sessions_blp.response(200, s.SessionDetailOut)
def resume(session_id: int) -> dict[str, Any]:
    with transaction() as session:
        events = sessions.resume(session, session_id)
    realtime.publish(events)
    return _detail(session_id)


@sessions_blp.route("/sessions/<int:session_id>/finish", methods=["POST"])
@staff_required
@sessions_blp.response(200, s.SessionDetailOut)
def finish(session_id: int) -> dict[str, Any]:
    with transaction() as session:
        events = sessions.finish(session, session_id)
    realtime.publish(events)
    return _detail(session_id)


@sessions_blp.route("/sessions/<int:session_id>/players/<int:player_id>", methods=["PATCH"])
@staff_required
@sessions_blp.arguments(s.MoveIn)
@sessions_blp.response(200, s.PlayerOut)
def move_player(body: dict[str, Any], session_id: int, player_id: int) -> dict[str, Any]:
    with transaction() as session:
        player = sessions.player_in(session, session_id, player_id)
        old_team_id = player.team_id
        sessions.move_player(session, session_id, player_id, body["team_id"])
    if player.team_id != old_team_id:
        realtime.publish_moved(player, old_team_id)
    return present.player(player)


@sessions_blp.route("/sessions/<int:session_id>/players/<int:player_id>/revoke", methods=["POST"])
@staff_required
@sessions_blp.response(200, s.PlayerOut)
def revoke_player(session_id: int, player_id: int) -> dict[str, Any]:
    with transaction() as session:
        player = sessions.revoke_player(session, session_id, player_id, now())
    realtime.publish_revoked(player.id, "L'animateur a fermé ta connexion. Rejoins la partie avec le code.")
    realtime.close_sockets(presence.sockets_of(db(), player.id))
    realtime.publish_presence(player, False, left=True)
    return present.player(player)


@sessions_blp.route("/sessions/<int:session_id>/players/<int:player_id>/export")
@staff_required
def export_player(session_id: int, player_id: int) -> Response:
    """Everything Éclats holds about one young person, as a JSON file to hand over."""
    player = sessions.player_in(db(), session_id, player_id)
    return present.json_download(privacy.export_player(db(), player), f"eclats-joueur-{player.id}.json")


@sessions_blp.route("/sessions/<int:session_id>/players/<int:player_id>", methods=["DELETE"])
@staff_required
@sessions_blp.response(204)
def erase_player(session_id: int, player_id: int) -> None:
    """Erase a young person's data (nickname, answers, photos) for good."""
    actions.erase(sessions.player_in(db(), session_id, player_id))


@sessions_blp.route("/sessions/<int:session_id>/qr.svg")
@sessions_blp.doc(
    description="QR code of the join link, for a projector. No login: it only carries the join code shown beside it."
)
def join_qr(session_id: int) -> Response:
    game = get_session(db(), session_id)
    image = qrcode.make(present.join_url(game), image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return Response(buffer.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})


@sessions_blp.route("/sessions/<int:session_id>/submissions")
@staff_required
@sessions_blp.arguments(s.SubmissionQuery, location="query")
@sessions_blp.response(200, s.SubmissionOut(many=True))
def list_submissions(query: dict[str, Any], session_id: int) -> list[dict[str, Any]]:
    game = get_session(db(), session_id)
    catalog = catalog_of(game)
    return [present.submission(x, catalog) for x in reviews.list_submissions(db(), session_id, query["status"])]


@submissions_blp.route("/<int:submission_id>/review", methods=["POST"])
@staff_required
@submissions_blp.arguments(s.ReviewIn)
@submissions_blp.response(200, s.SubmissionOut)
def review(body: dict[str, Any], submission_id: int) -> dict[str, Any]:
    with transaction() as session:
        sub, events = reviews.review(
            session,
            current_staff(),
            submission_id,
            body["verdict"] == "approved",
            body["comment"],
            body["bonus"],
            now(),
        )
    realtime.publish(events)
    return present.submission(sub, catalog_of(sub.team.session))


@submissions_blp.route("/<int:submission_id>/photo")
@staff_required
def photo(submission_id: int) -> Response:
    """Photos are shown to staff only: a young person's picture is not public."""
    sub = reviews.get_submission(db(), submission_id)
    if not sub.photo_path:
        raise NotFound("no_photo", "Cette réponse n'a pas de photo.")
    response = send_from_directory(upload_dir(), sub.photo_path, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, no-store"
    return response
