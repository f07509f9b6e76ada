"""The console's session is in views (static/facilitator/views.js): a panel is only on
screen once its view's tab is chosen. ``open_view(console, "lieux")`` does what a
facilitator does: click the tab, then the view is the one shown."""

from __future__ import annotations

from typing import Any

#: the views' keys, in the tab bar's order (VIEWS in static/facilitator/views.js)
VIEWS = ("live", "reponses", "equipes", "lieux", "rdv", "competences", "rapport")


def open_view(page: Any, key: str) -> None:
    assert key in VIEWS, key
    page.get_by_test_id(f"view-tab-{key}").click()
    page.locator(f'[data-testid="view-tab-{key}"][aria-selected="true"]').wait_for()
    page.get_by_test_id(f"view-{key}").wait_for()
