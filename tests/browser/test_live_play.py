"""Live play in real browsers, no reload: one phone solves and the other sees it; the
facilitator pauses and both phones show the pause; a photo answer appears in the
console's queue at once, is approved, and the team is notified."""

from __future__ import annotations

import contextlib
import io
import json
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from content.catalog import QuestKind
from content.loader import load_named_pack
from tests.api.helpers import playable_order, right_answer

from .conftest import LAPTOP, PHONE, Server, watch_errors
from .test_session_flow import play
from .views import open_view

pytestmark = pytest.mark.browser
TIMEOUT = 15_000


def api(server: Server, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
    request = urllib.request.Request(
        server.url + path, data=json.dumps(body).encode() if body is not None else None, method=method
    )
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        raw = response.read()
        return json.loads(raw) if raw else None


def test_live_team_play_pause_and_photo_review(server: Server, browser: Any, tmp_path: Path) -> None:
    catalog = load_named_pack("default")
    staff = api(server, "POST", "/api/auth/login", {"username": server.demo_user, "password": server.demo_password})[
        "token"
    ]
    game = api(
        server,
        "POST",
        "/api/sessions",
        {"name": "Groupe en direct", "start_date": date.today().isoformat(), "players_choose_team": True},
        staff,
    )
    api(server, "POST", f"/api/sessions/{game['id']}/days", {"day": 1}, staff)
    errors: list[str] = []

    console_ctx = browser.new_context(**LAPTOP)
    console = console_ctx.new_page()
    console.set_default_timeout(TIMEOUT)
    watch_errors(console, errors, "console")
    console.goto(f"{server.url}/console")
    console.get_by_test_id("login-username").fill(server.demo_user)
    console.get_by_test_id("login-password").fill(server.demo_password)
    console.get_by_test_id("login-submit").click()
    console.get_by_test_id(f"session-link-{game['id']}").click()
    console.locator('[data-testid="conn-state"][data-state="connected"]').wait_for()

    phones = []
    for nickname in ("Inès", "Yanis"):
        ctx = browser.new_context(**PHONE)
        page = ctx.new_page()
        page.set_default_timeout(TIMEOUT)
        watch_errors(page, errors, nickname)
        page.goto(f"{server.url}/j/{game['join_code']}")
        page.get_by_test_id("join-nickname").fill(nickname)
        page.locator('[data-testid^="join-team-"]').first.check()
        page.get_by_test_id("join-submit").click()
        page.locator('[data-testid="conn-state"][data-state="connected"]').wait_for()
        phones.append(page)
    ines, yanis = phones

    # --- Inès solves; Yanis sees it without reloading -------------------------------
    first = playable_order(catalog, 1)[0]
    ines.get_by_test_id(f"quest-card-{first.id}").click()
    play(ines, first)
    ines.locator('[data-testid="result-message"][data-correct="true"]').wait_for()
    yanis.locator(f'[data-testid="team-eclats"]:text-is("{first.reward}")').wait_for()
    yanis.locator(f'[data-testid="quest-card-{first.id}"][data-status="solved"]').wait_for()

    # --- the facilitator pauses; both phones show the pause at once ------------------
    ines.get_by_test_id("tab-missions").click()
    console.get_by_test_id("pause").click()
    for page in phones:
        page.get_by_test_id("pause-screen").wait_for()
    console.get_by_test_id("resume").click()
    for page in phones:
        page.get_by_test_id(f"quest-card-{first.id}").wait_for()

    # --- catch up to the first photo quest (over REST, as Inès), then answer by photo --
    token = ines.evaluate("localStorage.getItem('eclats.player.token')")
    photo = next(q for d in range(1, 11) for q in catalog.quests_of_day(d) if q.kind is QuestKind.PHOTO)
    for day in range(1, photo.day + 1):
        if day > 1:
            api(server, "POST", f"/api/sessions/{game['id']}/days", {"day": day}, staff)
        for quest in playable_order(catalog, day):
            with contextlib.suppress(urllib.error.HTTPError):  # already solved on day 1
                api(server, "POST", f"/api/me/quests/{quest.id}/answer", right_answer(quest), token)
    before = api(server, "GET", "/api/me", token=token)["team"]["eclats"]
    yanis.locator(f'[data-testid="team-eclats"]:text-is("{before}")').wait_for()  # the catch-up arrived live
    ines.locator(f'[data-testid="quest-card-{photo.id}"][data-status="available"]').click()
    picture = tmp_path / "photo.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (30, 120, 200)).save(buffer, "JPEG")
    picture.write_bytes(buffer.getvalue())
    ines.get_by_test_id("answer-input").set_input_files(str(picture))
    ines.get_by_test_id("answer-submit").click()
    ines.get_by_test_id("quest-pending").wait_for()

    open_view(console, "reponses")  # the panel is in that view of the console
    review = console.locator('[data-testid^="review-approve-"]').first
    review.wait_for()  # appeared without waiting for a poll
    console.locator('[data-testid^="review-comment-"]').first.fill("Belle photo !")
    review.click()
    yanis.locator(f'[data-testid="team-eclats"]:text-is("{before + photo.reward}")').wait_for()
    yanis.locator('[data-testid="toast"]', has_text="Belle photo").wait_for()

    # --- the facilitator moves Yanis to the other team: his phone follows, no reload ---
    other = game["teams"][1]
    me = api(server, "GET", "/api/me", token=yanis.evaluate("localStorage.getItem('eclats.player.token')"))
    open_view(console, "equipes")  # the panel is in that view of the console
    console.get_by_test_id(f"player-team-{me['player']['id']}").select_option(str(other["id"]))
    yanis.locator('[data-testid="team-name"]', has_text=other["name"]).wait_for()
    yanis.locator('[data-testid="team-eclats"]:text-is("0")').wait_for()

    for page in phones:
        page.context.close()
    console_ctx.close()
    assert errors == []
