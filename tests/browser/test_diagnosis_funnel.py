"""The self-diagnosis funnel on a 360 px phone in Chromium: one question per screen, a
family's follow-ups appear only when its first answer shows a need (and go away when that
answer changes), a progress bar per theme, a teammate's live update does not send the
player back to the start, the keyboard works, axe-core finds no WCAG
violation, the round the server
records is the one asked, and the result comes as a PDF (no e-mail button without SMTP)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from content.loader import load_named_pack

from ..api.helpers import playable_order, right_answer
from .conftest import PHONE, Server, watch_errors
from .test_accessibility import STILL, violations
from .test_live_play import TIMEOUT, api

pytestmark = pytest.mark.browser


def _question_id(page: Any) -> str:
    return (page.get_by_test_id("diagnosis-question").get_attribute("id") or "").removeprefix("diag-q-")


def _answer(page: Any, choice: int) -> None:
    """Tap ``choice`` and wait for the next screen (another question, or the end)."""
    before = _question_id(page)
    page.get_by_test_id(f"diagnosis-choice-{choice}").click()
    page.wait_for_function(
        "(id) => !document.getElementById('diag-q-' + id)"
        " || !!document.querySelector('[data-testid=\"diagnosis-submit\"]')",
        arg=before,
    )


def test_the_funnel_asks_follow_ups_only_after_a_need_and_the_result_comes_as_a_pdf(
    server: Server, browser: Any
) -> None:
    catalog = load_named_pack("default")
    assert catalog.diagnosis is not None
    families = catalog.diagnosis.families
    firsts = [catalog.diagnosis.questions_of(f.id)[0] for f in families]
    staff = api(server, "POST", "/api/auth/login", {"username": server.demo_user, "password": server.demo_password})
    game = api(server, "POST", "/api/sessions",
               {"name": "Groupe entonnoir", "start_date": date.today().isoformat(), "players_choose_team": True},
               staff["token"])  # fmt: skip
    api(server, "POST", f"/api/sessions/{game['id']}/days", {"day": 1}, staff["token"])
    errors: list[str] = []
    page = browser.new_context(**PHONE, **STILL, accept_downloads=True).new_page()
    page.set_default_timeout(TIMEOUT)
    watch_errors(page, errors, "Inès")
    page.goto(f"{server.url}/j/{game['join_code']}")
    page.get_by_test_id("join-nickname").fill("Inès")
    page.locator('[data-testid^="join-team-"]').first.check()
    page.get_by_test_id("join-submit").click()
    page.locator('[data-testid="conn-state"][data-state="connected"]').wait_for()

    page.goto(f"{server.url}/#/diagnostic")
    intro = page.get_by_test_id("diagnosis-intro")
    assert f"{len(families)} thèmes, environ 5 minutes" in intro.inner_text()
    page.get_by_test_id("diagnosis-start").click()

    # the first theme, with the keyboard only: the title has the focus, the first choice is next
    assert _question_id(page) == firsts[0].id
    assert page.get_by_test_id("diagnosis-step").inner_text() == f"Thème 1 sur {len(families)}"
    bar = page.get_by_test_id("diagnosis-families")
    assert bar.get_attribute("role") == "progressbar" and bar.get_attribute("aria-valuenow") == "1"
    assert bar.get_attribute("aria-valuemax") == str(len(families))
    assert page.evaluate("document.activeElement.dataset.testid") == "diagnosis-question"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.testid") == "diagnosis-choice-0"
    page.keyboard.press("Enter")  # « J'ai déjà un job qui me va »: no need, so no follow-up
    page.get_by_test_id("diagnosis-question").and_(page.locator(f"#diag-q-{firsts[1].id}")).wait_for()
    assert page.get_by_test_id("diagnosis-step").inner_text() == f"Thème 2 sur {len(families)}"
    assert page.get_by_test_id("diagnosis-families").get_attribute("aria-valuenow") == "2"
    assert page.get_by_test_id("diagnosis-family-step").count() == 0  # one question in this theme so far

    # a need on the second theme's first question: its follow-ups come next, with their own bar
    follow_ups = [q for q in catalog.diagnosis.questions_of(families[1].id) if q.follow_up]
    needy = next(i for i, c in enumerate(firsts[1].choices) if c.need >= 2)
    _answer(page, needy)
    assert _question_id(page) == follow_ups[0].id
    assert page.get_by_test_id("diagnosis-family").inner_text().lower() == families[1].name.lower()
    assert page.get_by_test_id("diagnosis-family-step").inner_text() == (
        f"Question 2 sur {1 + len(follow_ups)} de ce thème"
    )
    assert violations(page) == []  # axe-core: both progress bars named, contrast, focus
    # a teammate scores meanwhile: the phone hears it live, and stays on this question
    token = page.evaluate("localStorage.getItem('eclats.player.token')")
    team_id = api(server, "GET", "/api/me", token=token)["team"]["id"]
    yanis = api(server, "POST", "/api/join", {"code": game["join_code"], "nickname": "Yanis", "team_id": team_id})
    first_quest = playable_order(catalog, 1)[0]
    api(server, "POST", f"/api/me/quests/{first_quest.id}/answer", right_answer(first_quest), yanis["token"])
    eclats = api(server, "GET", "/api/me", token=token)["team"]["eclats"]
    page.locator(f'[data-testid="team-eclats"]:text-is("{eclats}")').wait_for()
    assert _question_id(page) == follow_ups[0].id
    # back to the first question, and no need this time: the follow-ups are gone
    page.get_by_test_id("diagnosis-prev").click()
    assert _question_id(page) == firsts[1].id
    _answer(page, 0)
    assert _question_id(page) == firsts[2].id

    # the other themes without need: one screen each, nothing sticks out at 360 px
    for _ in firsts[2:]:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        _answer(page, next(i for i, c in enumerate(catalog.diagnosis.question(_question_id(page)).choices)
                           if c.need == 0))  # fmt: skip
    page.get_by_test_id("diagnosis-submit").wait_for()
    assert f"Tu as répondu aux {len(families)} questions." in page.inner_text("main")
    page.get_by_test_id("diagnosis-submit").click()
    page.get_by_test_id("diagnosis-results").wait_for()

    # the server recorded exactly the questions asked
    mine = api(server, "GET", "/api/me/diagnosis", token=token)
    assert {a["question_id"] for a in mine["answers"]} == {q.id for q in firsts}
    assert mine["email_available"] is False

    # the result as a PDF; no e-mail offered on a server that cannot send any
    assert page.get_by_test_id("diagnosis-email-open").count() == 0
    assert violations(page) == []
    with page.expect_download() as caught:
        page.get_by_test_id("diagnosis-pdf").click()
    download = caught.value
    assert download.suggested_filename == "mon-diagnostic.pdf"
    text = " ".join(PdfReader(io.BytesIO(Path(download.path()).read_bytes())).pages[0].extract_text().split())
    assert text.startswith("Mon diagnostic Inès") and f"{families[0].name} Jour 1 0 %" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert errors == []
