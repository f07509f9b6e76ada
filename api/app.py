"""The application factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request
from flask_compress import Compress
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from content.loader import available_packs, load_named_pack, use_local_packs
from game.services.settings import public_urls
from game.zones import UnknownZone, zone_named

from .auth import authorise_request
from .config import defaults
from .errors import EclatsApi, register_error_handlers
from .extensions import db, init_db, socketio
from .limits import init_limits
from .openapi import document
from .policy import missing_routes
from .startup import StartupFailure, private_folder

COMPRESSIBLE = {"text/javascript", "application/javascript", "text/css", "text/html", "image/svg+xml"}
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
    # an id in a path is a database integer: beyond 2⁶³ it names nothing (404), where
    # SQLite would have raised an OverflowError (a 500)
    app.url_map.converters["int"] = DatabaseId
    app.config.update(config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    # the installation's time zone: an unknown name stops the start with a French message
    try:
        app.config["TIME_ZONE"] = zone_named(str(app.config["TIME_ZONE"])).key
    except UnknownZone as exc:
        raise StartupFailure(exc.message) from exc
    # packs the facilitators made here (copies edited in the console for their town)
    use_local_packs(Path(app.config.get("LOCAL_PACKS_DIR") or Path(app.config["INSTANCE_DIR"]) / "packs"))
    check_packs()
    # the instance folder holds the database, photos and the demo password: owner only,
    # whatever the umask or the mode an older version left (api/startup.py)
    private_folder(Path(app.config["INSTANCE_DIR"]))
    if app.config["DEFAULT_PACK"] not in available_packs():
        raise RuntimeError(f"default content pack {app.config['DEFAULT_PACK']!r} not found in content/packs/")
    init_db(app)
    # phones on weak mobile data: gzip the app's JS, CSS and JSON (about 4x smaller)
    app.config.setdefault("COMPRESS_ALGORITHM", ["gzip"])
    app.config.setdefault("COMPRESS_STREAMS", False)
    app.config.setdefault("COMPRESS_MIN_SIZE", 1000)
    Compress(app)

    @app.after_request  # runs before Compress's hook (hooks run in reverse order)
    def _buffer_static_text(response: Any) -> Any:
        """Static files are streamed from disk; our JS/CSS are small, so buffer them and
        let them be gzipped (the file is closed when the response is)."""
        if response.is_streamed and response.mimetype in COMPRESSIBLE and response.status_code == 200:
            response.direct_passthrough = False
            response.make_sequence()
        return response

    register_error_handlers(app)
    init_limits(app)
    if int(app.config.get("PROXIES") or 0):
        # behind nginx: the client's address and scheme as the proxy saw them
        n = int(app.config["PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    app.before_request(_json_size)
    app.before_request(authorise_request)

    api = EclatsApi(app)
    from .http import (
        admin,
        appointments,
        badges,
        diagnosis,
        ending,
        finale,
        local,
        organisation,
        pages,
        places,
        player,
        recaps,
        reports,
        rounds,
        safety,
        settings,
        solutions,
        staff,
        weekend,
    )

    for blp in (
        staff.auth_blp,
        staff.sessions_blp,
        staff.submissions_blp,
        places.places_blp,
        local.local_blp,
        badges.incubator_blp,
        appointments.appointments_blp,
        recaps.recaps_blp,
        ending.ending_blp,
        rounds.rounds_blp,
        finale.finale_blp,
        weekend.weekend_blp,
        solutions.solutions_blp,
        diagnosis.diagnosis_blp,
        safety.safety_blp,
        reports.reports_blp,
        player.join_blp,
        player.me_blp,
        settings.settings_blp,
        organisation.organisation_blp,
        pages.health_blp,
        admin.admin_blp,
    ):
        api.register_blueprint(blp)
    document(app, api.spec)
    app.register_blueprint(pages.pages)
    from .http import offline

    app.register_blueprint(offline.offline)  # /sw.js, the phone app's service worker
    app.register_blueprint(rounds.projector_page)
    from .http import public_badges

    app.register_blueprint(public_badges.public_badges)
    from .http import ob2

    app.register_blueprint(ob2.ob2)

    from .sockets import player as _player_ns
    from .sockets import staff as _staff_ns  # noqa: F401  (handlers register on import)

    del _player_ns
    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"] or None,
        cors_allowed_origins=lambda origin, environ: allowed_origin(app, origin, environ),
        ping_interval=20,
        ping_timeout=20,
    )

    # Flask-SocketIO pushes a request context for every socket event, built from the
    # handshake's environ (/socket.io/). Without a rule for that path each push matched
    # nothing and kept a NotFound with its traceback: ~30 objects in reference cycles per
    # event for the collector (bench/RESULTS.md). The Engine.IO middleware answers that
    # path before Flask, so this view only runs if the middleware is bypassed.
    app.add_url_rule("/socket.io/", endpoint="socketio_handshake", view_func=_not_found, strict_slashes=False)

    missing = missing_routes(
        [(m, r.rule) for r in app.url_map.iter_rules() for m in r.methods or () if m not in ("HEAD", "OPTIONS")]
    )
    if missing:
        raise RuntimeError("routes with no line in api/policy.py (who may call them?): " + ", ".join(missing))

    @app.after_request
    def _security_headers(response: Any) -> Any:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    return app


class DatabaseId(IntegerConverter):
    """Flask's ``int`` converter bounded to what a database integer holds."""

    MAX = 2**63 - 1

    def to_python(self, value: str) -> Any:
        number = super().to_python(value)
        if number > self.MAX:
            # a bigger number names nothing: « introuvable », like any unknown id (not a
            # 405 from another rule, not an OverflowError from SQLite)
            abort(404)
        return number


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def allowed_origin(app: Flask, origin: str | None, environ: dict[str, Any]) -> bool:
    """A browser may open a socket only from a page of this server: the public address
    (``ECLATS_PUBLIC_URL``, or one an organisation gave in its « Réglages ») or the
    address it was opened with (same origin). Programs that send no ``Origin`` are not
    browsers and are let through to the token check."""
    if not origin:
        return True
    host = environ.get("HTTP_HOST", "")
    same = f"{environ.get('wsgi.url_scheme', 'http')}://{host}" if host else ""
    if origin in {same, _origin(app.config.get("PUBLIC_URL") or "")} - {""}:
        return True
    with app.app_context():  # the organisations' addresses, as every process sees them now
        return origin in {_origin(url) for url in public_urls(db())} - {""}


def _json_size() -> None:
    """Photos may weigh megabytes; a JSON body is a few fields. A huge one is refused
    before it is read (413), whatever the route."""
    if request.mimetype == "application/json" and (request.content_length or 0) > current_app.config["MAX_JSON_BYTES"]:
        raise RequestEntityTooLarge("Le corps de la requête est trop lourd (JSON de plus de 256 Ko).")


def _not_found() -> Any:
    abort(404)
