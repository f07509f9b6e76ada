"""Schemas of the Socket.IO messages the server sends.

A domain event becomes a ``team`` message (routed to one team) or a ``session`` message
(to the whole session): ``EVENT_SCHEMAS`` gives each event type its schema, which dumps
the ``TeamNews`` or ``SessionNews`` the service read after the commit. The other
messages (``leaderboard``, ``presence``, ``hello``, ``submission``, ``revoked``) have
their schema here too; the leaderboard is the one the REST API sends."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, post_dump

from game.rules import events as ev

from .player import LeaderOut
from .staff import SubmissionOut

__all__ = ["EVENT_SCHEMAS", "LEADERBOARD", "SUBMISSION", "HelloOut", "PresenceOut", "RevokedOut", "schema_for"]


class _Brief(Schema):
    id = fields.Str()
    title = fields.Str()


class _PlaceBrief(Schema):
    id = fields.Str()
    name = fields.Str()
    latitude = fields.Float()
    longitude = fields.Float()


class TeamEventOut(Schema):
    """Every ``team`` message: the team, its sequence number and éclats, who acted; and,
    when the event is about a quest, the quest and the quest's place."""

    team_id = fields.Int()
    seq = fields.Int()
    eclats = fields.Int()
    by = fields.Str(allow_none=True)
    quest_id = fields.Str(attribute="quest.id")
    title = fields.Str(attribute="quest.title")
    place = fields.Nested(_PlaceBrief)

    @post_dump
    def _about_a_quest(self, data: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        for key in ("quest_id", "title", "place"):  # absent, not null, when there is none
            if data.get(key) is None:
                data.pop(key, None)
        return data


class SolvedOut(TeamEventOut):
    type = fields.Constant("solved")
    reward = fields.Int()
    offers = fields.List(fields.Nested(_Brief))


class FinaleWonOut(TeamEventOut):
    """The group's finale was won: each team's own message (its éclats, who answered)."""

    type = fields.Constant("finale")
    reward = fields.Int(attribute="event.reward")


class FailedOut(TeamEventOut):
    type = fields.Constant("failed")
    offers = fields.List(fields.Nested(_Brief))


class AttemptOut(TeamEventOut):
    type = fields.Constant("attempt")
    attempts_left = fields.Int(attribute="event.attempts_left", allow_none=True)


class HintOut(TeamEventOut):
    type = fields.Constant("hint")
    cost = fields.Int(attribute="event.cost")


class PieceOut(TeamEventOut):
    type = fields.Constant("piece")
    entered = fields.Int(attribute="event.entered")
    total = fields.Int(attribute="event.total")


class BookedOut(TeamEventOut):
    type = fields.Constant("booked")
    booked = fields.Int(attribute="event.booked")
    total = fields.Int(attribute="event.total")


class ArrivedOut(TeamEventOut):
    type = fields.Constant("arrived")
    present = fields.Int(attribute="event.present")
    needed = fields.Int(attribute="event.needed")


class SubmittedOut(TeamEventOut):
    type = fields.Constant("submitted")


class ReviewedOut(TeamEventOut):
    type = fields.Constant("reviewed")
    approved = fields.Bool(attribute="event.approved")
    bonus = fields.Int(attribute="event.bonus")
    comment = fields.Str()
    reward = fields.Int()
    offers = fields.List(fields.Nested(_Brief))


class TeamMessageOut(TeamEventOut):
    type = fields.Constant("message")
    text = fields.Str(attribute="event.text")


class LeftOut(TeamEventOut):
    type = fields.Constant("left")


class SessionEventOut(Schema):
    """Every ``session`` message: the session's sequence number, status and day."""

    session_id = fields.Int()
    seq = fields.Int()
    status = fields.Str()
    current_day = fields.Int()


class DayOpenedOut(SessionEventOut):
    type = fields.Constant("day_opened")
    day = fields.Int(attribute="event.day")
    title = fields.Str(attribute="day_title")


class PausedOut(SessionEventOut):
    type = fields.Constant("paused")


class ResumedOut(SessionEventOut):
    type = fields.Constant("resumed")


class FinishedOut(SessionEventOut):
    type = fields.Constant("finished")


class AnnouncementOut(SessionEventOut):
    type = fields.Constant("announcement")
    text = fields.Str(attribute="event.text")


# one schema per domain event (instances: a schema keeps no state between dumps)
EVENT_SCHEMAS: dict[type, Schema] = {
    ev.QuestSolved: SolvedOut(),
    ev.QuestFailed: FailedOut(),
    ev.WrongAnswer: AttemptOut(),
    ev.HintRevealed: HintOut(),
    ev.PiecesEntered: PieceOut(),
    ev.AppointmentsBooked: BookedOut(),
    ev.PlaceReached: ArrivedOut(),
    ev.SubmissionReceived: SubmittedOut(),
    ev.SubmissionReviewed: ReviewedOut(),
    ev.TeamMessage: TeamMessageOut(),
    ev.MemberLeft: LeftOut(),
    ev.DayOpened: DayOpenedOut(),
    ev.SessionPaused: PausedOut(),
    ev.SessionResumed: ResumedOut(),
    ev.SessionFinished: FinishedOut(),
    ev.Announcement: AnnouncementOut(),
    ev.FinaleWon: FinaleWonOut(),
}


def schema_for(event: ev.Event) -> Schema:
    return EVENT_SCHEMAS[type(event)]


class PresenceOut(Schema):
    player_id = fields.Int()
    nickname = fields.Str()
    team_id = fields.Int()
    online = fields.Bool()
    joined = fields.Bool()  # only when the player just joined the team
    left = fields.Bool()  # only when the player left it (moved, put out)

    @post_dump
    def _only_when_true(self, data: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        for key in ("joined", "left"):
            if data.get(key) is None:
                data.pop(key, None)
        return data


class HelloOut(Schema):
    team_seq = fields.Int()
    session_seq = fields.Int()
    online = fields.List(fields.Int())


class RevokedOut(Schema):
    message = fields.Str()


LEADERBOARD = LeaderOut(many=True, exclude=("mine",))
SUBMISSION = SubmissionOut()
