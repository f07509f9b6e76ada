"""``eclats purge``: the young people of a session past its retention period are erased
as an erasure does (answers, photos, appointment notes, badges revoked), one session per
transaction; a session within it is untouched; the dry run lists and changes nothing; a
second run erases nothing; a failure leaves the session whole."""

from __future__ import annotations

import io
import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from api.cli import main
from api.clock import set_now
from badges.ob2 import RETENTION_REASON
from content.catalog import QuestKind
from content.loader import load_named_pack
from game.services import privacy

from ..api.helpers import playable_order, right_answer
from ..conftest import create_session, join, open_day

Headers = dict[str, str]
# the default session runs 2026-11-23 → 2026-12-02; 3 months by default (90 days)
LAST_KEPT_DAY = "2027-03-02"
AFTER = "2027-03-03"


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    set_now(lambda: datetime(2026, 11, 24, 9, 0))
    yield
    set_now(None)


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def world(app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any]) -> dict[str, Any]:
    """Session « old » (ended 2026-12-02): Inès (photo answer, badge, appointment with a
    note) and Yanis; session « recent » (starts 2027-01-04): Lou."""
    team = game["teams"][0]["id"]
    ines, yanis = join(client, game["join_code"], "Inès", team), join(client, game["join_code"], "Yanis", team)
    for day in range(1, 10):
        open_day(client, staff, game["id"], day)
    catalog = load_named_pack("default")
    photo = next(q for d in range(1, 10) for q in catalog.quests_of_day(d) if q.kind is QuestKind.PHOTO)
    for quest in [*playable_order(catalog, photo.day), *playable_order(catalog, 9)]:
        client.post(f"/api/me/quests/{quest.id}/answer", json=right_answer(quest), headers=ines)
    sent = client.post(f"/api/me/quests/{photo.id}/submission", data={"photo": (io.BytesIO(_photo()), "p.jpg")},
                       headers=ines, content_type="multipart/form-data")  # fmt: skip
    assert sent.status_code == 201, sent.json
    slots = client.post(f"/api/sessions/{game['id']}/slots", headers=staff, json={
        "local_start": "2026-11-27T14:00", "duration_minutes": 30, "mode": "in_person", "place": "Bureau 3", "count": 1,
    })  # fmt: skip
    assert slots.status_code == 201, slots.json
    booked = client.post("/api/me/appointment", json={"slot_id": slots.json[0]["id"], "note": "Trouver une alternance"},
                         headers=ines)  # fmt: skip
    assert booked.status_code == 201, booked.json
    client.put("/api/me/badges/consent", json={"agree": True}, headers=ines)
    ids = {p["nickname"]: p["id"] for p in client.get(f"/api/sessions/{game['id']}", headers=staff).json["players"]}
    skill = catalog.skills[0].id if catalog.skills else "fiabilite"
    issued = client.post(f"/api/sessions/{game['id']}/badges", json={"skill_id": skill, "player_ids": [ids["Inès"]]},
                         headers=staff)  # fmt: skip
    assert issued.status_code in (200, 201), issued.json
    [award] = issued.json["issued"]
    recent = create_session(client, staff, name="Groupe de janvier", start_date="2027-01-04")
    lou = join(client, recent["join_code"], "Lou")
    assert len(list(app.config["UPLOAD_DIR"].iterdir())) == 1
    return {"old": game, "recent": recent, "ines": ines, "yanis": yanis, "lou": lou, "award": award["id"],
            "credential": client.get(f"/badges/{award['id']}/credential.json").json}  # fmt: skip


@pytest.fixture
def purge(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
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


def dump(app: Flask) -> list[str]:
    with sqlite3.connect(str(app.config["DATABASE_URL"]).removeprefix("sqlite:///")) as conn:
        return list(conn.iterdump())


def players(client: FlaskClient, staff: Headers, session: dict[str, Any]) -> list[str]:
    return [p["nickname"] for p in client.get(f"/api/sessions/{session['id']}", headers=staff).json["players"]]


def test_a_session_past_retention_is_erased_as_an_erasure_and_one_within_it_is_untouched(
    app: Flask, client: FlaskClient, staff: Headers, world: dict[str, Any], purge: Any
) -> None:
    old, award = world["old"], world["award"]
    done = purge("--now", AFTER)
    assert done.exit_code == 0, done.output
    assert f"Effacée : session {old['id']} « Groupe du lundi », finie le 2026-12-02" in done.output
    assert "2 jeune(s), 1 badge(s) retiré(s)" in done.output
    assert "Groupe de janvier" not in done.output and "2 jeune(s) effacé(s) dans 1 session(s)." in done.output
    detail = client.get(f"/api/sessions/{old['id']}", headers=staff).json
    assert detail["players"] == [] and len(detail["teams"]) == 2  # the session and its teams stay
    assert detail["name"] == "Groupe du lundi"
    assert client.get(f"/api/sessions/{old['id']}/submissions", headers=staff).json == []
    assert list(app.config["UPLOAD_DIR"].iterdir()) == [], "the photo is gone from disk"
    agenda = client.get(f"/api/sessions/{old['id']}/agenda", headers=staff).json
    assert not any(line["booked"] for line in agenda), "the appointment and its note are gone"
    assert "Trouver une alternance" not in str(agenda)
    assert client.get("/api/me", headers=world["ines"]).status_code == 401
    # the badge: revoked everywhere, without the nickname, saying why
    page = client.get(f"/badges/{award}")
    assert page.status_code == 410 and "Inès" not in page.get_data(as_text=True)
    assert RETENTION_REASON in page.get_data(as_text=True)
    assert client.post("/api/verify", json={"credential": world["credential"]}).json["verdict"] == "revoked"
    hosted = client.get(f"/ob2/assertions/{award}")
    assert hosted.status_code == 410 and hosted.json["revocationReason"] == RETENTION_REASON
    # the session within its retention period: untouched
    assert players(client, staff, world["recent"]) == ["Lou"]
    assert client.get("/api/me", headers=world["lou"]).status_code == 200


def test_nothing_is_erased_on_the_last_day_kept(
    app: Flask, client: FlaskClient, staff: Headers, world: dict[str, Any], purge: Any
) -> None:
    before = dump(app)
    done = purge("--now", f"{LAST_KEPT_DAY}T23:59:00")
    assert done.exit_code == 0, done.output
    assert "Rien à effacer" in done.output and "0 jeune(s) effacé(s)" in done.output
    assert dump(app) == before


def test_the_dry_run_lists_what_it_would_erase_and_changes_nothing(
    app: Flask, client: FlaskClient, staff: Headers, world: dict[str, Any], purge: Any
) -> None:
    before = dump(app)
    dry = purge("--dry-run", "--now", AFTER)
    assert dry.exit_code == 0, dry.output
    assert "Simulation (--dry-run) : rien n'est effacé." in dry.output
    assert (
        f"À effacer : session {world['old']['id']} « Groupe du lundi », finie le 2026-12-02 "
        "(conservée jusqu'au 2027-03-02) : 2 jeune(s), 1 badge(s) retiré(s)." in dry.output
    )
    assert "Groupe de janvier" not in dry.output and "2 jeune(s) à effacer dans 1 session(s)." in dry.output
    assert dump(app) == before, "the database is unchanged"
    assert len(list(app.config["UPLOAD_DIR"].iterdir())) == 1
    assert players(client, staff, world["old"]) == ["Inès", "Yanis"]


def test_a_second_run_erases_nothing(app: Flask, world: dict[str, Any], purge: Any) -> None:
    assert purge("--now", AFTER).exit_code == 0
    after_first = dump(app)
    again = purge("--now", AFTER)
    assert again.exit_code == 0, again.output
    assert "Rien à effacer" in again.output and "0 jeune(s) effacé(s) dans 0 session(s)." in again.output
    assert dump(app) == after_first


def test_a_failure_in_the_middle_leaves_the_session_whole(
    app: Flask, client: FlaskClient, staff: Headers, world: dict[str, Any], purge: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real, calls = privacy.erase_player, []

    def second_fails(*args: Any, **kwargs: Any) -> privacy.Erasure:
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disque plein")
        return real(*args, **kwargs)

    monkeypatch.setattr(privacy, "erase_player", second_fails)
    before = dump(app)
    failed = purge("--now", AFTER)
    assert failed.exit_code == 1
    assert "ÉCHEC : session" in failed.output and "rien n'a changé pour elle" in failed.output
    assert dump(app) == before, "Inès, erased first, is back: no session is half purged"
    assert len(list(app.config["UPLOAD_DIR"].iterdir())) == 1, "her photo is still on disk"
    monkeypatch.setattr(privacy, "erase_player", real)
    assert purge("--now", AFTER).exit_code == 0  # the next night's run finishes it
    assert players(client, staff, world["old"]) == []


def test_the_retention_set_in_the_console_decides(
    client: FlaskClient, staff: Headers, world: dict[str, Any], purge: Any
) -> None:
    assert "Rien à effacer" in purge("--now", "2027-01-03").output  # 3 months by default
    assert client.patch("/api/settings", json={"retention_months": 1}, headers=staff).status_code == 200
    done = purge("--now", "2027-01-03")
    assert "durée de conservation : 1 mois (réglée dans la console" in done.output
    assert "2 jeune(s) effacé(s) dans 1 session(s)." in done.output


def test_a_wrong_date_is_refused_clearly(world: dict[str, Any], purge: Any) -> None:
    bad = purge("--now", "demain")
    assert bad.exit_code == 2 and "« demain » n'est pas une date ISO" in bad.output
