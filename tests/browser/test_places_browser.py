"""A weekend urban game in real browsers, with Chromium's geolocation emulation and no
map tiles (offline): a player walks to the Grand'Place and checks in (her phone confirms
her presence by itself a few seconds later), the team place is won for the whole team
live, and the console's journey shows where the team has been and the check-in worth a
look (a teammate whose position jumped)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from geopy.distance import geodesic

from tests.servers import free_port

from .conftest import LAPTOP, PHONE, Server, _demo_server, watch_errors
from .test_accessibility import STILL, violations
from .test_live_play import TIMEOUT, api
from .views import open_view

pytestmark = pytest.mark.browser
GRAND_PLACE = (50.6369, 3.0633)
DWELL_S = 2  # the presence a place asks, shortened so the test waits a couple of seconds, not 20


@pytest.fixture
def checkin_server(tmp_path: Path) -> Iterator[Server]:
    """``eclats serve`` with an unreachable tile server (a phone with no data) and a short
    stay at places (``ECLATS_CHECKIN_DWELL_S``)."""
    dead = f"http://127.0.0.1:{free_port()}/{{z}}/{{x}}/{{y}}.png"
    yield from _demo_server(tmp_path, {"ECLATS_MAP_TILES_URL": dead, "ECLATS_CHECKIN_DWELL_S": str(DWELL_S)})


def south_of(metres: float, accuracy: float = 15) -> dict[str, float]:
    d = geodesic(meters=metres).destination(GRAND_PLACE, 180)
    return {"latitude": d.latitude, "longitude": d.longitude, "accuracy": accuracy}


def test_a_player_walks_to_the_place_and_the_team_sees_it_won(checkin_server: Server, browser: Any) -> None:
    server = checkin_server
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
    open_view(console, "lieux")  # the panel is in that view of the console
    console.locator('[data-testid="conn-state"][data-state="connected"]').wait_for()
    console.get_by_test_id(f"journey-{team}").wait_for()

    # --- the facilitator prints the posters: one per place and per team ---------------
    console.get_by_test_id("posters-button").click()
    code = console.get_by_test_id(f"poster-code-grand-place-{team}").inner_text().strip()
    rival = game["teams"][1]["id"]
    assert console.get_by_test_id(f"poster-code-grand-place-{rival}").inner_text().strip() != code
    assert "Équipe " + game["teams"][0]["name"] in console.get_by_test_id(f"poster-grand-place-{team}").inner_text()

    phones = []
    for nickname, position in (("Inès", south_of(90, 20)), ("Yanis", south_of(2000))):
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

    # Lou's GPS does not work there: she uses her team's poster. 1 of the 3 needed
    assert (
        api(server, "POST", "/api/me/quests/d6-place-grand-place/checkin/qr", {"code": code}, waiting[0])["present"]
        == 1
    )
    # Sami's phone "jumps" from far away onto the place: refused, and the console is told
    here = {"latitude": GRAND_PLACE[0], "longitude": GRAND_PLACE[1], "accuracy": 10}
    far = {**south_of(3000, 10), "taken_at": int(time.time() * 1000)}
    assert api(server, "POST", "/api/me/quests/d6-place-grand-place/checkin", far, waiting[1])["reason"] == "too_far"
    jump = api(
        server,
        "POST",
        "/api/me/quests/d6-place-grand-place/checkin",
        {**here, "taken_at": int(time.time() * 1000)},
        waiting[1],
    )
    assert jump["reason"] == "teleport"
    # …then he really is there, with his own poster code: 2 of 3
    assert (
        api(server, "POST", "/api/me/quests/d6-place-grand-place/checkin/qr", {"code": code}, waiting[1])["present"]
        == 2
    )

    # --- Inès opens the place mission: the clue and address, a map without tiles -------
    ines.get_by_test_id("quest-card-d6-place-grand-place").click()
    ines.get_by_test_id("place-name").filter(has_text="Grand'Place").wait_for()
    ines.get_by_test_id("place-address").filter(has_text="colonne de la Déesse").wait_for()
    ines.locator('[data-testid="place-together"]', has_text="2/3").wait_for()
    ines.get_by_test_id("map-note").filter(has_text="ne charge pas").wait_for()  # offline: said, not broken
    assert tiles, "the map asked for tiles (and got none)"

    # --- first use: what happens to the position is explained, then she checks in -----
    # (Chromium's emulated fix is stamped when it is set, as a real phone stamps each new
    # reading: so the test sets it afresh each time the phone is to read it)
    ines.get_by_test_id("geo-explain").filter(has_text="Personne ne voit où tu es").wait_for()
    ines.context.set_geolocation(south_of(90, 20))
    ines.get_by_test_id("geo-ok").click()
    ines.get_by_test_id("checkin-status").filter(has_text="rapproche-toi").wait_for()
    assert "90 m" in ines.get_by_test_id("checkin-status").inner_text()

    # --- she walks in: the first fix inside asks her to stay; her phone then sends the
    # next ones by itself while she stands there, and the place is won ----------------
    def checkin_reply(response: Any) -> bool:
        return response.url.endswith("/checkin") and response.request.method == "POST"

    ines.context.set_geolocation(south_of(50, 20))
    with ines.expect_response(checkin_reply) as first:
        ines.get_by_test_id("checkin-button").click()
    assert first.value.json()["reason"] == "stay"
    ines.get_by_test_id("checkin-status").filter(has_text="Tu y es presque : reste sur place").wait_for()
    for metres in (49, 48, 47):  # standing there, the GPS wobbles a little between readings
        with ines.expect_response(checkin_reply) as reply:
            ines.context.set_geolocation(south_of(metres, 20))
        if reply.value.json()["accepted"]:
            break
        assert reply.value.json()["reason"] == "stay", reply.value.json()
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
    # Sami's jump is there to look at, by name
    flags = console.get_by_test_id(f"journey-flags-{team}")
    flags.filter(has_text="Sami").filter(has_text="sauté").wait_for()
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
    # a place found with "warmer / colder" has no pin: the phone says so
    api(server, "POST", f"/api/sessions/{game['id']}/days", {"day": 7}, staff)
    api(server, "POST", "/api/me/quests/d7-eurostar/answer", {"answer": "eurostar"}, waiting[0])
    lou.goto(f"{server.url}/#/quete/d7-place-gare")
    lou.get_by_test_id("map-note").filter(has_text="Ce lieu est à chercher").wait_for()
    # two places drawn (circle and dot each): the Grand'Place and the Opéra of day 6, not the gare
    assert lou.locator('[data-testid="place-map"] .leaflet-interactive').count() == 4
    # Sami gets there (by his team's poster): the gare appears on Lou's map, live
    posters = api(server, "GET", f"/api/sessions/{game['id']}/places/posters", None, staff)
    gare_code = next(p["code"] for p in posters if p["place"]["id"] == "gare-lille-flandres" and p["team_id"] == team)
    assert api(server, "POST", "/api/me/quests/d7-place-gare/checkin/qr", {"code": gare_code}, waiting[1])["accepted"]
    lou.locator('[data-testid="place-map"] .leaflet-interactive').nth(5).wait_for()
    assert lou.get_by_test_id("map-note").is_hidden()
    still.close()

    for page in phones:
        page.context.close()
    console_ctx.close()
    assert errors == []
