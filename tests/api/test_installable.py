"""The phone app can be installed (web app manifest, icons, iOS tags) and its service
worker, served at /sw.js, carries the release: a new release is a new cache name, and
every file the worker keeps for offline use is really served."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from flask.testing import FlaskClient
from PIL import Image

from api.http.offline import release_version, render_worker, shell_files

STATIC = Path(__file__).resolve().parents[2] / "static"


def status(client: FlaskClient, url: str) -> int:
    response = client.get(url)
    response.close()  # static files are streamed
    return response.status_code


def manifest() -> dict[str, object]:
    data = json.loads((STATIC / "player" / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_manifest_makes_the_app_installable(client: FlaskClient) -> None:
    data = manifest()
    assert data["name"] == "Éclats" and data["short_name"]
    assert data["display"] == "standalone"
    assert data["start_url"] == "/" and data["scope"] == "/"
    assert data["theme_color"] == data["background_color"] == "#0b1026"  # the app's dark look
    assert "orientation" not in data  # a phone held sideways still works (RGAA 13.9)
    icons = data["icons"]
    assert isinstance(icons, list)
    found = set()
    for entry in icons:
        assert entry["type"] == "image/png"
        assert status(client, entry["src"]) == 200, entry["src"]
        path = STATIC / entry["src"].removeprefix("/static/")
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == entry["sizes"], entry["src"]
        found.add((entry["sizes"], entry.get("purpose", "any")))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= found

    response = client.get("/static/player/manifest.webmanifest")
    response.close()
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"


def test_the_page_links_the_manifest_and_the_ios_tags(client: FlaskClient) -> None:
    page = client.get("/")
    html = page.get_data(as_text=True)
    page.close()
    assert '<link rel="manifest" href="/static/player/manifest.webmanifest">' in html
    touch = re.search(r'<link rel="apple-touch-icon" href="([^"]+)">', html)
    assert touch and status(client, touch.group(1)) == 200
    with Image.open(STATIC / touch.group(1).removeprefix("/static/")) as image:
        assert image.size == (180, 180) and image.mode == "RGB"  # iOS shows black through transparency
    for tag in ("apple-mobile-web-app-capable", "apple-mobile-web-app-title", "mobile-web-app-capable"):
        assert f'<meta name="{tag}"' in html


def test_the_service_worker_is_served_for_the_whole_app(client: FlaskClient) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"  # a new release is seen at the next visit
    body = response.get_data(as_text=True)
    assert "__ECLATS_" not in body
    version = release_version(STATIC)
    assert f"const VERSION = {json.dumps(version)};" in body
    shell = json.loads(re.search(r"const SHELL = (\[.*\]);", body).group(1))  # type: ignore[union-attr]
    # what the phone needs to open with no network: the page, its modules, the live library, the icons
    for needed in (
        "/",
        "/static/player/app.js",
        "/static/player/quest.js",
        "/static/player/offline.js",
        "/static/player/player.css",
        "/static/shared/api.js",
        "/static/shared/base.css",
        "/static/player/icons/icon-192.png",
        "/static/player/manifest.webmanifest",
    ):
        assert needed in shell, needed
    assert any(re.fullmatch(r"/static/vendor/socket\.io-client-[^/]+/socket\.io\.esm\.min\.js", u) for u in shell)
    assert not [u for u in shell if "facilitator" in u or u.endswith(".py")]  # not the console
    for url in shell:  # install fails as a whole if one file is missing
        assert status(client, url) == 200, url


def test_every_module_the_app_loads_is_kept() -> None:
    """A module a screen imports but the worker does not keep would break that screen offline."""
    kept = {f"/static/{name}" for name in shell_files(STATIC)}
    for js in (STATIC / "player").glob("*.js"):
        for imported in re.findall(r"""(?:from|import\()\s*'(/static/(?:player|shared)/[^']+)'""", js.read_text()):
            assert imported in kept, f"{js.name} imports {imported}"


def test_a_new_release_has_a_new_cache_name(tmp_path: Path) -> None:
    static = tmp_path / "static"
    (static / "player").mkdir(parents=True)
    (static / "shared").mkdir()
    shutil.copy(STATIC / "player" / "sw.js", static / "player" / "sw.js")
    (static / "player" / "app.js").write_text("// release 1\n")
    (static / "shared" / "api.js").write_text("// shared\n")
    first = render_worker(static)
    assert release_version(static) == release_version(static)  # stable while nothing changes
    (static / "player" / "app.js").write_text("// release 2\n")
    second = render_worker(static)
    version = re.compile(r"const VERSION = \"([0-9a-f]{16})\";")
    v1, v2 = version.search(first), version.search(second)
    assert v1 and v2 and v1.group(1) != v2.group(1)
    # the caches are named after it: the worker of release 2 deletes those of release 1
    assert "const SHELL_CACHE = PREFIX + 'shell-' + VERSION;" in second
    (static / "vendor" / "socket.io-client-9").mkdir(parents=True)
    (static / "vendor" / "socket.io-client-9" / "socket.io.esm.min.js").write_text("// io\n")
    assert version.search(render_worker(static)).group(1) != v2.group(1)  # type: ignore[union-attr]
