"""The console in views (issue 15, point 6) on a laptop (1366×768) and a tablet
(1024×768): each view opens by a click and by the keyboard and shows its panels only;
nothing scrolls sideways (nor on a tablet held upright, 768×1024); the main action of
« Live » is above the fold; axe finds nothing in any view; and an answer waiting for
validation is counted on the « Réponses » tab live, without a reload, then uncounted
once validated."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from content.catalog import QuestKind
from content.loader import load_named_pack
from tests.api.helpers import right_answer

from .conftest import Server
from .flows import open_console
from .test_accessibility import STILL, violations
from .test_live_play import api
from .views import VIEWS, open_view

pytestmark = pytest.mark.browser

#: one panel each view shows (and no other view does)
PANEL_OF = {
    "live": "alerts-panel",
    "reponses": "reviews",
    "equipes": "teams-table",
    "lieux": "places-panel",
    "rdv": "agenda-panel",
    "competences": "skills-panel",
    "rapport": "report-panel",
}


def _send_for_review(server: Server, token: str, quest_id: str) -> None:
    """Answer ``quest_id`` as a player, after what it needs: a free-text answer waits."""
    quest = load_named_pack("default").quest(quest_id)
    assert quest is not None
    for before in quest.prerequisites:
        _send_for_review(server, token, before)
    if quest.kind in (QuestKind.FREE_TEXT, QuestKind.PHOTO):
        api(server, "POST", f"/api/me/quests/{quest_id}/submission", {"text": "Notre réponse."}, token)
    else:
        api(server, "POST", f"/api/me/quests/{quest_id}/answer", right_answer(quest), token)


def _shown_panels(page: Any) -> list[str]:
    return [key for key, testid in PANEL_OF.items() if page.get_by_test_id(testid).is_visible()]


def _no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)], ids=["laptop", "tablet"])
def test_views_by_click_and_keyboard_with_live_counts(server: Server, browser: Any, size: tuple[int, int]) -> None:
    staff = api(server, "POST", "/api/auth/login", {"username": server.demo_user, "password": server.demo_password})[
        "token"
    ]
    body = {"name": "Vues", "start_date": date.today().isoformat(), "players_choose_team": True}
    game = api(server, "POST", "/api/sessions", body, staff)
    api(server, "POST", f"/api/sessions/{game['id']}/days", {"day": 1}, staff)
    join = {"code": game["join_code"], "nickname": "Inès", "team_id": game["teams"][0]["id"]}
    ines = api(server, "POST", "/api/join", join)["token"]

    width, height = size
    errors: list[str] = []
    console = open_console(server, browser, game["id"], errors, viewport={"width": width, "height": height}, **STILL)

    # « Live » first, with its main action above the fold
    console.get_by_test_id("view-live").wait_for()
    assert _shown_panels(console) == ["live"]
    box = console.get_by_test_id("open-day").bounding_box()
    assert box is not None and box["y"] + box["height"] <= height, box
    # headings in order (RGAA 9.1): the e-mail prompt shown above the session is no heading
    console.get_by_test_id("setup-banner").wait_for()
    assert console.evaluate("document.querySelector('h1, h2, h3').tagName") == "H1"

    # each view by a click: its panel only, no sideways scroll, nothing for axe
    found: dict[str, list[str]] = {}
    for key in VIEWS:
        open_view(console, key)
        console.get_by_test_id(PANEL_OF[key]).wait_for()
        assert _shown_panels(console) == [key]
        assert _no_sideways_scroll(console), key
        found[key] = violations(console)
    assert found == {key: [] for key in VIEWS}
    assert console.evaluate("location.hash") == f"#/session/{game['id']}/rapport"

    # by the keyboard: arrows go round, Home and End jump
    open_view(console, "live")
    console.get_by_test_id("view-tab-live").focus()
    for key in VIEWS[1:] + VIEWS[:1]:
        console.keyboard.press("ArrowRight")
        console.locator(f'[data-testid="view-tab-{key}"][aria-selected="true"]').wait_for()
        assert console.evaluate("document.activeElement.dataset.testid") == f"view-tab-{key}"
        assert _shown_panels(console) == [key]
    console.keyboard.press("End")
    console.locator('[data-testid="view-tab-rapport"][aria-selected="true"]').wait_for()
    console.keyboard.press("ArrowLeft")
    console.locator('[data-testid="view-tab-competences"][aria-selected="true"]').wait_for()
    console.keyboard.press("Home")
    console.locator('[data-testid="view-tab-live"][aria-selected="true"]').wait_for()
    assert _shown_panels(console) == ["live"]

    # an answer waits: « Réponses, 1 à traiter » on the tab, live, while « Live » is shown
    tab = console.get_by_test_id("view-tab-reponses")
    assert tab.text_content() == "Réponses"
    quest = next(q for q in load_named_pack("default").quests_of_day(1) if q.kind is QuestKind.FREE_TEXT)
    _send_for_review(server, ines, quest.id)
    console.locator('[data-testid="view-count-reponses"]:not([hidden])').wait_for()
    assert console.get_by_test_id("view-count-reponses").text_content() == ", 1 à traiter"
    # what a screen reader says
    assert console.get_by_role("tab", name="Réponses, 1 à traiter", exact=True).count() == 1
    assert _shown_panels(console) == ["live"]

    open_view(console, "reponses")
    console.locator('[data-testid^="review-approve-"]').first.click()
    console.get_by_test_id("reviews-empty").wait_for()
    console.locator('[data-testid="view-count-reponses"][data-count="0"]').wait_for(state="attached")
    assert tab.text_content() == "Réponses"
    assert console.get_by_role("tab", name="Réponses", exact=True).count() == 1

    # « Compétences » sums the group up: per skill, each young person at one stage, named when unfolded
    open_view(console, "competences")  # opening the view reads the group again
    row = console.get_by_test_id("skill-summary-cooperation")
    # her validated free-text answer is evidence for Coopération: one young person « en chemin »
    row.locator("details", has_text=re.compile(r"Inès\s:\sen chemin \(1 élément\)")).wait_for(state="attached")
    stages = ("awarded", "ready", "started", "none")
    counts = [int(console.get_by_test_id(f"skill-stage-cooperation-{s}").inner_text()) for s in stages]
    assert counts == [0, 0, 1, 0], counts

    # a tablet held upright (768×1024): one column, still nothing scrolls sideways
    console.set_viewport_size({"width": 768, "height": 1024})
    for key in VIEWS:
        open_view(console, key)
        console.get_by_test_id(PANEL_OF[key]).wait_for()
        assert _no_sideways_scroll(console), f"{key} at 768 px"
    console.context.close()
    assert errors == []
