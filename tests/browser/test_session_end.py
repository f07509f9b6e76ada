"""The facilitator finishes the session from the console (after a confirmation) and,
without a reload, every phone shows its end screen: the story, the team podium, the
offers the team found and what comes next; axe finds no violation on it."""

from __future__ import annotations

from typing import Any

import pytest

from content.loader import load_named_pack
from game.rules.typography import french_spacing

from .conftest import LAPTOP, PHONE, Server, watch_errors
from .test_accessibility import STILL, violations
from .test_session_flow import path_to_first_offer, play

pytestmark = pytest.mark.browser
TIMEOUT = 15_000


def test_finishing_the_session_brings_every_phone_to_its_end_screen(server: Server, browser: Any) -> None:
    path = path_to_first_offer()
    offer = load_named_pack("default").offer(path[-1].offers[0])
    assert offer is not None
    errors: list[str] = []
    asked: list[str] = []

    console = browser.new_context(**LAPTOP).new_page()
    console.set_default_timeout(TIMEOUT)
    watch_errors(console, errors, "console")

    def confirm(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.accept()

    console.on("dialog", confirm)
    console.goto(f"{server.url}/console")
    console.get_by_test_id("login-username").fill(server.demo_user)
    console.get_by_test_id("login-password").fill(server.demo_password)
    console.get_by_test_id("login-submit").click()
    console.locator('[data-testid^="session-link-"]').first.click()
    assert "ne se referme pas" in console.get_by_test_id("open-day-undo").inner_text()
    console.get_by_test_id("open-day").click()
    console.locator('[data-testid="day-1"][data-opened="true"]').wait_for()
    assert "ne peut pas être refermé" in asked[0]

    phones = []
    for i, nickname in enumerate(("Inès", "Yanis")):
        page = browser.new_context(**PHONE, **STILL).new_page()
        page.set_default_timeout(TIMEOUT)
        watch_errors(page, errors, nickname)
        page.goto(f"{server.url}/j/{server.join_code}")
        page.get_by_test_id("join-nickname").fill(nickname)
        page.locator('[data-testid^="join-team-"]').nth(i).check()
        page.get_by_test_id("join-submit").click()
        page.get_by_test_id(f"quest-card-{path[0].id}").wait_for()
        phones.append(page)
    ines, yanis = phones

    # Inès's team finds an offer; Yanis's team finds nothing
    for step in path:
        ines.get_by_test_id(f"quest-card-{step.id}").click()
        play(ines, step)
        ines.locator('[data-testid="result-message"][data-correct="true"]').wait_for()
        ines.get_by_test_id("tab-missions").click()

    for day in range(2, 11):
        console.get_by_test_id("open-day").click()
        console.locator(f'[data-testid="day-{day}"][data-opened="true"]').wait_for()
    assert console.get_by_test_id("open-day").count() == 0

    console.get_by_test_id("finish-session").click()
    console.get_by_test_id("session-finished").wait_for()
    assert "ne peut pas être annulé" in asked[-1] and "écran de fin" in asked[-1]

    for page in phones:  # live: no reload
        page.get_by_test_id("ending-podium").wait_for()
        assert page.get_by_test_id("ending-story").inner_text().strip()
        assert page.locator('[data-testid="ending-podium"] li').count() == 2
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # readable at 360 px
    assert ines.locator('[data-testid="ending-podium"] li.is-mine[data-rank="1"]').count() == 1
    assert french_spacing(offer.title) in ines.get_by_test_id("ending-offers").inner_text()
    assert yanis.locator('[data-testid="ending-podium"] li.is-mine[data-rank="2"]').count() == 1
    assert french_spacing(offer.title) not in yanis.get_by_test_id("ending-offers").inner_text()
    assert "Et maintenant" in yanis.get_by_test_id("ending-next").inner_text()

    assert violations(ines) == []
    assert errors == []
