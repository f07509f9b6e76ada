"""Turn the domain events a service returned into Socket.IO messages, after commit.

One ``team`` message per team and transaction (carrying the team's sequence number),
one ``session`` message per session event, and a fresh leaderboard when scores moved.
Payloads are read from the database after the commit, so they say what is true
(``game/services/news.py``), and dumped by the message's schema
(``api/schemas/events.py``: one per domain event).
"""

from __future__ import annotations

from typing import Any

from game.services import news, overview, presence, rounds, safety
from game.services.common import Routed, TeamFacts
from game.store.models import GameSession, Player, Submission

from .clock import now
from .extensions import db, socketio
from .schemas import events as es
from .schemas import rounds as es_rounds
from .schemas.safety import AlertsEventOut, PrivateHelpOut

PLAYER_NS = "/player"
STAFF_NS = "/staff"


def session_room(session_id: int) -> str:
    return f"session:{session_id}"


def team_room(team_id: int) -> str:
    return f"team:{team_id}"


def staff_room(session_id: int) -> str:
    return f"staff:{session_id}"


def player_room(player_id: int) -> str:
    return f"player:{player_id}"


def _emit_team(session_id: int, event: str, payload: Any, team_id: int) -> None:
    socketio.emit(event, payload, to=team_room(team_id), namespace=PLAYER_NS)
    socketio.emit(event, payload, to=staff_room(session_id), namespace=STAFF_NS)


def _emit_session(session_id: int, event: str, payload: Any) -> None:
    socketio.emit(event, payload, to=session_room(session_id), namespace=PLAYER_NS)
    socketio.emit(event, payload, to=staff_room(session_id), namespace=STAFF_NS)


def publish(events: list[Routed]) -> None:
    """Emit what happened. Call only after the transaction committed."""
    if not events:
        return
    session = db()
    by_team: dict[int, list[Routed]] = {}
    sessions_scored: set[int] = set()
    for routed in events:
        if routed.team_id is not None:
            by_team.setdefault(routed.team_id, []).append(routed)
        else:
            _publish_session(routed)
        if isinstance(routed.event, news.SCORING):
            sessions_scored.add(routed.session_id)
    for team_id, team_events in by_team.items():
        # as this change committed it, if the service said so; else read now
        known = next((r.team for r in team_events if r.team is not None), None)
        team = known or news.team_now(session, team_id)
        if team is not None:
            _publish_team(team, team_events)
    for session_id in sessions_scored:
        publish_leaderboard(session_id)


def team_payload(team: TeamFacts, routed: list[Routed]) -> dict[str, Any]:
    told = news.team_news(db(), team, routed)
    payload: dict[str, Any] = es.schema_for(told.event).dump(told)
    return payload


def _publish_team(team: TeamFacts, routed: list[Routed]) -> None:
    _emit_team(team.session_id, "team", team_payload(team, routed), team.id)


def _publish_session(routed: Routed) -> None:
    game = db().get(GameSession, routed.session_id)
    if game is not None:
        told = news.session_news(game, routed.event)
        _emit_session(game.id, "session", es.schema_for(told.event).dump(told))


def publish_leaderboard(session_id: int) -> None:
    """The leaderboard of the REST API (``GET /api/me/leaderboard``), to everyone."""
    game = db().get(GameSession, session_id)
    if game is not None:
        _emit_session(game.id, "leaderboard", es.LEADERBOARD.dump(overview.standings(db(), game)))


def publish_presence(player: Player, online: bool, team_id: int | None = None, **extra: bool) -> None:
    """Tell ``team_id`` (default: the player's team) that the player came or went."""
    team_id = player.team_id if team_id is None else team_id
    if team_id is None:
        return
    told = news.PresenceNews(player.id, player.nickname, team_id, online, **extra)
    _emit_team(player.session_id, "presence", es.PresenceOut().dump(told), team_id)


def hello_payload(player: Player) -> dict[str, Any]:
    """What a phone resynchronises from: sequence numbers and who is online in its team."""
    payload: dict[str, Any] = es.HelloOut().dump(news.hello(db(), player, now()))
    return payload


def publish_moved(player: Player, old_team_id: int | None) -> None:
    """A facilitator moved the player: their phones leave the old team's room for the new
    one (on whichever server process holds them) and resynchronise at once."""
    sids = presence.sockets_of(db(), player.id, now())
    for sid in sids:
        if old_team_id is not None:
            socketio.server.leave_room(sid, team_room(old_team_id), namespace=PLAYER_NS)
        if player.team_id is not None:
            socketio.server.enter_room(sid, team_room(player.team_id), namespace=PLAYER_NS)
    socketio.emit("hello", hello_payload(player), to=player_room(player.id), namespace=PLAYER_NS)
    publish_presence(player, False, team_id=old_team_id, left=True)
    if sids:
        publish_presence(player, True)


def close_sockets(sids: list[str]) -> None:
    """Cut a revoked or erased player's live sockets, so that no team event reaches
    them any more, even from a phone that ignores "revoked"."""
    for sid in sids:
        socketio.server.disconnect(sid, namespace=PLAYER_NS)


def publish_submission(sub: Submission, session_id: int) -> None:
    """A new answer to review, for the console (the same as in ``GET …/submissions``)."""
    socketio.emit("submission", es.SUBMISSION.dump(sub), to=staff_room(session_id), namespace=STAFF_NS)


def publish_revoked(player_id: int, message: str) -> None:
    socketio.emit("revoked", es.RevokedOut().dump({"message": message}), to=player_room(player_id), namespace=PLAYER_NS)


def publish_alerts(session_id: int) -> None:
    """The safety net's alerts, to the session's staff only (never to a phone): the
    whole list again, so that every console shows the same states."""
    told = {"session_id": session_id, "alerts": safety.list_alerts(db(), session_id)}
    socketio.emit("alerts", AlertsEventOut().dump(told), to=staff_room(session_id), namespace=STAFF_NS)


def publish_help(player: Player) -> None:
    """A facilitator flagged the young person's answer: the numbers, to their phone only."""
    help_ = PrivateHelpOut().dump(safety.private_help(db(), player))
    socketio.emit("help", help_, to=player_room(player.id), namespace=PLAYER_NS)


def publish_round(shown: rounds.RoundView) -> None:
    """A live round's new state (opened, time changed, closed with its result): every
    phone of the session without the live count, the staff with it."""
    phone, staff = es_rounds.PhoneRoundOut().dump(shown), es_rounds.RoundOut().dump(shown)
    socketio.emit("round", phone, to=session_room(shown.session_id), namespace=PLAYER_NS)
    socketio.emit("round", staff, to=staff_room(shown.session_id), namespace=STAFF_NS)


def publish_round_count(shown: rounds.RoundView) -> None:
    """How many answered the open round, to the staff only (never who answered what)."""
    told = {"live_id": shown.live_id, "answers": shown.answers, "players": shown.players}
    count = es_rounds.RoundCountOut().dump(told)
    socketio.emit("round_count", count, to=staff_room(shown.session_id), namespace=STAFF_NS)


def publish_slots(session_id: int) -> None:
    """The session's free slots changed (published, deleted, taken or freed): every phone
    of the session refetches ``GET /api/me/appointment/slots``. No personal data."""
    socketio.emit("slots", {"session_id": session_id}, to=session_room(session_id), namespace=PLAYER_NS)


def publish_badge(player_id: int | None, badge_id: str, name: str, revoked: bool = False) -> None:
    """A facilitator issued (or revoked) one of this young person's badges: their own
    phones only (``player:<id>``), never the team's."""
    if player_id is None:
        return
    told = {"type": "revoked" if revoked else "issued", "id": badge_id, "name": name}
    socketio.emit("badge", told, to=player_room(player_id), namespace=PLAYER_NS)
