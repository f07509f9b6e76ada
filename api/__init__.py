"""The HTTP shell: the only package that imports Flask.

``create_app`` is imported lazily so that ``eclats serve`` can patch the standard
library with gevent before Flask and friends are loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    from .app import build_app

    return build_app(config)
