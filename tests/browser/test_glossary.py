"""Tap-to-explain on the phone: an acronym of the pack's glossary is marked in an offer's
text; tapping it (or Enter on it) shows its meaning in a bubble that fits a 360 px
screen, is read out to screen readers, and closes."""

from __future__ import annotations

import re
from typing import Any

import pytest

from content.catalog import GlossaryEntry, Offer
from content.loader import load_named_pack
from game.rules.typography import french_spacing

from .conftest import PHONE, Server, watch_errors
from .test_accessibility import STILL, violations
from .test_live_play import TIMEOUT

pytestmark = pytest.mark.browser


def an_explained_acronym() -> tuple[Offer, GlossaryEntry]:
    """An offer of the default pack whose summary (shown even before it is unlocked)
    uses an acronym of the glossary."""
    catalog = load_named_pack("default")
    for entry in catalog.glossary:
        if not (entry.term.isupper() and len(entry.term) >= 2):
            continue
        for offer in catalog.offers:
            if re.search(rf"(?<!\w){re.escape(entry.term)}(?!\w)", offer.summary):
                return offer, entry
    raise AssertionError("no offer summary of the default pack uses an acronym of its glossary")


def test_tapping_an_acronym_shows_its_meaning_and_closes(server: Server, browser: Any) -> None:
    offer, entry = an_explained_acronym()
    errors: list[str] = []
    page = browser.new_context(**PHONE, **STILL).new_page()
    page.set_default_timeout(TIMEOUT)
    watch_errors(page, errors, "phone")
    page.goto(f"{server.url}/j/{server.join_code}")
    page.get_by_test_id("join-nickname").fill("Inès")
    page.locator('[data-testid^="join-team-"]').first.check()
    page.get_by_test_id("join-submit").click()
    page.locator('[data-testid="conn-state"][data-state="connected"]').wait_for()
    page.evaluate(f"location.hash = '#/offre/{offer.id}'")
    detail = page.get_by_test_id("offer-detail")
    term = detail.locator(".lead").get_by_role("button", name=entry.term, exact=True)
    term.wait_for()
    assert term.get_attribute("aria-expanded") == "false"

    term.tap()
    bubble = page.get_by_test_id("term-bubble")
    bubble.wait_for()
    assert french_spacing(entry.meaning) in bubble.inner_text()
    assert term.get_attribute("aria-expanded") == "true"
    box = bubble.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360  # readable, nothing cut off
    page.wait_for_function(
        "t => document.querySelector('[data-testid=\"term-live\"]').textContent.includes(t)", arg=entry.meaning
    )  # read out by screen readers
    assert violations(page) == []

    page.get_by_test_id("term-close").tap()
    assert bubble.count() == 0 and term.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.textContent") == entry.term  # focus back on the word

    # the keyboard: Enter opens, Escape closes
    term.focus()
    page.keyboard.press("Enter")
    bubble.wait_for()
    page.keyboard.press("Escape")
    assert bubble.count() == 0
    # pack texts are text: no markup from the pack reaches the page
    assert detail.locator(".lead").evaluate("el => el.querySelectorAll(':not(button.term)').length") == 0
    assert errors == []
