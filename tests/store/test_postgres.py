"""The scale-out database path is real: the migrations and the game run on a real
PostgreSQL server (started by the test on loopback), not only on SQLite."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask

from api import create_app
from game.store.db import make_engine, upgrade
from game.store.models import Base
from tests.api.test_player_api import (  # noqa: F401  (re-run on PostgreSQL)
    test_a_player_downloads_then_erases_their_own_data,
    test_free_text_answer_goes_to_review_and_approval_pays,
    test_one_solves_and_the_teammate_sees_eclats_and_offer,
    test_two_teammates_answering_together_get_one_reward,
)
from tests.api.test_staff_api import (  # noqa: F401
    test_bad_session_input_names_the_field_and_writes_nothing,
    test_days_open_in_order_pause_and_resume,
)
from tests.servers import postgres_server

_numbers = itertools.count()


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    with postgres_server() as url:
        yield url


def fresh_database(admin_url: str) -> str:
    name = f"eclats_test_{next(_numbers)}"
    with psycopg.connect(admin_url.replace("postgresql+psycopg", "postgresql") + "/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{admin_url}/{name}"


@pytest.fixture
def app(postgres: str, tmp_path: Path) -> Iterator[Flask]:
    """Overrides the SQLite app of tests/conftest.py for the tests imported above."""
    url = fresh_database(postgres)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_DIR": tmp_path,
            "DATABASE_URL": url,
            "UPLOAD_DIR": tmp_path / "uploads",
            "PUBLIC_URL": "http://eclats.test",
        }
    )
    yield app
    app.extensions["eclats.engine"].dispose()


def test_migrations_match_the_models_on_postgres(postgres: str) -> None:
    engine = make_engine(fresh_database(postgres))
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.dialect.name == "postgresql"
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []
