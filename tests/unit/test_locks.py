"""The frozen split of a lock (game/rules/locks.py): who holds which piece or document
once the team has touched the lock, through newcomers and leavers."""

from __future__ import annotations

from content.catalog import QuestKind
from game.rules import locks
from game.rules.teams import code_pieces_for

from .builders import quest

A, B, C, D, E = 1, 2, 3, 4, 5


def test_unchanged_roster_deals_like_code_pieces_for() -> None:
    lock = quest("lock", kind=QuestKind.CODE_LOCK, pieces=("1", "2", "3", "4", "5"))
    for members in ([A], [A, B], [A, B, C], [A, B, C, D, E, 6, 7]):
        for p in members:
            assert locks.items_for(5, locks.freeze(members), members, p) == code_pieces_for(lock, members, p)


def test_a_newcomer_gets_a_copy_and_takes_nothing() -> None:
    roster = locks.freeze([A, B, C])
    assert [locks.items_for(3, roster, [A, B, C], p) for p in (A, B, C)] == [[0], [1], [2]]
    after = [A, B, C, D]
    assert [locks.items_for(3, roster, after, p) for p in (A, B, C)] == [[0], [1], [2]]  # nobody's items moved
    assert locks.items_for(3, roster, after, D) == [0]  # a copy of one


def test_two_newcomers_get_copies_of_different_items() -> None:
    roster = locks.freeze([A, B])
    assert locks.items_for(2, roster, [A, B, C, D], C) == [0]
    assert locks.items_for(2, roster, [A, B, C, D], D) == [1]


def test_a_leavers_items_go_to_the_remaining_holders_only() -> None:
    roster = locks.freeze([A, B, C])
    after = [A, C, D]  # B moved to another team, D joined
    assert locks.owners(3, roster, after) == [A, A, C]
    assert locks.items_for(3, roster, after, A) == [0, 1]
    assert locks.items_for(3, roster, after, C) == [2]  # unchanged
    assert locks.items_for(3, roster, after, D) == [0]  # the newcomer: only a copy
    assert locks.items_for(3, roster, after, B) == []  # gone: nothing


def test_a_leavers_items_go_first_to_a_member_who_held_only_a_copy() -> None:
    roster = locks.freeze([A, B, C])  # 2 items: C holds a copy
    assert locks.owners(2, roster, [A, C]) == [A, C]


def test_an_erased_player_is_a_leaver() -> None:
    roster = [A, None, C]
    assert locks.owners(3, roster, [A, C]) == [A, A, C]


def test_when_the_whole_roster_left_the_present_members_inherit() -> None:
    roster = locks.freeze([A, B])
    assert locks.owners(2, roster, [C, D]) == [C, D]


def test_no_roster_yet_deals_on_the_current_members() -> None:
    assert locks.items_for(2, (), [A, B, C], C) == [0]
    assert locks.items_for(0, locks.freeze([A]), [A], A) == []
