"""The JavaScript unit tests (``tests/js``, Node's own test runner) run with the suite:
skipped on a machine without Node, but never in CI (``CI=true``), where Node is
installed (``.ci/run``) and a missing one is a failure."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_node_unit_tests_pass() -> None:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but Node.js is not installed: the tests in tests/js cannot run")
        pytest.skip("Node.js is not installed: tests/js not run")
    # the files by name: Node 18 searches a folder given to --test, Node 22 reads globs
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "js").glob("*.test.mjs"))
    assert files, "no tests/js/*.test.mjs"
    result = subprocess.run(
        [node, "--test", *files], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout and "# pass 0" not in result.stdout, result.stdout[-3000:]
