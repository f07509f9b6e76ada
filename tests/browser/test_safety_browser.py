"""Keeping people out from the console, and the counsellor's own screen, in Chromium."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from .conftest import LAPTOP, PHONE, Server, watch_errors
from .test_accessibility import STILL, violations
from .test_live_play import TIMEOUT, api

pytestmark = pytest.mark.browser


def _login(page: Any, server: Server, username: str, password: str) -> None:
    page.goto(f"{server.url}/console")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()


def test_the_facilitator_closes_the_session_and_changes_the_code(server: Server, browser: Any) -> None:
    staff = api(server, "POST", "/api/auth/login", {"username": server.demo_user, "password": server.demo_password})
    game = next(
        s for s in api(server, "GET", "/api/sessions", None, staff["token"]) if s["join_code"] == server.join_code
    )
    ctx = browser.new_context(**LAPTOP, **STILL)
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    watch_errors(page, errors)
    _login(page, server, server.demo_user, server.demo_password)
    page.get_by_test_id(f"session-link-{game['id']}").click()
    page.locator('[data-testid="joining-state"][data-open="true"]').wait_for()
    page.get_by_test_id("joining-toggle").click()
    page.locator('[data-testid="joining-state"][data-open="false"]').wait_for()

    phone_ctx = browser.new_context(**PHONE, **STILL)
    phone = phone_ctx.new_page()
    phone.set_default_timeout(TIMEOUT)
    phone.goto(f"{server.url}/j/{server.join_code}")
    phone.get_by_test_id("joining-closed").wait_for()  # said before typing a nickname
    phone_ctx.close()

    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("join-code-change").click()
    shown = page.get_by_test_id("session-join-code")
    page.wait_for_function(
        "old => document.querySelector('[data-testid=\"session-join-code\"]').textContent !== old", arg=server.join_code
    )
    new_code = shown.inner_text().strip()
    assert new_code != server.join_code
    # the QR code on the console is the new code's, and it loads
    page.wait_for_function(
        "code => { const i = document.querySelector('[data-testid=\"session-qr\"]'); "
        "return i && i.complete && i.naturalWidth > 0 && i.src.includes(code); }",
        arg=new_code,
    )
    assert violations(page) == []
    ctx.close()
    assert errors == []


def test_a_counsellor_sees_only_their_appointments(server: Server, browser: Any) -> None:
    staff = api(server, "POST", "/api/auth/login", {"username": server.demo_user, "password": server.demo_password})[
        "token"
    ]
    game = api(server, "POST", "/api/sessions", {"name": "Groupe RDV", "start_date": date.today().isoformat()}, staff)
    api(
        server,
        "POST",
        "/api/counsellors",
        {"username": "karim", "display_name": "Karim B.", "password": "conseil-solide"},
        staff,
    )
    start = (datetime.now() + timedelta(days=2)).replace(hour=10, minute=0, second=0, microsecond=0)
    theirs = api(server, "POST", f"/api/sessions/{game['id']}/slots",
                 {"local_start": f"{start:%Y-%m-%dT%H:%M}", "duration_minutes": 30, "mode": "phone", "count": 1},
                 staff)  # fmt: skip

    ctx = browser.new_context(**LAPTOP, **STILL)
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    watch_errors(page, errors)
    _login(page, server, "karim", "conseil-solide")
    page.get_by_test_id(f"counsellor-session-{game['id']}").click()
    page.get_by_test_id("agenda").filter(has_text="Aucun créneau").wait_for()  # the facilitator's slot is not theirs
    page.get_by_test_id("slot-start").fill(start.replace(hour=14).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_test_id("slot-mode").select_option("phone")
    page.get_by_test_id("slot-count").fill("2")
    page.get_by_test_id("slot-submit").click()
    page.get_by_test_id("agenda-count").filter(has_text="sur 2 créneaux").wait_for()
    assert page.get_by_test_id(f"agenda-slot-{theirs[0]['id']}").count() == 0
    # nothing of the facilitators' console: no join code, no players, no account form
    assert page.get_by_test_id("join-panel").count() == 0 and page.locator("#coun-user").count() == 0
    assert page.get_by_test_id("staff-name").inner_text() == "Karim B."
    assert violations(page) == []
    ctx.close()
    assert errors == []
