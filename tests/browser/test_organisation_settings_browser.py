"""« Réglages » shows the Mission Locale's time zone and public address (the
installation's until it sets its own) and a facilitator changes them there: an unknown
zone is refused in French next to the field, with the closest name, and nothing changes
on the server. (The server is shared by the browser tests: the values are put back.)"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import LAPTOP, Server, watch_errors
from .test_accessibility import STILL, violations
from .test_live_play import TIMEOUT, api

pytestmark = pytest.mark.browser


def _settings(server: Server, change: dict[str, Any] | None = None) -> dict[str, Any]:
    login = {"username": server.demo_user, "password": server.demo_password}
    token = api(server, "POST", "/api/auth/login", login)["token"]
    if change is not None:
        return dict(api(server, "PATCH", "/api/settings", change, token=token))
    return dict(api(server, "GET", "/api/settings", token=token))


def test_a_facilitator_sets_the_time_zone_and_public_address_in_reglages(server: Server, browser: Any) -> None:
    errors: list[str] = []
    ctx = browser.new_context(**LAPTOP, **STILL)
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT)
    watch_errors(page, errors, ignore="422")  # the refused zone is an expected 422
    before = _settings(server)
    try:
        page.goto(f"{server.url}/console")
        page.get_by_test_id("login-username").fill(server.demo_user)
        page.get_by_test_id("login-password").fill(server.demo_password)
        page.get_by_test_id("login-submit").click()
        page.get_by_test_id("staff-name").wait_for()
        page.get_by_test_id("nav-settings").click()
        state = page.get_by_test_id("settings-zone-state")
        state.wait_for()
        assert before["time_zone"] in state.inner_text() and "installation" in state.inner_text()
        assert violations(page) == []

        zone = page.get_by_label("Fuseau horaire", exact=True)  # real labels, for screen readers
        zone.fill("Europe/Pariss")
        page.get_by_test_id("settings-place-submit").click()
        page.wait_for_function(
            "document.querySelector('[data-testid=\"settings-place-error\"]').textContent.length > 0"
        )
        said = page.get_by_test_id("settings-place-error").inner_text().replace("\u00a0", " ")
        assert "Fuseau horaire inconnu" in said and "Europe/Paris" in said
        assert zone.get_attribute("aria-invalid") == "true"
        assert _settings(server)["time_zone_source"] == "default", "refused: nothing changed"

        zone.fill("America/Cayenne")
        page.get_by_label("Adresse publique", exact=True).fill("https://eclats.ml-cayenne.fr/")
        page.get_by_test_id("settings-place-submit").click()
        page.get_by_test_id("settings-place-saved").wait_for()
        assert "America/Cayenne" in page.get_by_test_id("settings-zone-state").inner_text()
        assert "https://eclats.ml-cayenne.fr" in page.get_by_test_id("settings-url-state").inner_text()
        now = _settings(server)
        assert (now["time_zone"], now["public_url"]) == ("America/Cayenne", "https://eclats.ml-cayenne.fr")
        assert violations(page) == []
        ctx.close()
        assert errors == []
    finally:
        _settings(server, {"time_zone": None, "public_url": None})  # the other browser tests use the defaults
