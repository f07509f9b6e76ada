"""The public badge page as a recruiter with no account reads it (issue 15, point 7): the
Éclats mark, one verdict, who issued it to whom and when said once, French typography."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from flask.testing import FlaskClient

from ..conftest import join, open_day

Headers = dict[str, str]


@pytest.fixture
def award(client: FlaskClient, staff: Headers, game: dict[str, Any]) -> dict[str, Any]:
    """Yanis's « Communication » badge: he agreed, a facilitator issued it."""
    phone = join(client, game["join_code"], "Yanis", game["teams"][0]["id"])
    open_day(client, staff, game["id"], 1)
    client.put("/api/me/badges/consent", json={"agree": True}, headers=phone)
    [player] = client.get(f"/api/sessions/{game['id']}", headers=staff).json["players"]
    body = {"skill_id": "communication", "player_ids": [player["id"]]}
    issued = client.post(f"/api/sessions/{game['id']}/badges", json=body, headers=staff).json["issued"]
    return dict(issued[0])


def visible_text(html: str) -> str:
    body = re.sub(r"<(script|style|title)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", body))


def test_the_badge_page_names_its_issuer_once_and_does_not_repeat_itself(
    client: FlaskClient, award: dict[str, Any]
) -> None:
    html = client.get(f"/badges/{award['id']}").get_data(as_text=True)
    text = visible_text(html)
    issuer = re.search(r'data-testid="badge-issuer">([^<]+)<', html)
    assert issuer and issuer.group(1).startswith("Mission Locale")
    assert text.count(issuer.group(1)) == 1
    assert text.count("Badge valide") == 1 and text.count("Yanis") == 1
    assert text.count("Délivré") == 1 and text.count("compétences") == 1
    criteria = re.search(r"<h2>Ce que ce badge prouve</h2><p>([^<]+)</p>", html)
    assert criteria and text.count(unescape(criteria.group(1))[:60]) == 1  # the narrative is not the criteria again
    assert 'class="brand-name">Éclats<' in html and 'data-testid="verify-link"' in html


def test_the_badge_page_has_french_typography(client: FlaskClient, staff: Headers, award: dict[str, Any]) -> None:
    client.post(f"/api/badges/{award['id']}/revoke", json={"reason": "Attribué par erreur : doublon !"}, headers=staff)
    text = visible_text(client.get(f"/badges/{award['id']}").get_data(as_text=True))
    assert "Attribué par erreur\u00a0: doublon\u202f!" in text
    assert "(référentiel RECTEC)\u00a0:" in text
    assert not re.search(r" [:;!?»]|« ", text), re.findall(r".{20} [:;!?»]|« .{20}", text)
