"""The group finale on two phones of two teams: on day 10 each phone shows the Cœur with
the group's fragments, one phone types the word and the other sees it rallumé at once,
without a reload; readable at 360 px, and axe finds no violation on it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .conftest import PHONE, Server, watch_errors
from .test_accessibility import STILL, violations

pytestmark = pytest.mark.browser
TIMEOUT = 15_000


def open_ten_days(server: Server) -> None:
    with httpx.Client(base_url=server.url, timeout=10) as http:
        login = http.post("/api/auth/login", json={"username": server.demo_user, "password": server.demo_password})
        staff = {"Authorization": f"Bearer {login.json()['token']}"}
        sessions = http.get("/api/sessions", headers=staff).json()
        sid = next(s["id"] for s in sessions if s.get("join_code") == server.join_code)
        current = http.get(f"/api/sessions/{sid}", headers=staff).json()["current_day"]
        for day in range(current + 1, 11):
            r = http.post(f"/api/sessions/{sid}/days", json={"day": day}, headers=staff)
            assert r.status_code == 200, r.text


def test_one_phone_rallume_the_coeur_and_the_other_team_sees_it_live(server: Server, browser: Any) -> None:
    errors: list[str] = []
    open_ten_days(server)
    phones = []
    for i, nickname in enumerate(("Inès", "Yanis")):
        page = browser.new_context(**PHONE, **STILL).new_page()
        page.set_default_timeout(TIMEOUT)
        watch_errors(page, errors, nickname)
        page.goto(f"{server.url}/j/{server.join_code}")
        page.get_by_test_id("join-nickname").fill(nickname)
        page.locator('[data-testid^="join-team-"]').nth(i).check()
        page.get_by_test_id("join-submit").click()
        page.get_by_test_id("to-finale").click()  # the way to the Cœur, on the last day
        page.get_by_test_id("finale-question").wait_for()
        phones.append(page)
    ines, yanis = phones

    assert ines.locator('[data-testid="coeur-fragments"] li').count() == 10
    assert ines.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # readable at 360 px
    assert violations(yanis) == []

    ines.get_by_label("Le mot qui rallume le Cœur").fill("chacun pour soi")
    ines.get_by_test_id("finale-submit").click()
    ines.get_by_test_id("finale-wrong").wait_for()

    ines.get_by_label("Le mot qui rallume le Cœur").fill("Solidarité")
    ines.get_by_test_id("finale-submit").click()
    ines.get_by_test_id("finale-won").wait_for()
    yanis.get_by_test_id("finale-won").wait_for()  # live: no reload
    assert "Inès" in yanis.get_by_test_id("finale-won").inner_text()
    assert violations(yanis) == []
    assert errors == []
