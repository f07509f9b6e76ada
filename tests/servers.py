"""Real servers for the tests, started on loopback in a temporary folder and stopped
afterwards. Under CI=true a missing server binary fails the test instead of skipping."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(what: str) -> None:
    if in_ci():
        pytest.fail(f"{what} is required under CI=true")
    pytest.skip(f"{what} not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@contextmanager
def postgres_server() -> Iterator[str]:
    """A private PostgreSQL cluster on a free loopback port; yields an admin URL
    without database name (``postgresql+psycopg://postgres@127.0.0.1:PORT``).

    Its folder is made with tempfile, not under pytest's (root-only) temporary folder,
    because the server runs as the postgres user when the tests run as root."""
    bindir = _pg_bin()
    if bindir is None:
        missing("PostgreSQL (apt-get install postgresql)")
    assert bindir is not None
    base = Path(tempfile.mkdtemp(prefix="eclats-pg-"))
    data = base / "pgdata"
    data.mkdir()
    # PostgreSQL refuses to run as root: as root, run it as the postgres user
    prefix: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(data, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [
            *prefix,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(data / "log"),
            "-w",
            "-t",
            "60",
            "start",
        ],
        check=True,
        capture_output=True,
        timeout=90,
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(base, ignore_errors=True)


@dataclass
class EclatsServer:
    url: str
    log: Path
    process: subprocess.Popen[str]

    def printed(self) -> str:
        return self.log.read_text(encoding="utf-8")


def wait_healthy(url: str, process: subprocess.Popen[Any], log_path: Path, timeout: float) -> None:
    """Wait until the server answers ``/api/health``; fail with its log if it died."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("server did not start:\n" + log_path.read_text()) from None
            time.sleep(0.2)


@contextmanager
def eclats_server(
    instance: Path, extra_env: dict[str, str] | None = None, *, demo: bool = True
) -> Iterator[EclatsServer]:
    """A real ``eclats serve`` process (gevent, real websockets) on a free loopback port,
    stopped with SIGTERM afterwards."""
    port = free_port()
    env = {**os.environ, "ECLATS_INSTANCE": str(instance), "PYTHONUNBUFFERED": "1", **(extra_env or {})}
    if "DATABASE_URL" not in (extra_env or {}):
        env.pop("DATABASE_URL", None)
    instance.mkdir(parents=True, exist_ok=True)
    log_path = instance / f"server-{port}.log"
    args = [str(Path(sys.executable).parent / "eclats"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    if not demo:
        args.append("--no-demo")
    with log_path.open("w") as log:
        process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, text=True, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, log_path, 30)
        yield EclatsServer(url, log_path, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@dataclass
class RedisServer:
    url: str
    process: subprocess.Popen[bytes]


@contextmanager
def redis_server(folder: Path | None = None) -> Iterator[RedisServer]:
    """A private redis-server on a free loopback port, no persistence (also used by
    ``bench/realtime``, which samples its CPU through ``process``)."""
    binary = shutil.which("redis-server")
    if binary is None:
        missing("redis-server (apt-get install redis-server)")
    assert binary is not None
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        + (["--dir", str(folder)] if folder else []),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.1)
        yield RedisServer(f"redis://127.0.0.1:{port}/0", process)
    finally:
        process.terminate()
        process.wait(timeout=10)


NGINX_TEMPLATE = Path(__file__).resolve().parent.parent / "deploy" / "nginx" / "eclats.conf"


def render_nginx(upstreams: list[int], listen: str, server_name: str = "localhost") -> str:
    """``deploy/nginx/eclats.conf`` with its markers replaced (as the deploy docs do):
    one upstream line per worker port on loopback."""
    workers = " ".join(f"server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in upstreams)
    text = NGINX_TEMPLATE.read_text(encoding="utf-8")
    return text.replace("@LISTEN@", listen).replace("@SERVER_NAME@", server_name).replace("@WORKERS@", workers)


@contextmanager
def nginx_server(upstreams: list[int]) -> Iterator[int]:
    """Debian's nginx in front of ``eclats serve`` workers listening on ``upstreams``
    (loopback ports), configured by ``deploy/nginx/eclats.conf``; yields nginx's port.

    Everything (main config, pid file, logs, temporary files) is in a temporary folder:
    no system configuration is read or touched. nginx runs in the foreground as a child
    and is stopped by its pid. Each response carries ``X-Eclats-Upstream`` (the worker
    that answered, added here at the http level, not in the deployed file)."""
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if binary is None:
        missing("nginx (apt-get install nginx)")
    assert binary is not None
    base = Path(tempfile.mkdtemp(prefix="eclats-nginx-"))
    port = free_port()
    (base / "eclats.conf").write_text(render_nginx(upstreams, f"127.0.0.1:{port}"), encoding="utf-8")
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = "\n".join(f"    {kind}_temp_path {base / kind};" for kind in kinds)
    (base / "nginx.conf").write_text(
        f"""{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {base / "nginx.pid"};
error_log {base / "error.log"} info;
events {{ worker_connections 1024; }}
http {{
    access_log {base / "access.log"};
{temp}
    add_header X-Eclats-Upstream $upstream_addr always;
    include {base / "eclats.conf"};
}}
""",
        encoding="utf-8",
    )
    args = [binary, "-p", str(base), "-e", str(base / "error.log"), "-c", str(base / "nginx.conf")]
    check = subprocess.run([*args, "-t"], capture_output=True, text=True, timeout=30)
    if check.returncode != 0:
        raise RuntimeError("nginx refused its configuration:\n" + check.stderr)
    process = subprocess.Popen([*args, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log = base / "error.log"
                    raise RuntimeError("nginx did not start:\n" + (log.read_text() if log.exists() else "")) from None
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()  # SIGTERM to the master: a fast shutdown of it and its worker
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        shutil.rmtree(base, ignore_errors=True)
