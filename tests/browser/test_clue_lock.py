"""A clue lock played by three phones of one team at 360 px: each phone shows its own
document card (real HTML, numbered lines, no horizontal scroll, no axe violation), one
of them types the code the cards give together, and the lock opens on every phone."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from content.catalog import QuestKind
from content.loader import load_named_pack
from game.rules import quest_variants
from game.rules.typography import french_spacing

from .conftest import PHONE, Server, watch_errors
from .test_accessibility import STILL, violations
from .test_live_play import api

pytestmark = pytest.mark.browser
TIMEOUT = 15_000


def session_seed(instance: Path, session_id: int) -> str:
    with sqlite3.connect(instance / "eclats.db") as db:
        row = db.execute("SELECT variant_seed FROM game_sessions WHERE id = ?", (session_id,)).fetchone()
    assert row and row[0]
    return str(row[0])


def test_three_phones_combine_their_documents_and_open_the_lock(server: Server, browser: Any, tmp_path: Path) -> None:
    catalog = load_named_pack("default")
    lock = next(q for q in catalog.quests_of_day(1) if q.kind is QuestKind.CLUE_LOCK)
    staff = api(server, "POST", "/api/auth/login", {"username": server.demo_user, "password": server.demo_password})[
        "token"
    ]
    game = api(
        server,
        "POST",
        "/api/sessions",
        {"name": "Groupe des indices", "start_date": date.today().isoformat(), "players_choose_team": True},
        staff,
    )
    api(server, "POST", f"/api/sessions/{game['id']}/days", {"day": 1}, staff)
    played = quest_variants.for_seed(lock, session_seed(tmp_path, game["id"]))
    errors: list[str] = []

    phones = []
    for nickname in ("Inès", "Yanis", "Awa"):
        page = browser.new_context(**PHONE, **STILL).new_page()
        page.set_default_timeout(TIMEOUT)
        watch_errors(page, errors, nickname)
        page.goto(f"{server.url}/j/{game['join_code']}")
        page.get_by_test_id("join-nickname").fill(nickname)
        page.locator('[data-testid^="join-team-"]').first.check()
        page.get_by_test_id("join-submit").click()
        page.locator('[data-testid="conn-state"][data-state="connected"]').wait_for()
        phones.append(page)
    ines, yanis, awa = phones

    token = ines.evaluate("localStorage.getItem('eclats.player.token')")
    for before in lock.prerequisites:
        quest = catalog.quest(before)
        assert quest is not None and quest.kind is QuestKind.RIDDLE
        assert api(server, "POST", f"/api/me/quests/{before}/answer", {"answer": quest.answers[0]}, token)["correct"]

    # --- each phone opens the lock and shows its own card ------------------------------
    seen = []
    for page in phones:
        page.reload()
        page.get_by_test_id(f"quest-card-{lock.id}").click()
        cards = page.get_by_test_id("doc-card")
        cards.first.wait_for()
        assert cards.count() == 1
        seen.append(cards.first.get_by_role("heading").inner_text())
        # the lines are numbered in the text a screen reader reads
        assert "Ligne 1\u00a0:" in cards.first.locator("dl").text_content()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no horizontal scroll
    assert seen == [french_spacing(d.title) for d in played.documents]  # one each, three different cards
    payslip = ines.get_by_test_id("doc-card").first
    assert french_spacing(played.documents[0].rows[3].value) in payslip.inner_text()  # this session's variant
    assert "{{" not in payslip.inner_text()
    for page in phones:  # headings, list, labels, contrast of the payslip and memo styles
        assert violations(page) == []

    # --- Yanis types a wrong code, then the one the three cards give together -------
    yanis.get_by_test_id("answer-input").fill(played.code + "9")
    yanis.get_by_test_id("answer-submit").click()
    yanis.locator('[data-testid="result-message"][data-correct="false"]').wait_for()
    yanis.get_by_test_id("answer-input").fill(played.code)
    yanis.get_by_test_id("answer-submit").click()
    yanis.locator('[data-testid="result-message"][data-correct="true"]').wait_for()
    for page in (ines, awa):
        page.get_by_test_id("quest-solved").wait_for()
    assert errors == []
