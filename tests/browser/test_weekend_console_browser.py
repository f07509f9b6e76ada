"""The facilitator switches a team to the weekend's in-town alternative from the console:
the team's phone then shows the alternative's place with the sentence of the rule, and
the console's « Qui a fait quoi » lists what each young person did."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .conftest import LAPTOP, PHONE, Server, watch_errors
from .flows import open_console
from .test_live_play import TIMEOUT, api
from .views import open_view

pytestmark = pytest.mark.browser


def test_the_console_switches_a_team_to_the_town_and_shows_who_did_what(server: Server, browser: Any) -> None:
    login = {"username": server.demo_user, "password": server.demo_password}
    staff = api(server, "POST", "/api/auth/login", login)["token"]
    body = {"name": "Week-end", "start_date": date.today().isoformat(), "players_choose_team": True}
    game = api(server, "POST", "/api/sessions", body, staff)
    team = game["teams"][0]["id"]
    for day in range(1, 7):
        api(server, "POST", f"/api/sessions/{game['id']}/days", {"day": day}, staff)
    lou = api(server, "POST", "/api/join", {"code": game["join_code"], "nickname": "Lou", "team_id": team})["token"]
    api(server, "POST", "/api/me/quests/d6-braderie/answer", {"answer": "braderie"}, lou)
    errors: list[str] = []

    console = open_console(server, browser, game["id"], errors, **LAPTOP)  # live before anything is switched
    open_view(console, "lieux")  # the panel is in that view of the console
    console.get_by_label(game["teams"][0]["name"] + " : mission en ville").check()
    console.get_by_test_id("live").filter(has_text="joue la mission en ville").wait_for()

    phone = browser.new_context(**PHONE).new_page()
    phone.set_default_timeout(TIMEOUT)
    watch_errors(phone, errors, "Inès")
    phone.goto(f"{server.url}/j/{game['join_code']}")
    phone.get_by_test_id("join-nickname").fill("Inès")
    phone.get_by_test_id(f"join-team-{team}").check()
    phone.get_by_test_id("join-submit").click()
    phone.get_by_test_id("quest-card-d6-place-grand-place").click()
    phone.get_by_test_id("place-name").filter(has_text="Gare Lille-Flandres").wait_for()
    phone.get_by_test_id("place-in-town").wait_for()
    gathering = phone.get_by_test_id("place-gathering").inner_text()
    assert "Il faut être 2 de l'équipe ici, dans les 30 minutes." in gathering
    assert "toute l'équipe" not in phone.get_by_test_id("quest-question").inner_text()

    open_view(console, "equipes")  # the panel is in that view of the console
    console.get_by_test_id("contributions-refresh").click()
    panel = console.get_by_test_id("contributions")
    # the panel may still show a list drawn before Inès joined: wait for the fresh one
    panel.filter(has_text="Inès : rien encore").filter(has_text="mission réussie").wait_for()
    assert "Lou\u00a0: 1 contribution" in panel.inner_text()  # French typography
    assert errors == []
