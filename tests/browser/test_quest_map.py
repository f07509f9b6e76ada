"""The quest map (README « The quest map », static/player/questmap.js) at 360×640: a team
on day 3 that never played day 1 sees « Prochaine mission » on screen, and it opens day 1's
quest first; the day's story is open the first time, folded on the next visit; earlier days
are folded with their progress, the missed ones first and marked « À rattraper »; a live
update keeps an opened day open; axe finds nothing."""

from __future__ import annotations

from typing import Any

import pytest

from content.loader import load_named_pack

from .conftest import Server
from .flows import join, new_game, staff_token
from .test_accessibility import STILL, violations
from .test_live_play import api

pytestmark = pytest.mark.browser
TIMEOUT = 15_000


# whole inside the 360×640 viewport and not covered (what is under its centre is itself);
# read in one go, a live redraw may replace the element between two separate calls
SEEN = """testid => {
  const el = document.querySelector('[data-testid="' + testid + '"]');
  if (!el) return false;
  const r = el.getBoundingClientRect();
  const under = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && el.contains(under);
}"""


def in_viewport(page: Any, testid: str) -> bool:
    assert page.evaluate("innerHeight") == 640
    return bool(page.evaluate(SEEN, testid))


def test_a_team_behind_is_sent_to_its_missed_day_first(server: Server, browser: Any) -> None:
    catalog = load_named_pack("default")
    first, second = catalog.quests_of_day(1)[0], catalog.quests_of_day(1)[1]
    assert first.id == "d1-badge-entree" and second.prerequisites == (first.id,)
    staff = staff_token(server)
    game = new_game(server, staff, "Groupe en retard", days=3)
    errors: list[str] = []
    page = join(server, browser, game["join_code"], errors, **STILL)
    nxt = page.get_by_test_id("next-mission")
    nxt.wait_for()
    token = page.evaluate("localStorage.getItem('eclats.player.token')")
    quests = api(server, "GET", "/api/me/quests", token=token)
    assert any(q["day"] == 3 and q["status"] == "available" for q in quests)  # today has something to play too

    # --- the next mission: day 1's quest, not today's, on the first screen ------------------
    assert in_viewport(page, "next-mission")
    assert nxt.get_attribute("data-quest") == first.id
    assert "Prochaine mission" in nxt.inner_text() and "Jour 1 à rattraper" in nxt.inner_text()

    # --- the story: open on this first visit ---------------------------------------------------
    toggle = page.get_by_test_id("story-toggle")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.get_by_test_id("story-text").is_visible()
    assert "jour 3" in toggle.inner_text()
    found = {"first visit": violations(page)}

    # --- earlier days: folded, with their progress, the missed ones first ----------------------
    groups = page.locator('[data-testid="past-days"] > details')
    assert groups.evaluate_all("els => els.map(e => e.dataset.testid)") == ["day-group-1", "day-group-2"]
    assert groups.evaluate_all("els => els.map(e => e.open)") == [False, False]
    assert not page.get_by_test_id(f"quest-card-{first.id}").is_visible()
    assert page.get_by_test_id("catch-up-1").inner_text() == "À rattraper"
    total = len(catalog.quests_of_day(1))
    assert page.get_by_test_id("day-progress-1").inner_text() == f"0/{total} missions · 0 éclat"

    # --- opened, a day stays open through a live update ----------------------------------------
    page.get_by_test_id("day-toggle-1").click()
    page.get_by_test_id(f"quest-card-{first.id}").wait_for()
    assert api(server, "POST", f"/api/me/quests/{first.id}/answer", {"answer": first.answers[0]}, token)["correct"]
    page.locator(f'[data-testid="quest-card-{first.id}"][data-status="solved"]').wait_for()
    assert page.get_by_test_id("day-group-1").evaluate("e => e.open")
    assert page.get_by_test_id("day-progress-1").inner_text() == f"1/{total} missions · {first.reward} éclats"
    page.locator(f'[data-testid="next-mission"][data-quest="{second.id}"]').wait_for()
    found["day open"] = violations(page)

    # --- the next visit: the story is one line, the next mission one tap away -------------------
    page.reload()
    nxt.wait_for()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.get_by_test_id("story-text").is_visible()
    assert page.get_by_test_id("day-group-1").evaluate("e => !e.open")
    assert in_viewport(page, "next-mission")
    found["second visit"] = violations(page)
    toggle.click()  # the story can be read again
    assert toggle.get_attribute("aria-expanded") == "true" and page.get_by_test_id("story-text").is_visible()
    nxt.click()
    page.get_by_test_id("quest-title").wait_for()
    assert page.evaluate("location.hash") == f"#/quete/{second.id}"
    shown = page.get_by_test_id("quest-title").inner_text().replace("\u00a0", " ").replace("\u202f", " ")
    assert shown == second.title

    # --- back on the map: the story read is folded again ----------------------------------------
    page.get_by_test_id("tab-missions").click()
    nxt.wait_for()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert {screen: v for screen, v in found.items() if v} == {}
    assert errors == []
