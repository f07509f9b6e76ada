"""Counting a try does not interrupt the action that counts it.

The server runs under gevent (``eclats serve``): if counting a rate-limited try yields to
the hub, another teammate's answer runs between this one's read of the team and its
write, and one of the two gets « Quelqu'un vient de faire la même action » although
nobody did anything twice. Checked in a gevent-patched process, as the server runs.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    from gevent import monkey

    monkey.patch_all()

    import sys

    import gevent

    from api import create_app, limits

    folder = sys.argv[1]
    app = create_app(
        {"TESTING": True, "INSTANCE_DIR": folder, "DATABASE_URL": f"sqlite:///{folder}/t.db", "UPLOAD_DIR": folder}
    )
    ran = []
    with app.app_context():
        for n in range(3):
            other = gevent.spawn(ran.append, n)  # another phone's event, ready to run
            limits.spend(limits.SOCKET_EVENTS, "sid-1")
            limits.spend(limits.ANSWERS_TEAM, 7)
            limits.record(limits.WRONG_CODE, "10.0.0.1")
            print("interrupted" if ran else "atomic", flush=True)
            other.join()
            ran.clear()
        # the counts were kept: the 40th socket event of the window is the last one let through
        for _ in range(37):
            limits.spend(limits.SOCKET_EVENTS, "sid-1")
        try:
            limits.spend(limits.SOCKET_EVENTS, "sid-1")
        except limits.TooManyRequests as exc:
            print("refused", exc.retry_after > 0, flush=True)
    """
)


def test_counting_a_try_lets_no_other_phone_run_in_the_middle_of_an_action(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split("\n")[:4] == ["atomic", "atomic", "atomic", "refused True"]
