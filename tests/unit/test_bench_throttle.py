"""The throttled load benchmark (bench/load_throttled.py) measures what it says: Chrome
DevTools' « Fast 3G » figures, and only the bytes that really came over the network."""

from __future__ import annotations

from bench.throttle import CPU_RATE, FAST_3G, Traffic


def test_the_network_is_devtools_fast_3g_and_the_cpu_4x_slower() -> None:
    # DevTools NetworkManager.ts: latency 150 * 3.75, download 1.6e6 / 8 * .9, upload 750e3 / 8 * .9
    assert FAST_3G["latency"] == 562.5
    assert FAST_3G["downloadThroughput"] == 180_000
    assert FAST_3G["uploadThroughput"] == 84_375
    assert CPU_RATE == 4


def test_bytes_served_by_the_service_worker_are_not_counted_but_its_own_fetches_are() -> None:
    t = Traffic()

    def load(prefix: str, rid: str, url: str, size: int, from_worker: bool = False) -> None:
        t.on(prefix, "Network.requestWillBeSent", {"requestId": rid, "request": {"url": url}})
        t.on(prefix, "Network.responseReceived", {"requestId": rid, "response": {"fromServiceWorker": from_worker}})
        t.on(prefix, "Network.loadingFinished", {"requestId": rid, "encodedDataLength": size})

    load("page:", "1", "http://127.0.0.1:1/", 900)
    load("page:", "2", "http://127.0.0.1:1/static/player/app.js", 19_000, from_worker=True)  # from its cache
    load("sw:a:", "2", "http://127.0.0.1:1/api/me", 700)  # the worker went to the network
    total, files = t.total()
    assert total == 1_600
    assert files == ["", "api/me"]
    t.clear()
    assert t.total() == (0, [])
