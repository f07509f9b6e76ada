"""Chrome DevTools' throttling through CDP, for ``bench.load_throttled``: the « Fast 3G »
network and the 4× CPU slowdown on a page and on its service worker, the bytes that came
over the emulated network, and the CPU other processes used meanwhile."""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import threading
from dataclasses import dataclass, field
from typing import Any

import psutil

# Chrome DevTools « Fast 3G » (front_end/core/sdk/NetworkManager.ts, Fast3GConditions)
FAST_3G = {
    "offline": False,
    "latency": 150 * 3.75,
    "downloadThroughput": 1.6 * 1000 * 1000 / 8 * 0.9,
    "uploadThroughput": 750 * 1000 / 8 * 0.9,
}
CPU_RATE = 4  # DevTools « Mid-tier mobile »: Fast 3G & 4x CPU slowdown


def rnd(x: float | None, n: int = 2) -> float | None:
    return None if x is None else round(x, n)


class CpuWatch(threading.Thread):
    """Every second: the machine's busy CPU and what this process and its children (the
    server, Playwright's driver, Chromium) used; the rest is other people's work."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.me = psutil.Process(os.getpid())
        self.procs: dict[int, psutil.Process] = {}
        self.rows: list[tuple[float, float]] = []  # (machine busy, ours), % of one core
        self._halt = threading.Event()

    def ours(self) -> float:
        total = 0.0
        for p in [self.me, *self.me.children(recursive=True)]:
            try:
                if p.pid not in self.procs:
                    self.procs[p.pid] = p
                    p.cpu_percent(None)
                    continue
                total += self.procs[p.pid].cpu_percent(None)
            except psutil.NoSuchProcess:
                pass
        return total

    def run(self) -> None:
        ncpu = psutil.cpu_count() or 1
        psutil.cpu_percent(None)
        self.ours()
        while not self._halt.wait(1.0):
            self.rows.append((psutil.cpu_percent(None) * ncpu, self.ours()))

    def stop(self) -> dict[str, Any]:
        self._halt.set()
        self.join(timeout=5)
        if not self.rows:
            return {}
        return {
            "machine_busy_avg_pct_of_one_core": rnd(statistics.mean(r[0] for r in self.rows), 1),
            "ours_avg_pct_of_one_core": rnd(statistics.mean(r[1] for r in self.rows), 1),
            "other_cpu_avg_pct_of_one_core": rnd(statistics.mean(max(0.0, r[0] - r[1]) for r in self.rows), 1),
            "other_cpu_max_pct_of_one_core": rnd(max(max(0.0, r[0] - r[1]) for r in self.rows), 1),
            "cores": psutil.cpu_count() or 1,
        }


@dataclass
class Traffic:
    """Bytes over the emulated network, per request, for the page and its worker."""

    sizes: dict[str, int] = field(default_factory=dict)  # request id → encoded bytes
    urls: dict[str, str] = field(default_factory=dict)
    from_worker: set[str] = field(default_factory=set)  # page requests the worker answered

    def clear(self) -> None:
        self.sizes.clear()
        self.urls.clear()
        self.from_worker.clear()

    def on(self, prefix: str, method: str, params: dict[str, Any]) -> None:
        rid = prefix + params.get("requestId", "")
        if method == "Network.requestWillBeSent":
            self.urls[rid] = params["request"]["url"]
        elif method == "Network.responseReceived" and params["response"].get("fromServiceWorker"):
            self.from_worker.add(rid)
        elif method == "Network.loadingFinished":
            self.sizes[rid] = int(params.get("encodedDataLength") or 0)

    def total(self) -> tuple[int, list[str]]:
        wire = {rid: n for rid, n in self.sizes.items() if rid not in self.from_worker and n > 0}
        files = sorted({self.urls.get(rid, "?").split("//", 1)[-1].split("/", 1)[-1] for rid in wire})
        return sum(wire.values()), files


class Throttle:
    """Throttles a page (CDP session on it) and the service workers of the browser (a
    browser CDP session attached to each worker target, messages sent through it)."""

    def __init__(self, browser: Any, page: Any, traffic: Traffic) -> None:
        self.page_cdp = page.context.new_cdp_session(page)
        # only this phone's worker: another context's worker is another phone
        self.context_id = self.page_cdp.send("Target.getTargetInfo")["targetInfo"].get("browserContextId")
        self.traffic = traffic
        self.browser_cdp = browser.new_browser_cdp_session()
        self.workers: dict[str, str] = {}  # target id → session id
        self.next_id = 1
        for name in ("Network.requestWillBeSent", "Network.responseReceived", "Network.loadingFinished"):
            self.page_cdp.on(name, lambda params, name=name: traffic.on("page:", name, params))
        self.browser_cdp.on("Target.receivedMessageFromTarget", self._from_worker)
        self.browser_cdp.on("Target.detachedFromTarget", self._detached)

    def _from_worker(self, params: dict[str, Any]) -> None:
        message = json.loads(params["message"])
        if "method" in message:
            self.traffic.on("sw:" + params["sessionId"] + ":", message["method"], message.get("params", {}))

    def _detached(self, params: dict[str, Any]) -> None:
        for target, session in list(self.workers.items()):
            if session == params.get("sessionId"):
                del self.workers[target]

    def _send(self, session: str, method: str, params: dict[str, Any]) -> None:
        message = json.dumps({"id": self.next_id, "method": method, "params": params})
        self.next_id += 1
        self.browser_cdp.send("Target.sendMessageToTarget", {"sessionId": session, "message": message})

    def apply(self, on: bool = True) -> None:
        conditions = (
            FAST_3G if on else {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
        )
        self.page_cdp.send("Network.enable")
        self.page_cdp.send("Network.emulateNetworkConditions", conditions)
        self.page_cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_RATE if on else 1})
        targets = self.browser_cdp.send("Target.getTargets")["targetInfos"]
        for t in targets:
            if t["type"] != "service_worker" or t.get("browserContextId") != self.context_id:
                continue
            if t["targetId"] not in self.workers:
                attached = self.browser_cdp.send("Target.attachToTarget", {"targetId": t["targetId"], "flatten": False})
                self.workers[t["targetId"]] = attached["sessionId"]
            session = self.workers[t["targetId"]]
            self._send(session, "Network.enable", {})
            self._send(session, "Network.emulateNetworkConditions", conditions)

    def close(self) -> None:
        for session in list(self.workers.values()):
            with contextlib.suppress(Exception):  # the worker may be gone already
                self.browser_cdp.send("Target.detachFromTarget", {"sessionId": session})
        self.browser_cdp.detach()
