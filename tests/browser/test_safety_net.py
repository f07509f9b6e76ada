"""The safety net end to end in Chromium: a young person gives an urgent answer in their
self-diagnosis and sees, at once, the numbers that help (tappable); the facilitator's
console shows the alert live, without a reload, and marks it « pris en charge »; the
teammate's phone shows nothing of it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from content.loader import load_named_pack

from ..services.test_safety import answers_with, urgent_choice
from .conftest import LAPTOP, PHONE, Server, watch_errors
from .test_accessibility import STILL, violations
from .test_live_play import TIMEOUT, api

pytestmark = pytest.mark.browser

#: the phone moved on from question ``id`` (to the next one, or to the end)
NEXT_SCREEN = (
    "(id) => !document.getElementById('diag-q-' + id) || !!document.querySelector('[data-testid=\"diagnosis-submit\"]')"
)


def _phone(browser: Any, server: Server, code: str, nickname: str, errors: list[str]) -> Any:
    page = browser.new_context(**PHONE, **STILL).new_page()
    page.set_default_timeout(TIMEOUT)
    watch_errors(page, errors, nickname)
    page.goto(f"{server.url}/j/{code}")
    page.get_by_test_id("join-nickname").fill(nickname)
    page.locator('[data-testid^="join-team-"]').first.check()
    page.get_by_test_id("join-submit").click()
    page.locator('[data-testid="conn-state"][data-state="connected"]').wait_for()
    return page


def _take_diagnosis(page: Any, server: Server, chosen: dict[str, int]) -> None:
    """Answer the questions the phone asks, one screen at a time, as ``chosen`` says."""
    page.goto(f"{server.url}/#/diagnostic")
    page.get_by_test_id("diagnosis-start").click()
    submit = page.get_by_test_id("diagnosis-submit")
    for _ in range(200):
        question = page.get_by_test_id("diagnosis-question")
        question.or_(submit).first.wait_for()
        if submit.is_visible():
            break
        question_id = (question.get_attribute("id") or "").removeprefix("diag-q-")
        before = question_id
        page.get_by_test_id(f"diagnosis-choice-{chosen[question_id]}").click()
        page.wait_for_function(NEXT_SCREEN, arg=before)
    submit.click()


def test_an_urgent_answer_shows_the_numbers_and_reaches_the_console_live(server: Server, browser: Any) -> None:
    catalog = load_named_pack("default")
    assert catalog.diagnosis is not None
    question, index = urgent_choice(catalog, "3114")
    chosen = answers_with(catalog.diagnosis, {question.id: index})
    staff = api(server, "POST", "/api/auth/login", {"username": server.demo_user, "password": server.demo_password})
    game = api(server, "POST", "/api/sessions",
               {"name": "Groupe filet", "start_date": date.today().isoformat(), "players_choose_team": True},
               staff["token"])  # fmt: skip
    api(server, "POST", f"/api/sessions/{game['id']}/days", {"day": 1}, staff["token"])
    errors: list[str] = []

    console = browser.new_context(**LAPTOP, **STILL).new_page()
    console.set_default_timeout(TIMEOUT)
    watch_errors(console, errors, "console")
    console.goto(f"{server.url}/console")
    console.get_by_test_id("login-username").fill(server.demo_user)
    console.get_by_test_id("login-password").fill(server.demo_password)
    console.get_by_test_id("login-submit").click()
    console.get_by_test_id(f"session-link-{game['id']}").click()
    console.locator('[data-testid="conn-state"][data-state="connected"]').wait_for()
    console.get_by_test_id("alerts-none").wait_for()

    ines = _phone(browser, server, game["join_code"], "Inès", errors)
    yanis = _phone(browser, server, game["join_code"], "Yanis", errors)
    _take_diagnosis(ines, server, chosen)

    # Inès sees at once the numbers that help, as links she can tap to call
    box = ines.get_by_test_id("urgent-help")
    box.wait_for()
    assert ines.get_by_test_id("urgent-help-3114").locator("a").get_attribute("href") == "tel:3114"
    assert "conseiller ou ta conseillère" in box.inner_text()
    assert violations(ines) == []
    ines.get_by_test_id("urgent-help-close").click()
    ines.get_by_test_id("diagnosis-results").wait_for()  # her results are still there

    # the console shows the alert live (no reload), with her answer
    card = console.locator('[data-testid^="alert-"][data-state="open"]')
    card.wait_for()
    assert "Inès" in card.inner_text() and question.choices[index].text in card.inner_text()
    assert console.get_by_test_id("alerts-count").inner_text() == "1"
    assert violations(console) == []
    card.locator('[data-testid^="alert-handle-"]').click()
    console.get_by_test_id("alerts-none").wait_for()  # handled: out of the list to act on
    console.get_by_text("Alertes prises en charge (1)").click()  # kept below, with who and when
    console.locator('[data-testid^="alert-state-"]', has_text="Pris en charge par").wait_for()
    assert console.get_by_test_id("alerts-count").inner_text() == "0"

    # Yanis, in the same team, sees nothing of it
    yanis.get_by_test_id("tab-missions").click()
    assert yanis.get_by_test_id("urgent-help").count() == 0
    assert "3114" not in yanis.locator("body").inner_text()
    assert yanis.locator('[data-testid="toast"]').count() == 0
    assert errors == []
