"""Diagnostics injected into the benchmarked server with ``bench.realtime --diag``
(PYTHONPATH=bench/diag): no change to the server's code. Logs to $ECLATS_DIAG_LOG:

- every garbage collection (generation, duration) that took more than 5 ms;
- every time a watcher thread woke up more than 20 ms late from a 10 ms sleep, i.e. the
  interpreter was held (GIL) by something that did not let go (a GC, a long C call).

The watcher is a real OS thread started before gevent patches anything.
"""

from __future__ import annotations

import gc
import os
import threading
import time

_path = os.environ.get("ECLATS_DIAG_LOG")

if _path:
    _log = open(_path, "a", buffering=1)  # noqa: SIM115
    _gc_start = [0.0]
    _gc_sum = [0.0, 0]  # every collection's ms, and how many (a "gcsum" line each second)

    def _on_gc(phase: str, info: dict) -> None:  # type: ignore[type-arg]
        if phase == "start":
            _gc_start[0] = time.perf_counter()
        else:
            took = (time.perf_counter() - _gc_start[0]) * 1000
            _gc_sum[0] += took
            _gc_sum[1] += 1
            if took > 5:
                _log.write(
                    f"{time.time():.3f} gc gen{info['generation']} {took:.1f} ms collected {info['collected']}\n"
                )

    gc.callbacks.append(_on_gc)

    def _watch() -> None:
        second = int(time.time())
        while True:
            t = time.perf_counter()
            time.sleep(0.01)
            late = (time.perf_counter() - t - 0.01) * 1000
            if late > 20:
                _log.write(f"{time.time():.3f} held {late:.1f} ms\n")
            if int(time.time()) != second:
                second = int(time.time())
                _log.write(f"{time.time():.3f} gcsum {_gc_sum[0]:.1f} {_gc_sum[1]}\n")

    threading.Thread(target=_watch, daemon=True, name="eclats-diag").start()

if os.environ.get("ECLATS_DIAG_GC_FREEZE"):
    # experiment: on SIGUSR1, collect then gc.freeze() what is alive (moved out of the
    # collector's reach), as a server would do at the end of its start-up
    import signal

    def _freeze(_signum: int, _frame: object) -> None:
        gc.collect()
        gc.freeze()
        if _path:
            _log.write(f"{time.time():.3f} froze {gc.get_freeze_count()} objects\n")

    signal.signal(signal.SIGUSR1, _freeze)
