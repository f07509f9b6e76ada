"""The room's big screen (issue 15, point 6), in Chromium at 1280×720: a facilitator
opens the projector; it shows the join code and the QR code; a phone joins and the number
of players and the leaderboard follow without a reload; a team earns éclats and its line
changes live; a launched round takes the screen and, after the reveal, the leaderboard
comes back by itself; on day 10 the Cœur d'Avenir shows the group's fragments and, once a
phone finds the word, who found it. No vertical scroll, and axe finds no violation."""

from __future__ import annotations

from typing import Any

import pytest

from content.loader import load_named_pack
from game.rules.typography import french_spacing
from tests.api.helpers import playable_order, right_answer

from .conftest import PHONE, Server, watch_errors
from .flows import new_game, open_console, staff_token
from .test_accessibility import STILL, violations
from .test_live_play import TIMEOUT, api

pytestmark = pytest.mark.browser
ROOM = {"viewport": {"width": 1280, "height": 720}, "locale": "fr-FR"}
NO_SCROLL = "document.documentElement.scrollHeight <= window.innerHeight"


def _eclats(page: Any, team_id: int) -> str:
    return str(page.get_by_test_id(f"pj-team-{team_id}").get_by_test_id("pj-eclats").inner_text())


def test_the_projector_follows_the_room_from_joining_to_the_coeur(server: Server, browser: Any) -> None:
    catalog = load_named_pack("default")
    staff = staff_token(server)
    game = new_game(server, staff, "Salle du projecteur", days=1)
    sid = game["id"]
    team_a, team_b = (t["id"] for t in game["teams"][:2])
    errors: list[str] = []

    # the facilitator logs in to the console, which links to the projector
    console = open_console(server, browser, sid, errors, **ROOM, **STILL)
    context = console.context
    link = console.get_by_test_id("join-projector")
    assert link.get_attribute("href") == f"/projecteur?session={sid}"

    # the same login opens the projector (a short reveal, so that the test does not wait 30 s)
    projector = context.new_page()
    projector.set_default_timeout(TIMEOUT)
    watch_errors(projector, errors, "projecteur")
    projector.goto(f"{server.url}/projecteur?session={sid}&reveal=3")
    assert projector.get_by_test_id("pj-join-code").inner_text() == game["join_code"]
    projector.wait_for_function("() => document.querySelector('[data-testid=pj-qr]').naturalWidth > 0")
    assert projector.get_by_test_id("pj-players").inner_text() == "Personne n’a encore rejoint la session."
    assert projector.get_by_test_id(f"pj-team-{team_a}").count() == 1
    assert _eclats(projector, team_a) == "0"
    assert projector.get_by_test_id("pj-fullscreen").is_visible()
    assert projector.evaluate(NO_SCROLL)
    assert violations(projector) == []

    # a phone joins: the count follows, without a reload
    phone = browser.new_context(**PHONE, **STILL).new_page()
    phone.set_default_timeout(TIMEOUT)
    watch_errors(phone, errors, "Inès")
    phone.goto(f"{server.url}/j/{game['join_code']}")
    phone.get_by_test_id("join-nickname").fill("Inès")
    phone.get_by_test_id(f"join-team-{team_a}").check()
    phone.get_by_test_id("join-submit").click()
    projector.get_by_test_id("pj-players").filter(has_text="1 joueur a rejoint").wait_for()
    assert "Inès" not in projector.inner_text("body")  # no player's name on the big screen

    # a teammate solves a mission: the team's éclats change live, and it leads
    yanis = api(server, "POST", "/api/join", {"code": game["join_code"], "nickname": "Yanis", "team_id": team_b})
    projector.get_by_test_id("pj-players").filter(has_text="2 joueurs ont rejoint").wait_for()
    quest = next(q for q in playable_order(catalog, 1) if not q.prerequisites)
    solved = api(server, "POST", f"/api/me/quests/{quest.id}/answer", right_answer(quest), yanis["token"])
    assert solved["correct"]
    projector.wait_for_function(
        f"() => document.querySelector('[data-testid=pj-team-{team_b}] [data-testid=pj-eclats]')"
        f".textContent === '{quest.reward}'"
    )
    first_row = projector.locator('[data-testid="pj-leaderboard"] tbody tr').first
    assert first_row.get_attribute("data-testid") == f"pj-team-{team_b}"

    # more missions: team B earns day 1's fragment of the Cœur (the leaderboard counts it below)
    earned = quest.reward
    for more in playable_order(catalog, 1)[1:]:
        if earned >= catalog.finale.fragments[0].eclats:  # type: ignore[union-attr]
            break
        if api(server, "POST", f"/api/me/quests/{more.id}/answer", right_answer(more), yanis["token"])["correct"]:
            earned += more.reward

    # a round takes the screen; after its reveal the leaderboard comes back by itself
    spec = next(r for r in catalog.rounds if r.day == 1)
    api(server, "POST", f"/api/sessions/{sid}/rounds", {"round_id": spec.id, "seconds": 90}, staff)
    projector.get_by_test_id("pj-situation").wait_for()
    assert projector.get_by_test_id("pj-situation").inner_text() == french_spacing(spec.situation)
    assert projector.get_by_test_id("pj-lobby").count() == 0
    api(server, "POST", f"/api/sessions/{sid}/rounds/current/close", None, staff)
    projector.get_by_test_id("pj-explanation").wait_for()
    assert projector.evaluate(NO_SCROLL)
    projector.get_by_test_id("pj-leaderboard").wait_for(timeout=8_000)
    assert projector.get_by_test_id("pj-situation").count() == 0
    assert _eclats(projector, team_b) == str(earned)
    assert projector.get_by_test_id(f"pj-team-{team_b}").get_by_test_id("pj-shards").inner_text() == "1"
    assert projector.get_by_test_id(f"pj-team-{team_a}").get_by_test_id("pj-shards").inner_text() == "0"

    # day 10: the Cœur d'Avenir replaces the lobby, then shows who found the word
    for day in range(2, 11):
        api(server, "POST", f"/api/sessions/{sid}/days", {"day": day}, staff)
    projector.get_by_test_id("pj-finale-question").wait_for()
    assert projector.locator('[data-testid="pj-fragments"] li').count() == 10
    assert "Suivi" in projector.get_by_test_id("pj-fragment-1").inner_text()  # team B earned day 1's
    assert projector.evaluate(NO_SCROLL)
    assert violations(projector) == []
    won = api(server, "POST", "/api/me/finale/answer", {"answer": "Solidarité"}, yanis["token"])
    assert won["correct"]
    projector.get_by_test_id("pj-finale-won").wait_for()
    assert "Yanis a trouvé le mot" in projector.get_by_test_id("pj-finale-won").inner_text()
    assert projector.evaluate(NO_SCROLL)
    assert violations(projector) == []
    assert errors == []
