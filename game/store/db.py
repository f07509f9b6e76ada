"""Engine and sessions. SQLite runs in WAL mode with foreign keys on and a busy timeout,
so one laptop serves a whole group without "database is locked" errors."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


class UnknownRevision(Exception):
    """The database was migrated by a newer Éclats: its schema revision is none of this
    code's migrations, so it cannot be upgraded (nor safely used). Nothing is written."""

    def __init__(self, revisions: tuple[str, ...]) -> None:
        self.revisions = revisions
        super().__init__(", ".join(revisions))


class DamagedDatabase(Exception):
    """SQLite's own check found the file damaged (a page overwritten, a file cut short)."""


def _private_database(path: Path) -> None:
    """The database holds the young people's data: owner only, whatever the umask.
    SQLite gives its ``-wal`` and ``-shm`` files the main file's mode, so the file is
    made here before SQLite makes it; one left readable by an older version (and its
    companions) loses its group and other bits."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for each in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm", "-journal"))):
        try:
            info = each.lstat()
        except FileNotFoundError:
            continue
        if stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid() and info.st_mode & 0o077:
            each.chmod(stat.S_IMODE(info.st_mode) & 0o600)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            _private_database(Path(database))
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            if ":memory:" not in url:
                cur.execute("PRAGMA journal_mode=WAL")
                # WAL + NORMAL: no fsync per commit (the WAL is synced at checkpoints);
                # a power cut may lose the last moments, never corrupt the database.
                # Each fsync would otherwise stall every player's socket under gevent.
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=15000")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@contextlib.contextmanager
def _migrating(engine: Engine) -> Iterator[tuple[Config, Connection]]:
    """A migration's connection and configuration, in one transaction. SQLite rebuilds a
    table to change it (copy, drop, rename): with foreign keys on, dropping the old table
    would cascade and delete every row that points at it (a downgrade of migration 0015
    rebuilt ``facilitators`` and emptied ``appointment_slots``). Off for the migration
    (outside any transaction, where the pragma takes effect), then every reference
    checked before the commit."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # ends SQLAlchemy's autobegun transaction (no SQL was open)
        try:
            with connection.begin():
                cfg.attributes["connection"] = connection
                yield cfg, connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migration left broken references, nothing written: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the latest migration, on the given engine's connection."""
    with _migrating(engine) as (cfg, connection):
        known = {script.revision for script in ScriptDirectory.from_config(cfg).walk_revisions()}
        current = MigrationContext.configure(connection).get_current_heads()
        unknown = tuple(revision for revision in current if revision not in known)
        if unknown:
            raise UnknownRevision(unknown)
        command.upgrade(cfg, "head")


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to ``revision`` (an operator's undo of an upgrade), with the
    same care for SQLite's rebuilt tables as the upgrade."""
    with _migrating(engine) as (cfg, _connection):
        command.downgrade(cfg, revision)


def check(engine: Engine) -> None:
    """Refuse a damaged SQLite file at start, before anything is written to it and before
    a group meets the damage in the middle of a game. ``quick_check`` reads every page
    (about 0.4 s for 100 MB); other databases check themselves."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return
    with engine.connect() as connection:
        found = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA quick_check").all()]
    if found != ["ok"]:
        raise DamagedDatabase(" ".join(found[:3]))
