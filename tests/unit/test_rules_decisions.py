"""Whole decisions of the quest and team rules: each test compares the complete value a
rule returns (the dataclass, the state and its event), or the complete refusal (its kind
and code), so that any change of behaviour shows (docs/MUTATION.md)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from content.catalog import QuestKind
from game.rules import calendar as cal
from game.rules import quests as q
from game.rules.errors import RuleViolation
from game.rules.events import (
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
from game.rules.geo import Gathering
from game.rules.scoring import Ranked, TeamScore, leaderboard
from game.rules.teams import MAX_TEAM_SIZE, TeamSize, choose_team, ensure_room
from game.rules.text import clean_email

from .builders import HINTS, QUIZ, catalog, quest

RUNNING_D1 = cal.Calendar(cal.Status.RUNNING, 1)
PAUSED_D1 = cal.Calendar(cal.Status.PAUSED, 1)
EMPTY = q.TeamSnapshot(quests={}, eclats=0)
OPEN = q.QuestState()
PENDING = q.QuestState(q.Progress.PENDING_REVIEW, 1, 0)
SOLVED = q.QuestState(q.Progress.SOLVED, 1, 0)
FAILED = q.QuestState(q.Progress.FAILED, 3, 0)


def snap(eclats: int = 0, **states: q.QuestState) -> q.TeamSnapshot:
    return q.TeamSnapshot(quests=states, eclats=eclats)


def refusal(call: Callable[[], Any]) -> tuple[str, str, int]:
    """The refusal as a client receives it: its kind, its code and its HTTP status."""
    with pytest.raises(RuleViolation) as err:
        call()
    return type(err.value).__name__, err.value.code, err.value.status


# ------------------------------------------------------------------ answers


def test_a_wrong_answer_earns_nothing_and_says_how_many_tries_are_left() -> None:
    riddle = quest("r", reward=15, offers=("cej",), max_attempts=3)
    decision = q.answer(riddle, catalog(riddle), RUNNING_D1, EMPTY, q.TextAnswer("non"))
    assert decision == q.AnswerDecision(
        state=q.QuestState(q.Progress.OPEN, 1, 0),
        correct=False,
        reward=0,
        offers=(),
        attempts_left=2,
        reply=None,
        event=WrongAnswer("r", 2),
    )


def test_a_wrong_answer_without_a_limit_counts_the_try_and_leaves_tries_unlimited() -> None:
    riddle = quest("r", reward=15)
    team = snap(r=q.QuestState(q.Progress.OPEN, 4, 1))
    decision = q.answer(riddle, catalog(riddle), RUNNING_D1, team, q.TextAnswer("non"))
    assert decision == q.AnswerDecision(
        q.QuestState(q.Progress.OPEN, 5, 1), False, 0, (), None, None, WrongAnswer("r", None)
    )


def test_a_right_answer_solves_with_the_reward_and_the_offers() -> None:
    riddle = quest("r", reward=15, offers=("cej", "pix"), max_attempts=3)
    team = snap(r=q.QuestState(q.Progress.OPEN, 1, 1))
    decision = q.answer(riddle, catalog(riddle), RUNNING_D1, team, q.TextAnswer("Élan"))
    assert decision == q.AnswerDecision(
        q.QuestState(q.Progress.SOLVED, 2, 1), True, 15, ("cej", "pix"), 1, None, QuestSolved("r", 15, ("cej", "pix"))
    )


def test_the_last_wrong_try_closes_the_quest_and_still_reveals_its_offers() -> None:
    riddle = quest("r", reward=15, offers=("pix",), max_attempts=2)
    team = snap(r=q.QuestState(q.Progress.OPEN, 1, 0))
    decision = q.answer(riddle, catalog(riddle), RUNNING_D1, team, q.TextAnswer("non"))
    assert decision == q.AnswerDecision(
        q.QuestState(q.Progress.FAILED, 2, 0), False, 0, ("pix",), 0, None, QuestFailed("r", ("pix",))
    )


def test_a_quiz_choice_one_past_the_last_is_refused_and_the_last_is_accepted() -> None:
    quiz = quest("z", kind=QuestKind.QUIZ, quiz=QUIZ, answers=())
    c = catalog(quiz)
    # QUIZ: two choices in question 1, three in question 2
    assert refusal(lambda: q.answer(quiz, c, RUNNING_D1, EMPTY, q.QuizAnswer((2, 2)))) == (
        "InvalidInput",
        "choice_out_of_range",
        422,
    )
    assert refusal(lambda: q.answer(quiz, c, RUNNING_D1, EMPTY, q.QuizAnswer((1, 3)))) == (
        "InvalidInput",
        "choice_out_of_range",
        422,
    )
    assert refusal(lambda: q.answer(quiz, c, RUNNING_D1, EMPTY, q.QuizAnswer((-1, 2)))) == (
        "InvalidInput",
        "choice_out_of_range",
        422,
    )
    assert q.answer(quiz, c, RUNNING_D1, EMPTY, q.QuizAnswer((1, 2))) == q.AnswerDecision(
        q.QuestState(q.Progress.SOLVED, 1, 0), True, 10, (), None, None, QuestSolved("z", 10, ()), ()
    )
    assert q.answer(quiz, c, RUNNING_D1, EMPTY, q.QuizAnswer((0, 2))) == q.AnswerDecision(
        q.QuestState(q.Progress.OPEN, 1, 0), False, 0, (), None, None, WrongAnswer("z", None), (1,)
    )


@pytest.mark.parametrize(
    ("state", "code"),
    [(SOLVED, "already_solved"), (FAILED, "already_failed"), (PENDING, "pending_review")],
)
def test_a_finished_or_waiting_quest_refuses_answers(state: q.QuestState, code: str) -> None:
    riddle = quest("r")
    team = snap(r=state)
    assert refusal(lambda: q.answer(riddle, catalog(riddle), RUNNING_D1, team, q.TextAnswer("Élan"))) == (
        "RuleViolation",
        code,
        409,
    )


def test_a_locked_quest_refuses_answers_with_the_reason() -> None:
    later = quest("l", day=2)
    with pytest.raises(RuleViolation) as err:
        q.answer(later, catalog(later), RUNNING_D1, EMPTY, q.TextAnswer("Élan"))
    assert (type(err.value), err.value.code, err.value.message) == (RuleViolation, "locked", "S'ouvre le jour 2.")


def test_nothing_is_answered_while_the_game_is_paused() -> None:
    riddle = quest("r")
    assert refusal(lambda: q.answer(riddle, catalog(riddle), PAUSED_D1, EMPTY, q.TextAnswer("Élan"))) == (
        "RuleViolation",
        "session_paused",
        409,
    )


# ------------------------------------------------------------------ availability


def test_availability_of_each_stored_progress_is_shown_as_is() -> None:
    riddle = quest("r", day=5)
    c = catalog(riddle)
    for state, shown in (
        (SOLVED, q.Availability.SOLVED),
        (FAILED, q.Availability.FAILED),
        (PENDING, q.Availability.PENDING_REVIEW),
    ):
        assert q.availability(riddle, c, RUNNING_D1, snap(r=state)) == (shown, None)
    assert q.availability(riddle, c, cal.Calendar(cal.Status.RUNNING, 5), EMPTY) == (q.Availability.AVAILABLE, None)
    assert q.availability(riddle, c, cal.Calendar(cal.Status.RUNNING, 4), EMPTY) == (
        q.Availability.LOCKED,
        "S'ouvre le jour 5.",
    )


def test_a_prerequisite_missing_from_the_catalogue_is_named_by_its_id() -> None:
    second = quest("b", prerequisites=("ghost",))
    assert q.availability(second, catalog(second), RUNNING_D1, EMPTY) == (
        q.Availability.LOCKED,
        "Termine d'abord « ghost ».",
    )


def test_attempts_left_never_go_below_zero() -> None:
    riddle = quest("r", max_attempts=2)
    assert [q.attempts_left(riddle, q.QuestState(attempts=n)) for n in (0, 1, 2, 3)] == [2, 1, 0, 0]
    assert q.attempts_left(quest("u"), q.QuestState(attempts=9)) is None


# ------------------------------------------------------------------ hints


def test_hints_are_revealed_in_order_and_paid_from_the_teams_eclats() -> None:
    riddle = quest("r", hints=HINTS)  # free, then 5 éclats
    c = catalog(riddle)
    assert q.reveal_hint(riddle, c, RUNNING_D1, snap(0)) == (
        q.QuestState(q.Progress.OPEN, 0, 1),
        HintRevealed("r", 0, 0),
    )
    one = q.QuestState(q.Progress.OPEN, 2, 1)
    assert q.reveal_hint(riddle, c, RUNNING_D1, snap(5, r=one)) == (
        q.QuestState(q.Progress.OPEN, 2, 2),
        HintRevealed("r", 1, 5),
    )
    with pytest.raises(RuleViolation) as err:
        q.reveal_hint(riddle, c, RUNNING_D1, snap(4, r=one))
    assert (err.value.code, err.value.message) == (
        "not_enough_eclats",
        "Il manque 1 éclat à ton équipe pour cet indice. "
        "Gagnez-en avec une autre mission du jour, ou demandez à l'animateur ou l'animatrice.",
    )
    with pytest.raises(RuleViolation) as err:
        q.reveal_hint(riddle, c, RUNNING_D1, snap(3, r=one))
    assert err.value.message.startswith("Il manque 2 éclats à ton équipe pour cet indice. ")
    two = q.QuestState(q.Progress.OPEN, 2, 2)
    assert refusal(lambda: q.reveal_hint(riddle, c, RUNNING_D1, snap(50, r=two))) == (
        "RuleViolation",
        "no_more_hints",
        409,
    )
    assert [q.next_hint_cost(riddle, q.QuestState(hints_used=n)) for n in (0, 1, 2)] == [0, 5, None]


# ------------------------------------------------------------------ reviewed answers


def test_a_submission_counts_one_attempt_and_waits_for_review() -> None:
    essay = quest("e", kind=QuestKind.FREE_TEXT, answers=())
    c = catalog(essay)
    assert q.submit_for_review(essay, c, RUNNING_D1, EMPTY) == (
        q.QuestState(q.Progress.PENDING_REVIEW, 1, 0),
        SubmissionReceived("e"),
    )
    rejected_once = snap(e=q.QuestState(q.Progress.OPEN, 1, 2))
    assert q.submit_for_review(essay, c, RUNNING_D1, rejected_once) == (
        q.QuestState(q.Progress.PENDING_REVIEW, 2, 2),
        SubmissionReceived("e"),
    )
    assert refusal(lambda: q.submit_for_review(essay, c, RUNNING_D1, snap(e=PENDING))) == (
        "RuleViolation",
        "pending_review",
        409,
    )


def test_only_reviewed_kinds_take_a_submission() -> None:
    riddle = quest("r")
    assert refusal(lambda: q.submit_for_review(riddle, catalog(riddle), RUNNING_D1, EMPTY)) == (
        "InvalidInput",
        "not_reviewed",
        422,
    )
    photo = quest("p", kind=QuestKind.PHOTO, answers=())
    assert q.submit_for_review(photo, catalog(photo), RUNNING_D1, EMPTY)[1] == SubmissionReceived("p")


def test_review_approves_with_the_bonus_or_reopens_the_quest() -> None:
    essay = quest("e", kind=QuestKind.FREE_TEXT, answers=(), reward=20, offers=("cej",))
    waiting = q.QuestState(q.Progress.PENDING_REVIEW, 2, 1)
    assert q.review(essay, waiting, True, 5) == (
        q.QuestState(q.Progress.SOLVED, 2, 1),
        SubmissionReviewed("e", True, 5),
        QuestSolved("e", 25, ("cej",)),
    )
    assert q.review(essay, waiting, True, 0) == (
        q.QuestState(q.Progress.SOLVED, 2, 1),
        SubmissionReviewed("e", True, 0),
        QuestSolved("e", 20, ("cej",)),
    )
    assert q.review(essay, waiting, False, 5) == (
        q.QuestState(q.Progress.OPEN, 2, 1),
        SubmissionReviewed("e", False, 0),
        None,
    )
    assert refusal(lambda: q.review(essay, waiting, True, -1)) == ("InvalidInput", "negative_bonus", 422)
    for done in (SOLVED, OPEN):
        assert refusal(lambda done=done: q.review(essay, done, True, 0)) == ("RuleViolation", "already_reviewed", 409)


# ------------------------------------------------------------------ code locks


def test_code_lock_pieces_go_in_one_by_one_and_the_last_opens_it() -> None:
    lock = quest("k", kind=QuestKind.CODE_LOCK, pieces=("20", "50", "7"), answers=(), reward=12, offers=("pix",))
    c = catalog(lock)
    members = [1, 2]  # player 1 holds pieces 0 and 2, player 2 holds piece 1
    first = q.enter_piece(lock, c, RUNNING_D1, EMPTY, members, 1, " 7 ", frozenset())
    assert first == q.PieceDecision(2, frozenset({2}), False, OPEN, PiecesEntered("k", 1, 3))
    second = q.enter_piece(lock, c, RUNNING_D1, EMPTY, members, 1, "20", frozenset({2}))
    assert second == q.PieceDecision(0, frozenset({0, 2}), False, OPEN, PiecesEntered("k", 2, 3))
    tried = snap(k=q.QuestState(q.Progress.OPEN, 1, 0))
    last = q.enter_piece(lock, c, RUNNING_D1, tried, members, 2, "50", frozenset({0, 2}))
    assert last == q.PieceDecision(
        1, frozenset({0, 1, 2}), True, q.QuestState(q.Progress.SOLVED, 1, 0), QuestSolved("k", 12, ("pix",))
    )


def test_code_lock_refusals_cost_nothing() -> None:
    lock = quest("k", kind=QuestKind.CODE_LOCK, pieces=("20", "50", "20"), answers=())
    c = catalog(lock)
    members = [1, 2]

    def enter(player: int, value: str, entered: frozenset[int] = frozenset()) -> q.PieceDecision:
        return q.enter_piece(lock, c, RUNNING_D1, EMPTY, members, player, value, entered)

    assert refusal(lambda: enter(1, "  ")) == ("InvalidInput", "empty_answer", 422)
    assert refusal(lambda: enter(9, "20")) == ("RuleViolation", "no_piece", 409)
    assert refusal(lambda: enter(1, "50")) == ("RuleViolation", "wrong_piece", 409)
    # player 1 holds two pieces "20": the second goes in after the first
    assert enter(1, "20", frozenset({0})).piece == 2
    assert refusal(lambda: enter(1, "20", frozenset({0, 2}))) == ("RuleViolation", "piece_already_entered", 409)
    riddle = quest("r")
    assert refusal(
        lambda: q.enter_piece(riddle, catalog(riddle), RUNNING_D1, EMPTY, members, 1, "20", frozenset())
    ) == ("InvalidInput", "not_a_lock", 422)
    assert refusal(lambda: q.enter_piece(lock, c, PAUSED_D1, EMPTY, members, 1, "20", frozenset())) == (
        "RuleViolation",
        "session_paused",
        409,
    )


# ------------------------------------------------------------------ places


def place_quest(**kw: Any) -> Any:
    return quest("p", kind=QuestKind.PLACE, answers=(), place="grand-place", reward=30, offers=("pacea",), **kw)


def test_ensure_place_accepts_only_place_quests() -> None:
    assert q.ensure_place(place_quest()) is None
    assert refusal(lambda: q.ensure_place(quest("r"))) == ("InvalidInput", "not_a_place", 422)


def test_a_place_can_be_checked_in_only_when_its_mission_is_open() -> None:
    place = place_quest(day=2)
    c = catalog(place)
    running_d2 = cal.Calendar(cal.Status.RUNNING, 2)
    assert q.ensure_can_check_in(place, c, running_d2, EMPTY) is None
    assert refusal(lambda: q.ensure_can_check_in(place, c, RUNNING_D1, EMPTY)) == ("RuleViolation", "locked", 409)
    assert refusal(lambda: q.ensure_can_check_in(place, c, running_d2, snap(p=SOLVED))) == (
        "RuleViolation",
        "already_solved",
        409,
    )
    assert refusal(lambda: q.ensure_can_check_in(place, c, cal.Calendar(cal.Status.PAUSED, 2), EMPTY)) == (
        "RuleViolation",
        "session_paused",
        409,
    )
    riddle = quest("r")
    assert refusal(lambda: q.ensure_can_check_in(riddle, catalog(riddle), running_d2, EMPTY)) == (
        "InvalidInput",
        "not_a_place",
        422,
    )


def test_arriving_wins_the_place_when_enough_teammates_are_there_together() -> None:
    place = place_quest()
    c = catalog(place)
    state = q.QuestState(q.Progress.OPEN, 0, 1)
    team = snap(p=state)
    assert q.arrive(place, c, RUNNING_D1, team, Gathering(1, 3)) == (state, PlaceReached("p", 1, 3))
    assert q.arrive(place, c, RUNNING_D1, team, Gathering(2, 3)) == (state, PlaceReached("p", 2, 3))
    assert q.arrive(place, c, RUNNING_D1, team, Gathering(3, 3)) == (
        q.QuestState(q.Progress.SOLVED, 0, 1),
        QuestSolved("p", 30, ("pacea",)),
    )
    assert q.arrive(place, c, RUNNING_D1, team, Gathering(4, 3))[1] == QuestSolved("p", 30, ("pacea",))


def test_arriving_at_a_closed_or_locked_place_is_refused() -> None:
    place = place_quest()
    c = catalog(place)
    assert refusal(lambda: q.arrive(place, c, RUNNING_D1, snap(p=SOLVED), Gathering(1, 1))) == (
        "RuleViolation",
        "already_solved",
        409,
    )
    assert refusal(lambda: q.arrive(place, c, PAUSED_D1, EMPTY, Gathering(1, 1))) == (
        "RuleViolation",
        "session_paused",
        409,
    )
    riddle = quest("r")
    assert refusal(lambda: q.arrive(riddle, catalog(riddle), RUNNING_D1, EMPTY, Gathering(1, 1))) == (
        "InvalidInput",
        "not_a_place",
        422,
    )


def test_a_facilitator_vouches_for_an_open_place_only() -> None:
    place = place_quest()
    c = catalog(place)
    assert q.vouch(place, c, RUNNING_D1, snap(p=q.QuestState(q.Progress.OPEN, 2, 1))) == (
        q.QuestState(q.Progress.SOLVED, 2, 1),
        QuestSolved("p", 30, ("pacea",)),
    )
    assert q.vouch(place, c, RUNNING_D1, EMPTY) == (
        q.QuestState(q.Progress.SOLVED, 0, 0),
        QuestSolved("p", 30, ("pacea",)),
    )
    locked = place_quest(day=3)
    assert refusal(lambda: q.vouch(locked, catalog(locked), RUNNING_D1, EMPTY)) == ("RuleViolation", "locked", 409)
    assert refusal(lambda: q.vouch(place, c, RUNNING_D1, snap(p=SOLVED))) == (
        "RuleViolation",
        "already_solved",
        409,
    )
    riddle = quest("r")
    assert refusal(lambda: q.vouch(riddle, catalog(riddle), RUNNING_D1, EMPTY)) == (
        "InvalidInput",
        "not_a_place",
        422,
    )


# ------------------------------------------------------------------ appointments


def booking_quest(**kw: Any) -> Any:
    return quest("rdv", kind=QuestKind.APPOINTMENT, answers=(), reward=40, offers=("cej",), **kw)


def test_booking_opens_with_the_missions_day_even_during_a_pause() -> None:
    booking = booking_quest(day=2)
    c = catalog(booking)
    assert q.ensure_can_book(booking, c, cal.Calendar(cal.Status.RUNNING, 2), EMPTY) is None
    assert q.ensure_can_book(booking, c, cal.Calendar(cal.Status.PAUSED, 2), EMPTY) is None
    # once won, members still book (the mission stays solved)
    assert q.ensure_can_book(booking, c, cal.Calendar(cal.Status.RUNNING, 2), snap(rdv=SOLVED)) is None
    with pytest.raises(RuleViolation) as err:
        q.ensure_can_book(booking, c, RUNNING_D1, EMPTY)
    assert (type(err.value), err.value.code, err.value.message) == (RuleViolation, "locked", "S'ouvre le jour 2.")
    riddle = quest("r")
    assert refusal(lambda: q.ensure_can_book(riddle, catalog(riddle), RUNNING_D1, EMPTY)) == (
        "InvalidInput",
        "not_an_appointment",
        422,
    )


def test_booking_waits_for_the_prerequisites() -> None:
    first, booking = quest("a"), booking_quest(prerequisites=("a",))
    c = catalog(first, booking)
    with pytest.raises(RuleViolation) as err:
        q.ensure_can_book(booking, c, RUNNING_D1, EMPTY)
    assert (err.value.code, err.value.message) == ("locked", "Termine d'abord « Mission a ».")
    assert q.ensure_can_book(booking, c, RUNNING_D1, snap(a=SOLVED)) is None


def test_the_appointment_mission_is_won_once_every_member_has_booked() -> None:
    booking = booking_quest()
    state = q.QuestState(q.Progress.OPEN, 0, 0)
    assert q.appointments_progress(booking, state, 2, 3) == (state, AppointmentsBooked("rdv", 2, 3))
    assert q.appointments_progress(booking, state, 3, 3) == (
        q.QuestState(q.Progress.SOLVED, 0, 0),
        QuestSolved("rdv", 40, ("cej",)),
    )
    assert q.appointments_progress(booking, state, 4, 3)[1] == QuestSolved("rdv", 40, ("cej",))
    # an empty team wins nothing; a mission already won is not won twice
    assert q.appointments_progress(booking, state, 0, 0) == (state, AppointmentsBooked("rdv", 0, 0))
    assert q.appointments_progress(booking, SOLVED, 3, 3) == (SOLVED, AppointmentsBooked("rdv", 3, 3))
    assert q.appointments_progress(booking, FAILED, 3, 3) == (FAILED, AppointmentsBooked("rdv", 3, 3))


# ------------------------------------------------------------------ offers and stuck teams


def test_offers_are_revealed_by_the_first_finished_quest_in_catalogue_order() -> None:
    a = quest("a", offers=("pix", "cej"))
    b = quest("b", offers=("cej",))
    c = quest("c", offers=("pacea",))
    cat = catalog(a, b, c)
    assert q.unlocked_offers(cat, snap(b=SOLVED, a=FAILED)) == {"cej": "a", "pix": "a"}
    assert list(q.unlocked_offers(cat, snap(b=SOLVED, a=FAILED))) == ["cej", "pix"]  # the catalogue's offer order
    assert q.unlocked_offers(cat, snap(b=SOLVED, c=PENDING)) == {"cej": "b"}


def test_stuck_teams_are_those_with_nothing_solved_today_while_others_move() -> None:
    running = cal.Calendar(cal.Status.RUNNING, 2)
    teams = [
        q.TeamDay(1, members=3, quests_today=4, solved_today=0),
        q.TeamDay(2, members=3, quests_today=4, solved_today=1),
        q.TeamDay(3, members=0, quests_today=4, solved_today=0),
        q.TeamDay(4, members=2, quests_today=0, solved_today=0),
    ]
    assert q.stuck_teams(running, teams) == frozenset({1})
    everyone_idle = [q.TeamDay(1, 3, 4, 0), q.TeamDay(2, 2, 4, 0)]
    assert q.stuck_teams(running, everyone_idle) == frozenset()
    assert q.stuck_teams(cal.Calendar(cal.Status.PAUSED, 2), teams) == frozenset()
    assert q.stuck_teams(cal.Calendar(cal.Status.RUNNING, 0), teams) == frozenset()


# ------------------------------------------------------------------ teams


def test_a_chosen_team_takes_players_up_to_its_size_limit_and_not_one_more() -> None:
    teams = [TeamSize(1, "Aurore", MAX_TEAM_SIZE - 1), TeamSize(2, "Horizon", MAX_TEAM_SIZE)]
    assert choose_team(teams, 1, players_choose=True) == 1
    with pytest.raises(RuleViolation) as err:
        choose_team(teams, 2, players_choose=True)
    assert (type(err.value), err.value.code, err.value.status, err.value.message) == (
        RuleViolation,
        "team_full",
        409,
        "L'équipe Horizon est complète : choisis-en une autre.",
    )


def test_assigned_players_go_to_the_smallest_open_team_then_the_oldest() -> None:
    assert choose_team([TeamSize(5, "A", 3), TeamSize(2, "B", 3), TeamSize(9, "C", 4)], None, False) == 2
    assert choose_team([TeamSize(5, "A", 2), TeamSize(2, "B", 3)], 2, False) == 5
    full = TeamSize(1, "Pleine", MAX_TEAM_SIZE)
    assert choose_team([full, TeamSize(2, "Presque", MAX_TEAM_SIZE - 1)], None, False) == 2
    assert refusal(lambda: choose_team([full], None, False)) == ("RuleViolation", "all_teams_full", 409)
    assert refusal(lambda: choose_team([], None, False)) == ("RuleViolation", "no_team", 409)
    assert refusal(lambda: choose_team([], 1, True)) == ("RuleViolation", "no_team", 409)
    assert refusal(lambda: choose_team([full], None, True)) == ("InvalidInput", "team_required", 422)
    assert refusal(lambda: choose_team([full], 7, True)) == ("InvalidInput", "unknown_team", 422)


def test_ensure_room_refuses_a_full_team_only() -> None:
    assert ensure_room(TeamSize(1, "Aurore", MAX_TEAM_SIZE - 1)) is None
    assert ensure_room(TeamSize(1, "Aurore", 0)) is None
    with pytest.raises(RuleViolation) as err:
        ensure_room(TeamSize(1, "Aurore", MAX_TEAM_SIZE))
    assert (type(err.value), err.value.code, err.value.message) == (
        RuleViolation,
        "team_full",
        "L'équipe Aurore est complète.",
    )


# ------------------------------------------------------------------ the leaderboard


T = datetime(2026, 11, 23, 10)


def test_teams_tied_on_eclats_and_solves_share_the_rank_and_the_earlier_finisher_comes_first() -> None:
    early = TeamScore(1, "Zénith", 30, 3, T)
    late = TeamScore(2, "Aurore", 30, 3, T + timedelta(minutes=5))
    assert leaderboard([late, early]) == [Ranked(early, 1), Ranked(late, 1)]
    assert leaderboard([early, late]) == [Ranked(early, 1), Ranked(late, 1)]


def test_a_tied_team_that_solved_something_comes_before_one_that_never_did() -> None:
    # equal on éclats (bonus points) and on solves: the one with a solve time first
    never = TeamScore(1, "Aurore", 0, 0, None)
    solved_at = TeamScore(2, "Zénith", 0, 0, T)
    assert leaderboard([never, solved_at]) == [Ranked(solved_at, 1), Ranked(never, 1)]


def test_teams_tied_on_everything_are_listed_by_name_ignoring_case() -> None:
    b = TeamScore(1, "bleus", 10, 1, T)
    a = TeamScore(2, "Azur", 10, 1, T)
    c = TeamScore(3, "Cyan", 10, 1, T)
    assert leaderboard([c, b, a]) == [Ranked(a, 1), Ranked(b, 1), Ranked(c, 1)]


def test_more_eclats_then_more_solves_rank_first_and_a_rank_after_a_tie_skips() -> None:
    top = TeamScore(1, "A", 50, 1, T + timedelta(hours=2))
    two = TeamScore(2, "B", 40, 4, T + timedelta(hours=1))
    three = TeamScore(3, "C", 40, 4, T + timedelta(hours=3))
    fewer = TeamScore(4, "D", 40, 3, T)
    last = TeamScore(5, "E", 0, 0, None)
    assert leaderboard([last, fewer, three, two, top]) == [
        Ranked(top, 1),
        Ranked(two, 2),
        Ranked(three, 2),
        Ranked(fewer, 4),
        Ranked(last, 5),
    ]
    assert leaderboard([]) == []


# ------------------------------------------------------------------ e-mail addresses


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Ines.Martin@Exemple.FR ", "ines.martin@exemple.fr"),
        ("a@b.co", "a@b.co"),
        ("x" * 64 + "@exemple.fr", "x" * 64 + "@exemple.fr"),
        ("jo@" + "d" * 255 + ".fr", "jo@" + "d" * 255 + ".fr"),
        ("jo@exemple." + "f" * 63, "jo@exemple." + "f" * 63),
    ],
)
def test_an_email_address_is_trimmed_and_lower_cased(typed: str, kept: str) -> None:
    assert clean_email(typed) == kept


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "ines",
        "ines@exemple",
        "@exemple.fr",
        "ines@@exemple.fr",
        "in es@exemple.fr",
        "ines@exemple.f",
        "x" * 65 + "@exemple.fr",
        "jo@" + "d" * 256 + ".fr",
        "jo@exemple." + "f" * 64,
        "ines@exemple.fr\nBcc: autre@exemple.fr",
    ],
)
def test_an_email_address_that_cannot_be_one_is_refused(typed: str) -> None:
    with pytest.raises(RuleViolation) as err:
        clean_email(typed)
    assert (type(err.value).__name__, err.value.code, err.value.message) == (
        "InvalidInput",
        "email",
        "Cette adresse e-mail n'a pas l'air valide.",
    )


# ------------------------------------------------------------------ locked by a prerequisite, whatever the move


def _locked_moves() -> list[tuple[str, Callable[[Any, Any], Any]]]:
    team = EMPTY
    return [
        ("answer", lambda quest, c: q.answer(quest, c, RUNNING_D1, team, q.TextAnswer("Élan"))),
        ("hint", lambda quest, c: q.reveal_hint(quest, c, RUNNING_D1, team)),
        ("submit", lambda quest, c: q.submit_for_review(quest, c, RUNNING_D1, team)),
        ("piece", lambda quest, c: q.enter_piece(quest, c, RUNNING_D1, team, [1], 1, "7", frozenset())),
        ("check_in", lambda quest, c: q.ensure_can_check_in(quest, c, RUNNING_D1, team)),
        ("arrive", lambda quest, c: q.arrive(quest, c, RUNNING_D1, team, Gathering(1, 1))),
        ("vouch", lambda quest, c: q.vouch(quest, c, RUNNING_D1, team)),
    ]


KIND_OF_MOVE = {
    "answer": QuestKind.RIDDLE,
    "hint": QuestKind.RIDDLE,
    "submit": QuestKind.FREE_TEXT,
    "piece": QuestKind.CODE_LOCK,
    "check_in": QuestKind.PLACE,
    "arrive": QuestKind.PLACE,
    "vouch": QuestKind.PLACE,
}


@pytest.mark.parametrize(("move", "call"), _locked_moves(), ids=[m for m, _ in _locked_moves()])
def test_every_move_on_a_quest_waiting_for_another_names_that_quest(move: str, call: Callable[[Any, Any], Any]) -> None:
    first = quest("a", title="Le premier pas")
    second = quest("b", kind=KIND_OF_MOVE[move], prerequisites=("a",), pieces=("7",), place="grand-place", hints=HINTS)
    with pytest.raises(RuleViolation) as err:
        call(second, catalog(first, second))
    assert (type(err.value), err.value.code, err.value.message) == (
        RuleViolation,
        "locked",
        "Termine d'abord « Le premier pas ».",
    )


def test_a_dialogue_closed_by_a_wrong_choice_still_gives_the_characters_reply() -> None:
    from .builders import DIALOGUE_CHOICES, DIALOGUE_LINES

    talk = quest(
        "d", kind=QuestKind.DIALOGUE, lines=DIALOGUE_LINES, choices=DIALOGUE_CHOICES, answers=(), max_attempts=1
    )
    assert q.answer(talk, catalog(talk), RUNNING_D1, EMPTY, q.DialogueAnswer(0)) == q.AnswerDecision(
        q.QuestState(q.Progress.FAILED, 1, 0), False, 0, (), 0, "Dommage", QuestFailed("d", ())
    )


def test_a_team_of_one_wins_the_appointment_mission_with_its_one_booking() -> None:
    booking = booking_quest()
    assert q.appointments_progress(booking, OPEN, 1, 1) == (
        q.QuestState(q.Progress.SOLVED, 0, 0),
        QuestSolved("rdv", 40, ("cej",)),
    )


def test_a_dialogue_is_shown_with_its_question_lines_and_choices_never_the_replies() -> None:
    from game.rules.kinds import Shown, show_dialogue

    from .builders import DIALOGUE_CHOICES, DIALOGUE_LINES

    talk = quest("d", kind=QuestKind.DIALOGUE, lines=DIALOGUE_LINES, choices=DIALOGUE_CHOICES, question="Alors ?")
    assert show_dialogue(talk) == Shown("Alors ?", (), DIALOGUE_LINES, ("Non", "Oui"))


def test_a_nickname_too_like_one_taken_is_refused_with_the_taken_code() -> None:
    from game.rules.teams import clean_nickname

    for typed in ("INÈS", "Ines"):  # the same letters; the same but for an accent
        with pytest.raises(RuleViolation) as err:
            clean_nickname(typed, {"Inès"})
        assert (type(err.value), err.value.code) == (RuleViolation, "nickname_taken")


# ------------------------------------------------------------------ the end-of-day recap


def test_the_recap_of_the_current_day_is_the_whole_picture() -> None:
    from dataclasses import replace as with_

    from content.catalog import Day
    from game.rules.recap import Recap, day_recap

    from .builders import offer

    a = quest("a", day=2, offers=("cej", "ghost"), reward=10)
    b = quest("b", day=2, offers=("pix",), max_attempts=1)
    c_ = quest("c", day=2, offers=("pacea",))
    earlier = quest("z", day=1, offers=("pacea",))
    cat = with_(catalog(earlier, a, b, c_), days=(Day(2, "Le jour des métiers", "i", False),))
    team = snap(eclats=42, z=SOLVED, a=SOLVED, b=FAILED, c=PENDING)
    assert day_recap(cat, 2, 2, team, eclats_earned=7) == Recap(
        day=2,
        title="Le jour des métiers",
        solved=(a,),
        missed=(b, c_),
        eclats_earned=7,
        eclats_total=42,
        offers=(offer("cej"), offer("pix")),
        offers_unlocked_total=3,
        offers_total=3,
    )
    # a day the catalogue does not describe is still recapped, by its number
    assert day_recap(cat, 1, 2, team, 0).title == "Jour 1"
    for day in (0, 3):
        with pytest.raises(RuleViolation) as err:
            day_recap(cat, day, 2, team, 0)
        assert (type(err.value), err.value.code) == (RuleViolation, "day_not_open")
