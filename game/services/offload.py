"""CPU-heavy work handed to real threads, off the event loop.

Under gevent (``eclats serve``) one loop carries every phone's live link: a login's
argon2 (tens of ms of CPU) or a photo's decoding (up to a second for a large image) run
on it would stall them all. The API layer installs a runner per kind of work that hands
it to real OS threads (``api/cli.py``); without one (tests, tools, threading mode) the
work runs inline. Both argon2 and Pillow's decoders release the GIL while they work.

A runner must not raise from the thread for an expected outcome (a wrong password, an
unreadable photo): gevent's thread pool prints a traceback for every exception, so the
work returns its verdict as a value instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

T = TypeVar("T")


def _inline(fn: Callable[..., Any], *args: Any) -> Any:
    return fn(*args)


class Offload:
    """Where one kind of heavy work runs: ``offload(fn, *args)`` returns ``fn(*args)``."""

    def __init__(self) -> None:
        self._run: Callable[..., Any] = _inline

    def use(self, run: Callable[..., Any]) -> None:
        """Install ``run(fn, *args) -> fn(*args)``, for example a thread pool's ``apply``."""
        self._run = run

    def __call__(self, fn: Callable[..., T], *args: Any) -> T:
        return cast(T, self._run(fn, *args))


# argon2 for facilitators' logins: short, so the hub's shared thread pool
passwords = Offload()
# decoding photos: a small pool of its own, so that at most that many images are in
# memory at once however many arrive together
images = Offload()
