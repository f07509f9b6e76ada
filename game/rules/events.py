"""Domain events returned by the rules and services; the API layer emits them after commit."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DayOpened:
    day: int


@dataclass(frozen=True)
class SessionPaused:
    pass


@dataclass(frozen=True)
class SessionResumed:
    pass


@dataclass(frozen=True)
class SessionFinished:
    pass


@dataclass(frozen=True)
class QuestSolved:
    quest_id: str
    reward: int
    offers: tuple[str, ...]


@dataclass(frozen=True)
class QuestFailed:
    """Attempts exhausted: no éclats, but the offers are still revealed."""

    quest_id: str
    offers: tuple[str, ...]


@dataclass(frozen=True)
class WrongAnswer:
    quest_id: str
    attempts_left: int | None


@dataclass(frozen=True)
class HintRevealed:
    quest_id: str
    index: int
    cost: int


@dataclass(frozen=True)
class SubmissionReceived:
    quest_id: str


@dataclass(frozen=True)
class SubmissionReviewed:
    quest_id: str
    approved: bool
    bonus: int


@dataclass(frozen=True)
class PiecesEntered:
    """A code-lock piece went in; the lock is not open yet."""

    quest_id: str
    entered: int
    total: int


@dataclass(frozen=True)
class Announcement:
    text: str


@dataclass(frozen=True)
class TeamMessage:
    text: str


@dataclass(frozen=True)
class PlaceReached:
    """A teammate checked in at a team place that needs more of them there together."""

    quest_id: str
    present: int
    needed: int


@dataclass(frozen=True)
class MemberLeft:
    """A teammate's data were erased: the team's roster (and maybe a reopened answer) changed."""


@dataclass(frozen=True)
class AppointmentsBooked:
    """A teammate booked (or cancelled) their counsellor appointment: how many have one."""

    quest_id: str
    booked: int
    total: int


@dataclass(frozen=True)
class FinaleWon:
    """The group's finale was won: every team gets the reward at once (issue 14)."""

    finale_id: str
    reward: int


Event = (
    DayOpened
    | SessionPaused
    | SessionResumed
    | SessionFinished
    | QuestSolved
    | QuestFailed
    | WrongAnswer
    | HintRevealed
    | SubmissionReceived
    | SubmissionReviewed
    | PiecesEntered
    | PlaceReached
    | AppointmentsBooked
    | MemberLeft
    | Announcement
    | TeamMessage
    | FinaleWon
)
