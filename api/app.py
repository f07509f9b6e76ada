"""The application factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from content.loader import available_packs, load_named_pack

from .config import defaults
from .errors import EclatsApi, register_error_handlers
from .extensions import init_db

STATIC = Path(__file__).resolve().parent.parent / "static"


def check_packs() -> None:
    """Load every pack now: the server refuses to start on an invalid one, with the
    same messages as ``eclats content check`` (PackError lists them)."""
    for name in available_packs():
        load_named_pack(name)


def build_app(overrides: dict[str, Any] | None = None) -> Flask:
    config = defaults()
    config.update(overrides or {})
    app = Flask(__name__, static_folder=str(STATIC), static_url_path="/static")
    app.config.update(config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    check_packs()
    # the instance folder holds the database, photos and the demo password: owner only
    Path(app.config["INSTANCE_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)
    if app.config["DEFAULT_PACK"] not in available_packs():
        raise RuntimeError(f"default content pack {app.config['DEFAULT_PACK']!r} not found in content/packs/")
    init_db(app)
    register_error_handlers(app)

    api = EclatsApi(app)
    from .http import pages, player, staff

    for blp in (staff.auth_blp, staff.sessions_blp, staff.submissions_blp, player.join_blp, player.me_blp):
        api.register_blueprint(blp)
    app.register_blueprint(pages.pages)

    @app.after_request
    def _security_headers(response: Any) -> Any:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    return app
