"""Every result under the thumb (issue 15, point 3), on a 360×640 phone: a refused hint,
a wrong quiz, a wrong code-lock piece and a wrong code each show their result right
under the button that was used, inside the screen, in a live region; the quiz marks
its wrong questions without the answers; and what the young person types survives a
teammate's live event and a pause."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from content.loader import load_named_pack
from tests.api.helpers import right_answer

from .conftest import PHONE, Server, watch_errors
from .test_accessibility import STILL, violations
from .test_live_play import api

pytestmark = pytest.mark.browser
TIMEOUT = 15_000


def in_place(page: Any, result_id: str, control: str) -> dict[str, float]:
    """Wait for the result to sit inside the viewport; return where it is against its control."""
    page.wait_for_function(
        """(id) => { const r = document.getElementById(id).getBoundingClientRect();
                     return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }""",
        arg=result_id,
    )
    return dict(
        page.evaluate(
            """([id, control]) => {
                 const r = document.getElementById(id).getBoundingClientRect();
                 const c = document.querySelector('[data-testid="' + control + '"]').getBoundingClientRect();
                 const el = document.getElementById(id);
                 return {top: r.top, bottom: r.bottom, below: r.top - c.bottom, left: r.left - c.left,
                         live: el.getAttribute('aria-live') === 'polite' ? 1 : 0, height: window.innerHeight};
               }""",
            [result_id, control],
        )
    )


def assert_next_to(where: dict[str, float]) -> None:
    assert where["live"] == 1  # read out by a screen reader
    assert 0 <= where["below"] <= 40, where  # right under the button, nothing in between
    assert abs(where["left"]) <= 2, where
    assert where["top"] >= 0 and where["bottom"] <= where["height"], where


def test_results_show_under_the_control_used_and_typing_survives(server: Server, browser: Any) -> None:
    catalog = load_named_pack("default")
    staff = api(server, "POST", "/api/auth/login", {"username": server.demo_user, "password": server.demo_password})[
        "token"
    ]
    game = api(
        server,
        "POST",
        "/api/sessions",
        {"name": "Groupe du pouce", "start_date": date.today().isoformat(), "players_choose_team": True},
        staff,
    )
    for day in (1, 2):
        api(server, "POST", f"/api/sessions/{game['id']}/days", {"day": day}, staff)
    errors: list[str] = []
    phones = []
    for nickname in ("Inès", "Yanis"):
        page = browser.new_context(**PHONE, **STILL).new_page()
        page.set_default_timeout(TIMEOUT)
        watch_errors(page, errors, nickname)
        page.goto(f"{server.url}/j/{game['join_code']}")
        page.get_by_test_id("join-nickname").fill(nickname)
        page.locator('[data-testid^="join-team-"]').first.check()
        page.get_by_test_id("join-submit").click()
        page.locator('[data-testid="conn-state"][data-state="connected"]').wait_for()
        phones.append(page)
    ines, yanis = phones
    ines_token = ines.evaluate("localStorage.getItem('eclats.player.token')")
    yanis_token = yanis.evaluate("localStorage.getItem('eclats.player.token')")

    # --- a hint the team cannot pay for (0 éclats): what to do, under the button ------
    ines.get_by_test_id("day-toggle-1").click()  # an earlier day is folded on the quest map
    ines.get_by_test_id("quest-card-d1-badge-entree").click()
    ines.get_by_test_id("hint-button").click()
    ines.get_by_test_id("hint-confirm").click()
    refused = ines.locator('#hint-result [data-testid="result-message"]')
    refused.wait_for()
    assert "Il manque 3 éclats" in refused.inner_text() and "une autre mission du jour" in refused.inner_text()
    assert_next_to(in_place(ines, "hint-result", "hint-button"))

    # --- Inès types; a teammate wins a mission (a live event): nothing typed is lost --
    field = ines.get_by_test_id("answer-input")
    field.fill("mon brouillon")
    field.focus()
    pirate = catalog.quest("d2-contrat-pirate")
    assert pirate is not None
    api(server, "POST", f"/api/me/quests/{pirate.id}/answer", right_answer(pirate), yanis_token)
    ines.locator(f'[data-testid="team-eclats"]:text-is("{pirate.reward}")').wait_for()
    ines.wait_for_timeout(800)  # the full picture fetched after the event, then drawn
    assert field.input_value() == "mon brouillon"
    assert ines.evaluate("document.activeElement && document.activeElement.id") == "answer"
    # a pause redraws the whole screen: the draft comes back with the mission
    api(server, "POST", f"/api/sessions/{game['id']}/pause", {}, staff)
    ines.get_by_test_id("pause-screen").wait_for()
    api(server, "POST", f"/api/sessions/{game['id']}/resume", {}, staff)
    ines.get_by_test_id("answer-input").wait_for()
    assert ines.get_by_test_id("answer-input").input_value() == "mon brouillon"

    # --- a wrong quiz: the wrong questions marked, never the right choices ------------
    for before in ("d1-badge-entree", "d1-rencontre-ines"):
        quest = catalog.quest(before)
        assert quest is not None
        assert api(server, "POST", f"/api/me/quests/{before}/answer", right_answer(quest), ines_token)["correct"]
    quiz = catalog.quest("d1-diagnostic-nova")
    assert quiz is not None and len(quiz.quiz) == 3
    ines.evaluate(f"location.hash = '#/quete/{quiz.id}'")
    ines.reload()
    for i, x in enumerate(quiz.quiz):
        pick = (x.correct + 1) % len(x.choices) if i == 1 else x.correct  # question 2 wrong
        ines.get_by_test_id(f"quiz-q{i}-c{pick}").check()
    ines.get_by_test_id("answer-submit").click()
    wrong = ines.locator('#answer-result [data-testid="result-message"][data-correct="false"]')
    wrong.wait_for()
    assert "la question 2" in wrong.inner_text()
    assert_next_to(in_place(ines, "answer-result", "answer-submit"))
    mark = ines.get_by_test_id("quiz-mark-2")
    assert mark.inner_text() == "Question 2\u00a0: pas encore"
    assert ines.get_by_test_id("quiz-q1").locator(".quiz-mark").count() == 1
    assert ines.locator(".quiz-mark").count() == 1  # questions 1 and 3 are right: no mark
    right = quiz.quiz[1].choices[quiz.quiz[1].correct]
    assert right not in wrong.inner_text() and right not in mark.inner_text()  # where to look, not what to pick
    assert violations(ines) == []

    # --- the code lock: a wrong piece, then a wrong full code --------------------------
    api(server, "POST", f"/api/me/quests/{quiz.id}/answer", right_answer(quiz), ines_token)
    ines.evaluate("location.hash = '#/quete/d1-casier'")
    ines.reload()
    ines.get_by_test_id("piece-input").fill("zz")
    ines.get_by_test_id("piece-submit").click()
    ines.locator('#piece-result [data-testid="result-message"][data-correct="false"]').wait_for()
    assert_next_to(in_place(ines, "piece-result", "piece-submit"))
    ines.get_by_test_id("answer-input").fill("0000")
    ines.get_by_test_id("answer-submit").click()
    ines.locator('#answer-result [data-testid="result-message"][data-correct="false"]').wait_for()
    assert_next_to(in_place(ines, "answer-result", "answer-submit"))
    assert ines.locator('[data-testid="result-message"]').count() == 1  # the piece's result is gone
    assert violations(ines) == []
    assert errors == []
