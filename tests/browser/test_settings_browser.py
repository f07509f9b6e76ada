"""A default install asks the facilitator, at the first login, for the contact e-mail the
Open Badges 2.0 issuer profile requires; a wrong address is refused in French; once given
the prompt is gone for good, the profile is complete and « Réglages » shows it."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import LAPTOP, Server, watch_errors
from .test_accessibility import STILL, violations
from .test_live_play import TIMEOUT, api

pytestmark = pytest.mark.browser

PROMPT = "Renseignez l\u2019e-mail de contact de la Mission Locale : il figure sur les badges."


def _log_in(page: Any, server: Server) -> None:
    page.goto(f"{server.url}/console")
    page.get_by_test_id("login-username").fill(server.demo_user)
    page.get_by_test_id("login-password").fill(server.demo_password)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("staff-name").wait_for()


def test_the_console_asks_once_for_the_badges_contact_email(server: Server, browser: Any) -> None:
    assert "email" not in api(server, "GET", "/ob2/issuer"), "a default install starts without it"
    errors: list[str] = []
    ctx = browser.new_context(**LAPTOP, **STILL)
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT)
    watch_errors(page, errors, ignore="422")  # the refused address is an expected 422
    _log_in(page, server)
    banner = page.get_by_test_id("setup-banner")
    banner.wait_for()
    assert PROMPT.replace(" :", "\u00a0:") in banner.inner_text()  # French typography
    assert violations(page) == []

    page.get_by_test_id("setup-email").fill("contact@mission locale.fr")
    page.get_by_test_id("setup-submit").click()
    error = page.get_by_test_id("setup-error")
    page.wait_for_function("document.querySelector('[data-testid=\"setup-error\"]').textContent.length > 0")
    assert "n\u2019est pas une adresse e-mail valide" in error.inner_text().replace("'", "\u2019")
    assert page.get_by_test_id("setup-email").get_attribute("aria-invalid") == "true"
    assert "email" not in api(server, "GET", "/ob2/issuer"), "refused: nothing changed"

    page.get_by_test_id("setup-email").fill("contact@ml-lille.example.fr")
    page.get_by_test_id("setup-submit").click()
    banner.wait_for(state="detached")
    assert api(server, "GET", "/ob2/issuer")["email"] == "contact@ml-lille.example.fr"
    page.get_by_test_id("live").filter(has_text="E-mail de contact enregistré").wait_for(state="attached")

    # asked once: not again at the next login, and « Réglages » shows where it stands
    page.get_by_test_id("logout").click()
    _log_in(page, server)
    page.locator('[data-testid^="session-link-"]').first.wait_for()
    assert page.get_by_test_id("setup-banner").count() == 0
    page.get_by_test_id("nav-settings").click()
    state = page.get_by_test_id("settings-email-state")
    state.wait_for()
    assert "contact@ml-lille.example.fr" in state.inner_text() and state.get_attribute("data-complete") == "true"
    assert violations(page) == []
    page.get_by_test_id("settings-email").fill("badges@ml-lille.example.fr")
    page.get_by_test_id("settings-submit").click()
    page.get_by_test_id("settings-saved").wait_for()
    assert api(server, "GET", "/ob2/issuer")["email"] == "badges@ml-lille.example.fr"
    ctx.close()
    assert errors == []
