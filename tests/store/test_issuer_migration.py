"""Migration 0015 and the issuer (issue 16): the contact e-mail set in the console becomes
the default organisation's profile e-mail (one place, read by « Réglages » and the badges),
and a revocation index is unique within an organisation, not installation-wide."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from game.store.db import alembic_config, make_engine, upgrade


def test_the_console_email_becomes_the_default_organisations_and_indexes_count_per_organisation(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0014")
        conn.execute(
            text(
                "INSERT INTO installation_settings (key, value, updated_at) VALUES"
                " ('issuer_email', 'contact@ml.example', '2026-10-01 09:00:00'),"
                " ('retention_months', '6', '2026-10-01 09:00:00')"
            )
        )
    upgrade(engine)
    award = (
        "INSERT INTO awards (public_id, organisation_id, skill_id, name, recipient_name, issued_at,"
        " revoked_reason, status_index, key_id, narrative, credential)"
        " VALUES (:public_id, :org, 's', 'n', 'r', '2026-11-01', '', 1, 'k', '', '{}')"
    )
    with engine.begin() as conn:
        row = conn.execute(text("SELECT email, profile_updated_at FROM organisations WHERE id = 1")).one()
        assert row[0] == "contact@ml.example" and str(row[1]).startswith("2026-10-01 09:00:00")
        kept = dict(conn.execute(text("SELECT key, value FROM organisation_settings")).all())
        assert kept == {"retention_months": "6"}  # the e-mail is not kept twice
        conn.execute(text("INSERT INTO organisations (id, slug, name, created_at) VALUES (2, 'b', 'B', '2026-11-01')"))
        conn.execute(text(award), {"public_id": "a-1", "org": 1})
        conn.execute(text(award), {"public_id": "b-1", "org": 2})  # bit 1 of another list
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text(award), {"public_id": "a-2", "org": 1})  # bit 1 of the same list again
    engine.dispose()
