"""A real server process and Debian's headless Chromium driven by Playwright.

Browsers cannot be downloaded here: Playwright is pointed at /usr/bin/chromium (or
CHROMIUM_PATH). Without it the browser tests skip on a laptop, but fail under CI=true:
a skipped browser test in CI would prove nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

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


def _need_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


@dataclass
class Server:
    url: str
    demo_user: str
    demo_password: str
    join_code: str
    process: subprocess.Popen[str]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    port = _free_port()
    env = {**os.environ, "ECLATS_INSTANCE": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    eclats = str(Path(sys.executable).parent / "eclats")
    log = (tmp_path / "server.log").open("w+")
    process = subprocess.Popen(
        [eclats, "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError("server did not start:\n" + log.read()) from None
                time.sleep(0.2)
        log.seek(0)
        printed = log.read()
        login = re.search(r"identifiant : (\S+)\s+mot de passe : (\S+)", printed)
        code = re.search(r"\(code : ([A-Z0-9]+)\)", printed)
        assert login and code, printed
        assert f"{url}/console" in printed and f"{url}/j/{code.group(1)}" in printed
        yield Server(url, login.group(1), login.group(2), code.group(1), process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


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
