"""The production stack of ``deploy/`` run for real on loopback: PostgreSQL, Redis, two
``eclats serve`` workers migrated once beforehand (as ``eclats-migrate.service`` does) and
Debian's nginx configured by ``deploy/nginx/eclats.conf``. A session is played through nginx,
one phone over websocket and one over long-polling, each from its own loopback address and
held by its own worker. Also: the
backup script against that PostgreSQL, and the systemd units checked by systemd-analyze."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import urllib.request
from collections.abc import Iterator
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests
import socketio

from content.loader import load_named_pack
from tests.api.helpers import playable_order, right_answer
from tests.servers import eclats_server, missing, nginx_server, postgres_server, redis_server

from .live import Phone, cid, http
from .test_live import PASSWORD, join, setup_game

DEPLOY = Path(__file__).resolve().parent.parent.parent / "deploy"
ROLE_PASSWORD = "mot:de@passe/du rôle"  # URL-quoted in DATABASE_URL, as deploy/README.md says


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    """An admin URL of a private cluster with the ``eclats`` role of deploy/README.md."""
    with postgres_server() as url, psycopg.connect(_libpq(url) + "/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE ROLE eclats LOGIN PASSWORD '{ROLE_PASSWORD}'")
        yield url


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg", "postgresql")


def database_of_eclats(admin_url: str, name: str) -> str:
    """A database owned by the ``eclats`` role; its URL as the environment file holds it."""
    with psycopg.connect(_libpq(admin_url) + "/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} OWNER eclats")
    port = admin_url.rsplit(":", 1)[1]
    quoted = urllib.request.quote(ROLE_PASSWORD, safe="")
    return f"postgresql+psycopg://eclats:{quoted}@127.0.0.1:{port}/{name}"


def eclats(args: list[str], instance: Path, env: dict[str, str]) -> None:
    subprocess.run(
        [str(Path(sys.executable).parent / "eclats"), *args],
        env={**os.environ, "ECLATS_INSTANCE": str(instance), **env},
        check=True,
        capture_output=True,
        timeout=120,
    )


EVENTS = ("hello", "team", "session", "leaderboard", "presence", "submission", "revoked")


def worker_for(front_port: int, source: str) -> str:
    """The worker (``127.0.0.1:PORT``) nginx sends a client at ``source`` to (the test
    header ``X-Eclats-Upstream`` of nginx_server)."""
    conn = HTTPConnection("127.0.0.1", front_port, timeout=10, source_address=(source, 0))
    try:
        conn.request("GET", "/api/health")
        response = conn.getresponse()
        response.read()
        return str(response.getheader("X-Eclats-Upstream"))
    finally:
        conn.close()


class _FromAddress(requests.adapters.HTTPAdapter):
    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


def phone_at(front_port: int, source: str, token: str, transport: str, namespace: str = "/player") -> Phone:
    """A phone whose connections come from the loopback address ``source`` (each phone of
    a group has its own address), over ``transport`` only."""
    base = f"http://127.0.0.1:{front_port}"
    phone = Phone(base, token, namespace)
    if transport == "websocket":
        sock = socket.create_connection(("127.0.0.1", front_port), timeout=10, source_address=(source, 0))
        client = socketio.Client(reconnection=False, websocket_extra_options={"socket": sock})
    else:
        session = requests.Session()
        session.mount("http://", _FromAddress(source))
        client = socketio.Client(reconnection=False, http_session=session)
    for name in EVENTS:
        client.on(name, phone._collector(name), namespace=namespace)
    phone.sio = client
    client.connect(base, namespaces=[namespace], auth={"token": token}, transports=[transport], wait_timeout=10)
    return phone


def worker_of_each_player(admin_url: str, name: str) -> dict[str, str]:
    """nickname → the worker process holding that player's socket (its presence row)."""
    with psycopg.connect(f"{_libpq(admin_url)}/{name}") as conn:
        rows = conn.execute("SELECT p.nickname, c.process FROM connections c JOIN players p ON p.id = c.player_id")
        return {str(nickname): str(process) for nickname, process in rows}


def test_a_session_plays_through_nginx_over_websocket_and_long_polling(postgres: str, tmp_path: Path) -> None:
    database = database_of_eclats(postgres, "eclats_stack")
    instance = tmp_path / "instance"  # one instance folder for both workers, as on a server
    with redis_server() as redis:
        env = {"DATABASE_URL": database, "SOCKETIO_MESSAGE_QUEUE": redis.url, "ECLATS_PROXIES": "1"}
        eclats(["db", "upgrade"], instance, env)  # eclats-migrate.service, before the workers
        with (
            eclats_server(instance, env, demo=False) as one,
            eclats_server(instance, env, demo=False) as two,
        ):
            with nginx_server([int(one.url.rsplit(":", 1)[1]), int(two.url.rsplit(":", 1)[1])]) as port:
                front = f"http://127.0.0.1:{port}"
                # nginx is sticky by client address: find a loopback address that it sends
                # to each worker (every phone has its own address, as on a real network)
                source_of: dict[str, str] = {}
                for last in range(2, 60):
                    source = f"127.0.0.{last}"
                    routed = {worker_for(port, source) for _ in range(3)}
                    assert len(routed) == 1, f"{source} always reaches the same worker (sticky): {routed}"
                    source_of.setdefault(routed.pop(), source)
                    if len(source_of) == 2:
                        break
                assert len(source_of) == 2, f"nginx spreads addresses over both workers: {source_of}"
                (ines_worker, ines_source), (yanis_worker, yanis_source) = source_of.items()

                staff, game = setup_game(front, instance, database)
                ines_token = join(front, game["join_code"], "Inès")
                yanis_token = join(front, game["join_code"], "Yanis")
                quests = playable_order(load_named_pack("default"), 1)
                console = Phone(front, staff, namespace="/staff").connect()
                ines = phone_at(port, ines_source, ines_token, "websocket")
                yanis = phone_at(port, yanis_source, yanis_token, "polling")
                try:
                    assert ines.sio.transport() == "websocket" and yanis.sio.transport() == "polling"
                    assert console.call("watch", {"session_id": game["id"]})["ok"]
                    ines.wait_for("presence", lambda p: p["nickname"] == "Yanis" and p["online"])
                    # each socket is held by the worker nginx sends its address to (presence rows)
                    host = socket.gethostname()
                    assert worker_of_each_player(postgres, "eclats_stack") == {
                        "Inès": f"{host}:{ines_worker.rsplit(':', 1)[1]}",
                        "Yanis": f"{host}:{yanis_worker.rsplit(':', 1)[1]}",
                    }

                    ack = ines.call("answer", {"client_id": cid(), "quest_id": quests[0].id, **right_answer(quests[0])})
                    assert ack["ok"] and ack["correct"]
                    seen = yanis.wait_for("team", lambda e: e["quest_id"] == quests[0].id)
                    assert seen["type"] == "solved" and seen["by"] == "Inès"
                    console.wait_for("team", lambda e: e["quest_id"] == quests[0].id and e["by"] == "Inès")

                    ack = yanis.call(
                        "answer", {"client_id": cid(), "quest_id": quests[1].id, **right_answer(quests[1])}
                    )
                    assert ack["ok"] and ack["correct"]
                    ines.wait_for("team", lambda e: e["quest_id"] == quests[1].id and e["by"] == "Yanis")
                    console.wait_for("team", lambda e: e["quest_id"] == quests[1].id and e["by"] == "Yanis")
                    me = http(front, "GET", "/api/me", token=yanis_token)
                    assert me["team"]["eclats"] == quests[0].reward + quests[1].reward
                finally:
                    for phone in (ines, yanis, console):
                        phone.disconnect()
            with pytest.raises(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            for worker in (one, two):
                assert "Traceback" not in worker.printed()
        for worker in (one, two):
            assert worker.process.poll() is not None, "every worker is stopped by its pid"


def _needs(binary: str, package: str) -> str:
    found = shutil.which(binary)
    if found is None:
        missing(f"{binary} (apt-get install {package})")
    assert found is not None
    return found


def test_the_backup_script_saves_a_restorable_dump_and_the_keys(postgres: str, tmp_path: Path) -> None:
    pg_restore = _needs("pg_restore", "postgresql-client")
    from badges.keys import KeyRing

    database = database_of_eclats(postgres, "eclats_backup")
    instance = tmp_path / "instance"
    env = {"DATABASE_URL": database, "ECLATS_PASSWORD": PASSWORD}
    eclats(["db", "upgrade"], instance, env)
    eclats(["facilitator", "create", "claire"], instance, env)
    active = KeyRing(instance / "badge-keys").active  # what the first `eclats serve` makes
    fd = os.open(instance / "secret.key", os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(fd, os.urandom(32))
    os.close(fd)
    backups = tmp_path / "backups"
    backups.mkdir()
    now = time.time()
    stale, recent = backups / "eclats-db-20200101T000000Z.dump", backups / "eclats-files-20200102T000000Z.tar.gz"
    for path, days in ((stale, 20), (recent, 2)):
        path.write_bytes(b"older backup")
        os.utime(path, (now - days * 86400, now - days * 86400))

    done = subprocess.run(
        ["bash", str(DEPLOY / "backup.sh")],
        env={
            "PATH": os.environ["PATH"],
            "DATABASE_URL": database,
            "ECLATS_INSTANCE": str(instance),
            "ECLATS_BACKUP_DIR": str(backups),
            "ECLATS_BACKUP_KEEP_DAYS": "14",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert ROLE_PASSWORD not in done.stdout + done.stderr
    dumps = [p for p in backups.glob("eclats-db-*.dump") if p != stale]
    archives = [p for p in backups.glob("eclats-files-*.tar.gz") if p != recent]
    assert len(dumps) == 1 and len(archives) == 1
    assert not stale.exists() and recent.exists(), "older than 14 days deleted, the others kept"
    assert all(p.stat().st_mode & 0o077 == 0 for p in (*dumps, *archives)), "backups readable by their owner only"

    listing = subprocess.run([pg_restore, "--list", str(dumps[0])], capture_output=True, text=True, check=True)
    assert re.search(r"TABLE DATA public facilitators", listing.stdout)
    # the restore test of deploy/README.md: into an empty database, then read it
    database_of_eclats(postgres, "eclats_restored")
    subprocess.run(
        [pg_restore, "--no-owner", "--exit-on-error", "--dbname", _libpq(postgres) + "/eclats_restored", str(dumps[0])],
        check=True,
        capture_output=True,
        timeout=120,
    )
    with psycopg.connect(_libpq(postgres) + "/eclats_restored") as conn:
        assert [row[0] for row in conn.execute("SELECT username FROM facilitators")] == ["claire"]

    with tarfile.open(archives[0]) as tar:
        names = set(tar.getnames())
        secret = tar.extractfile("secret.key")
        assert secret is not None and secret.read() == (instance / "secret.key").read_bytes()
    assert {"badge-keys/ACTIVE", f"badge-keys/{active.multikey}.pem"} <= names


def test_the_systemd_units_pass_systemd_analyze(tmp_path: Path) -> None:
    """Skipped where systemd-analyze is absent, even under CI: a test machine is not a server."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not installed")
    eclats_bin = Path(sys.executable).parent / "eclats"
    units: list[str] = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = unit.read_text(encoding="utf-8")
        # the installed paths of deploy/README.md, pointed at this checkout
        text = text.replace("/opt/eclats/current/.venv/bin/eclats", str(eclats_bin))
        text = text.replace("/opt/eclats/current/deploy/", str(DEPLOY) + "/")
        name = unit.name.replace("@.service", "@8001.service")
        (tmp_path / name).write_text(text, encoding="utf-8")
        if name != unit.name:
            (tmp_path / unit.name).write_text(text, encoding="utf-8")
        units.append(str(tmp_path / name))
    done = subprocess.run([analyze, "verify", "--man=no", *units], capture_output=True, text=True, timeout=60)
    # systemd-analyze exits 0 on unknown keys and bad values but names them: none allowed
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr
    worker = (tmp_path / "eclats@8001.service").read_text(encoding="utf-8")
    assert f"{eclats_bin} serve --host 127.0.0.1 --port %i --no-demo" in worker
