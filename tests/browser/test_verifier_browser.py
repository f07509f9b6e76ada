"""A recruiter with no account drops a baked badge on /verifier and sees it valid; once
the facilitator revokes it, the same image shows revoked."""

from __future__ import annotations

import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from .conftest import LAPTOP, Server, watch_errors
from .test_accessibility import STILL, violations
from .test_live_play import TIMEOUT, api

pytestmark = pytest.mark.browser


def test_a_recruiter_checks_a_baked_png_then_sees_it_revoked(server: Server, browser: Any, tmp_path: Path) -> None:
    staff = api(server, "POST", "/api/auth/login", {"username": server.demo_user, "password": server.demo_password})[
        "token"
    ]
    body = {"name": "Badges", "start_date": date.today().isoformat(), "players_choose_team": True}
    game = api(server, "POST", "/api/sessions", body, staff)
    joined = api(
        server, "POST", "/api/join", {"code": game["join_code"], "nickname": "Inès", "team_id": game["teams"][0]["id"]}
    )
    api(server, "POST", f"/api/sessions/{game['id']}/days", {"day": 1}, staff)
    api(server, "PUT", "/api/me/badges/consent", {"agree": True, "email": "ines@example.org"}, joined["token"])
    issued = api(server, "POST", f"/api/sessions/{game['id']}/badges",
                 {"skill_id": "cooperation", "player_ids": [joined["player"]["id"]]}, staff)["issued"]  # fmt: skip
    badge = issued[0]
    picture = tmp_path / "badge.png"
    with urllib.request.urlopen(server.url + badge["links"]["png"], timeout=10) as response:
        picture.write_bytes(response.read())

    errors: list[str] = []
    ctx = browser.new_context(**LAPTOP)
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT)
    watch_errors(page, errors)
    page.goto(f"{server.url}/verifier")
    page.get_by_test_id("verify-email").fill("ines@example.org")
    page.get_by_test_id("verify-image").set_input_files(str(picture))
    page.locator('[data-testid="verdict"][data-verdict="valid"]').wait_for()
    assert page.get_by_test_id("verdict").inner_text() == "Badge authentique et valide"
    for check in ("signature", "issuer", "dates", "status", "recipient"):
        assert page.get_by_test_id(f"check-{check}").get_attribute("data-ok") == "true", check
    assert "Mission Locale Lille Avenirs" in page.get_by_test_id("check-issuer").inner_text()
    # which proof the verdict rests on, in words (the badge carries a proof set of one)
    assert (
        "la seule signature du badge, celle de l'organisme (clé did:key:z6Mk"
        in page.get_by_test_id("check-signature").inner_text()
    )

    api(server, "POST", f"/api/badges/{badge['id']}/revoke", {"reason": "Attribué par erreur"}, staff)
    page.reload()
    page.get_by_test_id("verify-image").set_input_files(str(picture))
    page.locator('[data-testid="verdict"][data-verdict="revoked"]').wait_for()
    assert page.get_by_test_id("check-status").get_attribute("data-ok") == "false"
    # the public page says it too
    page.goto(server.url + f"/badges/{badge['id']}")
    page.locator('[data-testid="badge-state"]', has_text="Badge retiré").wait_for()
    ctx.close()
    assert errors == []

    still = browser.new_context(**LAPTOP, **STILL)
    checker = still.new_page()
    checker.goto(f"{server.url}/verifier?badge={server.url}/badges/{badge['id']}")
    checker.get_by_test_id("verify-submit").click()
    checker.get_by_test_id("checks").wait_for()
    assert violations(checker) == []
    checker.goto(server.url + f"/badges/{badge['id']}")
    assert violations(checker) == []
    still.close()
