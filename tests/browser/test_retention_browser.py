"""« Réglages » shows how long the young people's data are kept after a session ends, and
a facilitator changes it there, at 360 px too: a value outside 1 to 36 months is refused
in French next to the field, and nothing changes on the server.
(axe runs at laptop width, as for the e-mail above it: at 360 px the console's header
has a contrast problem and overflows on its own, ``.user-box``, outside this panel.)"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import LAPTOP, Server, watch_errors
from .test_accessibility import STILL, violations
from .test_live_play import TIMEOUT, api

pytestmark = pytest.mark.browser


def _months(server: Server) -> int:
    login = {"username": server.demo_user, "password": server.demo_password}
    token = api(server, "POST", "/api/auth/login", login)["token"]
    return int(api(server, "GET", "/api/settings", token=token)["retention_months"])


def test_a_facilitator_changes_the_retention_in_reglages(server: Server, browser: Any) -> None:
    errors: list[str] = []
    ctx = browser.new_context(**LAPTOP, **STILL)
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT)
    watch_errors(page, errors, ignore="422")  # the refused value is an expected 422
    page.goto(f"{server.url}/console")
    page.get_by_test_id("login-username").fill(server.demo_user)
    page.get_by_test_id("login-password").fill(server.demo_password)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("staff-name").wait_for()
    page.get_by_test_id("nav-settings").click()
    state = page.get_by_test_id("settings-retention-state")
    state.wait_for()
    text = state.inner_text().replace("\u00a0", " ")
    assert "3 mois" in text and "ECLATS_RETENTION_DAYS" in text
    assert violations(page) == []
    page.set_viewport_size({"width": 360, "height": 640})
    panel = page.get_by_test_id("settings-retention").bounding_box()
    assert panel is not None and panel["x"] >= 0 and panel["x"] + panel["width"] <= 360, "the panel fits 360 px"
    for part in ("settings-retention-months", "settings-retention-submit"):
        box = page.get_by_test_id(part).bounding_box()
        assert box is not None and box["x"] + box["width"] <= 360, part
    page.set_viewport_size(LAPTOP["viewport"])

    field = page.get_by_label("Durée de conservation, en mois")  # a real label, for screen readers
    field.fill("40")
    page.get_by_test_id("settings-retention-submit").click()
    page.wait_for_function(
        "document.querySelector('[data-testid=\"settings-retention-error\"]').textContent.length > 0"
    )
    assert "de 1 à 36" in page.get_by_test_id("settings-retention-error").inner_text().replace("\u00a0", " ")
    assert field.get_attribute("aria-invalid") == "true"
    assert _months(server) == 3, "refused: nothing changed"

    field.fill("12")
    page.get_by_test_id("settings-retention-submit").click()
    page.get_by_test_id("settings-retention-saved").wait_for()
    assert "12 mois" in page.get_by_test_id("settings-retention-state").inner_text().replace("\u00a0", " ")
    assert _months(server) == 12
    page.get_by_test_id("live").filter(has_text="Durée de conservation enregistrée").wait_for(state="attached")
    assert violations(page) == []
    ctx.close()
    assert errors == []
