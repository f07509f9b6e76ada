"""Migration 0014 (presence across processes: ``server_processes``) goes up and down on
SQLite and on a real PostgreSQL, and the presence rows it watches survive both ways."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import psycopg
import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text

from game.store.db import alembic_config, make_engine, upgrade
from tests.servers import postgres_server


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        made = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
        yield made
        made.dispose()
        return
    with postgres_server() as admin:
        with psycopg.connect(admin.replace("postgresql+psycopg", "postgresql") + "/postgres", autocommit=True) as c:
            c.execute("CREATE DATABASE eclats_0014")
        made = make_engine(f"{admin}/eclats_0014")
        yield made
        made.dispose()


def migrate(engine: Engine, how: str, revision: str) -> None:
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        getattr(command, how)(cfg, revision)


def test_server_processes_up_down_and_up_again(engine: Engine) -> None:
    upgrade(engine)
    seen = datetime(2026, 12, 7, 18, 0)
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO server_processes (name, started_at, seen_at, expires_at) VALUES (:n, :s, :s, :s)"),
            {"n": "machine-1:8001", "s": seen},
        )
    assert "ix_server_processes_expires_at" in {i["name"] for i in inspect(engine).get_indexes("server_processes")}
    migrate(engine, "downgrade", "0013")
    assert "server_processes" not in inspect(engine).get_table_names()
    assert "connections" in inspect(engine).get_table_names()
    migrate(engine, "upgrade", "head")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM server_processes")).scalar() == 0
