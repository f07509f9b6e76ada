"""Fetching badge JSON from a URL typed by anyone, without reaching internal networks (SSRF).

A real HTTP server runs on 127.0.0.1 in a thread. As a safety net, every outgoing connection made
during these tests must go to a loopback address: a bug in the checks fails the test instead of
sending a packet to a private or metadata address.
"""

from __future__ import annotations

import gzip
import ipaddress
import json
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from badges import addresses
from badges import fetch as f
from tests.servers import missing

BADGE = {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "urn:uuid:1"}
MAX_WAIT = 5.0  # no handler of the test server ever waits longer than this


class BadgeServer(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins every handler thread
    block_on_close = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.stop = threading.Event()
        self.requests: list[tuple[str, str]] = []  # (path, Host header)
        self.accepts: list[str] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the client hung up on purpose (too large, too slow): nothing to report


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: BadgeServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send(self, status: int, body: bytes, content_type: str = "application/ld+json", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        self.server.requests.append((url.path, self.headers.get("Host", "")))
        self.server.accepts.append(self.headers.get("Accept", ""))
        if url.path == "/badge.json":
            self.send(200, json.dumps(BADGE).encode())
        elif url.path.startswith("/redirect/"):
            left = int(url.path.rsplit("/", 1)[1])
            target = "/badge.json" if left <= 1 else f"/redirect/{left - 1}"
            self.send(302, b"", Location=target)
        elif url.path == "/to":
            self.send(302, b"", Location=parse_qs(url.query)["url"][0])
        elif url.path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
        elif url.path == "/big-stream":  # no Content-Length: the body ends when the connection closes
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(40):  # 40 x 64 KiB = 2.5 MiB, more than the 1 MB limit
                if self.server.stop.is_set():
                    break
                self.wfile.write(b" " * 65536)
        elif url.path == "/gzip-bomb":
            self.send(200, gzip.compress(b" " * (30 * 1024 * 1024)), Content_Encoding="gzip")
        elif url.path == "/gzip-ok":
            self.send(200, gzip.compress(json.dumps(BADGE).encode()), Content_Encoding="gzip")
        elif url.path == "/slow-headers":
            self.server.stop.wait(MAX_WAIT)
            self.send(200, json.dumps(BADGE).encode())
        elif url.path == "/drip":  # each byte comes quickly, the whole body never does
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(50):
                if self.server.stop.wait(0.1):
                    break
                self.wfile.write(b" ")
                self.wfile.flush()
        elif url.path == "/html":
            self.send(200, b"<html><body>Hello</body></html>", "text/html")
        elif url.path == "/list":
            self.send(200, b"[1, 2, 3]")
        else:
            self.send(404, b"{}")


@pytest.fixture
def server() -> Iterator[BadgeServer]:
    httpd = BadgeServer()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.stop.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(MAX_WAIT)


@pytest.fixture(autouse=True)
def only_loopback_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.create_connection

    def guarded(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        if not ipaddress.ip_address(address[0]).is_loopback:
            raise AssertionError(f"test tried to connect to {address[0]}")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)


def fake_dns(monkeypatch: pytest.MonkeyPatch, table: dict[str, list[str]]) -> list[str]:
    """Answer name lookups from ``table``; returns the log of names asked."""
    asked: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]

    monkeypatch.setattr(f, "_resolve", resolve)
    return asked


def refused(url: str, **kwargs: Any) -> f.FetchError:
    with pytest.raises(f.FetchError) as caught:
        f.fetch_json(url, **kwargs)
    return caught.value


# ---------------------------------------------------------------- loopback and the test switch


def test_local_server_is_refused_without_allow_loopback(server: BadgeServer) -> None:
    error = refused(f"{server.base}/badge.json")
    assert error.message == "Adresse refusée : elle pointe vers un réseau interne."
    assert error.reason == "address_refused"
    assert server.requests == []  # refused before any connection


def test_local_server_is_allowed_with_allow_loopback(server: BadgeServer) -> None:
    assert f.fetch_json(f"{server.base}/badge.json", allow_loopback=True) == BADGE
    assert server.accepts == ["application/ld+json, application/json;q=0.9"]


def test_gzip_body_is_inflated(server: BadgeServer) -> None:
    assert f.fetch_json(f"{server.base}/gzip-ok", allow_loopback=True) == BADGE


# ---------------------------------------------------------------- redirects


def test_three_redirects_are_followed(server: BadgeServer) -> None:
    assert f.fetch_json(f"{server.base}/redirect/3", allow_loopback=True) == BADGE
    assert [path for path, _ in server.requests] == ["/redirect/3", "/redirect/2", "/redirect/1", "/badge.json"]


def test_a_chain_of_four_redirects_is_refused(server: BadgeServer) -> None:
    error = refused(f"{server.base}/redirect/4", allow_loopback=True)
    assert error.message == "Trop de redirections."
    assert len(server.requests) == 4  # the fifth URL is never asked for


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://[fe80::1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://[fd00:ec2::254]/",
        "https://metadata.google.internal/computeMetadata/v1/",
    ],
)
def test_a_redirect_to_an_internal_address_is_refused(server: BadgeServer, target: str) -> None:
    # the local server stands for a public host (allow_loopback): every hop is checked the same way
    error = refused(f"{server.base}/to?url={target}", allow_loopback=True)
    assert error.reason == "address_refused"
    assert [path for path, _ in server.requests] == ["/to"]  # the first hop was served, the second refused


def test_a_redirect_to_another_scheme_is_refused(server: BadgeServer) -> None:
    error = refused(f"{server.base}/to?url=file:///etc/passwd", allow_loopback=True)
    assert error.reason == "invalid_url"


def test_redirect_target_to_loopback_is_refused_by_the_check() -> None:
    with pytest.raises(f.FetchError, match="réseau interne"):
        f.check_url("http://127.0.0.1:8000/assertion", allow_loopback=False)


def test_redirect_from_a_public_name_to_an_internal_name_is_refused(
    server: BadgeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = server.server_address[1]
    fake_dns(monkeypatch, {"badges.example": ["127.0.0.1"], "evil.example": ["169.254.169.254"]})
    error = refused(f"http://badges.example:{port}/to?url=http://evil.example/latest", allow_loopback=True)
    assert error.reason == "address_refused"
    assert [path for path, _ in server.requests] == ["/to"]


# ---------------------------------------------------------------- size and time


@pytest.mark.parametrize("path", ["/big-declared", "/big-stream", "/gzip-bomb"])
def test_an_oversized_body_is_refused(server: BadgeServer, path: str) -> None:
    error = refused(f"{server.base}{path}", allow_loopback=True)
    assert error.message == "Réponse trop grande."


def test_the_size_limit_is_a_setting(server: BadgeServer) -> None:
    assert refused(f"{server.base}/badge.json", allow_loopback=True, max_bytes=10).reason == "too_large"


@pytest.mark.parametrize("path", ["/slow-headers", "/drip"])
def test_a_slow_server_times_out(server: BadgeServer, path: str) -> None:
    started = time.monotonic()
    error = refused(f"{server.base}{path}", allow_loopback=True, timeout=0.6)
    elapsed = time.monotonic() - started
    assert error.message == "Le serveur ne répond pas à temps."
    assert 0.5 < elapsed < 2.0  # one deadline for the whole fetch, even when bytes keep trickling in


# ---------------------------------------------------------------- what the server sends


@pytest.mark.parametrize("path", ["/html", "/list"])
def test_non_json_is_refused(server: BadgeServer, path: str) -> None:
    assert refused(f"{server.base}{path}", allow_loopback=True).message == "Réponse illisible (JSON attendu)."


def test_an_http_error_is_reported(server: BadgeServer) -> None:
    error = refused(f"{server.base}/missing", allow_loopback=True)
    assert error.reason == "http_error"
    assert "404" in error.message


# ---------------------------------------------------------------- the address check


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "[::1]",
        "::1",
        "[fe80::1]",
        "fe80::1%eth0",
        "100.64.0.1",
        "100.100.100.200",
        "0.0.0.0",
        "::",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "127.0.0.1",
        "127.8.9.10",
        "fd00:ec2::254",
        "fc00::1",
        "fec0::1",
        "224.0.0.1",
        "ff02::1",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.0.8",
        "198.18.0.1",
        "2002:7f00:1::",
        "2002:a00:1::",
        "64:ff9b::a9fe:a9fe",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",
        "not an address",
    ],
)
def test_internal_addresses_are_refused(address: str) -> None:
    assert addresses.is_forbidden_address(address)
    with pytest.raises(f.FetchError, match=r"^Adresse refusée : elle pointe vers un réseau interne\.$"):
        f.check_address(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "2002:808:808::"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert not addresses.is_forbidden_address(address)


def test_allow_loopback_lets_only_loopback_through() -> None:
    for address in ("127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"):
        assert not addresses.is_forbidden_address(address, allow_loopback=True)
    for address in ("10.0.0.1", "169.254.169.254", "fe80::1", "0.0.0.0", "192.168.1.1"):
        assert addresses.is_forbidden_address(address, allow_loopback=True)


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0x7f.1/",  # 127.0.0.1 in the forms inet_aton accepts
        "http://2130706433/",
        "http://127.1/",
    ],
)
def test_internal_ip_urls_are_refused(url: str) -> None:
    with pytest.raises(f.FetchError) as caught:
        f.check_url(url)
    assert caught.value.reason == "address_refused"


def test_localhost_is_refused() -> None:
    with pytest.raises(f.FetchError, match="réseau interne"):
        f.check_url("http://localhost/badge.json")


def test_a_name_resolving_to_loopback_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, {"loop.example": ["127.0.0.1"], "mixed.example": ["93.184.215.14", "10.1.2.3"]})
    with pytest.raises(f.FetchError, match="réseau interne"):
        f.check_url("https://loop.example/badge.json")
    with pytest.raises(f.FetchError, match="réseau interne"):  # ANY internal address is enough
        f.check_url("https://mixed.example/badge.json")


def test_metadata_names_are_refused_without_a_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = fake_dns(monkeypatch, {})
    for url in (
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://METADATA.google.internal./",
        "http://metadata/",
        "http://instance-data.ec2.internal/",
    ):
        with pytest.raises(f.FetchError) as caught:
            f.check_url(url)
        assert caught.value.reason == "address_refused"
    assert asked == []


@pytest.mark.parametrize(
    "url", ["ftp://badges.example/a.json", "file:///etc/passwd", "http://user:secret@badges.example/", "http:///x"]
)
def test_other_schemes_and_credentials_are_refused(url: str) -> None:
    with pytest.raises(f.FetchError) as caught:
        f.fetch_json(url)
    assert caught.value.reason == "invalid_url"


def test_an_unknown_name_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, {})
    with pytest.raises(f.FetchError) as caught:
        f.fetch_json("https://nowhere.example/badge.json")
    assert caught.value.reason == "unknown_host"


# ---------------------------------------------------------------- DNS pinning


def test_the_connection_goes_to_the_checked_address_with_the_real_host_header(
    server: BadgeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = server.server_address[1]
    answers = iter([["127.0.0.1"], ["10.9.9.9"], ["10.9.9.9"]])  # a rebinding DNS: safe once, internal after
    asked: list[str] = []

    def rebinding(host: str, _port: int) -> list[str]:
        asked.append(host)
        return next(answers)

    monkeypatch.setattr(f, "_resolve", rebinding)
    assert f.fetch_json(f"http://badges.example:{port}/badge.json", allow_loopback=True) == BADGE
    assert asked == ["badges.example"]  # resolved once: the connection used that very answer
    assert server.requests == [("/badge.json", f"badges.example:{port}")]


@pytest.fixture
def tls_server(server: BadgeServer, tmp_path: Path) -> Iterator[tuple[BadgeServer, Path, list[str]]]:
    """The same server behind TLS, with a self-signed certificate for badges.example only."""
    openssl = shutil.which("openssl")
    if openssl is None:
        missing("openssl, to make a test certificate (apt-get install openssl)")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    options = ["-days", "1", "-subj", "/CN=badges.example", "-addext", "subjectAltName=DNS:badges.example"]
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert), *options],
        check=True,
        capture_output=True,
        timeout=60,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server_names: list[str] = []
    context.sni_callback = lambda _sock, name, _ctx: server_names.append(name)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    yield server, cert, server_names


def test_https_sends_the_real_name_as_sni_and_checks_the_certificate_against_it(
    tls_server: tuple[BadgeServer, Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, cert, server_names = tls_server
    port = server.server_address[1]
    fake_dns(monkeypatch, {"badges.example": ["127.0.0.1"], "other.example": ["127.0.0.1"]})
    monkeypatch.setattr(f, "_ssl_context", lambda: ssl.create_default_context(cafile=str(cert)))

    assert f.fetch_json(f"https://badges.example:{port}/badge.json", allow_loopback=True) == BADGE
    assert server_names == ["badges.example"]
    assert server.requests == [("/badge.json", f"badges.example:{port}")]

    # same address, another name: the certificate is checked against the name, not the pinned IP
    assert refused(f"https://other.example:{port}/badge.json", allow_loopback=True).reason == "unreachable"
