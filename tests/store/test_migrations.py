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


def test_upgrading_a_database_with_players_keeps_everything_that_points_at_them(tmp_path: Path) -> None:
    """0008 rebuilds the players table on SQLite (ids never reused): with foreign keys on,
    the rebuild's drop would cascade and silently delete every reflection, answer, check-in…"""
    from alembic import command
    from sqlalchemy import text

    from game.store.db import alembic_config

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007")
        conn.execute(
            text(
                "INSERT INTO game_sessions (id, name, pack, start_date, join_code, status, current_day,"
                " players_choose_team, created_at, version) VALUES (1, 's', 'default', '2027-01-04', 'ABCDEF',"
                " 'draft', 0, 0, '2027-01-01', 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO players (id, session_id, nickname, token_hash, joined_at)"
                " VALUES (7, 1, 'al', 'h', '2027-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO reflections (player_id, day, prompt, text, updated_at) VALUES (7, 1, 0, 'x', '2027-01-01')"
            )
        )
    upgrade(engine)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM reflections")).scalar() == 1
        # the highest id, erased, is not given again to the next player
        conn.execute(text("DELETE FROM players WHERE id = 7"))
        conn.execute(
            text(
                "INSERT INTO players (session_id, nickname, token_hash, joined_at) VALUES (1, 'bo', 'h2', '2027-01-02')"
            )
        )
        assert conn.execute(text("SELECT id FROM players")).scalar() == 8
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()
