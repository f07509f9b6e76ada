"""The phone app's service worker, at /sw.js so that its scope is the whole app (/, /j/…,
/lieu/…). The file is static/player/sw.js with the release written into it: a hash of the
app's files (computed once per process) and the list of files to keep for offline use.
A new release is then a new worker whose caches carry the new version (README
« Installable app and offline »)."""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from flask import Blueprint, Response, current_app

offline = Blueprint("offline", __name__)

# What the phone needs to open with no network, under the static folder. Other files
# of these folders (and the map library) are kept when first used.
SHELL_GLOBS = ("player/*.js", "player/*.css", "player/manifest.webmanifest", "player/icons/*.png", "shared/*.js")
SHELL_FILES = ("shared/base.css",)
SOCKET_CLIENT = "vendor/socket.io-client-*/socket.io.esm.min.js"
# Hashed for the version: whatever the phone app may load from these folders.
VERSIONED = ("player", "shared", "vendor")
NOT_SHELL = ("player/sw.js",)


def shell_files(static: Path) -> list[str]:
    """The static files kept at install, as paths under the static folder, sorted."""
    found: set[str] = {name for name in SHELL_FILES if (static / name).is_file()}
    for pattern in (*SHELL_GLOBS, SOCKET_CLIENT):
        found.update(p.relative_to(static).as_posix() for p in static.glob(pattern) if p.is_file())
    return sorted(found - set(NOT_SHELL))


def release_version(static: Path) -> str:
    """A short hash of the package version and of every file the phone app may load:
    any change of a file is a new release for the phones."""
    try:
        digest = hashlib.sha256(version("eclats").encode())
    except PackageNotFoundError:
        digest = hashlib.sha256(b"eclats")
    for folder in VERSIONED:
        for path in sorted((static / folder).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(static).as_posix().encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def render_worker(static: Path) -> str:
    template = (static / "player" / "sw.js").read_text(encoding="utf-8")
    shell = ["/", *(f"/static/{name}" for name in shell_files(static))]
    return template.replace("'__ECLATS_VERSION__'", json.dumps(release_version(static))).replace(
        "['__ECLATS_SHELL__']", json.dumps(shell)
    )


@offline.route("/sw.js")
def service_worker() -> Response:
    static = Path(current_app.static_folder or "static")
    cache = current_app.extensions.setdefault("eclats_sw", {})
    if "body" not in cache:  # once per process: a release is a restart
        cache["body"] = render_worker(static)
    response = Response(cache["body"], mimetype="text/javascript")
    # always asked again, so that a new release reaches the phones at their next visit
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response
