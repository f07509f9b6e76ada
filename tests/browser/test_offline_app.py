"""The phone app in a tunnel: a phone that loaded the game once opens it again with no
network at all, still sees its team's missions (marked « Hors ligne »), answers a quest,
and once the network is back the answer is sent and counted once.

Playwright's offline mode also cuts the service worker's own requests (Chromium), so the
reload below is served by the worker's caches or not at all."""

from __future__ import annotations

import json
import re
import time
import urllib.request
from datetime import date
from typing import Any

import pytest

from content.loader import load_named_pack
from tests.api.helpers import playable_order

from .conftest import PHONE, Server, watch_errors
from .test_session_flow import play

pytestmark = pytest.mark.browser
TIMEOUT = 15_000

KEPT = """async (path) => {
  for (const name of await caches.keys()) {
    if (!name.startsWith('eclats-data-')) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) if (new URL(request.url).pathname === path) return true;
  }
  return false;
}"""


def wait_until(page: Any, script: str, arg: Any) -> None:
    """page.wait_for_function() evaluates strings, which the app's CSP forbids: poll instead."""
    deadline = time.monotonic() + 30
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"{script} ({arg}) still false after 30 s"
        page.wait_for_timeout(200)


def api(server: Server, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
    request = urllib.request.Request(
        server.url + path, data=json.dumps(body).encode() if body is not None else None, method=method
    )
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        raw = response.read()
        return json.loads(raw) if raw else None


def test_a_phone_that_loaded_once_plays_in_a_tunnel(server: Server, browser: Any) -> None:
    first, second = playable_order(load_named_pack("default"), 1)[:2]
    staff = api(server, "POST", "/api/auth/login", {"username": server.demo_user, "password": server.demo_password})
    game = api(
        server,
        "POST",
        "/api/sessions",
        {"name": "Groupe du tunnel", "start_date": date.today().isoformat(), "players_choose_team": True},
        staff["token"],
    )
    api(server, "POST", f"/api/sessions/{game['id']}/days", {"day": 1}, staff["token"])

    errors: list[str] = []
    ctx = browser.new_context(**PHONE)
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT)
    # a request that fails offline is logged by Chromium as a console error: expected here
    watch_errors(page, errors, "Inès", ignore="ERR_INTERNET_DISCONNECTED")
    page.goto(f"{server.url}/j/{game['join_code']}")
    page.get_by_test_id("join-nickname").fill("Inès")
    page.locator('[data-testid^="join-team-"]').first.check()
    page.get_by_test_id("join-submit").click()
    page.get_by_test_id(f"quest-card-{first.id}").wait_for()
    page.locator('[data-testid="conn-state"][data-state="connected"]').wait_for()
    token = page.evaluate("localStorage.getItem('eclats.player.token')")

    # the worker takes over and keeps the player's state (no reload needed)
    for path in ("/api/me", "/api/me/quests", "/api/me/offers", "/api/me/recap"):
        wait_until(page, KEPT, path)
    # its caches are named after this release (a new release deletes them: tests/js/sw.test.mjs)
    with urllib.request.urlopen(f"{server.url}/sw.js", timeout=10) as response:
        version = re.search(r'const VERSION = "([0-9a-f]+)";', response.read().decode())
    assert version
    assert sorted(page.evaluate("caches.keys()")) == [
        f"eclats-data-{version.group(1)}",
        f"eclats-shell-{version.group(1)}",
    ]

    # --- the tunnel: no network at all, the app is opened again -----------------------
    ctx.set_offline(True)
    page.reload()
    card = page.get_by_test_id(f"quest-card-{first.id}")
    card.wait_for()
    assert card.get_attribute("data-status") == "available"
    assert page.get_by_test_id(f"quest-card-{second.id}").count() == 1  # the whole day's list
    badge = page.locator('[data-testid="conn-state"][data-state="offline"]')
    badge.wait_for()
    assert "Hors ligne" in badge.inner_text()
    assert page.get_by_test_id("team-eclats").inner_text() == "0"

    # the answer waits in the phone's queue
    card.click()
    play(page, first)
    page.get_by_test_id("queued-notice").wait_for()
    page.locator('[data-testid="conn-state"][data-queued="1"]').wait_for()
    assert api(server, "GET", "/api/me", token=token)["team"]["eclats"] == 0  # nothing reached the server

    # --- out of the tunnel: sent once, counted once ------------------------------------
    ctx.set_offline(False)
    page.locator('[data-testid="conn-state"][data-state="connected"][data-queued="0"]').wait_for()
    page.locator(f'[data-testid="team-eclats"]:text-is("{first.reward}")').wait_for()
    page.reload()  # a second visit replays nothing
    page.locator('[data-testid="conn-state"][data-state="connected"][data-queued="0"]').wait_for()
    page.locator(f'[data-testid="team-eclats"]:text-is("{first.reward}")').wait_for()
    me = api(server, "GET", "/api/me", token=token)
    assert me["team"]["eclats"] == first.reward
    solved = [q for q in api(server, "GET", "/api/me/quests", token=token) if q["status"] == "solved"]
    assert [q["id"] for q in solved] == [first.id]
    assert errors == []
    ctx.close()
