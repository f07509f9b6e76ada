"""Migration 0011: the slots published before it kept the counsellor's wall time, naive
and local; after it they are instants (naive UTC), converted in the installation's zone."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text

from game.store.db import alembic_config, downgrade, make_engine, upgrade

# a winter afternoon, a summer morning, and the two wall times the clocks skip and repeat
WALL_TIMES = {
    1: datetime(2027, 1, 15, 14, 0),
    2: datetime(2027, 7, 1, 9, 30),
    3: datetime(2027, 3, 28, 2, 30),
    4: datetime(2027, 10, 31, 2, 30),
}


def database_at_0010(path: Path) -> Engine:
    """A database as it stood before 0011, with a booked slot published at each time."""
    engine = make_engine(f"sqlite:///{path}")
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0010")
        conn.execute(
            text(
                "INSERT INTO game_sessions (id, name, pack, start_date, join_code, status, current_day,"
                " players_choose_team, created_at, version, joining_open) VALUES (1, 's', 'default', '2027-01-04',"
                " 'ABCDEF', 'running', 9, 0, '2027-01-01', 1, 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO facilitators (id, username, display_name, password_hash, created_at, role)"
                " VALUES (1, 'karim', 'Karim', 'x', '2027-01-01', 'counsellor')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO players (id, session_id, nickname, token_hash, joined_at)"
                " VALUES (7, 1, 'al', 'h', '2027-01-01')"
            )
        )
        for slot_id, wall in WALL_TIMES.items():
            conn.execute(
                text(
                    "INSERT INTO appointment_slots (id, session_id, counsellor_id, starts_at, duration_minutes, mode,"
                    " place, created_at) VALUES (:id, 1, 1, :at, 30, 'phone', '', '2027-01-02 08:00:00')"
                ),
                {"id": slot_id, "at": wall},
            )
        conn.execute(
            text(
                "INSERT INTO appointments (slot_id, player_id, note, offers, created_at)"
                " VALUES (1, 7, 'Mon projet', '[]', '2027-01-03 08:00:00')"
            )
        )
    return engine


def stored(engine: Engine) -> dict[int, datetime]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, starts_at FROM appointment_slots ORDER BY id")).all()
    return {row.id: datetime.fromisoformat(str(row.starts_at)) for row in rows}


def test_upgrade_turns_paris_wall_times_into_instants(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ECLATS_TIME_ZONE", raising=False)  # the default: Europe/Paris
    engine = database_at_0010(tmp_path / "old.db")
    upgrade(engine)
    assert stored(engine) == {
        1: datetime(2027, 1, 15, 13, 0),  # 14:00 CET
        2: datetime(2027, 7, 1, 7, 30),  # 09:30 CEST
        3: datetime(2027, 3, 28, 1, 30),  # skipped: read with the offset before the change (03:30 CEST)
        4: datetime(2027, 10, 31, 0, 30),  # repeated: the first of the two (RFC 5545)
    }
    with engine.connect() as conn:  # the booking still points at its slot
        assert conn.execute(text("SELECT slot_id FROM appointments")).scalar() == 1
    engine.dispose()


def test_upgrade_uses_the_installation_zone_and_downgrade_gives_the_wall_times_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECLATS_TIME_ZONE", "Indian/Reunion")  # UTC+4 all year
    engine = database_at_0010(tmp_path / "reunion.db")
    upgrade(engine)
    assert stored(engine)[1] == datetime(2027, 1, 15, 10, 0) and stored(engine)[3] == datetime(2027, 3, 27, 22, 30)
    downgrade(engine, "0010")
    assert stored(engine) == WALL_TIMES
    engine.dispose()


def test_a_zone_handed_over_by_the_caller_wins_over_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECLATS_TIME_ZONE", "Europe/Paris")
    engine = database_at_0010(tmp_path / "noumea.db")
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        cfg.attributes["time_zone"] = "Pacific/Noumea"
        command.upgrade(cfg, "0011")
    assert stored(engine)[1] == datetime(2027, 1, 15, 3, 0)  # 14:00 at UTC+11
    engine.dispose()
