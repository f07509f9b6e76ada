"""A Saint-Lô session played through to an issued badge: two young people of one team
open the code locks of days 1 and 2 by each entering their own pieces on their phone;
the console shows the Coopération badge suggested on that evidence; the facilitator
issues it from the console; the young person finds it on the phone, valid."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .conftest import LAPTOP, PHONE, Server, watch_errors
from .test_live_play import TIMEOUT, api
from .views import open_view

pytestmark = pytest.mark.browser

#: the code locks the team opens: one each day, both give evidence of Coopération
LOCKS = ("d1-casier", "d2-casier")


def _join(browser: Any, server: Server, code: str, nickname: str, errors: list[str]) -> Any:
    page = browser.new_context(**PHONE).new_page()
    page.set_default_timeout(TIMEOUT)
    watch_errors(page, errors, nickname)
    page.goto(f"{server.url}/j/{code}")
    page.get_by_test_id("join-nickname").fill(nickname)
    page.locator('[data-testid^="join-team-"]').first.check()
    page.get_by_test_id("join-submit").click()
    page.locator('[data-testid="conn-state"][data-state="connected"]').wait_for()
    return page


def _enter_my_pieces(page: Any, quest_id: str) -> None:
    """On the quest screen, enter each piece this phone shows, one by one."""
    page.get_by_test_id("tab-missions").click()
    page.get_by_test_id(f"quest-card-{quest_id}").click()
    page.get_by_test_id("code-piece").wait_for()
    for text in page.locator(".code-piece-text").all_inner_texts():
        if page.get_by_test_id("piece-input").count() == 0:  # the lock opened already
            break
        page.get_by_test_id("piece-input").fill(text)
        page.get_by_test_id("piece-submit").click()
        page.locator('[data-testid="result-message"][data-correct="true"]').wait_for()


def test_a_saint_lo_session_through_to_an_issued_badge(server: Server, browser: Any) -> None:
    staff = api(server, "POST", "/api/auth/login", {"username": server.demo_user, "password": server.demo_password})[
        "token"
    ]
    body = {"name": "Incubateur Saint-Lô", "pack": "saint-lo", "start_date": date.today().isoformat()}
    game = api(server, "POST", "/api/sessions", {**body, "players_choose_team": True}, staff)
    errors: list[str] = []
    lou = _join(browser, server, game["join_code"], "Lou", errors)
    noa = _join(browser, server, game["join_code"], "Noa", errors)

    # --- days 1 and 2: each phone enters its own pieces, and the locks open ------------
    for day, quest_id in enumerate(LOCKS, start=1):
        api(server, "POST", f"/api/sessions/{game['id']}/days", {"day": day}, staff)
        for page in (lou, noa):
            _enter_my_pieces(page, quest_id)
        for page in (lou, noa):
            page.get_by_test_id("tab-missions").click()
            page.locator(f'[data-testid="quest-card-{quest_id}"][data-status="solved"]').wait_for()

    # --- Lou agrees to receive badges, on the phone ------------------------------------
    lou.get_by_test_id("tab-bilan").click()
    lou.get_by_test_id("skills-link").click()
    lou.get_by_test_id("no-badges").wait_for()
    lou.get_by_test_id("consent-email").fill("lou@example.org")
    lou.get_by_test_id("consent-submit").click()
    lou.get_by_test_id("consent-given").wait_for()

    # --- the console suggests Coopération on Lou's own pieces, and issues it -----------
    console = browser.new_context(**LAPTOP).new_page()
    console.set_default_timeout(TIMEOUT)
    watch_errors(console, errors, "console")
    console.goto(f"{server.url}/console")
    console.get_by_test_id("login-username").fill(server.demo_user)
    console.get_by_test_id("login-password").fill(server.demo_password)
    console.get_by_test_id("login-submit").click()
    console.get_by_test_id(f"session-link-{game['id']}").click()
    open_view(console, "competences")  # the panel is in that view of the console
    console.get_by_test_id("skills-player").select_option(label="Lou")
    row = console.get_by_test_id("skill-row-cooperation")
    row.filter(has_text="suggéré").wait_for()
    console.get_by_test_id("issue-cooperation").click()
    row.filter(has_text="Badge délivré").wait_for()

    players = api(server, "GET", f"/api/sessions/{game['id']}", token=staff)["players"]
    lou_id = next(p["id"] for p in players if p["nickname"] == "Lou")
    seen = api(server, "GET", f"/api/sessions/{game['id']}/players/{lou_id}/evidence", token=staff)
    cooperation = next(s for s in seen["skills"] if s["skill_id"] == "cooperation")
    assert cooperation["awarded"]
    assert {i["kind"] for i in cooperation["items"] if i["counts"]} == {"piece"}  # Lou's own pieces, from play
    assert {i["label"] for i in cooperation["items"]} >= {
        "A apporté son morceau du code « Le casier des badges »",
        "A apporté son morceau du code « Le casier de l'équipe »",
    }

    # --- Lou finds the badge on the phone, and its page says it is valid --------------
    lou.reload()
    badge = lou.get_by_test_id(f"badge-{cooperation['awarded']}")
    badge.filter(has_text="Coopération").wait_for()
    lou.get_by_test_id(f"badge-page-{cooperation['awarded']}").click()
    lou.locator('[data-testid="badge-state"]', has_text="Badge valide").wait_for()
    assert errors == []
