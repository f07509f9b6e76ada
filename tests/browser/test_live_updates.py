"""Everything live on the phone (issue 15, point 4), in Chromium at 360×640: slots a
counsellor publishes or removes appear without a reload and the note typed stays; a badge
issued is celebrated and listed in « Mes badges » without a reload; the diagnosis just
finished puts its offers « pour toi en priorité » at once; a teammate's news that is out of
date by the time its turn comes is never shown, and a toast never hides the content."""

from __future__ import annotations

import contextlib
import urllib.error
from datetime import datetime, timedelta
from typing import Any

import pytest

from content.loader import load_named_pack
from tests.api.helpers import playable_order, right_answer, wrong_answer

from .conftest import Server
from .flows import join, new_game, staff_token
from .test_accessibility import STILL, violations
from .test_diagnosis_funnel import _answer, _question_id
from .test_live_play import api

pytestmark = pytest.mark.browser

NOTE = "Trouver une formation en cuisine"
# every toast the page ever shows, in order (the box is emptied and refilled for each)
RECORD_TOASTS = """() => {
  window.__toasts = [];
  const box = document.getElementById('toasts');
  new MutationObserver(function () {
    const t = box.querySelector('[data-testid="toast"]');
    if (t) window.__toasts.push(t.textContent);
  }).observe(box, { childList: true });
}"""


def _phone(server: Server, browser: Any, game: dict[str, Any], errors: list[str], **context: Any) -> tuple[Any, str]:
    page = join(server, browser, game["join_code"], errors, **context)
    page.goto(f"{server.url}/#/missions")  # from /j/<code> to the app's own address: later moves are hash-only
    page.locator('[data-testid="conn-state"][data-state="connected"]').wait_for()
    page.evaluate("window.__sameVisit = true")  # gone if the page reloads
    return page, str(page.evaluate("localStorage.getItem('eclats.player.token')"))


def _slots(server: Server, staff: str, game: dict[str, Any], hour: int) -> list[dict[str, Any]]:
    start = (datetime.now() + timedelta(days=2)).replace(hour=hour, minute=0, second=0, microsecond=0)
    body = {"local_start": f"{start:%Y-%m-%dT%H:%M}", "duration_minutes": 30, "mode": "in_person",
            "place": "Mission Locale, bureau 2", "count": 1}  # fmt: skip
    return list(api(server, "POST", f"/api/sessions/{game['id']}/slots", body, staff))


def test_slots_published_and_removed_appear_live_and_the_typed_note_stays(server: Server, browser: Any) -> None:
    staff = staff_token(server)
    game = new_game(server, staff, "Créneaux en direct", days=9)
    errors: list[str] = []
    phone, token = _phone(server, browser, game, errors, **STILL)
    for quest in playable_order(load_named_pack("default"), 9):
        with contextlib.suppress(urllib.error.HTTPError):
            api(server, "POST", f"/api/me/quests/{quest.id}/answer", right_answer(quest), token)
    phone.goto(f"{server.url}/#/quete/d9-rendez-vous")
    phone.get_by_test_id("no-slots").wait_for()  # « Pas encore de créneau libre »

    [first] = _slots(server, staff, game, 10)
    phone.get_by_test_id(f"slot-{first['id']}").wait_for()  # no reload
    assert phone.get_by_test_id("no-slots").count() == 0
    phone.get_by_test_id(f"slot-{first['id']}").check()
    phone.get_by_test_id("appointment-note").fill(NOTE)

    [second] = _slots(server, staff, game, 11)
    phone.get_by_test_id(f"slot-{second['id']}").wait_for()
    assert phone.get_by_test_id("appointment-note").input_value() == NOTE
    assert phone.get_by_test_id(f"slot-{first['id']}").is_checked()

    # the slot chosen goes (the counsellor removed it): the phone says so, the note stays
    api(server, "DELETE", f"/api/sessions/{game['id']}/slots/{first['id']}", None, staff)
    phone.get_by_test_id(f"slot-{first['id']}").wait_for(state="detached")
    phone.get_by_test_id("appointment-status").filter(has_text="n\u2019est plus libre").wait_for()
    assert phone.get_by_test_id("appointment-note").input_value() == NOTE
    assert violations(phone) == []

    phone.get_by_test_id(f"slot-{second['id']}").check()
    phone.get_by_test_id("appointment-submit").click()
    phone.get_by_test_id("my-appointment").filter(has_text=NOTE).wait_for()
    assert phone.evaluate("window.__sameVisit") is True
    assert errors == []


def test_a_badge_issued_is_celebrated_and_listed_without_a_reload(server: Server, browser: Any) -> None:
    staff = staff_token(server)
    game = new_game(server, staff, "Badges en direct")
    errors: list[str] = []
    phone, token = _phone(server, browser, game, errors, **STILL)
    me = api(server, "GET", "/api/me", token=token)["player"]["id"]
    api(server, "PUT", "/api/me/badges/consent", {"agree": True}, token)
    skills = [s.id for s in load_named_pack("default").skills if s.is_badge]
    phone.goto(f"{server.url}/#/competences")
    phone.get_by_test_id("no-badges").wait_for()

    url = f"/api/sessions/{game['id']}/badges"
    [badge] = api(server, "POST", url, {"skill_id": "cooperation", "player_ids": [me]}, staff)["issued"]
    toast = phone.get_by_test_id("toast").filter(has_text="Nouveau badge")
    toast.wait_for()
    assert "Coopération" in toast.inner_text()
    phone.get_by_test_id("my-badges").get_by_test_id(f"badge-{badge['id']}").wait_for()  # « Mes badges », no reload
    assert phone.get_by_test_id("no-badges").count() == 0
    assert "Nouveau badge" in phone.get_by_test_id("toast-say").inner_text()  # said once, in words
    # reduced motion asked: the shard does not move
    assert phone.eval_on_selector(".toast-burst", "e => getComputedStyle(e).animationName") == "none"

    # elsewhere in the app: the celebration leads to « Mes compétences »
    phone.get_by_test_id("toast-close").click()
    phone.get_by_test_id("tab-missions").click()
    other = next(s for s in skills if s != "cooperation")
    [second] = api(server, "POST", url, {"skill_id": other, "player_ids": [me]}, staff)["issued"]
    phone.get_by_test_id("toast").filter(has_text="Nouveau badge").wait_for()
    box = phone.get_by_test_id("toast").bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 640 and box["height"] <= 0.4 * 640
    assert violations(phone) == []
    phone.get_by_test_id("toast-badge-link").click()
    phone.get_by_test_id(f"badge-{second['id']}").wait_for()
    assert phone.evaluate("window.__sameVisit") is True
    assert errors == []


def test_the_celebration_moves_when_motion_is_welcome(server: Server, browser: Any) -> None:
    staff = staff_token(server)
    game = new_game(server, staff, "Badge qui brille")
    errors: list[str] = []
    phone, token = _phone(server, browser, game, errors, bypass_csp=True, reduced_motion="no-preference")
    me = api(server, "GET", "/api/me", token=token)["player"]["id"]
    api(server, "PUT", "/api/me/badges/consent", {"agree": True}, token)
    api(server, "POST", f"/api/sessions/{game['id']}/badges", {"skill_id": "cooperation", "player_ids": [me]}, staff)
    phone.get_by_test_id("toast").filter(has_text="Nouveau badge").wait_for()
    assert phone.eval_on_selector(".toast-burst", "e => getComputedStyle(e).animationName") == "badge-burst"
    assert errors == []


def test_priorities_show_on_the_offers_as_soon_as_the_diagnosis_is_finished(server: Server, browser: Any) -> None:
    catalog = load_named_pack("default")
    assert catalog.diagnosis is not None
    staff = staff_token(server)
    game = new_game(server, staff, "Priorités tout de suite")
    errors: list[str] = []
    phone, token = _phone(server, browser, game, errors, **STILL)
    phone.get_by_test_id("tab-offres").click()  # seen once before the diagnosis
    phone.get_by_test_id("offers-progress").wait_for()
    assert phone.locator('[data-priority="true"]').count() == 0

    phone.goto(f"{server.url}/#/diagnostic")
    phone.get_by_test_id("diagnosis-start").click()
    while phone.get_by_test_id("diagnosis-submit").count() == 0:
        question = catalog.diagnosis.question(_question_id(phone))
        assert question is not None
        calm = [i for i, c in enumerate(question.choices) if not c.is_urgent]  # no helpline over the screen
        _answer(phone, max(calm, key=lambda i: question.choices[i].need))
    phone.get_by_test_id("diagnosis-submit").click()
    phone.get_by_test_id("diagnosis-results").wait_for()

    expected = [o["id"] for o in api(server, "GET", "/api/me/offers", token=token)["offers"] if o["priority"]]
    assert expected, "a diagnosis full of needs puts offers forward"
    phone.get_by_test_id("tab-offres").click()
    phone.get_by_test_id("offers-progress").wait_for()
    shown = phone.locator('[data-priority="true"]').evaluate_all("els => els.map(e => e.dataset.testid)")
    assert shown == [f"offer-card-{i}" for i in expected]  # at once, no reload
    assert phone.evaluate("window.__sameVisit") is True
    assert errors == []


def test_a_teammates_news_out_of_date_is_not_shown_and_toasts_leave_the_content_visible(
    server: Server, browser: Any
) -> None:
    catalog = load_named_pack("default")
    staff = staff_token(server)
    game = new_game(server, staff, "Nouvelles périmées", days=2)
    errors: list[str] = []
    phone, token = _phone(server, browser, game, errors, **STILL)
    team = api(server, "GET", "/api/me", token=token)["team"]["id"]
    yanis = api(server, "POST", "/api/join", {"code": game["join_code"], "nickname": "Yanis", "team_id": team})["token"]
    free = [q for day in (1, 2) for q in playable_order(catalog, day) if not q.prerequisites and q.max_attempts != 1]
    first, second = free[0], free[1]
    phone.get_by_test_id("quest-card-" + first.id).wait_for(state="attached")  # day 1: folded (quest map)
    phone.evaluate(RECORD_TOASTS)

    api(server, "POST", f"/api/me/quests/{first.id}/answer", wrong_answer(first), yanis)
    phone.get_by_test_id("toast").filter(has_text="a tenté").wait_for()  # shown: still true
    # while it shows, the page can scroll its end clear of the toast
    phone.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    end = phone.eval_on_selector("main > :last-child", "e => e.getBoundingClientRect().bottom")
    top = phone.get_by_test_id("toast").bounding_box()["y"]
    assert end <= top

    # news queued behind it goes out of date before its turn: Yanis then solves that mission
    api(server, "POST", f"/api/me/quests/{second.id}/answer", wrong_answer(second), yanis)
    api(server, "POST", f"/api/me/quests/{second.id}/answer", right_answer(second), yanis)
    phone.get_by_test_id("toast").filter(has_text="a réussi").wait_for()
    phone.wait_for_timeout(500)
    shown = phone.evaluate("window.__toasts")
    assert any(second.title in t and "a réussi" in t for t in shown)
    assert not any(second.title in t and "a tenté" in t for t in shown), shown  # the stale one never showed
    assert errors == []
