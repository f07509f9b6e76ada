"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from game.store.db import make_engine, upgrade
from game.store.models import Base


def test_migrations_match_the_models(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        tables = set(inspect(conn).get_table_names())
    engine.dispose()
    assert diff == []
    assert {"game_sessions", "teams", "players", "team_quests", "ledger", "submissions"} <= tables


def test_upgrade_twice_is_harmless_and_creates_missing_folders(tmp_path: Path) -> None:
    db_file = tmp_path / "nested" / "deeper" / "e.db"
    engine = make_engine(f"sqlite:///{db_file}")
    upgrade(engine)
    upgrade(engine)
    engine.dispose()
    assert db_file.exists()
