"""Accessibility beyond the automatic checks (issue 15, point 8): text enlarged to 200 %
on the phone's main screens, « Lire à voix haute » in French, and « Plus de temps » in a
live round (the phones and the projector get the new time at once)."""

from __future__ import annotations

import contextlib
import urllib.error
from typing import Any

import pytest

from content.loader import load_named_pack
from tests.api.helpers import playable_order, right_answer

from .conftest import PHONE, Server, watch_errors
from .flows import join, new_game, staff_token
from .test_accessibility import STILL, violations
from .test_live_play import TIMEOUT, api
from .test_live_updates import _phone, _slots

pytestmark = pytest.mark.browser

# Text zoom as Firefox's « Zoom texte seulement » or Android's text size do it: every
# font size (and line height given in px) twice as big, the screen still 360 px wide.
TEXT_200 = """() => {
  const els = Array.from(document.querySelectorAll('html, body, body *'));
  const was = els.map(e => { const cs = getComputedStyle(e); return [parseFloat(cs.fontSize), cs.lineHeight]; });
  els.forEach((e, i) => {
    e.style.setProperty('font-size', (was[i][0] * 2) + 'px', 'important');
    if (was[i][1].endsWith('px')) e.style.setProperty('line-height', (parseFloat(was[i][1]) * 2) + 'px', 'important');
  });
}"""

# What is lost: the page scrolls sideways, a text box's text is wider than the box, a text
# box is cut (overflow hidden) or leaves the screen.
LOST = """([W, H]) => {
  // the phone's own size: a phone browser widens its layout viewport to fit what overflows
  const out = [];
  const root = document.scrollingElement;
  if (root.scrollWidth > W + 1 || innerWidth > W) out.push('the page scrolls sideways: ' + root.scrollWidth + ' px');
  const name = e => e.tagName.toLowerCase() + (e.dataset.testid ? '[' + e.dataset.testid + ']' : '')
    + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  for (const e of document.querySelectorAll('body *')) {
    const cs = getComputedStyle(e);
    if (['inline', 'none', 'contents'].includes(cs.display)) continue;
    if (e.closest('[hidden], .visually-hidden, [aria-hidden="true"]')) continue;
    // a summary clamped on purpose to a few lines (a quest card): its whole text is one tap away
    if (cs.webkitLineClamp && cs.webkitLineClamp !== 'none') continue;
    if (!e.checkVisibility() || (cs.position === 'absolute' && e.offsetWidth <= 1)) continue;
    if (!Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const text = ' « ' + e.textContent.trim().slice(0, 40) + ' »';
    const say = what => out.push(name(e) + text + what);
    if (e.scrollWidth > e.clientWidth + 1) say(' wider than its box: ' + e.scrollWidth + ' > ' + e.clientWidth);
    if (['hidden', 'clip'].includes(cs.overflowY) && e.scrollHeight > e.clientHeight + 1) say(' cut at the bottom');
    const r = e.getBoundingClientRect();
    if (r.right > W + 1 || r.left < -1) say(' off the screen: ' + Math.round(r.left) + '–' + Math.round(r.right));
    // what stays on screen (the tab bar, the top bar) must be wholly on it
    let fixed = false;
    for (let a = e; a && !fixed; a = a.parentElement) fixed = getComputedStyle(a).position === 'fixed';
    const away = r.bottom > H + 1 || r.top < -1;
    if (fixed && away) say(' out of the screen: ' + Math.round(r.top) + '–' + Math.round(r.bottom));
  }
  // the bars that stay on screen leave room to read, and the end of the page clears them
  let covered = 0, floor = H;
  for (const bar of document.querySelectorAll('#topbar, .next-bar, #tabbar')) {
    const st = getComputedStyle(bar);
    if (bar.hidden || !['fixed', 'sticky'].includes(st.position)) continue;
    const r = bar.getBoundingClientRect();
    covered += r.height;
    if (st.position === 'fixed' && r.top > H / 2) floor = Math.min(floor, r.top);
  }
  if (covered > H / 2) out.push('the bars on screen take ' + Math.round(covered) + ' px of ' + H);
  window.scrollTo(0, document.scrollingElement.scrollHeight);
  const hasText = e => Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
  const texts = Array.from(document.querySelectorAll('main *'))
    .filter(e => e.checkVisibility() && !e.closest('.next-bar, [hidden], .visually-hidden') && hasText(e));
  const last = texts[texts.length - 1];
  if (last && last.getBoundingClientRect().bottom > floor + 1) {
    out.push('the end of the page stays under the bars: « ' + last.textContent.trim().slice(0, 40) + ' »');
  }
  window.scrollTo(0, 0);
  return out;
}"""


def _enlarged(page: Any) -> list[str]:
    page.evaluate(TEXT_200)
    page.wait_for_timeout(100)
    size = PHONE["viewport"]
    return list(page.evaluate(LOST, [size["width"], size["height"]]))


def test_text_enlarged_to_200_percent_loses_nothing_on_the_main_screens(server: Server, browser: Any) -> None:
    staff = staff_token(server)
    game = new_game(server, staff, "Texte agrandi", days=9)
    _slots(server, staff, game, 10)
    errors: list[str] = []
    page, token = _phone(server, browser, game, errors, **STILL)
    for quest in playable_order(load_named_pack("default"), 9):  # up to the appointment mission
        with contextlib.suppress(urllib.error.HTTPError):
            api(server, "POST", f"/api/me/quests/{quest.id}/answer", right_answer(quest), token)
    found: dict[str, list[str]] = {}
    screens = [
        ("#/missions", '[data-testid^="quest-card-"]'),
        ("#/quete/d1-badge-entree", '[data-testid="quest-title"]'),
        ("#/offres", '[data-testid="offers-progress"]'),
        ("#/equipe", '[data-testid="leaderboard"]'),
        ("#/bilan", '[data-testid="recap"]'),
        ("#/quete/d9-rendez-vous", '[data-testid="appointment-form"]'),
    ]
    for address, marker in screens:
        page.goto(f"{server.url}/{address}")
        page.reload()  # a fresh page: the text is enlarged once, from the app's own sizes
        page.locator(marker).first.wait_for()
        page.wait_for_timeout(300)
        found[address] = _enlarged(page)
    assert {screen: lost for screen, lost in found.items() if lost} == {}
    assert errors == []


# The browser's speech synthesis, stubbed at its boundary: headless Chromium may have no
# voice. The stub records what would be said (text, lang) and offers one French voice.
SPEECH = """(() => {
  window.__said = [];
  const fr = { name: 'Voix test', lang: 'fr-FR', default: false, localService: true, voiceURI: 'test-fr' };
  speechSynthesis.getVoices = () => [{ name: 'Test en', lang: 'en-US' }, fr];
  speechSynthesis.speak = u => { window.__said.push({ text: u.text, lang: u.lang, u: u }); };
  speechSynthesis.cancel = () => { window.__said.forEach(s => { s.cancelled = true; }); };
})();"""
NO_SPEECH = "delete window.speechSynthesis; delete Window.prototype.speechSynthesis;"


def test_read_aloud_says_the_story_and_the_quest_in_french(server: Server, browser: Any) -> None:
    staff = staff_token(server)
    game = new_game(server, staff, "Lire à voix haute", days=1)
    errors: list[str] = []
    page = join(server, browser, game["join_code"], errors, init=SPEECH, **STILL)

    # the day's story, on the home screen
    story = page.get_by_test_id("speak-story")
    story.click()
    said = page.evaluate("window.__said.map(s => [s.text, s.lang])")
    intro = page.get_by_test_id("story-text").inner_text()
    assert said and all(lang == "fr-FR" for _text, lang in said)
    assert " ".join(text for text, _lang in said).replace("\u00a0", " ").endswith(intro[-30:].replace("\u00a0", " "))
    assert story.get_attribute("aria-pressed") == "true" and story.inner_text().endswith("Arrêter la lecture")
    story.click()  # the second tap stops it
    assert story.get_attribute("aria-pressed") == "false" and story.inner_text().endswith("Lire à voix haute")

    # a quest's text: who speaks, then the story; back to « Lire » once it has been said
    quest = load_named_pack("default").quest("d1-badge-entree")
    assert quest is not None
    page.goto(f"{server.url}/#/quete/{quest.id}")
    button = page.get_by_test_id("speak-quest")
    page.evaluate("window.__said = []")
    button.click()
    said = page.evaluate("window.__said.map(s => [s.text, s.lang])")
    words = " ".join(text for text, _lang in said)
    assert quest.story.split(".")[0].strip() in words and all(lang == "fr-FR" for _text, lang in said)
    assert len(said) > 1 or len(words) <= 200  # a long text goes in pieces (Chrome stops after 15 s)
    page.evaluate("window.__said.forEach(s => s.u.onend && s.u.onend())")
    assert button.get_attribute("aria-pressed") == "false"
    assert violations(page) == []
    assert errors == []

    # a browser that cannot speak shows no button at all
    other = join(server, browser, game["join_code"], [], "Yanis", init=NO_SPEECH, **STILL)  # joined before it moves
    other.goto(f"{server.url}/#/quete/{quest.id}")
    other.get_by_test_id("quest-title").wait_for()
    assert other.get_by_test_id("speak-quest").count() == 0 and other.get_by_test_id("speak-story").count() == 0


def _seconds(text: str) -> int:
    digits = "".join(c for c in text if c.isdigit())
    return int(digits) if digits else 0


def test_one_young_person_gets_more_time_for_the_whole_room(server: Server, browser: Any) -> None:
    staff = staff_token(server)
    game = new_game(server, staff, "Plus de temps", days=1)
    sid = game["id"]
    errors: list[str] = []
    ines, yanis = (join(server, browser, game["join_code"], errors, name, **STILL) for name in ("Inès", "Yanis"))

    # the projector, with the facilitator's login (as the console opens it)
    room = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR", **STILL)
    console = room.new_page()
    console.set_default_timeout(TIMEOUT)
    console.goto(f"{server.url}/console")
    console.get_by_test_id("login-username").fill(server.demo_user)
    console.get_by_test_id("login-password").fill(server.demo_password)
    console.get_by_test_id("login-submit").click()
    console.get_by_test_id(f"session-link-{sid}").click()
    projector = room.new_page()
    projector.set_default_timeout(TIMEOUT)
    watch_errors(projector, errors, "projecteur")
    projector.goto(f"{server.url}/projecteur?session={sid}")
    projector.get_by_test_id("pj-join-code").wait_for()

    spec = next(r for r in load_named_pack("default").rounds if r.day == 1)
    api(server, "POST", f"/api/sessions/{sid}/rounds", {"round_id": spec.id, "seconds": 40}, staff)
    for page in (ines, yanis):
        page.get_by_test_id("round").wait_for()
    projector.get_by_test_id("pj-timer").wait_for()
    more = ines.get_by_test_id("round-more")
    assert more.is_visible() and more.inner_text() == "Plus de temps (+30\u00a0s)"
    assert _seconds(yanis.get_by_test_id("round-timer").inner_text()) <= 40

    more.click()
    ines.get_by_test_id("round-notice").filter(has_text="30 secondes de plus pour tout le monde").wait_for()
    assert more.is_hidden()  # once per young person
    # everyone's countdown jumps by 30 s: the other phone and the projector, at once
    yanis.wait_for_function(
        "() => parseInt(document.querySelector('[data-testid=round-timer]').textContent.slice(6)) > 45"
    )
    projector.wait_for_function("() => parseInt(document.querySelector('[data-testid=pj-timer]').textContent) > 45")
    assert yanis.get_by_test_id("round-more").is_visible()  # Yanis may still ask, once
    state = api(server, "GET", f"/api/sessions/{sid}/rounds/current", None, staff)
    assert state["extensions"] == 1 and state["seconds_left"] > 45
    assert violations(ines) == []
    assert errors == []


def test_a_kept_toast_stays_until_it_is_closed(server: Server, browser: Any) -> None:
    staff = staff_token(server)
    game = new_game(server, staff, "Messages gardés", days=1)
    errors: list[str] = []
    ines, yanis = (join(server, browser, game["join_code"], errors, name, **STILL) for name in ("Inès", "Yanis"))
    api(server, "POST", f"/api/sessions/{game['id']}/pause", {}, staff)
    kept = ines.get_by_test_id("toast").filter(has_text="Mission en pause")
    kept.wait_for()
    yanis.get_by_test_id("toast").filter(has_text="Mission en pause").wait_for()
    ines.get_by_test_id("toast-keep").click()
    assert ines.get_by_test_id("toast-keep").get_attribute("aria-pressed") == "true"
    ines.wait_for_timeout(11_000)  # an important toast lasts 10 s unless kept
    assert kept.is_visible()
    assert yanis.get_by_test_id("toast").count() == 0
    ines.get_by_test_id("toast-close").click()
    assert ines.get_by_test_id("toast").count() == 0
    assert errors == []
