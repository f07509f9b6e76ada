"""The ``eclats`` command line."""

from __future__ import annotations

import functools
import gc
import logging
import os
import socket
import sys
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import click

if TYPE_CHECKING:
    from flask import Flask

    from game.services.demo import Demo


@click.group()
def main() -> None:
    """Éclats: the Tempo-style game of the Missions Locales."""
    # what any command creates (database, WAL, photos, keys, packs, caches) is the
    # owner's only, whatever the umask it was started with (README, "Files")
    os.umask(0o077)


def opens_instance(command: Callable[..., None]) -> Callable[..., None]:
    """For the commands that open the instance folder and the database: any failure ends
    in one French line saying what is wrong and what to do (``api.startup.explain``) and
    exit status 1; ``--debug`` prints the Python traceback before it."""

    @click.option("--debug", is_flag=True, help="On failure, print the Python traceback too.")
    @functools.wraps(command)
    def run(*args: Any, debug: bool, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            from .config import defaults
            from .startup import explain

            if debug:
                traceback.print_exc()
            click.echo(explain(exc, defaults()), err=True)
            sys.exit(1)

    return run


def _ready_database() -> None:
    """Refuse a damaged database, then bring it to the latest migration (refusing one
    from a newer version)."""
    from game.store.db import check, upgrade

    from .extensions import engine

    check(engine())
    upgrade(engine())


@main.command()
@click.option(
    "--host",
    default="0.0.0.0",
    show_default=True,
    help="Address to listen on (0.0.0.0: reachable by phones on the same network).",
)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--demo/--no-demo", default=True, show_default=True, help="Create the demo facilitator and session if none exist."
)
@opens_instance
def serve(host: str, port: int, demo: bool) -> None:
    """Bind the port, apply migrations, create the demo if needed, and serve the app."""
    from gevent import monkey

    monkey.patch_all()
    import signal

    import gevent
    from gevent.pywsgi import WSGIServer

    from . import heartbeat
    from .startup import listen

    # 1. the port, before anything is printed, written or wiped: a second server on a
    # busy port stops here, and the running one keeps its presence rows and its console
    listener = listen(host, port)
    port = int(listener.getsockname()[1])  # --port 0: the one the system chose
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s : %(message)s")
    # 2. the app (packs checked, instance folder made private), the database, the demo
    started = _prepare(host, port, demo)
    # 3. only now, the banner
    _banner(started)
    app = started.app
    # argon2 (facilitator login, account creation) in a real thread, off the event loop;
    # photos decoded in a small pool of real threads of their own, so that at most
    # DECODE_THREADS images are in memory at once (game/services/offload.py)
    from gevent.threadpool import ThreadPool

    from game.services import offload, photos

    offload.passwords.use(lambda fn, *args: gevent.get_hub().threadpool.apply(fn, args))
    image_pool = ThreadPool(photos.DECODE_THREADS)
    offload.images.use(lambda fn, *args: image_pool.apply(fn, args))
    # Long-lived objects (app, catalogue, SQLAlchemy mappers) out of the collector's
    # way, and fewer young-generation collections: the measured p99 of live fan-out
    # was dominated by GC pauses stalling the single gevent loop (bench/RESULTS.md).
    gc.collect()
    gc.freeze()
    gc.set_threshold(5_000, 20, 100)
    server = WSGIServer(listener, app, log=None)
    gevent.signal_handler(signal.SIGTERM, server.stop)
    beating = gevent.spawn(heartbeat.run, app)  # presence across processes (api/heartbeat.py)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.stop()
    beating.kill()
    heartbeat.stop(app)


class _Started(NamedTuple):
    app: Flask
    public: str
    demo: Demo | None


def _prepare(host: str, port: int, demo: bool) -> _Started:
    """Everything ``serve`` writes before serving, once its port is bound: migrations,
    stale presence rows, the demo, the badge signing key."""
    from game.services import presence

    from . import create_app
    from .clock import now as clock_now
    from .extensions import db

    app = create_app({"SOCKETIO_ASYNC_MODE": "gevent", "PROCESS_NAME": f"{socket.gethostname()}:{port}"})
    queue = app.config["SOCKETIO_MESSAGE_QUEUE"]
    info = None
    with app.app_context():
        _ready_database()
        # sockets this process held before a restart are gone; alone (no message queue),
        # every recorded socket is stale
        presence.forget_process(db(), None if not queue else app.config["PROCESS_NAME"])
        presence.heartbeat(db(), app.config["PROCESS_NAME"], clock_now(), app.config["PRESENCE_HEARTBEAT_S"])
        db().commit()
        public = app.config["PUBLIC_URL"] or _guess_public_url(host, port)
        if "localhost" not in public:
            app.config["LAN_URL"] = public
        if demo:
            from game.rules.calendar import next_monday
            from game.services.demo import ensure_demo

            from .clock import now

            session = db()
            start = next_monday(date.today())
            info = ensure_demo(session, app.config["INSTANCE_DIR"], app.config["DEFAULT_PACK"], start, now())
            session.commit()
        # the badge signing key exists from the first start (instance/badge-keys, owner only)
        from .extensions import key_ring

        key_ring().active  # noqa: B018  (creates the key on first use)
    return _Started(app, public, info)


def _banner(started: _Started) -> None:
    app, public, demo = started
    queue = app.config["SOCKETIO_MESSAGE_QUEUE"]
    click.echo(f"Éclats — base de données : {app.config['DATABASE_URL']}")
    if queue:
        click.echo(f"File de messages Socket.IO : {queue} (processus {app.config['PROCESS_NAME']})")
    click.echo(f"Console des animateurs : {public}/console")
    if demo is not None:
        click.echo(f"  identifiant : {demo.username}   mot de passe : {demo.password}")
        click.echo(f"Lien pour les jeunes : {public}/j/{demo.session.join_code}   (code : {demo.session.join_code})")
    click.echo(f"Documentation de l'API : {public}/api/docs")
    sys.stdout.flush()


def _guess_public_url(host: str, port: int) -> str:
    if host not in ("0.0.0.0", "::", ""):
        return f"http://{host}:{port}"
    try:
        address = socket.gethostbyname(socket.gethostname())
    except OSError:
        address = "127.0.0.1"
    if address.startswith("127."):
        address = "localhost"
    return f"http://{address}:{port}"


@main.group()
def content() -> None:
    """Content packs."""


@content.command("check")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings too (long sentences, glossary, old facts).")
def content_check(path: Path, strict: bool) -> None:
    """Check a content pack: print every problem (file: path: reason), then every
    warning (what to improve before a real group); exit 1 on a problem (and, with
    --strict, on a warning)."""
    from content.loader import review_pack

    from .clock import now

    problems, warnings = review_pack(path, now().date())
    for problem in problems:
        click.echo(str(problem))
    for warning in warnings:
        click.echo(f"attention : {warning}")
    if problems:
        click.echo(f"{len(problems)} problème(s) dans {path}", err=True)
        sys.exit(1)
    if warnings:
        click.echo(f"{path} : pack valide, {len(warnings)} point(s) à améliorer.", err=True)
        sys.exit(1 if strict else 0)
    click.echo(f"{path} : pack valide.")


@content.command("geocode")
@click.argument("address")
@click.option(
    "--cache",
    type=click.Path(path_type=Path),
    default=None,
    help="JSON cache of earlier answers (default: instance/geocode-cache.json).",
)
def content_geocode(address: str, cache: Path | None) -> None:
    """Coordinates of an address, to write a place in places.yaml (an authoring aid:
    asks OpenStreetMap's Nominatim over the Internet once, then answers from the cache;
    the server itself never geocodes)."""
    from content.geocode import geocode, nominatim

    from .config import defaults

    path = cache or Path(defaults()["INSTANCE_DIR"]) / "geocode-cache.json"
    try:
        found = geocode(address, path, nominatim())
    except ValueError:
        click.echo("Adresse vide.", err=True)
        sys.exit(2)
    except Exception as exc:  # network down, service refusing: say so plainly
        click.echo(f"Le service de géocodage ne répond pas ({exc.__class__.__name__}).", err=True)
        sys.exit(1)
    if found is None:
        click.echo(f"Adresse introuvable : {address}", err=True)
        sys.exit(1)
    click.echo(f"# {found.address}{' (cache)' if found.cached else ''}")
    click.echo(f"latitude: {found.latitude:.6f}")
    click.echo(f"longitude: {found.longitude:.6f}")


@main.group()
def recaps() -> None:
    """The day's recap by e-mail."""


@recaps.command("send")
@click.argument("session_id", type=int)
@click.option("--day", type=int, default=None, help="Day to recap (default: the current day).")
@opens_instance
def recaps_send(session_id: int, day: int | None) -> None:
    """Send the day's recap to the players of SESSION_ID who asked for it (for a cron job
    every evening, e.g. ``0 19 * * 1-5 eclats recaps send 3``)."""
    from game.rules.errors import RuleViolation
    from game.services.mail import send_day_recaps

    from . import create_app
    from .extensions import db, smtp

    app = create_app()
    with app.app_context():
        try:
            result = send_day_recaps(db(), session_id, day, smtp())
        except RuleViolation as exc:
            click.echo(exc.message, err=True)
            sys.exit(1)
    click.echo(
        f"{result.sent} bilan(s) envoyé(s)." + (f" Échecs : {', '.join(result.failed)}" if result.failed else "")
    )


@main.command()
@click.option("--dry-run", is_flag=True, help="List, session by session, what would be erased; change nothing.")
@click.option("--now", "at", default=None, metavar="ISO", help="Act as if it were this date (ISO 8601).")
@opens_instance
def purge(dry_run: bool, at: str | None) -> None:
    """Erase the young people of the sessions whose retention period is over (planned last
    day + the months set in « Réglages »), as an erasure does, one session per transaction;
    sessions, teams and reports' totals stay. For a daily cron job:
    ``30 3 * * * eclats purge``."""
    from .purge import parse_now, run

    sys.exit(run(dry_run, parse_now(at)))


@main.group()
def privacy() -> None:
    """Young people's data: retention (``eclats purge``)."""


privacy.add_command(purge)  # ``eclats privacy purge``: its earlier name, for cron lines already set


@main.group()
def badges() -> None:
    """Open Badges signing keys."""


@badges.command("rotate-key")
@click.option(
    "--org", "org", default=None, metavar="SLUG", help="Organisation whose key to rotate (default: the default one)."
)
def badges_rotate_key(org: str | None) -> None:
    """Make a new signing key for the badges an organisation issues from now on. Badges
    signed with the old keys still verify: their did:key carries the public key, and the
    old keys stay in instance/badge-keys (another organisation's: instance/badge-keys/<id>)."""
    from badges.keys import KeyRing
    from game.services import issuers

    from .config import defaults

    ring = KeyRing(Path(defaults()["INSTANCE_DIR"]) / "badge-keys")
    if org:
        ring = issuers.key_ring(ring, _organisation_id(org))
    before = ring.active.did
    after = ring.rotate().did
    click.echo(f"Ancienne clé : {before}")
    click.echo(f"Nouvelle clé : {after}")


def _organisation_id(slug: str) -> int:
    """The id of the organisation named by its slug (exit 1, in French, when none is)."""
    from game.rules.errors import RuleViolation
    from game.services import organisations

    from . import create_app
    from .extensions import db

    app = create_app()
    with app.app_context():
        _ready_database()
        try:
            return organisations.by_slug(db(), slug).id
        except RuleViolation as exc:
            click.echo(exc.message + " (eclats org list les montre)", err=True)
            sys.exit(1)


@main.group()
def facilitator() -> None:
    """Staff accounts (facilitators, counsellors, the installation's administrators)."""


@facilitator.command("create")
@click.argument("username")
@click.option("--name", "display_name", default="", help="Name shown in the console.")
@click.password_option(envvar="ECLATS_PASSWORD", help="Password (or ECLATS_PASSWORD).")
@click.option(
    "--org", "org", default=None, metavar="SLUG", help="Organisation of the account (default: the default one)."
)
@click.option(
    "--role",
    type=click.Choice(["facilitator", "counsellor", "admin"]),
    default="facilitator",
    show_default=True,
    help="admin: the installation's administrator (organisations, accounts), also a facilitator of its organisation.",
)
@opens_instance
def facilitator_create(username: str, display_name: str, password: str, org: str | None, role: str) -> None:
    """Create a staff account (password stored as an argon2 hash) in an organisation."""
    from game.rules.errors import RuleViolation
    from game.services import organisations

    from . import create_app
    from .clock import now
    from .extensions import db

    app = create_app()
    with app.app_context():
        _ready_database()
        session = db()
        try:
            where = (
                organisations.by_slug(session, org)
                if org
                else organisations.get_organisation(session, organisations.DEFAULT_ID)
            )
            account = organisations.create_account(session, where.id, username, password, display_name, role, now())
            session.commit()
        except RuleViolation as exc:
            click.echo(
                exc.message + (" (eclats org list les montre)" if exc.code == "no_organisation" else ""), err=True
            )
            sys.exit(1)
        click.echo(f"Compte « {account.username} » ({role}) créé dans « {where.name} » ({where.slug}).")


@main.group()
def org() -> None:
    """Organisations: the Missions Locales this installation serves."""


@org.command("create")
@click.option("--slug", required=True, help="Short id, in addresses: lower-case letters, digits, dashes (ml-lille).")
@click.option("--name", required=True, help="Name, as on its badges (Mission Locale de Lille).")
@opens_instance
def org_create(slug: str, name: str) -> None:
    """Create an organisation; then give it accounts with ``eclats facilitator create --org SLUG``."""
    from game.rules.errors import RuleViolation
    from game.services import organisations

    from . import create_app
    from .clock import now
    from .extensions import db

    app = create_app()
    with app.app_context():
        _ready_database()
        session = db()
        try:
            made = organisations.create_organisation(session, slug, name, now())
            session.commit()
        except RuleViolation as exc:
            click.echo(exc.message, err=True)
            sys.exit(1)
        click.echo(f"Organisation « {made.name} » ({made.slug}) créée.")


@org.command("list")
@opens_instance
def org_list() -> None:
    """One line per organisation: slug, active staff accounts, sessions, name."""
    from game.services import organisations

    from . import create_app
    from .extensions import db

    app = create_app()
    with app.app_context():
        _ready_database()
        for line in organisations.list_organisations(db()):
            o = line.organisation
            click.echo(f"{o.slug}\t{line.accounts} compte(s)\t{line.sessions} session(s)\t{o.name}")


@main.group(name="db")
def db_group() -> None:
    """Database."""


@db_group.command("upgrade")
@opens_instance
def db_upgrade() -> None:
    """Check the database, then apply the migrations."""
    from . import create_app

    app = create_app()
    with app.app_context():
        _ready_database()
    click.echo("Base de données à jour.")


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
