"""A phone as a program: a real python-socketio client over a real websocket, plus the
REST calls the phone app makes."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
import uuid
from typing import Any

import socketio


def http(base: str, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        raw = response.read()
        return json.loads(raw) if raw else None


class Phone:
    """Collects what the server pushes; ``wait_for`` polls for it with a time limit."""

    def __init__(self, base: str, token: str, namespace: str = "/player") -> None:
        self.base, self.token, self.ns = base, token, namespace
        self.events: list[tuple[str, Any]] = []
        self.lock = threading.Lock()
        self.sio = socketio.Client(reconnection=False)
        for name in ("hello", "team", "session", "leaderboard", "presence", "submission", "revoked"):
            self.sio.on(name, self._collector(name), namespace=namespace)

    def _collector(self, name: str) -> Any:
        def collect(data: Any = None) -> None:
            with self.lock:
                self.events.append((name, data))

        return collect

    def connect(self) -> Phone:
        self.sio.connect(
            self.base, namespaces=[self.ns], auth={"token": self.token}, transports=["websocket"], wait_timeout=10
        )
        return self

    def disconnect(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()

    def call(self, event: str, payload: dict[str, Any]) -> Any:
        return self.sio.call(event, payload, namespace=self.ns, timeout=10)

    def of(self, name: str) -> list[Any]:
        with self.lock:
            return [data for event, data in self.events if event == name]

    def wait_for(self, name: str, predicate: Any = lambda _d: True, timeout: float = 10.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for data in self.of(name):
                if predicate(data):
                    return data
            time.sleep(0.02)
        raise AssertionError(f"no {name!r} event matching within {timeout}s; got {self.events}")

    def clear(self) -> None:
        with self.lock:
            self.events.clear()


def cid() -> str:
    return uuid.uuid4().hex
