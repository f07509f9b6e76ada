"""Quest availability, answer checking, attempt limits, hints and reviews.

Quests are played by the team: one solve per team, whoever types the answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from content.catalog import Catalog, Quest

from .calendar import Calendar, Status, ensure_playable
from .errors import InvalidInput, RuleViolation
from .events import (
    AppointmentsBooked,
    HintRevealed,
    PiecesEntered,
    PlaceReached,
    QuestFailed,
    QuestSolved,
    SubmissionReceived,
    SubmissionReviewed,
    WrongAnswer,
)
from .geo import Gathering
from .kinds import Answer as Answer
from .kinds import DialogueAnswer as DialogueAnswer
from .kinds import QuizAnswer as QuizAnswer
from .kinds import TextAnswer as TextAnswer
from .kinds import check_answer as check_answer
from .kinds import code_of as code_of
from .kinds import mistakes_of, of
from .locks import items_for
from .text import matches, normalize_answer


class Progress(StrEnum):
    """What is stored per team and quest."""

    OPEN = "open"
    PENDING_REVIEW = "pending_review"
    SOLVED = "solved"
    FAILED = "failed"  # attempts exhausted: no éclats, offers still revealed


class Availability(StrEnum):
    """What a player sees on a quest card."""

    LOCKED = "locked"
    AVAILABLE = "available"
    PENDING_REVIEW = "pending_review"
    SOLVED = "solved"
    FAILED = "failed"


FINISHED = frozenset({Progress.SOLVED, Progress.FAILED})


@dataclass(frozen=True)
class QuestState:
    progress: Progress = Progress.OPEN
    attempts: int = 0
    hints_used: int = 0


@dataclass(frozen=True)
class TeamSnapshot:
    """A team's state as the rules need it, loaded by the service."""

    quests: Mapping[str, QuestState]
    eclats: int

    def state(self, quest_id: str) -> QuestState:
        return self.quests.get(quest_id, QuestState())

    def finished(self, quest_id: str) -> bool:
        return self.state(quest_id).progress in FINISHED


@dataclass(frozen=True)
class AnswerDecision:
    state: QuestState
    correct: bool
    reward: int
    offers: tuple[str, ...]  # offers revealed by this answer (solved or failed)
    attempts_left: int | None
    reply: str | None  # a character's reply, for dialogues
    event: QuestSolved | QuestFailed | WrongAnswer
    #: a quiz: the numbers (1-based, as on the phone) of the wrong questions, never the
    #: right choices; None for a kind judged as a whole
    wrong_questions: tuple[int, ...] | None = None


def availability(quest: Quest, catalog: Catalog, cal: Calendar, team: TeamSnapshot) -> tuple[Availability, str | None]:
    """Where the quest stands for the team, with the reason when it is locked."""
    state = team.state(quest.id)
    if state.progress is not Progress.OPEN:
        return Availability(state.progress.value), None
    if quest.day > cal.current_day:
        return Availability.LOCKED, f"S'ouvre le jour {quest.day}."
    for prerequisite in quest.prerequisites:
        if not team.finished(prerequisite):
            before = catalog.quest(prerequisite)
            title = before.title if before else prerequisite
            return Availability.LOCKED, f"Termine d'abord « {title} »."
    return Availability.AVAILABLE, None


def attempts_left(quest: Quest, state: QuestState) -> int | None:
    if quest.max_attempts is None:
        return None
    return max(quest.max_attempts - state.attempts, 0)


def _ensure_available(quest: Quest, catalog: Catalog, cal: Calendar, team: TeamSnapshot) -> None:
    ensure_playable(cal)
    status, reason = availability(quest, catalog, cal, team)
    if status is Availability.SOLVED:
        raise RuleViolation("already_solved", "Ton équipe a déjà réussi cette mission.")
    if status is Availability.FAILED:
        raise RuleViolation("already_failed", "Cette mission est close : plus d'essais.")
    if status is Availability.PENDING_REVIEW:
        raise RuleViolation("pending_review", "Votre réponse est en cours de relecture par l'animateur.")
    if status is Availability.LOCKED:
        raise RuleViolation("locked", reason or "Cette mission est verrouillée.")


def answer(quest: Quest, catalog: Catalog, cal: Calendar, team: TeamSnapshot, given: Answer) -> AnswerDecision:
    _ensure_available(quest, catalog, cal, team)
    correct, reply = check_answer(quest, given)
    wrong = mistakes_of(quest, given)
    state = team.state(quest.id)
    tried = replace(state, attempts=state.attempts + 1)
    if correct:
        solved = replace(tried, progress=Progress.SOLVED)
        return AnswerDecision(
            solved,
            True,
            quest.reward,
            quest.offers,
            attempts_left(quest, solved),
            reply,
            QuestSolved(quest.id, quest.reward, quest.offers),
            wrong,
        )
    left = attempts_left(quest, tried)
    if left == 0:
        failed = replace(tried, progress=Progress.FAILED)
        return AnswerDecision(failed, False, 0, quest.offers, 0, reply, QuestFailed(quest.id, quest.offers), wrong)
    return AnswerDecision(tried, False, 0, (), left, reply, WrongAnswer(quest.id, left), wrong)


def reveal_hint(quest: Quest, catalog: Catalog, cal: Calendar, team: TeamSnapshot) -> tuple[QuestState, HintRevealed]:
    """Reveal the next hint; its cost comes out of the team's éclats, which never go
    below zero (a team short of éclats asks the facilitator instead)."""
    _ensure_available(quest, catalog, cal, team)
    state = team.state(quest.id)
    if state.hints_used >= len(quest.hints):
        raise RuleViolation("no_more_hints", "Il n'y a plus d'indice pour cette mission.")
    hint = quest.hints[state.hints_used]
    if hint.cost > team.eclats:
        missing = hint.cost - team.eclats
        raise RuleViolation(
            "not_enough_eclats",
            f"Il manque {missing} éclat{'s' if missing > 1 else ''} à ton équipe pour cet indice. "
            "Gagnez-en avec une autre mission du jour, ou demandez à l'animateur ou l'animatrice.",
        )
    return (
        replace(state, hints_used=state.hints_used + 1),
        HintRevealed(quest.id, state.hints_used, hint.cost),
    )


def next_hint_cost(quest: Quest, state: QuestState) -> int | None:
    return quest.hints[state.hints_used].cost if state.hints_used < len(quest.hints) else None


def submit_for_review(
    quest: Quest, catalog: Catalog, cal: Calendar, team: TeamSnapshot
) -> tuple[QuestState, SubmissionReceived]:
    if not of(quest.kind).reviewed:
        raise InvalidInput("not_reviewed", "Cette mission attend une réponse directe, pas un envoi.")
    _ensure_available(quest, catalog, cal, team)
    state = team.state(quest.id)
    return (
        replace(state, progress=Progress.PENDING_REVIEW, attempts=state.attempts + 1),
        SubmissionReceived(quest.id),
    )


def review(
    quest: Quest, state: QuestState, approved: bool, bonus: int
) -> tuple[QuestState, SubmissionReviewed, QuestSolved | None]:
    """The facilitator's verdict. A rejected answer reopens the quest so the team can
    try again; an approved one solves it with its reward plus the bonus."""
    if state.progress is not Progress.PENDING_REVIEW:
        raise RuleViolation("already_reviewed", "Cette réponse a déjà été relue.")
    if bonus < 0:
        raise InvalidInput("negative_bonus", "Le bonus ne peut pas être négatif.")
    if not approved:
        return replace(state, progress=Progress.OPEN), SubmissionReviewed(quest.id, False, 0), None
    return (
        replace(state, progress=Progress.SOLVED),
        SubmissionReviewed(quest.id, True, bonus),
        QuestSolved(quest.id, quest.reward + bonus, quest.offers),
    )


@dataclass(frozen=True)
class PieceDecision:
    piece: int  # index of the piece that went in
    entered: frozenset[int]
    opened: bool
    state: QuestState
    event: PiecesEntered | QuestSolved


def enter_piece(
    quest: Quest,
    catalog: Catalog,
    cal: Calendar,
    team: TeamSnapshot,
    members: list[int],
    player_id: int,
    value: str,
    entered: frozenset[int],
    roster: Sequence[int | None] = (),
) -> PieceDecision:
    """A member types the code-lock piece their own phone shows. The lock opens when
    every piece is in, so that nobody can open it alone: each phone holds a part.

    A value that is not one of this member's pieces is refused without costing the team
    an attempt: it is a typo, not a guess at the code."""
    if not of(quest.kind).pieces:
        raise InvalidInput("not_a_lock", "Cette mission n'est pas un cadenas.")
    _ensure_available(quest, catalog, cal, team)
    if not normalize_answer(value):
        raise InvalidInput("empty_answer", "Écris ton morceau du code.")
    mine = items_for(len(quest.pieces), roster, members, player_id)  # the frozen split (``locks``)
    if not mine:
        raise RuleViolation("no_piece", "Ton téléphone n'a pas de morceau pour ce cadenas.")
    matching = [i for i in mine if matches(value, (quest.pieces[i],))]
    if not matching:
        raise RuleViolation("wrong_piece", "Ce n'est pas le morceau affiché sur ton téléphone.")
    fresh = [i for i in matching if i not in entered]
    if not fresh:
        raise RuleViolation("piece_already_entered", "Ce morceau est déjà entré.")
    piece = fresh[0]
    now_entered = entered | {piece}
    state = team.state(quest.id)
    if len(now_entered) == len(quest.pieces):
        solved = replace(state, progress=Progress.SOLVED)
        return PieceDecision(piece, now_entered, True, solved, QuestSolved(quest.id, quest.reward, quest.offers))
    return PieceDecision(piece, now_entered, False, state, PiecesEntered(quest.id, len(now_entered), len(quest.pieces)))


def unlocked_offers(catalog: Catalog, team: TeamSnapshot) -> dict[str, str]:
    """Offer id → id of the first finished quest that revealed it, in catalogue order.

    A failed quest still reveals its offers: the point of the game is that every young
    person discovers all of them, not only the quick ones.
    """
    revealed: dict[str, str] = {}
    for quest in catalog.quests:
        if team.finished(quest.id):
            for offer_id in quest.offers:
                revealed.setdefault(offer_id, quest.id)
    return {o.id: revealed[o.id] for o in catalog.offers if o.id in revealed}


def ensure_place(quest: Quest) -> None:
    if not of(quest.kind).place:
        raise InvalidInput("not_a_place", "Cette mission ne se joue pas sur un lieu.")


def ensure_can_check_in(quest: Quest, catalog: Catalog, cal: Calendar, team: TeamSnapshot) -> None:
    """A place can be checked in only when its mission is open to the team."""
    ensure_place(quest)
    _ensure_available(quest, catalog, cal, team)


def arrive(
    quest: Quest, catalog: Catalog, cal: Calendar, team: TeamSnapshot, together: Gathering
) -> tuple[QuestState, QuestSolved | PlaceReached]:
    """A teammate's check-in was accepted (by GPS or QR code). The place is won when
    enough teammates are there together; until then the team sees who is missing."""
    ensure_can_check_in(quest, catalog, cal, team)
    state = team.state(quest.id)
    if together.complete:
        return replace(state, progress=Progress.SOLVED), QuestSolved(quest.id, quest.reward, quest.offers)
    return state, PlaceReached(quest.id, together.present, together.needed)


def vouch(quest: Quest, catalog: Catalog, cal: Calendar, team: TeamSnapshot) -> tuple[QuestState, QuestSolved]:
    """A facilitator validates a place by hand (GPS and QR code both failed): the
    place is won for the team, as if everyone needed had checked in."""
    ensure_can_check_in(quest, catalog, cal, team)
    return replace(team.state(quest.id), progress=Progress.SOLVED), QuestSolved(quest.id, quest.reward, quest.offers)


def ensure_can_book(quest: Quest, catalog: Catalog, cal: Calendar, team: TeamSnapshot) -> None:
    """Booking opens with the appointment mission's day (and its prerequisites). A pause
    of the game does not stop it: the appointment is real life, not a game move."""
    if not of(quest.kind).appointment:
        raise InvalidInput("not_an_appointment", "Cette mission n'est pas la prise de rendez-vous.")
    status, reason = availability(quest, catalog, cal, team)
    if status is Availability.LOCKED:
        raise RuleViolation("locked", reason or "La prise de rendez-vous n'est pas encore ouverte.")


def appointments_progress(
    quest: Quest, state: QuestState, booked: int, members: int
) -> tuple[QuestState, QuestSolved | AppointmentsBooked]:
    """The mission is won, once, when every member of the team has an appointment."""
    if state.progress is Progress.OPEN and members > 0 and booked >= members:
        return replace(state, progress=Progress.SOLVED), QuestSolved(quest.id, quest.reward, quest.offers)
    return state, AppointmentsBooked(quest.id, booked, members)


@dataclass(frozen=True)
class TeamDay:
    """How far a team got in today's missions, as the facilitator's console sees it."""

    team_id: int
    members: int
    quests_today: int
    solved_today: int


def stuck_teams(cal: Calendar, teams: Sequence[TeamDay]) -> frozenset[int]:
    """Teams worth a nudge from the facilitator: while a day is being played, a team with
    members and missions today that has solved none of them, when not every team is at
    that point (then the day has only just begun, and nobody is behind)."""
    if cal.status is not Status.RUNNING or not cal.current_day:
        return frozenset()
    idle = frozenset(t.team_id for t in teams if t.quests_today > 0 and t.solved_today == 0 and t.members > 0)
    return idle if len(idle) < len(teams) else frozenset()
