"""A real server process and Debian's headless Chromium driven by Playwright.

Browsers cannot be downloaded here: Playwright is pointed at /usr/bin/chromium (or
CHROMIUM_PATH). Without it the browser tests skip on a laptop, but fail under CI=true:
a skipped browser test in CI would prove nothing.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.servers import eclats_server, free_port, missing

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True, "locale": "fr-FR"}
LAPTOP = {"viewport": {"width": 1280, "height": 800}, "locale": "fr-FR"}


def watch_errors(page: Any, errors: list[str], who: str = "", ignore: str | None = None) -> None:
    """Collect what a user would never see but a broken screen leaves behind: console
    errors and uncaught exceptions (an async draw that throws leaves a blank screen)."""
    prefix = f"{who}: " if who else ""

    def on_console(m: Any) -> None:
        if m.type == "error" and (ignore is None or ignore not in m.text):
            errors.append(prefix + m.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"{prefix}uncaught {exc}"))


def _need_chromium() -> None:
    if not Path(CHROMIUM).exists():
        missing(f"Chromium at {CHROMIUM} (apt-get install chromium)")


@dataclass
class Server:
    url: str
    demo_user: str
    demo_password: str
    join_code: str


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """``eclats serve`` as a user starts it, with the demo it prints; no map tiles (the
    tests never reach out to the Internet)."""
    yield from _demo_server(tmp_path, {"ECLATS_MAP_TILES_URL": ""})


@pytest.fixture
def offline_tiles_server(tmp_path: Path) -> Iterator[Server]:
    """The same, with a tile server that cannot be reached (nothing listens on that
    loopback port): a phone with no data, or a blocked tile server."""
    dead = f"http://127.0.0.1:{free_port()}/{{z}}/{{x}}/{{y}}.png"
    yield from _demo_server(tmp_path, {"ECLATS_MAP_TILES_URL": dead})


def _demo_server(tmp_path: Path, env: dict[str, str]) -> Iterator[Server]:
    with eclats_server(tmp_path, env) as running:
        printed = running.printed()
        login = re.search(r"identifiant : (\S+)\s+mot de passe : (\S+)", printed)
        code = re.search(r"\(code : ([A-Z0-9]+)\)", printed)
        assert login and code, printed
        assert f"{running.url}/console" in printed and f"{running.url}/j/{code.group(1)}" in printed
        yield Server(running.url, login.group(1), login.group(2), code.group(1))


@pytest.fixture
def browser() -> Iterator[object]:
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()
