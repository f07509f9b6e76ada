"""A weekend urban game in real browsers, with Chromium's geolocation emulation and no
map tiles (offline): a player walks to the Grand'Place and checks in, the team place is
won for the whole team live, and the console's journey shows where the team has been."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest
from geopy.distance import geodesic

from .conftest import LAPTOP, PHONE, Server, watch_errors
from .test_accessibility import STILL, violations
from .test_live_play import TIMEOUT, api

pytestmark = pytest.mark.browser
GRAND_PLACE = (50.6369, 3.0633)


def south_of(metres: float) -> dict[str, float]:
    d = geodesic(meters=metres).destination(GRAND_PLACE, 180)
    return {"latitude": d.latitude, "longitude": d.longitude, "accuracy": 15}


def test_a_player_walks_to_the_place_and_the_team_sees_it_won(offline_tiles_server: Server, browser: Any) -> None:
    server = offline_tiles_server
    staff = api(server, "POST", "/api/auth/login", {"username": server.demo_user, "password": server.demo_password})[
        "token"
    ]
    game = api(
        server,
        "POST",
        "/api/sessions",
        {"name": "Week-end à Lille", "start_date": date.today().isoformat(), "players_choose_team": True},
        staff,
    )
    team = game["teams"][0]["id"]
    for day in range(1, 7):
        api(server, "POST", f"/api/sessions/{game['id']}/days", {"day": day}, staff)
    # two teammates (their phones talk to the server over REST)
    waiting = [
        api(server, "POST", "/api/join", {"code": game["join_code"], "nickname": n, "team_id": team})["token"]
        for n in ("Lou", "Sami")
    ]
    api(server, "POST", "/api/me/quests/d6-braderie/answer", {"answer": "braderie"}, waiting[0])

    errors: list[str] = []
    tiles: list[str] = []  # tile requests: they all fail (nothing listens there)

    console_ctx = browser.new_context(**LAPTOP)
    console = console_ctx.new_page()
    console.set_default_timeout(TIMEOUT)
    watch_errors(console, errors, "console", ignore="ERR_CONNECTION_REFUSED")
    console.goto(f"{server.url}/console")
    console.get_by_test_id("login-username").fill(server.demo_user)
    console.get_by_test_id("login-password").fill(server.demo_password)
    console.get_by_test_id("login-submit").click()
    console.get_by_test_id(f"session-link-{game['id']}").click()
    console.locator('[data-testid="conn-state"][data-state="connected"]').wait_for()
    console.get_by_test_id(f"journey-{team}").wait_for()

    phones = []
    for nickname, position in (("Inès", south_of(400)), ("Yanis", south_of(2000))):
        ctx = browser.new_context(**PHONE, geolocation=position, permissions=["geolocation"])
        ctx.on("request", lambda r: tiles.append(r.url) if r.url.endswith(".png") and "/static/" not in r.url else None)
        page = ctx.new_page()
        page.set_default_timeout(TIMEOUT)
        watch_errors(page, errors, nickname, ignore="ERR_CONNECTION_REFUSED")
        page.goto(f"{server.url}/j/{game['join_code']}")
        page.get_by_test_id("join-nickname").fill(nickname)
        page.get_by_test_id(f"join-team-{team}").check()
        page.get_by_test_id("join-submit").click()
        page.locator('[data-testid="conn-state"][data-state="connected"]').wait_for()
        phones.append(page)
    ines, yanis = phones

    # Lou and Sami are already at the Grand'Place: 2 of the 3 teammates needed
    for token in waiting:
        body = {
            "latitude": GRAND_PLACE[0],
            "longitude": GRAND_PLACE[1],
            "accuracy": 10,
            "taken_at": int(time.time() * 1000),
        }
        assert api(server, "POST", "/api/me/quests/d6-place-grand-place/checkin", body, token)["present"] >= 1

    # --- Inès opens the place mission: the clue and address, a map without tiles -------
    ines.get_by_test_id("quest-card-d6-place-grand-place").click()
    ines.get_by_test_id("place-name").filter(has_text="Grand'Place").wait_for()
    ines.get_by_test_id("place-address").filter(has_text="colonne de la Déesse").wait_for()
    ines.locator('[data-testid="place-together"]', has_text="2/3").wait_for()
    ines.get_by_test_id("map-note").filter(has_text="ne charge pas").wait_for()  # offline: said, not broken
    assert tiles, "the map asked for tiles (and got none)"

    # --- first use: what happens to the position is explained, then she checks in -----
    ines.get_by_test_id("geo-explain").filter(has_text="Personne ne voit où tu es").wait_for()
    ines.get_by_test_id("geo-ok").click()
    ines.get_by_test_id("checkin-status").filter(has_text="rapproche-toi").wait_for()
    assert "400 m" in ines.get_by_test_id("checkin-status").inner_text()

    # --- she walks (a fix every few seconds, at a plausible speed) and arrives --------
    for metres in (250, 120):
        time.sleep(2.5)
        ines.context.set_geolocation(south_of(metres))
        ines.get_by_test_id("checkin-button").click()
        ines.get_by_test_id("checkin-status").filter(has_text=f"{metres} m").wait_for()
    time.sleep(2.5)
    ines.context.set_geolocation({"latitude": GRAND_PLACE[0], "longitude": GRAND_PLACE[1], "accuracy": 12})
    ines.get_by_test_id("checkin-button").click()
    ines.locator('[data-testid="result-message"][data-correct="true"]').wait_for()
    ines.get_by_test_id("quest-continue").wait_for()  # the mission is over for her too

    # --- Yanis, at home, sees the place won without reloading --------------------------
    yanis.locator('[data-testid="quest-card-d6-place-grand-place"][data-status="solved"]').wait_for()
    yanis.locator('[data-testid="toast"]', has_text="Inès a réussi « La colonne de la Déesse »").wait_for(
        timeout=40_000
    )

    # --- the console's journey shows where the team has been, live --------------------
    console.get_by_test_id(f"journey-last-{team}").filter(has_text="Grand'Place").wait_for()
    console.get_by_test_id(f"journey-routes-{team}").filter(has_text="Jour 6 : 1/2").wait_for()
    page_text = console.get_by_test_id("journeys").inner_text()
    assert str(GRAND_PLACE[0]) not in page_text  # places and times, never positions

    # --- the place screen and the console panel pass axe (WCAG 2.1 AA) ----------------
    still = browser.new_context(**PHONE, **STILL, geolocation=south_of(300), permissions=["geolocation"])
    still.add_init_script(f"localStorage.setItem('eclats.player.token', {waiting[0]!r})")
    lou = still.new_page()
    lou.set_default_timeout(TIMEOUT)
    lou.goto(f"{server.url}/#/quete/d6-place-opera")
    lou.get_by_test_id("geo-explain").wait_for()
    lou.get_by_test_id("map-note").wait_for()
    assert violations(lou) == []
    still.close()

    for page in phones:
        page.context.close()
    console_ctx.close()
    assert errors == []
