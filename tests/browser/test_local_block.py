"""The Mission Locale block filled from the console changes the texts on the phone: a
facilitator gives the copy of the pack another name (a text with a typo in a
placeholder is refused first, every problem listed), and a young person joining the
session sees the new name where the pack writes {{ml.name}}."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml

from content.loader import pack_path

from .conftest import LAPTOP, PHONE, Server, watch_errors
from .test_live_play import TIMEOUT, api
from .views import open_view

pytestmark = pytest.mark.browser
NEW_NAME = "Mission Locale du Val Fleuri"


def test_the_block_filled_in_the_console_changes_the_texts_on_the_phone(server: Server, browser: Any) -> None:
    shipped = yaml.safe_load((pack_path("default") / "pack.yaml").read_text(encoding="utf-8"))
    assert "{{ml.name}}" in shipped["organisation"]  # the text the phone shows when joining
    staff = api(server, "POST", "/api/auth/login", {"username": server.demo_user, "password": server.demo_password})
    token = staff["token"]
    api(server, "POST", "/api/packs/default/copy", {"name": "val-fleuri"}, token)
    game = api(
        server,
        "POST",
        "/api/sessions",
        {"name": "Groupe du Val", "pack": "val-fleuri", "start_date": date.today().isoformat()},
        token,
    )

    errors: list[str] = []
    console = browser.new_context(**LAPTOP).new_page()
    console.set_default_timeout(TIMEOUT)
    watch_errors(console, errors, "console", ignore="422")
    console.goto(f"{server.url}/console")
    console.get_by_test_id("login-username").fill(server.demo_user)
    console.get_by_test_id("login-password").fill(server.demo_password)
    console.get_by_test_id("login-submit").click()
    console.get_by_test_id(f"session-link-{game['id']}").click()
    open_view(console, "lieux")  # the panel is in that view of the console
    name = console.get_by_test_id("ml-name")
    name.wait_for()
    assert name.input_value() == "Mission Locale Lille Avenirs"  # the example block of the copy

    # a typo in a placeholder: refused, every problem listed, nothing written
    welcome = console.get_by_test_id("ml-welcome")
    kept = welcome.input_value()
    welcome.fill("Viens à {{ml.nom}} quand tu veux.")
    console.get_by_test_id("ml-submit").click()
    console.get_by_test_id("ml-problems").wait_for()
    assert "ml.nom" in console.get_by_test_id("ml-problems").inner_text()
    assert "Rien n" in console.get_by_test_id("ml-msg").inner_text()

    welcome.fill(kept)
    name.fill(NEW_NAME)
    console.get_by_test_id("ml-submit").click()
    console.locator('[data-testid="ml-msg"]:has-text("Enregistré")').wait_for()

    phone = browser.new_context(**PHONE).new_page()
    phone.set_default_timeout(TIMEOUT)
    watch_errors(phone, errors, "phone")
    phone.goto(f"{server.url}/j/{game['join_code']}")
    phone.locator(f'text="{NEW_NAME}"').or_(phone.get_by_text(NEW_NAME)).first.wait_for()
    assert "Lille Avenirs" not in phone.locator("main").inner_text()
    assert errors == []
