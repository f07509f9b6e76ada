"""A young person books a counsellor appointment from the phone, and the counsellor's
agenda in the console shows it at once, with what they want to talk about."""

from __future__ import annotations

import contextlib
import urllib.error
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from content.loader import load_named_pack
from tests.api.helpers import playable_order, right_answer

from .conftest import LAPTOP, PHONE, Server, watch_errors
from .test_accessibility import STILL, violations
from .test_live_play import TIMEOUT, api
from .views import open_view

pytestmark = pytest.mark.browser


def test_a_booking_from_the_phone_appears_live_in_the_agenda(server: Server, browser: Any) -> None:
    staff = api(server, "POST", "/api/auth/login", {"username": server.demo_user, "password": server.demo_password})[
        "token"
    ]
    body = {"name": "Rendez-vous", "start_date": date.today().isoformat(), "players_choose_team": True}
    game = api(server, "POST", "/api/sessions", body, staff)
    for day in range(1, 10):
        api(server, "POST", f"/api/sessions/{game['id']}/days", {"day": day}, staff)
    start = (datetime.now() + timedelta(days=2)).replace(hour=10, minute=0, second=0, microsecond=0)
    slots = api(server, "POST", f"/api/sessions/{game['id']}/slots",
                {"local_start": f"{start:%Y-%m-%dT%H:%M}", "duration_minutes": 30, "mode": "in_person",
                 "place": "Mission Locale, bureau 2", "count": 2}, staff)  # fmt: skip

    console_ctx = browser.new_context(**LAPTOP)
    console = console_ctx.new_page()
    console.set_default_timeout(TIMEOUT)
    console.goto(f"{server.url}/console")
    console.get_by_test_id("login-username").fill(server.demo_user)
    console.get_by_test_id("login-password").fill(server.demo_password)
    console.get_by_test_id("login-submit").click()
    console.get_by_test_id(f"session-link-{game['id']}").click()
    open_view(console, "rdv")  # the panel is in that view of the console
    console.locator('[data-testid="conn-state"][data-state="connected"]').wait_for()
    console.get_by_test_id(f"agenda-slot-{slots[0]['id']}").wait_for()

    phone_ctx = browser.new_context(**PHONE, **STILL)
    phone = phone_ctx.new_page()
    phone.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    watch_errors(phone, errors)
    phone.goto(f"{server.url}/j/{game['join_code']}")
    phone.get_by_test_id("join-nickname").fill("Inès")
    phone.locator('[data-testid^="join-team-"]').first.check()
    phone.get_by_test_id("join-submit").click()
    phone.locator('[data-testid="conn-state"][data-state="connected"]').wait_for()
    token = phone.evaluate("localStorage.getItem('eclats.player.token')")
    for quest in playable_order(load_named_pack("default"), 9):
        with contextlib.suppress(urllib.error.HTTPError):
            api(server, "POST", f"/api/me/quests/{quest.id}/answer", right_answer(quest), token)
    phone.goto(f"{server.url}/#/quete/d9-rendez-vous")
    phone.get_by_test_id("appointment-form").wait_for()
    assert violations(phone) == []
    phone.get_by_test_id(f"slot-{slots[1]['id']}").check()
    phone.get_by_test_id("appointment-note").fill("Trouver une formation en cuisine")
    phone.get_by_test_id("appointment-submit").click()
    phone.get_by_test_id("my-appointment").filter(has_text="Trouver une formation en cuisine").wait_for()
    phone.get_by_test_id("team-booked").filter(has_text="1/1").wait_for()

    phone.get_by_test_id("tab-bilan").click()
    phone.get_by_test_id("recap-appointment").filter(has_text="sur place").wait_for()  # in the recap too
    console.get_by_test_id(f"agenda-who-{slots[1]['id']}").filter(has_text="Inès").wait_for()  # no reload
    row = console.get_by_test_id(f"agenda-slot-{slots[1]['id']}")
    assert "Trouver une formation en cuisine" in row.inner_text() and row.get_attribute("data-booked") == "true"
    phone_ctx.close()
    console_ctx.close()
    assert errors == []


def test_appointment_times_are_the_mission_locales_whatever_zone_the_devices_are_set_to(
    server: Server, browser: Any
) -> None:
    """A counsellor on a laptop set to Tokyo publishes 14:00, a young person whose phone
    is set to New York books it: both read 14:00, the Mission Locale's hour (Europe/Paris
    by default), and the server stored the Paris instant."""
    staff = api(server, "POST", "/api/auth/login", {"username": server.demo_user, "password": server.demo_password})[
        "token"
    ]
    body = {"name": "Fuseaux", "start_date": date.today().isoformat(), "players_choose_team": True}
    game = api(server, "POST", "/api/sessions", body, staff)
    for day in range(1, 10):
        api(server, "POST", f"/api/sessions/{game['id']}/days", {"day": day}, staff)
    day = (datetime.now() + timedelta(days=2)).date()

    console_ctx = browser.new_context(**LAPTOP, **STILL, timezone_id="Asia/Tokyo")
    console = console_ctx.new_page()
    console.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    watch_errors(console, errors)
    console.goto(f"{server.url}/console")
    console.get_by_test_id("login-username").fill(server.demo_user)
    console.get_by_test_id("login-password").fill(server.demo_password)
    console.get_by_test_id("login-submit").click()
    console.get_by_test_id(f"session-link-{game['id']}").click()
    open_view(console, "rdv")  # the panel is in that view of the console
    console.get_by_test_id("slot-start-label").filter(has_text="heure de Paris").wait_for()
    console.get_by_test_id("slot-start").fill(f"{day:%Y-%m-%d}T14:00")
    console.get_by_test_id("slot-mode").select_option("phone")
    console.get_by_test_id("slot-count").fill("1")
    console.get_by_test_id("slot-submit").click()
    console.get_by_test_id("agenda-count").filter(has_text="sur 1 créneau").wait_for()
    [slot] = api(server, "GET", f"/api/sessions/{game['id']}/agenda", None, staff)
    assert slot["starts_at"][:16] == f"{day:%Y-%m-%d}T14:00" and slot["time_zone"] == "Europe/Paris"
    assert "14:00" in console.get_by_test_id(f"agenda-when-{slot['id']}").inner_text()

    phone_ctx = browser.new_context(**PHONE, **STILL, timezone_id="America/New_York")
    phone = phone_ctx.new_page()
    phone.set_default_timeout(TIMEOUT)
    watch_errors(phone, errors)
    phone.goto(f"{server.url}/j/{game['join_code']}")
    phone.get_by_test_id("join-nickname").fill("Yanis")
    phone.locator('[data-testid^="join-team-"]').first.check()
    phone.get_by_test_id("join-submit").click()
    phone.locator('[data-testid="conn-state"][data-state="connected"]').wait_for()
    token = phone.evaluate("localStorage.getItem('eclats.player.token')")
    for quest in playable_order(load_named_pack("default"), 9):
        with contextlib.suppress(urllib.error.HTTPError):
            api(server, "POST", f"/api/me/quests/{quest.id}/answer", right_answer(quest), token)
    phone.goto(f"{server.url}/#/quete/d9-rendez-vous")
    choice = phone.get_by_test_id(f"slot-{slot['id']}")
    choice.wait_for()
    assert "14:00" in phone.locator("label", has=choice).inner_text()
    # the note first: once something is typed, the teammates' late events no longer redraw the form
    phone.get_by_test_id("appointment-note").fill("Mon permis")
    choice.check()
    assert choice.is_checked()
    phone.get_by_test_id("appointment-submit").click()
    phone.get_by_test_id("my-appointment").filter(has_text="Mon permis").wait_for()
    assert "14:00" in phone.get_by_test_id("my-appointment-when").inner_text()
    phone_ctx.close()
    console_ctx.close()
    assert errors == []
