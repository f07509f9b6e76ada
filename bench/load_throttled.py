"""The phone app on a weak network: how long until a phone sees its first screen?

    .venv/bin/python -m bench.load_throttled               # 7 rounds, Fast 3G, CPU 4x slower
    .venv/bin/python -m bench.load_throttled --rounds 1    # a quick look
    .venv/bin/python -m bench.load_throttled --server-root /tmp/before --label before

What it does (everything on 127.0.0.1, in a fresh temporary instance folder):

1. starts ``eclats serve`` (gevent) from this tree with the demo, as a user would; creates
   a session (players choose their team) with day 1 open;
2. drives Debian's Chromium (Playwright, /usr/bin/chromium or CHROMIUM_PATH) at 360×640
   with the throttling of Chrome DevTools' « Mid-tier mobile » preset: the network of its
   « Fast 3G » preset (DevTools' NetworkManager ``Fast3GConditions``: latency 150 × 3.75 =
   562.5 ms, download 1.6 Mbit/s × 0.9 = 180,000 B/s, upload 750 kbit/s × 0.9 =
   84,375 B/s) through ``Network.emulateNetworkConditions``, and
   ``Emulation.setCPUThrottlingRate`` 4. The page *and* its service worker are throttled
   (the worker is a target of its own: DevTools throttles both, so does this);
3. rounds, interleaved (new, returning, new, returning, …):
   - **new phone**: a fresh browser context (empty caches, no service worker) opens
     ``/j/<code>``; timed until the join form is painted (``first screen``) and until the
     teams to choose from are listed (``teams``);
   - **returning phone**: one context joined once (unthrottled), its service worker
     installed and the player's state kept; each round reloads ``/`` throttled, timed until
     the first quest card is painted;
   times are read in the page (``performance.now()`` at the frame after the element came
   into the DOM, from the navigation's start); the time Playwright took to see it from
   Python is also given (« seen by the driver »: its polling runs in the throttled page);
4. counts the bytes that came over the (emulated) network until that moment: the page's
   responses not served by the worker, plus the worker's own fetches (compressed sizes, as
   sent: ``encodedDataLength``), and which files were fetched;
5. samples the machine's CPU every second (psutil): the CPU used by processes this run did
   not start (other jobs on the shared machine) is reported, as in the other benchmarks;
6. prints medians, min and max, and appends one JSON line to ``--out``.

The CDP side (throttling, bytes, CPU of other processes) is in ``bench/throttle.py``.

Not a test: nothing here asserts a time. The targets (issue 15, point 2) are printed next
to the medians: returning phone under 5 s, new phone under 3 s.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.throttle import CPU_RATE, FAST_3G, CpuWatch, Throttle, Traffic, rnd  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE  # noqa: E402
from tests.servers import eclats_server  # noqa: E402

TARGETS = {"new_first_screen_s": 3.0, "returning_first_quest_s": 5.0}
TIMEOUT_MS = 60_000
# In the page, from the navigation's start: the frame after the element came into the DOM
# (what the phone paints), read with performance.now(). Playwright's own waiting polls
# inside the CPU-throttled page and adds its round trips: its figure is reported as
# « seen by the driver », an upper bound.
SEEN = """(() => {
  window.__seen = {};
  const wanted = {form: '[data-testid="join-form"]', teams: '[data-testid^="join-team-"]',
                  quest: '[data-testid^="quest-card-"]'};
  function look() {
    for (const k in wanted) {
      if (window.__seen[k] === undefined && document.querySelector(wanted[k])) {
        window.__seen[k] = null;
        requestAnimationFrame(function () { window.__seen[k] = performance.now(); });
      }
    }
  }
  new MutationObserver(look).observe(document, {childList: true, subtree: true});
})();"""


def api(url: str, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
    request = urllib.request.Request(
        url + path, data=json.dumps(body).encode() if body is not None else None, method=method
    )
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=15) as response:
        raw = response.read()
        return json.loads(raw) if raw else None


@contextmanager
def game_server(root: Path = ROOT) -> Iterator[tuple[str, str]]:
    """A demo server with a session whose day 1 is open: (url, join code). ``root``: the
    tree it serves (its ``api`` package and static files, first on PYTHONPATH)."""
    import re

    env = {"ECLATS_MAP_TILES_URL": ""} | ({} if root == ROOT else {"PYTHONPATH": str(root)})
    with (
        tempfile.TemporaryDirectory(prefix="eclats-load-") as folder,
        eclats_server(Path(folder), env) as running,
    ):
        printed = running.printed()
        login = re.search(r"identifiant : (\S+)\s+mot de passe : (\S+)", printed)
        assert login, printed
        staff = api(running.url, "POST", "/api/auth/login", {"username": login.group(1), "password": login.group(2)})
        game = api(
            running.url,
            "POST",
            "/api/sessions",
            {"name": "Banc 3G", "start_date": datetime.date.today().isoformat(), "players_choose_team": True},
            staff["token"],
        )
        api(running.url, "POST", f"/api/sessions/{game['id']}/days", {"day": 1}, staff["token"])
        yield running.url, game["join_code"]


def seen(page: Any, key: str) -> float | None:
    value = page.evaluate("(k) => window.__seen && window.__seen[k]", key)
    return rnd(value / 1000) if value else None


def new_phone(browser: Any, url: str, code: str) -> dict[str, Any]:
    ctx = browser.new_context(**PHONE)
    ctx.add_init_script(SEEN)
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    traffic = Traffic()
    throttle = Throttle(browser, page, traffic)
    try:
        throttle.apply()
        t0 = time.monotonic()
        page.goto(f"{url}/j/{code}", wait_until="commit")
        page.get_by_test_id("join-form").wait_for(state="visible")
        first = time.monotonic() - t0
        page.locator('[data-testid^="join-team-"]').first.wait_for(state="visible")
        teams = time.monotonic() - t0
        wire, files = traffic.total()
        page.wait_for_timeout(300)  # the frame after
        return {
            "first_screen_s": seen(page, "form"),
            "teams_s": seen(page, "teams"),
            "driver_first_screen_s": rnd(first),
            "driver_teams_s": rnd(teams),
            "bytes": wire,
            "files": files,
        }
    finally:
        throttle.close()
        ctx.close()


def join_once(browser: Any, url: str, code: str) -> tuple[Any, Any, Throttle, Traffic]:
    """A phone that joined once, unthrottled, and whose service worker kept its state."""
    ctx = browser.new_context(**PHONE)
    ctx.add_init_script(SEEN)
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{url}/j/{code}")
    page.get_by_test_id("join-nickname").fill("Banc")
    page.locator('[data-testid^="join-team-"]').first.check()
    page.get_by_test_id("join-submit").click()
    page.locator('[data-testid^="quest-card-"]').first.wait_for()
    deadline = time.monotonic() + 60
    kept = """async () => {
      if (!navigator.serviceWorker.controller) return false;
      for (const name of await caches.keys()) {
        if (!name.startsWith('eclats-data-')) continue;
        const keys = await (await caches.open(name)).keys();
        if (keys.some(function (r) { return new URL(r.url).pathname === '/api/me/quests'; })) return true;
      }
      return false;
    }"""
    while not page.evaluate(kept):
        if time.monotonic() > deadline:
            raise RuntimeError("the service worker never kept the player's state")
        page.wait_for_timeout(300)
    traffic = Traffic()
    return ctx, page, Throttle(browser, page, traffic), traffic


def returning_phone(page: Any, throttle: Throttle, traffic: Traffic, url: str) -> dict[str, Any]:
    throttle.apply(False)
    page.goto(f"{url}/#/", wait_until="commit")  # anywhere but the list, unthrottled
    page.locator('[data-testid^="quest-card-"]').first.wait_for()
    page.wait_for_timeout(500)
    throttle.apply()
    traffic.clear()
    t0 = time.monotonic()
    page.reload(wait_until="commit")
    page.locator('[data-testid^="quest-card-"]').first.wait_for(state="visible")
    elapsed = time.monotonic() - t0
    wire, files = traffic.total()
    page.wait_for_timeout(300)  # the frame after
    return {
        "first_quest_s": seen(page, "quest"),
        "driver_first_quest_s": rnd(elapsed),
        "bytes": wire,
        "files": files,
        "workers_throttled": len(throttle.workers),
    }


def summary(values: list[float]) -> dict[str, float | None]:
    return {"median": rnd(statistics.median(values)), "min": rnd(min(values)), "max": rnd(max(values))}


def run(rounds: int, root: Path = ROOT) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    news: list[dict[str, Any]] = []
    backs: list[dict[str, Any]] = []
    watch = CpuWatch()
    with game_server(root) as (url, code), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            ctx, page, throttle, traffic = join_once(browser, url, code)
            watch.start()
            for i in range(rounds):
                news.append(new_phone(browser, url, code))
                backs.append(returning_phone(page, throttle, traffic, url))
                print(
                    f"round {i + 1}/{rounds}: new {news[-1]['first_screen_s']} s "
                    f"(teams {news[-1]['teams_s']} s, {news[-1]['bytes']} B), "
                    f"returning {backs[-1]['first_quest_s']} s ({backs[-1]['bytes']} B)",
                    flush=True,
                )
            throttle.close()
            ctx.close()
        finally:
            cpu = watch.stop() if watch.is_alive() else {}
            browser.close()
    return {
        "new_phone": {
            "first_screen_s": summary([r["first_screen_s"] for r in news]),
            "teams_s": summary([r["teams_s"] for r in news]),
            "driver_first_screen_s": summary([r["driver_first_screen_s"] for r in news]),
            "bytes_median": int(statistics.median(r["bytes"] for r in news)),
            "files": news[-1]["files"],
        },
        "returning_phone": {
            "first_quest_s": summary([r["first_quest_s"] for r in backs]),
            "driver_first_quest_s": summary([r["driver_first_quest_s"] for r in backs]),
            "bytes_median": int(statistics.median(r["bytes"] for r in backs)),
            "files": backs[-1]["files"],
            "workers_throttled": backs[-1]["workers_throttled"],
        },
        "rounds": {"new": news, "returning": backs},
        "cpu": cpu,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7, help="rounds of each scenario, interleaved")
    parser.add_argument(
        "--server-root", default=str(ROOT), help="serve another copy of the project (e.g. the code before a change)"
    )
    parser.add_argument("--label", default="", help="a name for this run in the JSON line (e.g. before, after)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.jsonl"), help="append the result here")
    args = parser.parse_args()
    started = datetime.datetime.now(datetime.UTC)
    root = Path(args.server_root).resolve()
    result = run(args.rounds, root)
    result.update(
        bench="load_throttled",
        label=args.label,
        server_root=str(root),
        started=started.isoformat(timespec="seconds"),
        machine=f"{platform.node()} {platform.machine()}, {psutil.cpu_count()} cores",
        throttling={**FAST_3G, "cpu_rate": CPU_RATE},
        targets=TARGETS,
    )
    new, back, cpu = result["new_phone"], result["returning_phone"], result["cpu"]
    print(
        f"\nnew phone, join form: median {new['first_screen_s']['median']} s "
        f"(min {new['first_screen_s']['min']}, max {new['first_screen_s']['max']}; target < 3 s), "
        f"teams listed {new['teams_s']['median']} s, {new['bytes_median']} B over the network; "
        f"seen by the driver {new['driver_first_screen_s']['median']} s\n"
        f"returning phone, first quest: median {back['first_quest_s']['median']} s "
        f"(min {back['first_quest_s']['min']}, max {back['first_quest_s']['max']}; target < 5 s), "
        f"{back['bytes_median']} B over the network; seen by the driver {back['driver_first_quest_s']['median']} s\n"
        f"CPU of other processes: avg {cpu.get('other_cpu_avg_pct_of_one_core')} % of one core "
        f"(max {cpu.get('other_cpu_max_pct_of_one_core')}), {cpu.get('cores')} cores\n"
        f"new phone fetched: {', '.join(new['files'])}\nreturning phone fetched: {', '.join(back['files'])}",
        flush=True,
    )
    with open(args.out, "a", encoding="utf-8") as out:
        out.write(json.dumps({k: v for k, v in result.items() if k != "rounds"} | {"rounds": result["rounds"]}) + "\n")


if __name__ == "__main__":
    main()
