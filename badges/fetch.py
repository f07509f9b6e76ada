"""Fetching a badge's JSON (hosted OB 2.0 assertion, OB 3.0 credential, issuer profile, status
list) from a URL that anyone — an anonymous recruiter — may type in, without letting that URL
reach the server's own networks (SSRF).

How each request is guarded:

* Only ``http`` and ``https``; no user:password in the URL; names of cloud metadata services
  (``metadata.google.internal``, ``*.internal``, ...) are refused outright.
* The host name is resolved once, here (``socket.getaddrinfo``), and refused if ANY address is
  loopback, private (RFC 1918, fc00::/7), link-local (169.254.0.0/16 — cloud metadata
  169.254.169.254 — and fe80::/10), multicast, unspecified, reserved, carrier-grade NAT
  (100.64.0.0/10), site-local, documentation/benchmark ranges, or an IPv6 form of one of those
  (IPv4-mapped ``::ffff:a.b.c.d``, 6to4 ``2002::/16``, NAT64 ``64:ff9b::/96``, Teredo).
  ``allow_loopback=True`` (tests only) lets 127.0.0.0/8 and ::1 through, nothing else.
* The connection then goes to THOSE checked addresses: a custom httpx transport drives httpcore
  with a network backend whose ``connect_tcp`` ignores the name and dials the pinned IP, while
  the URL keeps the name, so the ``Host`` header, TLS SNI and certificate check are the real
  host's. A DNS answer that changes between check and connect (DNS rebinding) is never used.
  Environment proxies are ignored (``trust_env=False``): a proxy would do its own resolution.
* Redirects are followed by hand, at most 3, each new URL checked and pinned the same way.
* The body is streamed and abandoned past ``max_bytes`` (default 1 MB, the Content-Length is
  checked first); ``Accept-Encoding: identity`` is asked for and a gzip/deflate body sent anyway
  is inflated with the same bound (no decompression bomb).
* One deadline (default 10 s) covers the whole fetch — DNS, connect, TLS, every read and write of
  every redirect — because the pinned backend clamps each socket operation's timeout to the time
  left; the DNS lookup runs in a helper thread that is abandoned at the deadline.

Residual risks, known and accepted:

* A host whose public address forwards to internal services (an open proxy, a public NAT port
  forward) is out of reach of any address check.
* An abandoned DNS lookup thread lives on until the system resolver gives up (its own timeouts,
  typically a few seconds); it holds no socket of ours.
* Any port is allowed on a public address (badges are sometimes served on 8080/8443).
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final

import httpcore
import httpx

from .addresses import IPAddress, is_forbidden_address, is_forbidden_name

DEFAULT_MAX_BYTES: Final = 1024 * 1024
DEFAULT_TIMEOUT: Final = 10.0
MAX_REDIRECTS: Final = 3
ACCEPT: Final = "application/ld+json, application/json;q=0.9"
USER_AGENT: Final = "Eclats-badges/1.0 (verification de badge)"

MSG_ADDRESS_REFUSED: Final = "Adresse refusée : elle pointe vers un réseau interne."
MSG_INVALID_URL: Final = "Adresse invalide : une adresse web en http:// ou https:// est attendue."
MSG_TOO_MANY_REDIRECTS: Final = "Trop de redirections."
MSG_TOO_LARGE: Final = "Réponse trop grande."
MSG_TIMEOUT: Final = "Le serveur ne répond pas à temps."
MSG_NOT_JSON: Final = "Réponse illisible (JSON attendu)."
MSG_UNKNOWN_HOST: Final = "Adresse introuvable : ce nom de domaine n'existe pas."
MSG_UNREACHABLE: Final = "Impossible de joindre le serveur."
MSG_HTTP_ERROR: Final = "Le serveur a répondu par une erreur (HTTP {status})."

_REDIRECT_STATUSES: Final = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """A badge that could not be fetched; ``message`` is French, for people, ``reason`` a stable code."""

    def __init__(self, message: str, reason: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.detail = detail  # English, for logs


def _refused(detail: str) -> FetchError:
    return FetchError(MSG_ADDRESS_REFUSED, "address_refused", detail)


def _timeout(detail: str = "") -> FetchError:
    return FetchError(MSG_TIMEOUT, "timeout", detail)


# ---------------------------------------------------------------- address checks


def check_address(address: str | IPAddress, *, allow_loopback: bool = False) -> None:
    """``FetchError`` ("Adresse refusée ...") when ``address`` is forbidden."""
    if is_forbidden_address(address, allow_loopback=allow_loopback):
        raise _refused(f"address {address} is not public")


# ---------------------------------------------------------------- URL checks


@dataclass(frozen=True)
class CheckedTarget:
    """A URL that passed the checks, with the addresses its host resolved to (all allowed)."""

    url: httpx.URL
    host: str  # as httpcore will ask for it: ASCII (IDNA), IPv6 without brackets
    port: int
    addresses: tuple[str, ...]


def _resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (the one resolution the connection will use)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    addresses: list[str] = []
    for family, _type, _proto, _canon, sockaddr in infos:
        if family in (socket.AF_INET, socket.AF_INET6):
            address = str(sockaddr[0])
            if address not in addresses:
                addresses.append(address)
    return addresses


def _resolve_before(host: str, port: int, deadline: float | None) -> list[str]:
    if deadline is None:
        return _resolve(host, port)
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["addresses"] = _resolve(host, port)
        except Exception as exc:  # handed back to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="badges-dns", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        raise _timeout(f"DNS lookup of {host} did not finish in time")
    if "error" in outcome:
        raise outcome["error"]
    addresses: list[str] = outcome["addresses"]
    return addresses


def parse_url(url: str | httpx.URL) -> tuple[httpx.URL, str, int]:
    """The URL, its ASCII host and its port, or ``FetchError`` when it is not a plain http(s) URL."""
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url.strip())
        host = parsed.raw_host.decode("ascii")
    except (httpx.InvalidURL, UnicodeError, ValueError) as exc:
        raise FetchError(MSG_INVALID_URL, "invalid_url", str(exc)) from exc
    if parsed.scheme not in ("http", "https") or not host:
        raise FetchError(MSG_INVALID_URL, "invalid_url", f"scheme {parsed.scheme!r} or empty host")
    if parsed.userinfo:
        raise FetchError(MSG_INVALID_URL, "invalid_url", "credentials in URL")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    return parsed, host, port


def check_url(url: str | httpx.URL, *, allow_loopback: bool = False, deadline: float | None = None) -> CheckedTarget:
    """Check a URL (scheme, host name, every resolved address) before any connection to it.

    Used for the first URL and for every redirect target. Raises ``FetchError``.
    """
    parsed, host, port = parse_url(url)
    if is_forbidden_name(host, allow_loopback=allow_loopback):
        raise _refused(f"host name {host} is internal")
    try:
        addresses = _resolve_before(host, port, deadline)
    except FetchError:
        raise
    except (OSError, UnicodeError, ValueError) as exc:
        raise FetchError(MSG_UNKNOWN_HOST, "unknown_host", f"{host}: {exc}") from exc
    if not addresses:
        raise FetchError(MSG_UNKNOWN_HOST, "unknown_host", f"{host} has no address")
    for address in addresses:
        if is_forbidden_address(address, allow_loopback=allow_loopback):
            raise _refused(f"{host} resolves to {address}")
    return CheckedTarget(parsed, host, port, tuple(addresses))


# ---------------------------------------------------------------- pinned transport


def _left(deadline: float, timeout: float | None) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise httpcore.ReadTimeout("deadline reached")
    return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every operation ends by the fetch's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: float) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(self._deadline, timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(self._deadline, timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        stream = self._inner.start_tls(ssl_context, server_hostname, _left(self._deadline, timeout))
        return _DeadlineStream(stream, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _PinnedBackend(httpcore.NetworkBackend):
    """Dials only the addresses checked for a host, never the name itself."""

    def __init__(self, pins: dict[str, tuple[str, ...]], deadline: float) -> None:
        self._pins = pins
        self._deadline = deadline
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._pins.get(host)
        if not addresses:
            raise httpcore.ConnectError(f"no checked address for {host}")
        last_error: Exception | None = None
        for address in addresses:  # every one of them passed the check
            try:
                stream = self._inner.connect_tcp(
                    address,
                    port,
                    timeout=_left(self._deadline, timeout),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as exc:
                last_error = exc
                continue
            return _DeadlineStream(stream, self._deadline)
        raise httpcore.ConnectError(str(last_error))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not allowed")

    def sleep(self, seconds: float) -> None:
        time.sleep(min(seconds, max(0.0, self._deadline - time.monotonic())))


def _map_exceptions(exc: Exception) -> Exception:
    if isinstance(exc, httpcore.TimeoutException):
        return httpx.TimeoutException(str(exc))
    if isinstance(exc, httpcore.ConnectError):
        return httpx.ConnectError(str(exc))
    if isinstance(exc, httpcore.NetworkError | httpcore.ProtocolError | httpcore.UnsupportedProtocol):
        return httpx.TransportError(str(exc))
    return exc


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, inner: Iterable[bytes]) -> None:
        self._inner = inner

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._inner
        except Exception as exc:
            mapped = _map_exceptions(exc)
            if mapped is exc:
                raise
            raise mapped from exc

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()


def _ssl_context() -> ssl.SSLContext:
    """Certificates checked against the system's CA bundle (certifi), whatever the environment says."""
    return httpx.create_ssl_context(trust_env=False)


class PinnedTransport(httpx.BaseTransport):
    """An httpx transport that connects only to addresses pinned (checked) for each host name."""

    def __init__(self, deadline: float) -> None:
        self.pins: dict[str, tuple[str, ...]] = {}
        self._pool = httpcore.ConnectionPool(
            ssl_context=_ssl_context(),
            max_connections=4,
            retries=0,
            network_backend=_PinnedBackend(self.pins, deadline),
        )

    def pin(self, target: CheckedTarget) -> None:
        self.pins[target.host] = target.addresses

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            response = self._pool.handle_request(core_request)
        except Exception as exc:
            mapped = _map_exceptions(exc)
            if mapped is exc:
                raise
            raise mapped from exc
        assert isinstance(response.stream, Iterable)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response.stream),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


# ---------------------------------------------------------------- fetching


def _read_body(response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > max_bytes:
        raise FetchError(MSG_TOO_LARGE, "too_large", f"Content-Length {declared}")
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        inflater = zlib.decompressobj(wbits=47 if encoding != "deflate" else 15)
    elif encoding in ("", "identity"):
        inflater = None
    else:
        raise FetchError(MSG_NOT_JSON, "not_json", f"Content-Encoding {encoding}")
    body = bytearray()
    raw_size = 0
    for chunk in response.iter_raw():
        raw_size += len(chunk)
        if raw_size > max_bytes:
            raise FetchError(MSG_TOO_LARGE, "too_large", f"more than {max_bytes} bytes")
        if inflater is not None:
            try:
                chunk = inflater.decompress(chunk, max_bytes + 1 - len(body))
            except zlib.error as exc:
                raise FetchError(MSG_NOT_JSON, "not_json", f"bad {encoding} stream") from exc
        body += chunk
        if len(body) > max_bytes or (inflater is not None and inflater.unconsumed_tail):
            raise FetchError(MSG_TOO_LARGE, "too_large", f"more than {max_bytes} bytes once inflated")
        if time.monotonic() > deadline:
            raise _timeout("deadline reached while reading the body")
    return bytes(body)


def _parse_json(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise FetchError(MSG_NOT_JSON, "not_json", str(exc)[:200]) from exc
    if not isinstance(value, dict):
        raise FetchError(MSG_NOT_JSON, "not_json", f"top-level {type(value).__name__}, object expected")
    return value


def fetch_json(
    url: str,
    *,
    allow_loopback: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    max_redirects: int = MAX_REDIRECTS,
) -> dict[str, Any]:
    """GET ``url`` and return its JSON object, guarded against SSRF (see the module docstring).

    ``allow_loopback`` is for tests only (a local server). Raises ``FetchError``, whose ``message``
    is French and ``reason`` one of: invalid_url, address_refused, unknown_host, unreachable,
    timeout, too_many_redirects, http_error, too_large, not_json.
    """
    deadline = time.monotonic() + timeout
    transport = PinnedTransport(deadline)
    headers = {"Accept": ACCEPT, "Accept-Encoding": "identity", "User-Agent": USER_AGENT}
    with httpx.Client(
        transport=transport, follow_redirects=False, trust_env=False, timeout=timeout, headers=headers
    ) as client:
        current: str | httpx.URL = url
        for hop in range(max_redirects + 1):
            target = check_url(current, allow_loopback=allow_loopback, deadline=deadline)
            transport.pin(target)
            try:
                with client.stream("GET", target.url) as response:
                    if response.status_code in _REDIRECT_STATUSES:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(MSG_HTTP_ERROR.format(status=response.status_code), "http_error")
                        if hop == max_redirects:
                            raise FetchError(MSG_TOO_MANY_REDIRECTS, "too_many_redirects", f"after {hop} redirects")
                        try:
                            current = target.url.join(location)
                        except (httpx.InvalidURL, ValueError) as exc:
                            raise FetchError(MSG_INVALID_URL, "invalid_url", f"bad Location {location!r}") from exc
                        continue
                    if not 200 <= response.status_code < 300:
                        raise FetchError(
                            MSG_HTTP_ERROR.format(status=response.status_code),
                            "http_error",
                            f"{response.status_code} from {target.url}",
                        )
                    return _parse_json(_read_body(response, max_bytes, deadline))
            except httpx.TimeoutException as exc:
                raise _timeout(str(exc)) from exc
            except httpx.TransportError as exc:
                if time.monotonic() >= deadline:
                    raise _timeout(str(exc)) from exc
                raise FetchError(MSG_UNREACHABLE, "unreachable", str(exc)) from exc
    raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover
