"""axe-core (vendored, MPL-2.0) finds no WCAG 2 A/AA violation on the phone screens at
360×640 and on the console: labels, contrast, names, landmarks, focusable controls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import LAPTOP, PHONE, Server

pytestmark = pytest.mark.browser
AXE = (Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js").read_text(encoding="utf-8")
TIMEOUT = 15_000
# bypass_csp to inject axe; reduced motion so that colours are measured after, not
# during, an entrance animation (the app honours prefers-reduced-motion)
STILL = {"bypass_csp": True, "reduced_motion": "reduce"}


def violations(page: Any) -> list[str]:
    page.add_script_tag(content=AXE)
    result = page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}}))"
        ".violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    return list(result)


def test_phone_and_console_screens_have_no_accessibility_violations(server: Server, browser: Any) -> None:
    console = browser.new_context(**LAPTOP, **STILL).new_page()
    console.set_default_timeout(TIMEOUT)
    console.goto(f"{server.url}/console")
    console.get_by_test_id("login-username").wait_for()
    found = {"console login": violations(console)}
    console.get_by_test_id("login-username").fill(server.demo_user)
    console.get_by_test_id("login-password").fill(server.demo_password)
    console.get_by_test_id("login-submit").click()
    console.locator('[data-testid^="session-link-"]').first.click()
    console.once("dialog", lambda dialog: dialog.accept())  # « Ouvrir le jour 1 ? … ne peut pas être refermé. »
    console.get_by_test_id("open-day").click()
    console.locator('[data-testid="day-1"][data-opened="true"]').wait_for()
    found["console session"] = violations(console)

    phone = browser.new_context(**PHONE, **STILL).new_page()
    phone.set_default_timeout(TIMEOUT)
    phone.goto(f"{server.url}/j/{server.join_code}")
    phone.get_by_test_id("join-nickname").wait_for()
    found["join"] = violations(phone)
    phone.get_by_test_id("join-nickname").fill("Maëlys")
    phone.locator('[data-testid^="join-team-"]').first.check()
    phone.get_by_test_id("join-submit").click()
    card = phone.locator('[data-testid^="quest-card-"][data-status="available"]').first
    card.wait_for()
    found["missions"] = violations(phone)
    card.click()
    phone.get_by_test_id("quest-title").wait_for()
    found["quest"] = violations(phone)
    for tab, marker in (("tab-offres", "offers-progress"), ("tab-equipe", "leaderboard"), ("tab-bilan", "recap")):
        phone.get_by_test_id(tab).click()
        phone.get_by_test_id(marker).wait_for()
        found[tab] = violations(phone)
    assert {screen: v for screen, v in found.items() if v} == {}
