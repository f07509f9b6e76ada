"""A whole first day in real browsers: the facilitator creates a session and opens day 1,
two young people join on their phones, one solves a quest and both see the éclats and
the offer it unlocked; then the facilitator pauses and the phones show the pause."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from content.catalog import Quest, QuestKind
from content.loader import load_named_pack
from tests.api.helpers import playable_order, right_answer

from .conftest import LAPTOP, PHONE, Server, watch_errors
from .views import open_view

pytestmark = pytest.mark.browser
TIMEOUT = 15_000


def path_to_first_offer() -> list[Quest]:
    """Day 1's quests, in playable order, up to the first one that unlocks an offer."""
    path = []
    for quest in playable_order(load_named_pack("default"), 1):
        path.append(quest)
        if quest.offers:
            return path
    raise LookupError("the default pack's day 1 should unlock an offer")


def play(page: Any, quest: Quest) -> None:
    """Answer ``quest`` the way a player would on the quest screen."""
    answer = right_answer(quest)
    if quest.kind in (QuestKind.RIDDLE, QuestKind.CODE_LOCK):
        page.get_by_test_id("answer-input").fill(answer["answer"])
        page.get_by_test_id("answer-submit").click()
    elif quest.kind is QuestKind.QUIZ:
        for i, choice in enumerate(answer["choices"]):
            page.get_by_test_id(f"quiz-q{i}-c{choice}").check()
        page.get_by_test_id("answer-submit").click()
    else:
        page.get_by_test_id(f"dialogue-choice-{answer['choice']}").click()


def test_first_day_played_by_two_phones_and_a_facilitator(server: Server, browser: Any) -> None:
    path = path_to_first_offer()
    quest, first = path[-1], path[0]
    offer = quest.offers[0]
    total = sum(q.reward for q in path)

    # --- the facilitator creates a session and opens day 1 -------------------------
    console_ctx = browser.new_context(**LAPTOP)
    console = console_ctx.new_page()
    console.set_default_timeout(TIMEOUT)
    errors: list[str] = []  # console errors, CSP violations included
    watch_errors(console, errors, "console")
    console.goto(f"{server.url}/console")
    console.get_by_test_id("login-username").fill(server.demo_user)
    console.get_by_test_id("login-password").fill(server.demo_password)
    console.get_by_test_id("login-submit").click()
    console.get_by_test_id("new-session-name").fill("Groupe du navigateur")
    console.get_by_test_id("new-session-start").fill(date.today().isoformat())
    console.get_by_test_id("new-session-choose").check()
    console.get_by_test_id("new-session-submit").click()
    code_box = console.get_by_test_id("session-join-code")
    code_box.wait_for()
    code = code_box.inner_text().strip()
    assert len(code) == 6 and code != server.join_code
    assert console.get_by_test_id("session-qr").is_visible()
    console.once("dialog", lambda dialog: dialog.accept())  # « Ouvrir le jour 1 ? … ne peut pas être refermé. »
    console.get_by_test_id("open-day").click()
    console.locator('[data-testid="day-1"][data-opened="true"]').wait_for()

    # --- two young people join the same team from their phones ----------------------
    phones = []
    for nickname in ("Inès", "Yanis"):
        ctx = browser.new_context(**PHONE)
        page = ctx.new_page()
        page.set_default_timeout(TIMEOUT)
        watch_errors(page, errors, nickname)
        page.goto(f"{server.url}/j/{code}")
        assert page.get_by_test_id("join-code").input_value() == code
        page.get_by_test_id("join-nickname").fill(nickname)
        page.locator('[data-testid^="join-team-"]').first.check()
        page.get_by_test_id("join-submit").click()
        page.get_by_test_id(f"quest-card-{first.id}").wait_for()
        assert page.get_by_test_id("team-eclats").inner_text() == "0"
        phones.append((ctx, page))
    (_, ines), (_, yanis) = phones

    # --- the console flags their team: nothing solved yet, and the other team is empty ----
    console.reload()
    stuck = console.get_by_test_id("stuck-teams")
    stuck.wait_for()
    assert "Équipe Aurore" in stuck.inner_text() and "Équipe Horizon" not in stuck.inner_text()

    # --- Inès plays through to the first quest that unlocks an offer ------------------
    earned = 0
    for step in path:
        ines.get_by_test_id(f"quest-card-{step.id}").click()
        play(ines, step)
        ines.locator('[data-testid="result-message"][data-correct="true"]').wait_for()
        earned += step.reward
        ines.locator(f'[data-testid="team-eclats"]:text-is("{earned}")').wait_for()
        if step is not quest:
            ines.get_by_test_id("tab-missions").click()
    assert ines.get_by_test_id(f"unlocked-offer-{offer}").is_visible()

    # --- Yanis sees the éclats and the unlocked offer (a reload is fine for now) --------
    yanis.reload()
    yanis.locator(f'[data-testid="team-eclats"]:text-is("{total}")').wait_for()
    assert yanis.get_by_test_id(f"quest-card-{quest.id}").get_attribute("data-status") == "solved"
    yanis.get_by_test_id("tab-offres").click()
    progress = yanis.get_by_test_id("offers-progress")
    progress.wait_for()
    assert progress.get_attribute("data-unlocked") == str(len(quest.offers))
    assert progress.get_attribute("data-total") == "25"
    assert yanis.get_by_test_id(f"offer-card-{offer}").get_attribute("data-unlocked") == "true"
    locked = yanis.locator('[data-testid^="offer-card-"][data-unlocked="false"]')
    assert locked.count() == 25 - len(quest.offers)

    # --- the facilitator sees the team's progress, then pauses --------------------------
    console.reload()
    open_view(console, "equipes")  # the panel is in that view of the console
    console.locator('[data-testid^="team-row-"]', has_text=str(total)).first.wait_for()
    assert console.get_by_test_id("stuck-teams").count() == 0  # a mission solved today
    open_view(console, "live")  # the panel is in that view of the console
    console.get_by_test_id("pause").click()
    console.get_by_test_id("resume").wait_for()
    for _, page in phones:
        page.reload()
        page.get_by_test_id("tab-missions").click()  # offer cards stay readable during a pause
        page.get_by_test_id("pause-screen").wait_for()
    console.get_by_test_id("resume").click()
    console.get_by_test_id("pause").wait_for()
    ines.reload()
    ines.get_by_test_id(f"quest-card-{quest.id}").wait_for()
    assert ines.get_by_test_id(f"quest-card-{quest.id}").get_attribute("data-status") == "solved"

    for ctx, _ in phones:
        ctx.close()
    console_ctx.close()
    assert errors == []
