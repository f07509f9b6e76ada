"""« Organisations » in the console (issue 16): the installation's administrator makes a
Mission Locale and an account in it; that account then sees none of the demo's sessions.
A facilitator has no such page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli import run

from .conftest import LAPTOP, Server, watch_errors
from .test_accessibility import STILL, violations
from .test_live_play import TIMEOUT, api

pytestmark = pytest.mark.browser
PASSWORD = "un-bon-mot-de-passe"


def _login(page: Any, server: Server, username: str, password: str) -> None:
    page.goto(f"{server.url}/console")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("staff-name").wait_for()


def test_the_administrator_makes_an_organisation_and_an_account_in_the_console(
    server: Server, browser: Any, tmp_path: Path
) -> None:
    # the server's own database: the default one of its instance folder (tests/servers.py)
    env = {"ECLATS_INSTANCE": str(tmp_path), "ECLATS_PASSWORD": PASSWORD,
           "DATABASE_URL": f"sqlite:///{tmp_path / 'eclats.db'}"}  # fmt: skip
    made = run("facilitator", "create", "ada", "--name", "Ada", "--role", "admin", env=env)
    assert made.returncode == 0, made.stderr
    errors: list[str] = []
    ctx = browser.new_context(**LAPTOP, **STILL)
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT)
    watch_errors(page, errors)

    # the demo facilitator has no « Organisations »
    _login(page, server, server.demo_user, server.demo_password)
    assert page.get_by_test_id("nav-organisations").count() == 0
    page.get_by_test_id("logout").click()

    _login(page, server, "ada", PASSWORD)
    page.get_by_test_id("nav-organisations").click()
    page.get_by_test_id("org-mission-locale").wait_for()
    page.get_by_label("Nom", exact=True).fill("Mission Locale de Lille")
    page.get_by_label("Identifiant court").fill("ml-lille")
    page.get_by_test_id("org-create").click()
    page.get_by_test_id("org-ml-lille").wait_for()
    page.get_by_test_id("org-accounts").filter(has_text="Comptes de Mission Locale de Lille").wait_for()
    page.get_by_label("Identifiant", exact=True).fill("olivia")
    page.get_by_label("Nom affiché").fill("Olivia")
    page.get_by_label("Mot de passe (8 caractères au moins)").fill(PASSWORD)
    page.get_by_label("Rôle").select_option("facilitator")
    page.get_by_test_id("acc-create").click()
    page.get_by_test_id("account-olivia").wait_for()
    assert "Actif" in page.get_by_test_id("account-olivia").inner_text()
    assert "1" in page.get_by_test_id("org-ml-lille").inner_text()
    assert violations(page) == []
    ctx.close()
    assert errors == []

    # Olivia's console: her organisation has no session; the demo's is not hers
    token = api(server, "POST", "/api/auth/login", {"username": "olivia", "password": PASSWORD})["token"]
    assert api(server, "GET", "/api/sessions", token=token) == []
