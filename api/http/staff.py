"""Facilitator endpoints: login, sessions, teams, calendar, reviews."""

from __future__ import annotations

import logging
from typing import Any

from flask import Response, send_from_directory
from flask.views import MethodView
from flask_smorest import Blueprint

from content.loader import load_named_pack
from game.rules.errors import NotFound
from game.services import accounts, appointments, overview, presence, privacy, reviews, sessions
from game.services import packs as owned_packs
from game.services.common import get_session
from game.store.models import Player, Submission

from .. import actions, limits, realtime
from ..auth import bearer_token, current_staff
from ..clock import now
from ..extensions import db, transaction, upload_dir
from ..limits import client_address
from ..schemas import staff as s
from . import urls

log = logging.getLogger(__name__)

auth_blp = Blueprint("auth", __name__, url_prefix="/api/auth", description="Connexion des animateurs")
sessions_blp = Blueprint("sessions", __name__, url_prefix="/api", description="Sessions, équipes, calendrier")
submissions_blp = Blueprint(
    "submissions", __name__, url_prefix="/api/submissions", description="Relecture des réponses"
)


@auth_blp.route("/login", methods=["POST"])
@auth_blp.arguments(s.LoginIn)
@auth_blp.response(200, s.LoginOut)
def login(body: dict[str, Any]) -> dict[str, Any]:
    """Failed attempts are counted per account and per client: past a few, the account
    waits (even with the right password), so passwords cannot be guessed."""
    username, client = body["username"].strip().lower(), client_address()
    try:
        limits.check(limits.LOGIN_USER, username)
        limits.check(limits.LOGIN_CLIENT, client)
    except limits.TooManyRequests as exc:
        _failed_login(username, client, f"trop d'essais, attente encore {exc.retry_after} s")
        raise
    try:
        with transaction() as session:
            token, facilitator = accounts.login(session, body["username"], body["password"], now())
    except accounts.Unauthorized:
        limits.record(limits.LOGIN_USER, username)
        limits.record(limits.LOGIN_CLIENT, client)
        _failed_login(username, client, "identifiant ou mot de passe faux")
        raise
    return {"token": token, "facilitator": facilitator}


def _failed_login(username: str, client: str, why: str) -> None:
    """One line per refused login, for whoever watches for password guessing: who (the
    username tried, quoted so that it cannot forge a line of its own) and from where (the
    address the reverse proxy saw, with ECLATS_PROXIES). An expected refusal: no traceback."""
    log.warning("connexion animateur refusée : identifiant %r depuis %s (%s)", username, client, why)


@auth_blp.route("/logout", methods=["POST"])
@auth_blp.response(204)
def logout() -> None:
    with transaction() as session:
        accounts.logout(session, bearer_token(), now())


@auth_blp.route("/me")
@auth_blp.response(200, s.FacilitatorOut)
def me() -> Any:
    return current_staff()


@sessions_blp.route("/packs")
@sessions_blp.response(200, s.PackOut(many=True))
def packs() -> list[dict[str, Any]]:
    out = []
    for name in owned_packs.visible_packs(current_staff().organisation_id):  # shipped, and your own copies
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


def _detail(session_id: int) -> overview.SessionDetail:
    return overview.session_detail(db(), session_id, urls.join_url(get_session(db(), session_id)))


@sessions_blp.route("/sessions")
class Sessions(MethodView):
    @sessions_blp.response(200, s.SessionSummaryOut(many=True))
    def get(self) -> list[overview.SessionLine]:
        staff = current_staff()
        return overview.session_lines(db(), staff.organisation_id, with_code=not appointments.is_counsellor(staff))

    @sessions_blp.arguments(s.SessionIn)
    @sessions_blp.response(201, s.SessionDetailOut)
    def post(self, body: dict[str, Any]) -> overview.SessionDetail:
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
@sessions_blp.response(200, s.SessionDetailOut)
def session_detail(session_id: int) -> overview.SessionDetail:
    return _detail(session_id)


@sessions_blp.route("/sessions/<int:session_id>/teams", methods=["POST"])
@sessions_blp.arguments(s.TeamIn)
@sessions_blp.response(201, s.TeamOut)
def add_team(body: dict[str, Any], session_id: int) -> Any:
    with transaction() as session:
        team = sessions.add_team(session, session_id, body["name"])
    return team


@sessions_blp.route("/sessions/<int:session_id>/days", methods=["POST"])
@sessions_blp.arguments(s.DayIn)
@sessions_blp.response(200, s.SessionDetailOut)
def open_day(body: dict[str, Any], session_id: int) -> overview.SessionDetail:
    with transaction() as session:
        events = sessions.open_day(session, session_id, body["day"], now())
    realtime.publish(events)
    return _detail(session_id)


@sessions_blp.route("/sessions/<int:session_id>/pause", methods=["POST"])
@sessions_blp.response(200, s.SessionDetailOut)
def pause(session_id: int) -> overview.SessionDetail:
    with transaction() as session:
        events = sessions.pause(session, session_id)
    realtime.publish(events)
    return _detail(session_id)


@sessions_blp.route("/sessions/<int:session_id>/resume", methods=["POST"])
@sessions_blp.response(200, s.SessionDetailOut)
def resume(session_id: int) -> overview.SessionDetail:
    with transaction() as session:
        events = sessions.resume(session, session_id)
    realtime.publish(events)
    return _detail(session_id)


@sessions_blp.route("/sessions/<int:session_id>/finish", methods=["POST"])
@sessions_blp.response(200, s.SessionDetailOut)
def finish(session_id: int) -> overview.SessionDetail:
    with transaction() as session:
        events = sessions.finish(session, session_id)
    realtime.publish(events)
    return _detail(session_id)


@sessions_blp.route("/sessions/<int:session_id>/players/<int:player_id>", methods=["PATCH"])
@sessions_blp.arguments(s.MoveIn)
@sessions_blp.response(200, s.PlayerOut)
def move_player(body: dict[str, Any], session_id: int, player_id: int) -> Player:
    with transaction() as session:
        player = sessions.player_in(session, session_id, player_id)
        old_team_id = player.team_id
        sessions.move_player(session, session_id, player_id, body["team_id"])
    if player.team_id != old_team_id:
        realtime.publish_moved(player, old_team_id)
    return player


@sessions_blp.route("/sessions/<int:session_id>/players/<int:player_id>/revoke", methods=["POST"])
@sessions_blp.response(200, s.PlayerOut)
def revoke_player(session_id: int, player_id: int) -> Player:
    with transaction() as session:
        player = sessions.revoke_player(session, session_id, player_id, now(), current_staff())
    realtime.publish_revoked(player.id, "L'animateur a fermé ta connexion. Rejoins la partie avec le code.")
    realtime.close_sockets(presence.sockets_of(db(), player.id, now()))
    realtime.publish_presence(player, False, left=True)
    return player


@sessions_blp.route("/sessions/<int:session_id>/players/<int:player_id>/export")
@sessions_blp.response(200, content_type="application/json", description="Fichier JSON à remettre au jeune")
def export_player(session_id: int, player_id: int) -> Response:
    """Everything Éclats holds about one young person, as a JSON file to hand over."""
    player = sessions.player_in(db(), session_id, player_id)
    return urls.json_download(privacy.export_player(db(), player), f"eclats-joueur-{player.id}.json")


@sessions_blp.route("/sessions/<int:session_id>/players/<int:player_id>", methods=["DELETE"])
@sessions_blp.response(204)
def erase_player(session_id: int, player_id: int) -> None:
    """Erase a young person's data (nickname, answers, photos) for good."""
    actions.erase(sessions.player_in(db(), session_id, player_id))


@sessions_blp.route("/sessions/<int:session_id>/join-code", methods=["POST"])
@sessions_blp.response(200, s.SessionDetailOut)
def change_join_code(session_id: int) -> overview.SessionDetail:
    """A new join code: the old one, its links and QR codes stop working; the players
    already in keep playing."""
    with transaction() as session:
        sessions.change_join_code(session, session_id)
    return _detail(session_id)


@sessions_blp.route("/sessions/<int:session_id>/joining", methods=["PUT"])
@sessions_blp.arguments(s.JoiningIn)
@sessions_blp.response(200, s.SessionDetailOut)
def set_joining(body: dict[str, Any], session_id: int) -> overview.SessionDetail:
    """Close the session to newcomers (``open: false``), or open it again."""
    with transaction() as session:
        sessions.set_joining(session, session_id, body["open"])
    return _detail(session_id)


@sessions_blp.route("/sessions/<int:session_id>/bans", methods=["DELETE"])
@sessions_blp.response(200, s.BansLiftedOut)
def lift_bans(session_id: int) -> dict[str, Any]:
    """Let the phones of disconnected players join again (a disconnection by mistake)."""
    with transaction() as session:
        lifted = sessions.lift_bans(session, session_id)
    return {"lifted": lifted}


@sessions_blp.route("/sessions/<int:session_id>/submissions")
@sessions_blp.arguments(s.SubmissionQuery, location="query")
@sessions_blp.response(200, s.SubmissionOut(many=True))
def list_submissions(query: dict[str, Any], session_id: int) -> list[Submission]:
    get_session(db(), session_id)
    return reviews.list_submissions(db(), session_id, query["status"])


@submissions_blp.route("/<int:submission_id>/review", methods=["POST"])
@submissions_blp.arguments(s.ReviewIn)
@submissions_blp.response(200, s.SubmissionOut)
def review(body: dict[str, Any], submission_id: int) -> Submission:
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
    return sub


@submissions_blp.route("/<int:submission_id>/photo")
@submissions_blp.response(200, content_type="image/jpeg", description="La photo (réservée à l'équipe)")
def photo(submission_id: int) -> Response:
    """Photos are shown to staff only: a young person's picture is not public."""
    sub = reviews.get_submission(db(), submission_id)
    if not sub.photo_path:
        raise NotFound("no_photo", "Cette réponse n'a pas de photo.")
    response = send_from_directory(upload_dir(), sub.photo_path, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, no-store"
    return response
