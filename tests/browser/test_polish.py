"""Polish (issue 15, point 7), seen on a 360 px phone: the Bilan keeps « +20 » on its title's
row, the top bar shows 4- and 5-digit éclats whole, the appointment form looks like the app,
the public badge page has the app's look and says things once, French typography on screen."""

from __future__ import annotations

import contextlib
import sqlite3
import urllib.error
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from content.loader import load_named_pack
from tests.api.helpers import playable_order, right_answer

from .conftest import LAPTOP, PHONE, Server, watch_errors
from .flows import join, new_game, open_console, staff_token
from .test_accessibility import STILL, violations
from .test_live_play import TIMEOUT, api

pytestmark = pytest.mark.browser


def give_eclats(tmp_path: Path, team_id: int, total: int) -> None:
    """Set a team's éclats in the server's database: a bonus line in its ledger (the total is
    the ledger's sum), as many right answers and facilitator bonuses would."""
    with sqlite3.connect(tmp_path / "eclats.db") as db:
        have = db.execute("SELECT COALESCE(SUM(delta), 0) FROM ledger WHERE team_id = ?", (team_id,)).fetchone()[0]
        db.execute(
            "INSERT INTO ledger (team_id, day, delta, reason, quest_id, created_at) VALUES (?, 1, ?, 'bonus', NULL, ?)",
            (team_id, total - have, datetime.now().isoformat(sep=" ")),
        )


def team_id(server: Server, page: Any) -> int:
    token = page.evaluate("localStorage.getItem('eclats.player.token')")
    return int(api(server, "GET", "/api/me", None, token)["team"]["id"])


FITS = """() => {
  const bar = document.querySelector('#topbar, .topbar');
  const n = document.querySelector('[data-testid="team-eclats"]');
  const b = bar.getBoundingClientRect(), r = n.getBoundingClientRect();
  const clipped = [];
  for (let el = n; el && el !== bar.parentNode; el = el.parentElement) {
    const cs = getComputedStyle(el);
    if (el.scrollWidth > el.clientWidth + 1 && cs.overflowX !== 'visible') clipped.push(el.className);
    if (cs.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) clipped.push(el.className);
  }
  // the pill's label and the day's progress (numbers too): never cut, never « … »
  const texts = [...bar.querySelectorAll('.tb-eclats *, .tb-progress-text')]
    .filter(e => e.scrollWidth > e.clientWidth + 1 && (getComputedStyle(e).overflowX !== 'visible'
                 || getComputedStyle(e).textOverflow === 'ellipsis')).map(e => e.className);
  return {text: n.textContent, left: r.left, right: r.right, barLeft: b.left, barRight: b.right,
          vw: document.documentElement.clientWidth, clipped, texts,
          pageScroll: document.documentElement.scrollWidth};
}"""


def test_the_top_bar_shows_four_and_five_digit_eclats_whole_at_360_px(
    server: Server, browser: Any, tmp_path: Path
) -> None:
    staff = staff_token(server)
    game = new_game(server, staff)
    errors: list[str] = []
    phone = join(server, browser, game["join_code"], errors, **STILL)
    team = team_id(server, phone)
    for total, shown in ((1234, "1\u202f234"), (12345, "12\u202f345")):
        give_eclats(tmp_path, team, total)
        phone.reload()
        phone.get_by_test_id("team-eclats").filter(has_text=shown[-3:]).wait_for()
        fit = phone.evaluate(FITS)
        assert fit["text"] == shown, fit
        assert fit["barLeft"] <= fit["left"] and fit["right"] <= min(fit["barRight"], fit["vw"]), fit
        assert fit["clipped"] == [] and fit["texts"] == [], fit
        assert fit["pageScroll"] <= fit["vw"], fit
    assert errors == []


LONG_TITLE = "Le très long titre d'une mission qui prend au moins trois lignes sur un téléphone de 360 pixels"


def solve_day(server: Server, token: str, day: int) -> list[Any]:
    solved = []
    for quest in playable_order(load_named_pack("default"), day):
        with contextlib.suppress(urllib.error.HTTPError):
            api(server, "POST", f"/api/me/quests/{quest.id}/answer", right_answer(quest), token)
            solved.append(quest)
    return solved


def test_the_bilan_keeps_the_reward_on_its_title_row_when_the_title_wraps(server: Server, browser: Any) -> None:
    staff = staff_token(server)
    game = new_game(server, staff)
    errors: list[str] = []
    phone = join(server, browser, game["join_code"], errors, **STILL)
    token = phone.evaluate("localStorage.getItem('eclats.player.token')")
    assert solve_day(server, token, 1)

    def longer(route: Any) -> None:  # the recap as the server sends it, its first title made long
        response = route.fetch()
        recap = response.json()
        recap["solved"][0]["title"] = LONG_TITLE
        route.fulfill(response=response, json=recap)

    phone.route("**/api/me/recap?day=1", longer)
    phone.goto(f"{server.url}/#/bilan/1")
    row = phone.get_by_test_id("recap-solved").locator("li").filter(has_text="trois lignes")
    row.wait_for()
    box = row.evaluate("""li => {
      const t = li.querySelector('.recap-qtitle'), r = li.querySelector('.recap-reward');
      const tb = t.getBoundingClientRect(), rb = r.getBoundingClientRect(), lb = li.getBoundingClientRect();
      const line = parseFloat(getComputedStyle(t).lineHeight);
      return {tTop: tb.top, tBottom: tb.bottom, rTop: rb.top, rBottom: rb.bottom, rRight: rb.right, liRight: lb.right,
              tRight: tb.right, rLeft: rb.left, line, reward: r.textContent};
    }""")
    assert box["tBottom"] - box["tTop"] > 1.5 * box["line"], box  # the title wraps…
    assert box["rTop"] < box["tTop"] + box["line"], box  # …and « +10 » stays on its first row
    assert abs(box["rRight"] - box["liRight"]) <= 2 and box["tRight"] <= box["rLeft"], box  # right-aligned, beside
    assert box["reward"].startswith("+")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert errors == []


def test_the_appointment_form_has_the_apps_look_and_big_targets(server: Server, browser: Any) -> None:
    staff = staff_token(server)
    game = new_game(server, staff, days=9)
    start = (datetime.now() + timedelta(days=2)).replace(hour=10, minute=0, second=0, microsecond=0)
    api(server, "POST", f"/api/sessions/{game['id']}/slots",
        {"local_start": f"{start:%Y-%m-%dT%H:%M}", "duration_minutes": 30, "mode": "in_person",
         "place": "Mission Locale, bureau 2", "count": 2}, staff)  # fmt: skip
    errors: list[str] = []
    phone = join(server, browser, game["join_code"], errors, **STILL)
    token = phone.evaluate("localStorage.getItem('eclats.player.token')")
    solve_day(server, token, 9)
    phone.goto(f"{server.url}/#/quete/d9-rendez-vous")
    form = phone.get_by_test_id("appointment-form")
    form.wait_for()
    assert violations(phone) == []
    look = form.evaluate("""f => {
      const small = [];
      f.querySelectorAll('input, textarea, button').forEach(i => {
        const target = i.closest('label') || i, b = target.getBoundingClientRect();
        if (b.height < 44 || b.width < 44) small.push((i.dataset.testid || i.name) + ' ' + b.width + 'x' + b.height);
        // a slot or an offer: a framed row, tapped anywhere (not a bare browser radio and its text)
        if (i.type === 'radio' || i.type === 'checkbox') {
          const cs = getComputedStyle(target);
          const framed = target !== i && cs.borderTopStyle !== 'none' && cs.display === 'flex';
          if (!framed) small.push('bare ' + i.dataset.testid);
        }
      });
      const legend = x => (x.querySelector('legend') || {}).textContent;
      return {small, groups: [...f.querySelectorAll('fieldset')].map(legend),
              framed: [...f.querySelectorAll('fieldset')].every(x => getComputedStyle(x).borderRadius !== '0px'),
              button: getComputedStyle(f.querySelector('[data-testid="appointment-submit"]')).borderRadius,
              right: Math.max(...[...f.querySelectorAll('*')].map(e => e.getBoundingClientRect().right))};
    }""")
    assert look["small"] == [], look
    assert len(look["groups"]) >= 1 and all(look["groups"]) and look["framed"], look
    assert look["button"] == "999px" and look["right"] <= 360, look
    phone.get_by_test_id("appointment-form").locator(".choice-line").first.click()  # the whole row picks the slot
    assert phone.locator('[data-testid^="slot-"]:checked').count() == 1
    assert errors == []


def issue_badge(server: Server, staff: str, game: dict[str, Any], token: str) -> dict[str, Any]:
    api(server, "PUT", "/api/me/badges/consent", {"agree": True}, token)
    me = api(server, "GET", "/api/me", None, token)
    body = {"skill_id": "cooperation", "player_ids": [me["player"]["id"]]}
    return dict(api(server, "POST", f"/api/sessions/{game['id']}/badges", body, staff)["issued"][0])


def test_the_public_badge_page_has_the_apps_look_and_says_things_once(server: Server, browser: Any) -> None:
    staff = staff_token(server)
    game = new_game(server, staff)
    joined = api(server, "POST", "/api/join", {"code": game["join_code"], "nickname": "Inès",
                                               "team_id": game["teams"][0]["id"]})  # fmt: skip
    badge = issue_badge(server, staff, game, joined["token"])
    errors: list[str] = []
    page = browser.new_context(**PHONE, **STILL).new_page()  # a recruiter's phone, no account
    page.set_default_timeout(TIMEOUT)
    watch_errors(page, errors)
    page.goto(f"{server.url}/badges/{badge['id']}")
    page.get_by_test_id("badge-state").wait_for()
    assert violations(page) == []
    text = page.locator("body").inner_text()
    issuer = page.get_by_test_id("badge-issuer").inner_text()
    assert issuer.startswith("Mission Locale") and text.count(issuer) == 1, text
    assert text.count("Badge valide") == 1 and text.count("Inès") == 1, text
    assert "ÉCLATS" in page.get_by_test_id("brand").inner_text()  # the Éclats mark and name
    look = page.evaluate("""() => ({
      bar: getComputedStyle(document.querySelector('.brand-bar')).borderBottomColor,
      accent: getComputedStyle(document.documentElement).getPropertyValue('--accent').trim(),
      scroll: document.documentElement.scrollWidth})""")
    assert look["bar"] == "rgb(29, 78, 216)" and look["accent"] == "#1d4ed8" and look["scroll"] <= 360, look
    page.get_by_test_id("verify-link").click()  # how to check it: the verifier, the badge's address filled in
    page.get_by_test_id("verify-form").wait_for()
    page.wait_for_function(  # the verifier's script fills in the badge's address
        "id => document.getElementById('verify-text').value.endsWith('/badges/' + id)", arg=badge["id"]
    )
    assert "ÉCLATS" in page.get_by_test_id("brand").inner_text()
    assert errors == []


# every visible text node: none may keep an ordinary space before : ; ! ? » or after «
ORDINARY_SPACES = r"""() => {
  const bad = [], good = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentElement;
    if (!parent || parent.closest('textarea, pre, code, script, style, [hidden]')) continue;
    if (!parent.getClientRects().length) continue;  // not shown
    if (/ [:;!?»]|« /.test(n.data)) bad.push(n.data.trim().slice(0, 90));
    if (/[\u00a0\u202f][:;!?»]|«\u00a0/.test(n.data)) good.push(n.data.trim().slice(0, 40));
  }
  return {bad, good: good.length};
}"""


def typography(page: Any, screen: str) -> None:
    seen = page.evaluate(ORDINARY_SPACES)
    assert seen["bad"] == [], f"{screen}: {seen['bad']}"
    assert seen["good"] > 0, f"{screen}: no French punctuation at all, the check proves nothing"


def test_french_typography_on_the_phone_the_console_and_the_badge_page(server: Server, browser: Any) -> None:
    staff = staff_token(server)
    game = new_game(server, staff)
    errors: list[str] = []
    phone = join(server, browser, game["join_code"], errors, **STILL)
    token = phone.evaluate("localStorage.getItem('eclats.player.token')")
    badge = issue_badge(server, staff, game, token)
    quest = api(server, "GET", "/api/me/quests", None, token)
    first = (quest["quests"] if isinstance(quest, dict) else quest)[0]["id"]
    solve_day(server, token, 1)

    phone.goto(f"{server.url}/#/missions")
    phone.get_by_test_id("team-eclats").wait_for()
    phone.wait_for_timeout(300)
    typography(phone, "phone home")
    phone.goto(f"{server.url}/#/quete/{first}")
    phone.get_by_test_id("quest-title").wait_for()
    typography(phone, "a quest")
    phone.goto(f"{server.url}/#/bilan/1")
    phone.get_by_test_id("recap-solved").wait_for()
    typography(phone, "bilan")

    console = open_console(server, browser, game["id"], errors, **LAPTOP)
    console.wait_for_timeout(500)
    typography(console, "console")

    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{server.url}/badges/{badge['id']}")
    page.get_by_test_id("badge-state").wait_for()
    typography(page, "badge page")
    page.get_by_test_id("verify-link").click()
    page.get_by_test_id("verify-form").wait_for()
    typography(page, "verifier")
    assert errors == []
