"""« Mes compétences » on a phone: the young person answers the day's questions, agrees
to receive badges (the e-mail stays on the phone as a hash), then finds their badge and
their CV compétences."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from content.catalog import LEVELS
from content.loader import load_named_pack
from game.rules.typography import french_spacing

from .conftest import LAPTOP, PHONE, Server, watch_errors
from .test_accessibility import STILL, violations
from .test_live_play import TIMEOUT, api
from .views import open_view

pytestmark = pytest.mark.browser


def test_reflections_consent_and_the_badge_on_the_phone(server: Server, browser: Any) -> None:
    staff = api(server, "POST", "/api/auth/login", {"username": server.demo_user, "password": server.demo_password})[
        "token"
    ]
    body = {"name": "Compétences", "start_date": date.today().isoformat(), "players_choose_team": True}
    game = api(server, "POST", "/api/sessions", body, staff)
    for day in (1, 2, 3):
        api(server, "POST", f"/api/sessions/{game['id']}/days", {"day": day}, staff)
    ctx = browser.new_context(**PHONE, **STILL)
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    watch_errors(page, errors)
    page.goto(f"{server.url}/j/{game['join_code']}")
    page.get_by_test_id("join-nickname").fill("Inès")
    page.locator('[data-testid^="join-team-"]').first.check()
    page.get_by_test_id("join-submit").click()
    page.get_by_test_id("tab-bilan").click()
    page.get_by_test_id("skills-link").click()
    page.get_by_test_id("no-badges").wait_for()
    assert violations(page) == []

    page.get_by_test_id("refl-3-2").fill("J'ai lu les indices à voix haute pour l'équipe.")
    page.get_by_test_id("refl-3-2-save").click()
    page.locator("form.reflection", has_text="Enregistré.").wait_for()
    page.get_by_test_id("consent-email").fill("ines@example.org")
    page.get_by_test_id("consent-submit").click()
    page.get_by_test_id("consent-given").filter(has_text="adresse e-mail").wait_for()

    players = api(server, "GET", f"/api/sessions/{game['id']}", token=staff)["players"]
    player_id = next(p["id"] for p in players if p["nickname"] == "Inès")
    seen = api(server, "GET", f"/api/sessions/{game['id']}/players/{player_id}/evidence", token=staff)
    assert seen["reflections"][2]["answer"] == "J'ai lu les indices à voix haute pour l'équipe."
    body = {"skill_id": "communication", "player_ids": [player_id]}
    [award] = api(server, "POST", f"/api/sessions/{game['id']}/badges", body, staff)["issued"]

    page.reload()
    page.get_by_test_id(f"badge-{award['id']}").filter(has_text="Communication").wait_for()
    level = LEVELS[next(s.level for s in load_named_pack("default").skills if s.id == "communication") or 0]
    assert page.get_by_test_id(f"badge-level-{award['id']}").inner_text() == french_spacing(level)
    with page.expect_download() as download:
        page.get_by_test_id("cv-download").click()
    assert download.value.suggested_filename == "cv-competences.pdf"
    with page.expect_download() as booklet:
        page.get_by_test_id("booklet-download").click()
    assert booklet.value.suggested_filename == "carnet-de-parcours.pdf"
    page.get_by_test_id(f"badge-page-{award['id']}").click()
    page.locator('[data-testid="badge-state"]', has_text="Badge valide").wait_for()
    assert french_spacing(level) in page.get_by_test_id("badge-level").inner_text()
    ctx.close()

    # the console: the level of each badge, and which evidence counts for it
    note = {"skill_id": "cooperation", "text": "A partagé son indice avec toute l'équipe."}
    api(server, "POST", f"/api/sessions/{game['id']}/players/{player_id}/observations", note, staff)
    console_ctx = browser.new_context(**LAPTOP)
    console = console_ctx.new_page()
    console.set_default_timeout(TIMEOUT)
    watch_errors(console, errors, "console")
    console.goto(f"{server.url}/console")
    console.get_by_test_id("login-username").fill(server.demo_user)
    console.get_by_test_id("login-password").fill(server.demo_password)
    console.get_by_test_id("login-submit").click()
    console.get_by_test_id(f"session-link-{game['id']}").click()
    open_view(console, "competences")  # the panel is in that view of the console
    console.get_by_test_id("skills-player").select_option(str(player_id))
    assert console.get_by_test_id("skill-level-communication").inner_text() == french_spacing(level)
    summary = console.get_by_test_id("evidence-summary-cooperation").inner_text()
    assert summary.startswith("1 élément, 1 compte pour le badge (il en faut ")
    console_ctx.close()
    assert errors == []
