"""Turn the domain events a service returned into Socket.IO messages, after commit.

One ``team`` message per team and transaction (carrying the team's sequence number),
one ``session`` message per session event, and a fresh leaderboard when scores moved.
Payloads are read from the database after the commit, so they say what is true.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from game.rules import events as ev
from game.services import presence
from game.services.common import Routed, catalog_of, eclats_of
from game.services.play import session_leaderboard
from game.store.models import GameSession, Player, Submission, Team

from .extensions import db, socketio

PLAYER_NS = "/player"
STAFF_NS = "/staff"

# which event speaks for a team when one transaction produced several
_PRIORITY: list[type] = [
    ev.SubmissionReviewed,
    ev.QuestSolved,
    ev.QuestFailed,
    ev.PiecesEntered,
    ev.HintRevealed,
    ev.SubmissionReceived,
    ev.WrongAnswer,
    ev.TeamMessage,
]
_SCORING = (ev.QuestSolved, ev.HintRevealed, ev.SubmissionReviewed)


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
        if isinstance(routed.event, _SCORING):
            sessions_scored.add(routed.session_id)
    for team_id, team_events in by_team.items():
        team = session.get(Team, team_id)
        if team is not None:
            _publish_team(team, team_events)
    for session_id in sessions_scored:
        publish_leaderboard(session_id)


def team_payload(team: Team, routed: list[Routed]) -> dict[str, Any]:
    main = min(routed, key=lambda r: _PRIORITY.index(type(r.event)) if type(r.event) in _PRIORITY else 99)
    event = main.event
    catalog = catalog_of(team.session)
    actor = db().get(Player, main.actor_id) if main.actor_id else None
    payload: dict[str, Any] = {
        "team_id": team.id,
        "seq": team.seq,
        "eclats": main.eclats if main.eclats is not None else eclats_of(db(), team.id),
        "by": actor.nickname if actor else None,
    }
    quest_id = getattr(event, "quest_id", None)
    quest = catalog.quest(quest_id) if quest_id else None
    if quest is not None:
        payload.update(quest_id=quest.id, title=quest.title)
        place = catalog.place(quest.place) if quest.place else None
        if place is not None:  # the place's own coordinates (public), never a player's
            payload["place"] = {
                "id": place.id,
                "name": place.name,
                "latitude": place.latitude,
                "longitude": place.longitude,
            }
    offers = [{"id": o.id, "title": o.title} for o in (catalog.offer(i) for i in getattr(event, "offers", ())) if o]
    if isinstance(event, ev.QuestSolved):
        payload.update(type="solved", reward=event.reward, offers=offers)
    elif isinstance(event, ev.QuestFailed):
        payload.update(type="failed", offers=offers)
    elif isinstance(event, ev.WrongAnswer):
        payload.update(type="attempt", attempts_left=event.attempts_left)
    elif isinstance(event, ev.HintRevealed):
        payload.update(type="hint", cost=event.cost)
    elif isinstance(event, ev.PiecesEntered):
        payload.update(type="piece", entered=event.entered, total=event.total)
    elif isinstance(event, ev.AppointmentsBooked):
        payload.update(type="booked", booked=event.booked, total=event.total)
    elif isinstance(event, ev.PlaceReached):
        payload.update(type="arrived", present=event.present, needed=event.needed)
    elif isinstance(event, ev.SubmissionReceived):
        payload.update(type="submitted")
    elif isinstance(event, ev.SubmissionReviewed):
        solved = next((r.event for r in routed if isinstance(r.event, ev.QuestSolved)), None)
        sub = db().scalar(
            select(Submission)
            .where(Submission.team_id == team.id, Submission.quest_id == event.quest_id)
            .order_by(Submission.id.desc())
            .limit(1)
        )
        payload.update(
            type="reviewed",
            approved=event.approved,
            bonus=event.bonus,
            comment=sub.comment if sub else "",
            reward=solved.reward if solved else 0,
            offers=[{"id": o.id, "title": o.title} for o in (catalog.offer(i) for i in solved.offers) if o]
            if solved
            else [],
        )
    elif isinstance(event, ev.TeamMessage):
        payload.update(type="message", text=event.text)
    elif isinstance(event, ev.MemberLeft):
        payload.update(type="left")
    return payload


def _publish_team(team: Team, routed: list[Routed]) -> None:
    _emit_team(team.session_id, "team", team_payload(team, routed), team.id)


def session_payload(game: GameSession, event: ev.Event) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "session_id": game.id,
        "seq": game.version,
        "status": game.status,
        "current_day": game.current_day,
    }
    if isinstance(event, ev.DayOpened):
        day = catalog_of(game).day(event.day)
        payload.update(type="day_opened", day=event.day, title=day.title if day else "")
    elif isinstance(event, ev.SessionPaused):
        payload.update(type="paused")
    elif isinstance(event, ev.SessionResumed):
        payload.update(type="resumed")
    elif isinstance(event, ev.SessionFinished):
        payload.update(type="finished")
    elif isinstance(event, ev.Announcement):
        payload.update(type="announcement", text=event.text)
    return payload


def _publish_session(routed: Routed) -> None:
    game = db().get(GameSession, routed.session_id)
    if game is not None:
        _emit_session(game.id, "session", session_payload(game, routed.event))


def leaderboard_payload(game: GameSession) -> list[dict[str, Any]]:
    return [
        {
            "team_id": r.score.team_id,
            "name": r.score.name,
            "eclats": r.score.eclats,
            "solved": r.score.solved,
            "rank": r.rank,
        }
        for r in session_leaderboard(db(), game)
    ]


def publish_leaderboard(session_id: int) -> None:
    game = db().get(GameSession, session_id)
    if game is not None:
        _emit_session(game.id, "leaderboard", leaderboard_payload(game))


def publish_presence(player: Player, online: bool, team_id: int | None = None, **extra: Any) -> None:
    """Tell ``team_id`` (default: the player's team) that the player came or went."""
    team_id = player.team_id if team_id is None else team_id
    if team_id is None:
        return
    payload = {
        "player_id": player.id,
        "nickname": player.nickname,
        "team_id": team_id,
        "online": online,
        **extra,
    }
    _emit_team(player.session_id, "presence", payload, team_id)


def hello_payload(player: Player) -> dict[str, Any]:
    """What a phone resynchronises from: sequence numbers and who is online in its team."""
    return {
        "team_seq": player.team.seq if player.team else 0,
        "session_seq": player.session.version,
        "online": presence.online_in_team(db(), player.team_id) if player.team_id else [],
    }


def publish_moved(player: Player, old_team_id: int | None) -> None:
    """A facilitator moved the player: their phones leave the old team's room for the new
    one (on whichever server process holds them) and resynchronise at once."""
    sids = presence.sockets_of(db(), player.id)
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


def publish_submission(payload: dict[str, Any], session_id: int) -> None:
    socketio.emit("submission", payload, to=staff_room(session_id), namespace=STAFF_NS)


def publish_revoked(player_id: int, message: str) -> None:
    socketio.emit("revoked", {"message": message}, to=player_room(player_id), namespace=PLAYER_NS)
