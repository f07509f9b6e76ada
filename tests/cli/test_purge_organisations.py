"""``eclats purge`` with several Missions Locales (issue 16): each session is held to its
own organisation's retention. The default Mission Locale keeps 1 month, Cayenne 12;
both ran a session that ended two months ago: only the first one's young people are
erased, and the dry run lists only them, under their organisation's name."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from flask.testing import FlaskClient

from api.cli import main
from api.clock import set_now

from ..api.test_organisation_settings import organisation_staff
from ..conftest import create_session, join
from .test_purge import dump, players

Headers = dict[str, str]
# sessions of the default pack from 2026-11-23: their last day is 2026-12-02
TWO_MONTHS_LATER = "2027-02-03"


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    set_now(lambda: datetime(2026, 11, 24, 9, 0))
    yield
    set_now(None)


@pytest.fixture
def purge(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """``eclats purge ARGS`` on the test app's database and instance folder."""
    monkeypatch.setenv("ECLATS_INSTANCE", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", str(app.config["DATABASE_URL"]))

    def run(*args: str) -> Result:
        umask = os.umask(0o077)
        os.umask(umask)
        try:
            return CliRunner().invoke(main, ["purge", *args], catch_exceptions=False)
        finally:
            os.umask(umask)  # ``main`` sets 077 for the commands; the other tests keep theirs

    return run


@pytest.fixture
def two(app: Flask, client: FlaskClient, staff: Headers) -> dict[str, Any]:
    other = organisation_staff(app, client, "ml-cayenne", "Mission Locale de Cayenne", "maeva")
    assert client.patch("/api/settings", json={"retention_months": 1}, headers=staff).status_code == 200
    assert client.patch("/api/settings", json={"retention_months": 12}, headers=other).status_code == 200
    ours = create_session(client, staff, name="Groupe de Lille")
    theirs = create_session(client, other, name="Groupe de Cayenne")
    phones = {
        "ines": join(client, ours["join_code"], "Inès", ours["teams"][0]["id"]),
        "yanis": join(client, ours["join_code"], "Yanis", ours["teams"][0]["id"]),
        "maeva": join(client, theirs["join_code"], "Maéva", theirs["teams"][0]["id"]),
    }
    return {"ours": ours, "theirs": theirs, "other": other, **phones}


def test_each_session_is_held_to_its_organisations_retention(
    app: Flask, client: FlaskClient, staff: Headers, two: dict[str, Any], purge: Callable[..., Result]
) -> None:
    before = dump(app)
    dry = purge("--dry-run", "--now", TWO_MONTHS_LATER)
    assert dry.exit_code == 0, dry.output
    assert "Mission Locale — durée de conservation : 1 mois (réglée dans la console" in dry.output
    assert f"À effacer : session {two['ours']['id']} « Groupe de Lille », finie le 2026-12-02 " in dry.output
    assert "(conservée jusqu'au 2027-01-02)" in dry.output
    assert "Groupe de Cayenne" not in dry.output and "Mission Locale de Cayenne" not in dry.output
    assert "2 jeune(s) à effacer dans 1 session(s)." in dry.output
    assert dump(app) == before, "the dry run changes nothing"

    done = purge("--now", TWO_MONTHS_LATER)
    assert done.exit_code == 0, done.output
    assert "2 jeune(s) effacé(s) dans 1 session(s)." in done.output and "Groupe de Cayenne" not in done.output
    assert players(client, staff, two["ours"]) == []
    assert client.get("/api/me", headers=two["ines"]).status_code == 401
    assert players(client, two["other"], two["theirs"]) == ["Maéva"]
    assert client.get("/api/me", headers=two["maeva"]).status_code == 200

    # a year later Cayenne's retention is over too
    late = purge("--dry-run", "--now", "2027-12-03")
    assert "Mission Locale de Cayenne — durée de conservation : 12 mois (réglée dans la console" in late.output
    assert f"À effacer : session {two['theirs']['id']} « Groupe de Cayenne »" in late.output
    assert "Groupe de Lille" not in late.output, "already erased"
