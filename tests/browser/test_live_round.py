"""A live « situation → offre » round, as a room plays it (issue 14, point 5): the
facilitator opens the projector from the console and launches a round; three phones get
it on top of their screen and answer (two right, one wrong), each sees « Réponse
envoyée »; the projector counts 3 answers, then at the close shows the distribution, the
right offer with its explanation and the team's points; each phone says whether it was
right. axe finds no violation on the phone's round or on the projector."""

from __future__ import annotations

from typing import Any

import pytest

from content.loader import load_named_pack
from game.rules.typography import french_spacing

from .conftest import LAPTOP, PHONE, Server, watch_errors
from .flows import new_game, open_console, staff_token
from .test_accessibility import STILL, violations

pytestmark = pytest.mark.browser
TIMEOUT = 15_000


def test_three_phones_answer_a_round_shown_on_the_projector(server: Server, browser: Any) -> None:
    catalog = load_named_pack("default")
    errors: list[str] = []

    staff_context = browser.new_context(**LAPTOP, **STILL)
    console = staff_context.new_page()
    console.set_default_timeout(TIMEOUT)
    watch_errors(console, errors, "console")
    console.on("dialog", lambda dialog: dialog.accept())
    console.goto(f"{server.url}/console")
    console.get_by_test_id("login-username").fill(server.demo_user)
    console.get_by_test_id("login-password").fill(server.demo_password)
    console.get_by_test_id("login-submit").click()
    console.locator('[data-testid^="session-link-"]').first.click()
    console.get_by_test_id("open-day").click()
    console.locator('[data-testid="day-1"][data-opened="true"]').wait_for()

    phones = []
    for nickname, team in (("Inès", 0), ("Yanis", 0), ("Lina", 1)):
        page = browser.new_context(**PHONE, **STILL).new_page()
        page.set_default_timeout(TIMEOUT)
        watch_errors(page, errors, nickname)
        page.goto(f"{server.url}/j/{server.join_code}")
        page.get_by_test_id("join-nickname").fill(nickname)
        page.locator('[data-testid^="join-team-"]').nth(team).check()
        page.get_by_test_id("join-submit").click()
        page.locator('[data-testid^="quest-card-"]').first.wait_for()
        phones.append(page)
    ines, yanis, lina = phones

    # the projector, opened from the console (the same staff login)
    with console.expect_popup() as popup:
        console.get_by_test_id("open-projector").click()
    projector = popup.value
    projector.set_default_timeout(TIMEOUT)
    watch_errors(projector, errors, "projecteur")
    projector.get_by_test_id("pj-lobby").wait_for()  # between rounds: how to join, the leaderboard

    spec = next(r for r in catalog.rounds if r.id == console.get_by_test_id("round-pick").input_value())
    assert spec.day == 1
    right = catalog.offer(spec.answer)
    wrong = catalog.offer(next(o for o in spec.choices if o != spec.answer))
    assert right is not None and wrong is not None
    console.get_by_test_id("round-time-90").check()
    console.get_by_test_id("round-launch").click()
    console.get_by_test_id("round-running").wait_for()

    assert projector.get_by_test_id("pj-situation").inner_text() == french_spacing(spec.situation)
    assert projector.get_by_test_id("pj-choice").count() == len(spec.choices)
    assert projector.get_by_test_id("pj-right").count() == 0  # never the answer before the close

    for page, offer in ((ines, right), (yanis, right), (lina, wrong)):
        page.get_by_test_id("round").wait_for()
        assert page.get_by_test_id("round-situation").inner_text() == french_spacing(spec.situation)
        assert "s" in page.get_by_test_id("round-timer").inner_text()
        page.get_by_test_id("round-choice").filter(has_text=offer.title).click()
        page.get_by_test_id("round-sent").wait_for()
        assert page.get_by_test_id("round-choice").filter(has_text=offer.title).get_attribute("aria-pressed") == "true"
        assert page.locator('[data-testid="round-choice"][aria-disabled="false"]').count() == 0  # once each
        assert page.evaluate("document.activeElement.dataset.testid") == "round-choice"  # the focus stays
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # readable at 360 px
    assert violations(lina) == []

    projector.locator('[data-testid="pj-count"]', has_text="3 réponses").wait_for()
    console.locator('[data-testid="round-count"]', has_text="3 réponses").wait_for()

    console.get_by_test_id("round-close").click()
    projector.get_by_test_id("pj-explanation").wait_for()
    assert projector.get_by_test_id("pj-explanation").inner_text() == french_spacing(spec.explanation)
    right_line = projector.get_by_test_id("pj-choice").filter(has=projector.get_by_test_id("pj-right"))
    assert right.title in right_line.inner_text() and "2 réponses" in right_line.inner_text()
    wrong_line = projector.get_by_test_id("pj-choice").filter(has_text=wrong.title)
    assert "1 réponse" in wrong_line.inner_text()
    assert f"+{2 * spec.points} éclats" in projector.get_by_test_id("pj-teams").inner_text()
    assert violations(projector) == []

    for page, verdict in ((ines, "Bravo"), (yanis, "Bravo"), (lina, "Ce n’était pas ça")):
        page.get_by_test_id("round-result").wait_for()
        text = page.get_by_test_id("round-result").inner_text()
        assert verdict in text and french_spacing(right.title) in text and french_spacing(spec.explanation) in text
    assert f"{2 * spec.points} éclats" in ines.get_by_test_id("round-result").inner_text()
    assert errors == []


def test_the_rounds_of_a_day_opened_from_the_console_come_without_the_socket(server: Server, browser: Any) -> None:
    """The console learns that the day opened from its own « Ouvrir le jour » answer: the
    day's rounds become playable even when its socket is not there (yet) to say it. The
    console used to wait for the socket's day_opened alone, and kept « Les manches
    s'ouvrent avec le jour 1 » when its socket joined the session after the click."""
    game = new_game(server, staff_token(server), "Groupe sans direct", days=0)
    errors: list[str] = []
    console = open_console(server, browser, game["id"], errors, live=False, **STILL)
    console.on("dialog", lambda dialog: dialog.accept())
    console.get_by_test_id("rounds-panel").get_by_text("avec le jour 1").wait_for()  # before: none playable
    console.get_by_test_id("open-day").click()
    console.locator('[data-testid="day-1"][data-opened="true"]').wait_for()
    pick = console.get_by_test_id("round-pick").input_value()
    assert next(r for r in load_named_pack("default").rounds if r.id == pick).day == 1
    assert [e for e in errors if "socket.io" not in e and "Failed to load resource" not in e] == []
