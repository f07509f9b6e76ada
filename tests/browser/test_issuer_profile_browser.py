"""« Réglages » shows the Mission Locale as its badges name it, and a facilitator gives its
name, address, site and logo there: a wrong site is refused in French next to the field and
nothing changes on the server; a logo that is not a PNG is refused, a PNG is shown.
(The values are put back at the end, as the other settings tests do.)"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from .conftest import LAPTOP, Server, watch_errors
from .test_accessibility import STILL, violations
from .test_live_play import TIMEOUT, api

pytestmark = pytest.mark.browser


def _profile(server: Server, change: dict[str, Any] | None = None) -> dict[str, Any]:
    login = {"username": server.demo_user, "password": server.demo_password}
    token = api(server, "POST", "/api/auth/login", login)["token"]
    if change is not None:
        return dict(api(server, "PATCH", "/api/organisation/profile", change, token=token))
    return dict(api(server, "GET", "/api/organisation/profile", token=token))


def test_a_facilitator_gives_the_mission_locales_profile_and_logo(server: Server, browser: Any, tmp_path: Path) -> None:
    errors: list[str] = []
    ctx = browser.new_context(**LAPTOP, **STILL)
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT)
    watch_errors(page, errors, ignore="422")  # the refused values are expected 422s
    page.goto(f"{server.url}/console")
    page.get_by_test_id("login-username").fill(server.demo_user)
    page.get_by_test_id("login-password").fill(server.demo_password)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("staff-name").wait_for()
    page.get_by_test_id("nav-settings").click()
    page.get_by_test_id("issuer-form").wait_for()
    shown = _profile(server)["shown_name"]
    assert shown in page.get_by_test_id("settings-issuer-state").inner_text()
    assert violations(page) == []

    page.get_by_label("Nom de la Mission Locale").fill("Mission Locale de Paris")
    page.get_by_label("Adresse postale").fill("12 rue des Lilas\n75011 Paris")
    page.get_by_label("Site web").fill("ftp://ml-paris.example")
    page.get_by_test_id("issuer-submit").click()
    page.wait_for_function("document.querySelector('[data-testid=\"issuer-error\"]').textContent.length > 0")
    assert "n'est pas l'adresse d'un site" in page.get_by_test_id("issuer-error").inner_text().replace("\u2019", "'")
    assert page.get_by_label("Site web").get_attribute("aria-invalid") == "true"
    assert _profile(server)["name"] == "Mission Locale", "refused: nothing changed"

    page.get_by_label("Site web").fill("https://ml-paris.example")
    page.get_by_test_id("issuer-submit").click()
    page.get_by_test_id("settings-issuer-saved").wait_for()
    assert "Mission Locale de Paris" in page.get_by_test_id("settings-issuer-state").inner_text()
    saved = _profile(server)
    assert (saved["name"], saved["address"], saved["url"]) == (
        "Mission Locale de Paris",
        "12 rue des Lilas\n75011 Paris",
        "https://ml-paris.example",
    )

    not_png = tmp_path / "logo.png"
    not_png.write_bytes(b"GIF89a" + bytes(100))
    page.get_by_test_id("issuer-logo").set_input_files(str(not_png))
    page.get_by_test_id("issuer-logo-submit").click()
    page.wait_for_function("document.querySelector('[data-testid=\"issuer-logo-error\"]').textContent.length > 0")
    assert "PNG" in page.get_by_test_id("issuer-logo-error").inner_text()
    logo = tmp_path / "vrai-logo.png"
    out = io.BytesIO()
    Image.new("RGB", (120, 60), "#1d4ed8").save(out, format="PNG")
    logo.write_bytes(out.getvalue())
    page.get_by_test_id("issuer-logo").set_input_files(str(logo))
    page.get_by_test_id("issuer-logo-submit").click()
    page.get_by_test_id("issuer-logo-img").wait_for()
    assert page.get_by_test_id("issuer-logo-img").evaluate("img => img.complete && img.naturalWidth") == 120
    assert violations(page) == []
    assert errors == []

    _profile(server, {"name": "Mission Locale", "address": "", "url": ""})  # put back
    page.get_by_test_id("issuer-logo-remove").click()
    page.get_by_test_id("issuer-logo").wait_for()
    assert _profile(server)["logo"] is None
    ctx.close()
