"""``eclats`` failing to start, as the person at the keyboard sees it: one French line
saying what is wrong and what to do, a non-zero exit, no traceback, and nothing printed
or changed before the port is bound. Real ``eclats serve`` processes on loopback ports,
every wait bounded, every process stopped by its pid.

Read-only folder: as root, permission bits are ignored, so the server runs as ``nobody``
(``setpriv``) in a folder owned by root; as another user, the folder is made ``0555``.
Full disk: the child's ``RLIMIT_FSIZE`` is 0, so every write to a file fails (``EFBIG``,
Python ignores ``SIGXFSZ``); it needs no mount, so it works as root in any container."""

from __future__ import annotations

import io
import os
import re
import resource
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from PIL import Image

from content.loader import PACKS_DIR
from tests.realtime.live import Phone, http
from tests.servers import eclats_server, free_port, missing, wait_healthy

ECLATS = str(Path(sys.executable).parent / "eclats")
PASSWORD = "mot-de-passe-solide"


def eclats(
    instance: Path,
    *args: str,
    env: dict[str, str] | None = None,
    prefix: tuple[str, ...] = (),
    preexec_fn: Callable[[], None] | None = None,
    timeout: float = 90,
) -> subprocess.CompletedProcess[str]:
    """Run ``eclats ARGS`` on this instance folder; a server that starts when it should
    not is killed at ``timeout`` (the test then fails on ``TimeoutExpired``)."""
    full = {**os.environ, "ECLATS_INSTANCE": str(instance), "PYTHONUNBUFFERED": "1", **(env or {})}
    if "DATABASE_URL" not in (env or {}):
        full.pop("DATABASE_URL", None)
    return subprocess.run(
        [*prefix, ECLATS, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full,
        preexec_fn=preexec_fn,
    )


def serve(instance: Path, *more: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return eclats(instance, "serve", "--host", "127.0.0.1", "--port", str(free_port()), *more, **kwargs)


def one_french_line(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """The command failed with exactly one line on stderr holding ``words``, printed
    nothing else (no banner, no password) and no traceback."""
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stdout == "", result.stdout
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def migrated_instance(tmp_path: Path) -> Path:
    """An instance folder holding a real, fully migrated database with nothing left in
    its write-ahead log (as after a clean stop)."""
    from api import create_app
    from api.extensions import engine
    from content.loader import use_local_packs
    from game.store.db import upgrade

    instance = tmp_path / "instance"
    app = create_app({"INSTANCE_DIR": instance, "DATABASE_URL": f"sqlite:///{instance / 'eclats.db'}"})
    with app.app_context():
        upgrade(engine())
    app.extensions["eclats.engine"].dispose()
    use_local_packs(None)
    with sqlite3.connect(instance / "eclats.db") as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for extra in ("eclats.db-wal", "eclats.db-shm"):
        (instance / extra).unlink(missing_ok=True)
    return instance


# --- the port -------------------------------------------------------------------------


def test_a_second_server_on_a_busy_port_says_so_and_leaves_the_first_one_alone(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    with eclats_server(instance) as first:
        code = re.search(r"\(code : (\w+)\)", first.printed())
        assert code, first.printed()
        team = http(first.url, "GET", f"/api/join/{code.group(1)}")["teams"][0]["id"]
        joined = {"code": code.group(1), "nickname": "Inès", "team_id": team}
        token = http(first.url, "POST", "/api/join", joined)["token"]
        phone = Phone(first.url, token).connect()
        try:
            phone.wait_for("hello")
            with sqlite3.connect(instance / "eclats.db") as conn:
                online = conn.execute("SELECT sid, process FROM connections").fetchall()
            conn.close()
            assert len(online) == 1
            port = first.url.rsplit(":", 1)[1]

            second = eclats(instance, "serve", "--host", "127.0.0.1", "--port", port)

            line = one_french_line(second, port)
            assert "port" in line
            with sqlite3.connect(instance / "eclats.db") as conn:
                assert conn.execute("SELECT sid, process FROM connections").fetchall() == online
            conn.close()
            assert phone.sio.connected
            assert http(first.url, "GET", "/api/health") is not None
        finally:
            phone.disconnect()


# --- the database ---------------------------------------------------------------------


def test_a_database_file_full_of_garbage_is_named_in_one_line(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "eclats.db").write_bytes(os.urandom(100_000))
    one_french_line(serve(instance), "base de données", "abîmée")
    one_french_line(eclats(instance, "db", "upgrade"), "abîmée")


def test_a_truncated_database_is_named_in_one_line(tmp_path: Path) -> None:
    instance = migrated_instance(tmp_path)
    database = instance / "eclats.db"
    whole = database.read_bytes()
    database.write_bytes(whole[: len(whole) // 2])
    one_french_line(serve(instance), "base de données", "abîmée")


def test_a_damaged_page_is_caught_at_start_not_in_the_middle_of_the_game(tmp_path: Path) -> None:
    """Start-up reads a few tables only (and the migration's foreign-key check scans the
    rest, not their indexes): an index page, scrambled, must still be found before the
    first player comes, not when the group first writes there."""
    instance = migrated_instance(tmp_path)
    database = instance / "eclats.db"
    with sqlite3.connect(database) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ix_reflections_player_id'").fetchone()[0]
    conn.close()
    data = bytearray(database.read_bytes())
    data[(root - 1) * page_size : root * page_size] = bytes(range(256)) * (page_size // 256)
    database.write_bytes(bytes(data))
    one_french_line(serve(instance, timeout=60), "abîmée")


def test_a_database_from_a_newer_version_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    instance = migrated_instance(tmp_path)
    with sqlite3.connect(instance / "eclats.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff'")
    conn.close()
    line = one_french_line(serve(instance), "ffff")
    assert "plus récente" in line
    one_french_line(eclats(instance, "db", "upgrade"), "ffff")
    with sqlite3.connect(instance / "eclats.db") as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("ffff",)]
    conn.close()


def test_debug_shows_the_traceback_then_the_french_line(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "eclats.db").write_bytes(b"pas une base " * 1000)
    result = serve(instance, "--debug")
    assert result.returncode != 0
    assert "Traceback" in result.stderr
    assert "abîmée" in result.stderr.strip().splitlines()[-1]


# --- the content ----------------------------------------------------------------------


def test_an_invalid_pack_is_one_line_for_every_command_that_opens_the_instance(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    shutil.copytree(PACKS_DIR / "default", packs / "default")
    day1 = packs / "default" / "quests" / "day01.yaml"
    quests = yaml.safe_load(day1.read_text(encoding="utf-8"))
    quests[0]["offers"] = ["offre-fantome"]
    day1.write_text(yaml.safe_dump(quests, allow_unicode=True, sort_keys=False), encoding="utf-8")
    env = {"ECLATS_PACKS_DIR": str(packs), "ECLATS_PASSWORD": PASSWORD}
    instance = tmp_path / "instance"
    one_french_line(serve(instance, env=env), "pack", "invalide", "offre-fantome")
    one_french_line(eclats(instance, "facilitator", "create", "claire", env=env), "pack", "invalide")
    one_french_line(eclats(instance, "db", "upgrade", env=env), "pack", "invalide")


# --- the instance folder --------------------------------------------------------------


def _as_nobody() -> tuple[str, ...]:
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        missing("setpriv (util-linux)")
    assert setpriv is not None
    return (setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups")


def test_a_read_only_instance_folder_is_named_in_one_line(tmp_path: Path) -> None:
    # outside pytest's root-only temporary folder, so that nobody can reach it
    base = Path(tempfile.mkdtemp(prefix="eclats-ro-"))
    try:
        base.chmod(0o755)
        instance = base / "instance"
        instance.mkdir()
        prefix: tuple[str, ...] = ()
        if os.geteuid() == 0:
            instance.chmod(0o755)  # root's: nobody may read it, not write in it
            prefix = _as_nobody()
        else:
            instance.chmod(0o555)
        line = one_french_line(serve(instance, prefix=prefix), str(instance))
        assert "écrire" in line
        assert list(instance.iterdir()) == []
    finally:
        base.chmod(0o700)
        for folder in base.rglob("*"):
            folder.chmod(0o700)
        shutil.rmtree(base, ignore_errors=True)


def _no_file_may_grow() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def test_a_full_disk_is_named_in_one_line(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    line = one_french_line(serve(instance, preexec_fn=_no_file_may_grow), "disque")
    assert "plein" in line


def _umask_000() -> None:
    os.umask(0)


def _mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def test_the_instance_folder_and_its_files_are_private_whatever_the_umask(tmp_path: Path) -> None:
    """An existing 0755 folder, a 0644 photo and database left by an older version, and a
    umask of 000: after a start and a real upload, everything is owner-only."""
    instance = migrated_instance(tmp_path)
    instance.chmod(0o755)
    (instance / "eclats.db").chmod(0o644)
    uploads = instance / "uploads"
    uploads.mkdir(mode=0o755)
    uploads.chmod(0o755)
    old = uploads / "ancienne.jpg"
    old.write_bytes(b"\xff\xd8")
    old.chmod(0o644)

    created = eclats(instance, "facilitator", "create", "claire", env={"ECLATS_PASSWORD": PASSWORD})
    assert created.returncode == 0, created.stderr
    port = free_port()
    log_path = tmp_path / "server.log"
    env = {**os.environ, "ECLATS_INSTANCE": str(instance), "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [ECLATS, "serve", "--host", "127.0.0.1", "--port", str(port), "--no-demo"],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            preexec_fn=_umask_000,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process, log_path, 60)
        staff = http(base, "POST", "/api/auth/login", {"username": "claire", "password": PASSWORD})["token"]
        body = {"name": "Droits", "start_date": date.today().isoformat(), "teams": ["Équipe Aurore"]}
        game = http(base, "POST", "/api/sessions", body, staff)
        http(base, "POST", f"/api/sessions/{game['id']}/days", {"day": 1}, staff)
        player = http(base, "POST", "/api/join", {"code": game["join_code"], "nickname": "Inès"})["token"]
        _photo(base, player)

        photos = [p for p in uploads.iterdir() if p != old]
        assert len(photos) == 1
        assert _mode(instance) == "0o700"
        assert _mode(uploads) == "0o700"
        for path in [instance / "eclats.db", instance / "eclats.db-wal", instance / "eclats.db-shm", old, *photos]:
            assert _mode(path) == "0o600", path
        for path in instance.rglob("*"):
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _photo(base: str, token: str) -> None:
    """Inès solves the day's first quest, then sends the team photo."""
    from content.loader import load_named_pack
    from tests.api.helpers import right_answer

    before = load_named_pack("default").quest("d1-badge-entree")
    assert before is not None
    headers = {"Authorization": f"Bearer {token}"}
    solved = httpx.post(f"{base}/api/me/quests/{before.id}/answer", json=right_answer(before), headers=headers)
    assert solved.status_code == 200 and solved.json()["correct"], solved.text
    picture = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(picture, "JPEG")
    sent = httpx.post(
        f"{base}/api/me/quests/d1-photo-equipe/submission",
        files={"photo": ("photo.jpg", picture.getvalue(), "image/jpeg")},
        headers=headers,
        timeout=30,
    )
    assert sent.status_code in (200, 201), sent.text


# --- the log --------------------------------------------------------------------------


@pytest.fixture
def quiet_server(tmp_path: Path) -> Iterator[Any]:
    with eclats_server(tmp_path / "instance", demo=False) as running:
        yield running


def test_each_failed_login_is_one_line_of_the_server_log_with_who_and_from_where(quiet_server: Any) -> None:
    before = quiet_server.printed()
    for _ in range(6):  # five wrong passwords, then the account waits (429)
        r = httpx.post(f"{quiet_server.url}/api/auth/login", json={"username": "Bob", "password": "pas-le-bon"})
        assert r.status_code in (401, 429)
    assert r.status_code == 429
    httpx.get(f"{quiet_server.url}/api/nothing-here")  # an ordinary 404: nothing to log
    new = quiet_server.printed()[len(before) :].splitlines()
    assert "Traceback" not in quiet_server.printed()
    logins = [line for line in new if "'bob'" in line]
    assert len(logins) == 6, new
    assert all("127.0.0.1" in line for line in logins), logins
    assert len(new) == 6, new
