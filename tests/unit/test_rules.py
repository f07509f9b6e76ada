"""Pure rule tests: no app, no database, no files."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from content.catalog import QuestKind
from game.rules import calendar as cal
from game.rules import quests as q
from game.rules.errors import InvalidInput, RuleViolation
from game.rules.events import QuestFailed, QuestSolved, WrongAnswer
from game.rules.recap import day_recap
from game.rules.scoring import TeamScore, leaderboard
from game.rules.teams import MAX_TEAM_SIZE, TeamSize, choose_team, clean_nickname, code_pieces_for
from game.rules.text import matches, normalize_answer

from .builders import DIALOGUE_CHOICES, DIALOGUE_LINES, HINTS, QUIZ, catalog, quest

RUNNING_D1 = cal.Calendar(cal.Status.RUNNING, 1)
EMPTY = q.TeamSnapshot(quests={}, eclats=0)


def snap(eclats: int = 0, **states: q.QuestState) -> q.TeamSnapshot:
    return q.TeamSnapshot(quests=states, eclats=eclats)


SOLVED = q.QuestState(q.Progress.SOLVED, 1, 0)


# --- answers -------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["élan", "ELAN", "  é l a n ", "Élan !", "elan."])
def test_riddle_matching_forgives_case_accents_spaces_punctuation(typed: str) -> None:
    assert matches(typed, ("Élan",))


@pytest.mark.parametrize("typed", ["elans", "lan", "", "   "])
def test_riddle_matching_still_rejects_other_words(typed: str) -> None:
    assert not matches(typed, ("Élan",))


def test_several_accepted_answers_and_ligatures() -> None:
    assert matches("coeur", ("cœur", "heart"))
    assert matches("Heart", ("cœur", "heart"))
    assert normalize_answer("L'Œuvre") == "loeuvre"


def test_correct_riddle_solves_once_with_reward_and_offers() -> None:
    riddle = quest("r", offers=("cej",), reward=15)
    d = q.answer(riddle, catalog(riddle), RUNNING_D1, EMPTY, q.TextAnswer("elan"))
    assert d.correct and d.reward == 15 and d.offers == ("cej",)
    assert d.state.progress is q.Progress.SOLVED
    assert d.event == QuestSolved("r", 15, ("cej",))
    again = snap(r=d.state)
    with pytest.raises(RuleViolation) as err:
        q.answer(riddle, catalog(riddle), RUNNING_D1, again, q.TextAnswer("elan"))
    assert err.value.code == "already_solved"


def test_wrong_answers_count_down_then_close_the_quest_but_reveal_offers() -> None:
    riddle = quest("r", max_attempts=2, offers=("pix",))
    c = catalog(riddle)
    first = q.answer(riddle, c, RUNNING_D1, EMPTY, q.TextAnswer("non"))
    assert not first.correct and first.attempts_left == 1 and first.event == WrongAnswer("r", 1)
    second = q.answer(riddle, c, RUNNING_D1, snap(r=first.state), q.TextAnswer("toujours pas"))
    assert second.state.progress is q.Progress.FAILED and second.reward == 0
    assert second.event == QuestFailed("r", ("pix",))
    assert q.unlocked_offers(c, snap(r=second.state)) == {"pix": "r"}


def test_empty_answer_is_refused_without_costing_an_attempt() -> None:
    riddle = quest("r", max_attempts=1)
    with pytest.raises(InvalidInput):
        q.answer(riddle, catalog(riddle), RUNNING_D1, EMPTY, q.TextAnswer("  !! "))


def test_quiz_needs_every_answer_right() -> None:
    quiz = quest("z", kind=QuestKind.QUIZ, quiz=QUIZ, answers=())
    c = catalog(quiz)
    assert q.answer(quiz, c, RUNNING_D1, EMPTY, q.QuizAnswer((1, 2))).correct
    assert not q.answer(quiz, c, RUNNING_D1, EMPTY, q.QuizAnswer((1, 0))).correct
    with pytest.raises(InvalidInput):
        q.answer(quiz, c, RUNNING_D1, EMPTY, q.QuizAnswer((1,)))
    with pytest.raises(InvalidInput):
        q.answer(quiz, c, RUNNING_D1, EMPTY, q.QuizAnswer((1, 7)))
    with pytest.raises(InvalidInput):
        q.answer(quiz, c, RUNNING_D1, EMPTY, q.TextAnswer("1"))


def test_dialogue_choice_gives_the_characters_reply() -> None:
    talk = quest("d", kind=QuestKind.DIALOGUE, lines=DIALOGUE_LINES, choices=DIALOGUE_CHOICES, answers=())
    c = catalog(talk)
    wrong = q.answer(talk, c, RUNNING_D1, EMPTY, q.DialogueAnswer(0))
    assert not wrong.correct and wrong.reply == "Dommage"
    right = q.answer(talk, c, RUNNING_D1, EMPTY, q.DialogueAnswer(1))
    assert right.correct and right.reply == "Super"
    with pytest.raises(InvalidInput):
        q.answer(talk, c, RUNNING_D1, EMPTY, q.DialogueAnswer(2))


def test_code_lock_opens_only_with_every_piece_in_order() -> None:
    lock = quest("k", kind=QuestKind.CODE_LOCK, pieces=("20", "50", "7"), answers=())
    c = catalog(lock)
    assert q.code_of(lock) == "20507"
    assert not q.answer(lock, c, RUNNING_D1, EMPTY, q.TextAnswer("2050")).correct
    assert q.answer(lock, c, RUNNING_D1, EMPTY, q.TextAnswer("20 50 7")).correct
    words = quest("w", kind=QuestKind.CODE_LOCK, pieces=("avenir", "ensemble"), separator=" ", answers=())
    assert q.answer(words, catalog(words), RUNNING_D1, EMPTY, q.TextAnswer("Avenir Ensemble")).correct


def test_reviewed_and_reserved_kinds_cannot_be_answered_directly() -> None:
    photo = quest("p", kind=QuestKind.PHOTO, answers=())
    place = quest("l", kind=QuestKind.PLACE, answers=(), place="grand-place")
    for item in (photo, place):
        with pytest.raises(InvalidInput):
            q.answer(item, catalog(item), RUNNING_D1, EMPTY, q.TextAnswer("x"))


# --- availability --------------------------------------------------------------------


def test_quest_of_a_later_day_is_locked_with_its_day() -> None:
    later = quest("l", day=3)
    status, reason = q.availability(later, catalog(later), RUNNING_D1, EMPTY)
    assert status is q.Availability.LOCKED and reason == "S'ouvre le jour 3."


def test_prerequisite_locks_until_finished_and_names_the_quest() -> None:
    first, second = quest("a"), quest("b", prerequisites=("a",))
    c = catalog(first, second)
    status, reason = q.availability(second, c, RUNNING_D1, EMPTY)
    assert status is q.Availability.LOCKED and reason == "Termine d'abord « Mission a »."
    assert q.availability(second, c, RUNNING_D1, snap(a=SOLVED))[0] is q.Availability.AVAILABLE
    failed = q.QuestState(q.Progress.FAILED, 3, 0)
    assert q.availability(second, c, RUNNING_D1, snap(a=failed))[0] is q.Availability.AVAILABLE


def test_earlier_days_stay_playable() -> None:
    old = quest("o", day=1)
    assert q.availability(old, catalog(old), cal.Calendar(cal.Status.RUNNING, 4), EMPTY)[0] is q.Availability.AVAILABLE


def test_nobody_plays_while_paused_or_before_start() -> None:
    riddle = quest("r")
    for calendar, code in ((cal.Calendar(cal.Status.PAUSED, 1), "session_paused"), (cal.new_calendar(), "not_started")):
        with pytest.raises(RuleViolation) as err:
            q.answer(riddle, catalog(riddle), calendar, EMPTY, q.TextAnswer("elan"))
        assert err.value.code == code


# --- hints ---------------------------------------------------------------------------


def test_hints_are_revealed_in_order_and_cost_eclats() -> None:
    riddle = quest("r", hints=HINTS)
    c = catalog(riddle)
    state, event = q.reveal_hint(riddle, c, RUNNING_D1, snap(eclats=0))
    assert (event.index, event.cost, state.hints_used) == (0, 0, 1)
    with pytest.raises(RuleViolation) as err:
        q.reveal_hint(riddle, c, RUNNING_D1, snap(eclats=3, r=state))
    assert err.value.code == "not_enough_eclats" and "2 éclats" in err.value.message
    state2, event2 = q.reveal_hint(riddle, c, RUNNING_D1, snap(eclats=5, r=state))
    assert event2.cost == 5 and q.next_hint_cost(riddle, state2) is None
    with pytest.raises(RuleViolation) as err:
        q.reveal_hint(riddle, c, RUNNING_D1, snap(eclats=50, r=state2))
    assert err.value.code == "no_more_hints"


def test_no_hint_for_a_solved_quest() -> None:
    riddle = quest("r", hints=HINTS)
    with pytest.raises(RuleViolation):
        q.reveal_hint(riddle, catalog(riddle), RUNNING_D1, snap(eclats=10, r=SOLVED))


# --- reviews -------------------------------------------------------------------------


def test_review_flow_approve_with_bonus_and_reject_reopens() -> None:
    photo = quest("p", kind=QuestKind.PHOTO, answers=(), reward=20, offers=("cej",))
    c = catalog(photo)
    pending, _ = q.submit_for_review(photo, c, RUNNING_D1, EMPTY)
    assert pending.progress is q.Progress.PENDING_REVIEW
    with pytest.raises(RuleViolation) as err:
        q.submit_for_review(photo, c, RUNNING_D1, snap(p=pending))
    assert err.value.code == "pending_review"
    reopened, reviewed, solved = q.review(photo, pending, approved=False, bonus=0)
    assert reopened.progress is q.Progress.OPEN and solved is None and not reviewed.approved
    done, _, solved = q.review(photo, pending, approved=True, bonus=5)
    assert done.progress is q.Progress.SOLVED and solved == QuestSolved("p", 25, ("cej",))
    with pytest.raises(RuleViolation):
        q.review(photo, done, approved=True, bonus=0)


# --- calendar ------------------------------------------------------------------------


def test_days_open_one_by_one_and_pause_blocks_opening() -> None:
    c0 = cal.new_calendar()
    with pytest.raises(RuleViolation) as err:
        cal.open_day(c0, 2)
    assert err.value.code == "day_not_next"
    c1, event = cal.open_day(c0, 1)
    assert c1 == cal.Calendar(cal.Status.RUNNING, 1) and event.day == 1
    with pytest.raises(RuleViolation) as err:
        cal.open_day(c1, 1)
    assert err.value.code == "day_already_open"
    paused, _ = cal.pause(c1)
    with pytest.raises(RuleViolation):
        cal.open_day(paused, 2)
    with pytest.raises(RuleViolation):
        cal.pause(paused)
    resumed, _ = cal.resume(paused)
    assert resumed.status is cal.Status.RUNNING
    with pytest.raises(InvalidInput):
        cal.open_day(resumed, 11)


def test_finish_only_after_day_ten() -> None:
    with pytest.raises(RuleViolation):
        cal.finish(cal.Calendar(cal.Status.RUNNING, 9))
    done, _ = cal.finish(cal.Calendar(cal.Status.RUNNING, 10))
    assert done.status is cal.Status.FINISHED


def test_sessions_start_on_the_next_monday_so_days_6_and_7_are_the_weekend() -> None:
    assert cal.next_monday(date(2026, 11, 22)) == date(2026, 11, 23)  # a Sunday
    assert cal.next_monday(date(2026, 11, 23)) == date(2026, 11, 23)  # already Monday
    days = cal.planned_dates(cal.next_monday(date(2026, 11, 25)))
    assert [d.strftime("%A") for d in days[5:7]] == ["Saturday", "Sunday"]


def test_planned_dates_run_ten_days_including_the_weekend() -> None:
    dates = cal.planned_dates(date(2026, 11, 23))
    assert len(dates) == 10 and dates[5] == date(2026, 11, 28) and dates[-1] == date(2026, 12, 2)


# --- scoring, recap, teams ---------------------------------------------------------


def test_leaderboard_orders_by_eclats_then_solved_and_shares_ties() -> None:
    t = datetime(2026, 1, 1, 10)
    board = leaderboard(
        [
            TeamScore(1, "Aurore", 30, 3, t),
            TeamScore(2, "Horizon", 50, 2, t),
            TeamScore(3, "Comète", 30, 3, t.replace(hour=9)),
            TeamScore(4, "Nova", 0, 0, None),
        ]
    )
    assert [(r.score.name, r.rank) for r in board] == [("Horizon", 1), ("Comète", 2), ("Aurore", 2), ("Nova", 4)]


def test_recap_lists_the_days_solves_misses_and_offers() -> None:
    a = quest("a", offers=("cej",), reward=10)
    b = quest("b", offers=("pix",), max_attempts=1)
    c_ = quest("c", offers=("pacea",))
    other = quest("z", day=2, offers=("pacea",))
    c = catalog(a, b, c_, other)
    team = snap(eclats=7, a=SOLVED, b=q.QuestState(q.Progress.FAILED, 1, 0))
    recap = day_recap(c, 1, 2, team, eclats_earned=7)
    assert [x.id for x in recap.solved] == ["a"]
    assert [x.id for x in recap.missed] == ["b", "c"]
    assert [o.id for o in recap.offers] == ["cej", "pix"]
    assert (recap.eclats_earned, recap.offers_unlocked_total, recap.offers_total) == (7, 2, 3)
    with pytest.raises(RuleViolation):
        day_recap(c, 3, 2, team, 0)


def test_nickname_is_trimmed_and_unique_ignoring_case() -> None:
    assert clean_nickname("  Zoé   B ", set()) == "Zoé B"
    with pytest.raises(RuleViolation):
        clean_nickname("zoé b", {"Zoé B"})
    for bad in ("a", "x" * 25, "!!!"):
        with pytest.raises(InvalidInput):
            clean_nickname(bad, set())


def test_new_players_fill_the_smallest_team_or_their_choice() -> None:
    teams = [TeamSize(1, "A", 3), TeamSize(2, "B", 2)]
    assert choose_team(teams, None, players_choose=False) == 2
    assert choose_team(teams, 1, players_choose=True) == 1
    with pytest.raises(InvalidInput):
        choose_team(teams, None, players_choose=True)
    with pytest.raises(InvalidInput):
        choose_team(teams, 9, players_choose=True)
    full = [TeamSize(1, "A", MAX_TEAM_SIZE)]
    with pytest.raises(RuleViolation):
        choose_team(full, 1, players_choose=True)


def test_code_pieces_are_spread_so_everyone_holds_one() -> None:
    lock = quest("k", kind=QuestKind.CODE_LOCK, pieces=("1", "2", "3", "4"))
    assert [code_pieces_for(lock, [10, 20], p) for p in (10, 20)] == [[0, 2], [1, 3]]
    six = [1, 2, 3, 4, 5, 6]
    spread = [code_pieces_for(lock, six, p) for p in six]
    assert spread == [[0], [1], [2], [3], [0], [1]]
    assert code_pieces_for(lock, [1, 2], 99) == []
    assert code_pieces_for(replace(lock, pieces=("1", "2")), [7], 7) == [0, 1]


# --- code lock pieces, entered phone by phone -----------------------------------------


def test_code_lock_opens_when_every_phone_has_entered_its_piece() -> None:
    lock = quest("k", kind=QuestKind.CODE_LOCK, pieces=("20", "50", "7"), answers=(), reward=30)
    c = catalog(lock)
    members = [1, 2, 3]
    first = q.enter_piece(lock, c, RUNNING_D1, EMPTY, members, 2, " 50 ", frozenset())
    assert (first.piece, first.opened, first.event.entered) == (1, False, 1)  # type: ignore[union-attr]
    with pytest.raises(RuleViolation) as err:
        q.enter_piece(lock, c, RUNNING_D1, EMPTY, members, 2, "50", first.entered)
    assert err.value.code == "piece_already_entered"
    with pytest.raises(RuleViolation) as err:
        q.enter_piece(lock, c, RUNNING_D1, EMPTY, members, 1, "7", first.entered)  # someone else's piece
    assert err.value.code == "wrong_piece"
    second = q.enter_piece(lock, c, RUNNING_D1, EMPTY, members, 1, "20", first.entered)
    last = q.enter_piece(lock, c, RUNNING_D1, EMPTY, members, 3, "7", second.entered)
    assert last.opened and last.state.progress is q.Progress.SOLVED
    assert last.event == QuestSolved("k", 30, ())


def test_a_lone_player_holds_every_piece_and_a_riddle_has_no_pieces() -> None:
    lock = quest("k", kind=QuestKind.CODE_LOCK, pieces=("a", "b"), answers=())
    c = catalog(lock)
    one = q.enter_piece(lock, c, RUNNING_D1, EMPTY, [5], 5, "b", frozenset())
    assert q.enter_piece(lock, c, RUNNING_D1, EMPTY, [5], 5, "a", one.entered).opened
    riddle = quest("r")
    with pytest.raises(InvalidInput):
        q.enter_piece(riddle, catalog(riddle), RUNNING_D1, EMPTY, [5], 5, "a", frozenset())
    with pytest.raises(RuleViolation) as err:
        q.enter_piece(lock, c, cal.Calendar(cal.Status.PAUSED, 1), EMPTY, [5], 5, "a", frozenset())
    assert err.value.code == "session_paused"
