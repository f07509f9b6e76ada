"""What every browser test does before its own part, in one place: a staff token, a
session with its first days open, a phone that joins it, the console opened on it."""

from __future__ import annotations

from datetime import date
from typing import Any

from .conftest import PHONE, Server, watch_errors
from .test_live_play import TIMEOUT, api

CONNECTED = '[data-testid="conn-state"][data-state="connected"]'


def staff_token(server: Server) -> str:
    login = {"username": server.demo_user, "password": server.demo_password}
    return str(api(server, "POST", "/api/auth/login", login)["token"])


def new_game(server: Server, staff: str, name: str = "Groupe", days: int = 1) -> dict[str, Any]:
    """A session starting today where the players choose their team, days 1..``days`` open."""
    body = {"name": name, "start_date": date.today().isoformat(), "players_choose_team": True}
    game = api(server, "POST", "/api/sessions", body, staff)
    for day in range(1, days + 1):
        api(server, "POST", f"/api/sessions/{game['id']}/days", {"day": day}, staff)
    return dict(game)


def join(
    server: Server, browser: Any, code: str, errors: list[str], nickname: str = "Inès", init: str = "", **context: Any
) -> Any:
    """A 360×640 phone (``context``: more browser-context options, e.g. ``**STILL``;
    ``init``: a script run before the page's own) that joins with ``code`` in the first
    team offered, once its live link is up."""
    phone = browser.new_context(**{**PHONE, **context})
    if init:
        phone.add_init_script(init)
    page = phone.new_page()
    page.set_default_timeout(TIMEOUT)
    watch_errors(page, errors, nickname)
    page.goto(f"{server.url}/j/{code}")
    page.get_by_test_id("join-nickname").fill(nickname)
    page.locator('[data-testid^="join-team-"]').first.check()
    page.get_by_test_id("join-submit").click()
    page.locator(CONNECTED).wait_for()
    return page


def open_console(
    server: Server, browser: Any, session_id: int, errors: list[str], live: bool = True, **context: Any
) -> Any:
    """The console, logged in as the demo facilitator, on the session's page, live (or,
    ``live=False``, with its socket refused: what it knows then comes from its own requests)."""
    page = browser.new_context(**{"locale": "fr-FR", **context}).new_page()
    page.set_default_timeout(TIMEOUT)
    if not live:
        page.route("**/socket.io/**", lambda route: route.abort())  # long-polling
        page.route_web_socket("**/socket.io/**", lambda ws: ws.close())  # websocket
    watch_errors(page, errors, "console")
    page.goto(f"{server.url}/console")
    page.get_by_test_id("login-username").fill(server.demo_user)
    page.get_by_test_id("login-password").fill(server.demo_password)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id(f"session-link-{session_id}").click()
    if live:
        page.locator(CONNECTED).wait_for()
    else:
        page.get_by_test_id("session-name").wait_for()
    return page
