"""Another Mission Locale's pack (Saint-Lô: its own offers, diagnosis and badges) works
through every player and staff screen, not only the default pack."""

from __future__ import annotations

from flask.testing import FlaskClient

from ..conftest import create_session, join, open_day


def test_the_saint_lo_pack_plays_end_to_end(client: FlaskClient, staff: dict[str, str]) -> None:
    game = create_session(client, staff, pack="saint-lo", players_choose_team=True)
    me = join(client, game["join_code"], "Lou", game["teams"][0]["id"])
    open_day(client, staff, game["id"], 1)
    offers = client.get("/api/me/offers", headers=me).json
    assert offers["total"] == 25 and not any(o["priority"] for o in offers["offers"])  # no diagnosis answered yet
    assert client.get("/api/me/recap", headers=me).json["day"] == 1
    assert client.get("/api/me/diagnosis", headers=me).json["available"] is True
    assert client.get("/api/me/booklet.pdf", headers=me).mimetype == "application/pdf"
    assert client.get("/api/me/places", headers=me).status_code == 200
    assert client.get(f"/api/sessions/{game['id']}/report", headers=staff).status_code == 200
    badges = client.get(f"/api/sessions/{game['id']}/badge-skills", headers=staff).json or []
    assert {b["skill_id"] for b in badges} >= {"cooperation", "resolution-problemes", "se-reperer"}
    assert all(b["criteria"] and b["level"] for b in badges)


def test_a_pack_without_a_finale_shows_none_without_an_error(client: FlaskClient, staff: dict[str, str]) -> None:
    """The Saint-Lô pack has no finale.yaml: the phone and the console read « nothing to
    show » (204), not an error a browser logs, and answering one is still refused."""
    game = create_session(client, staff, pack="saint-lo", players_choose_team=True)
    me = join(client, game["join_code"], "Lou", game["teams"][0]["id"])
    open_day(client, staff, game["id"], 1)
    assert client.get("/api/me/finale", headers=me).status_code == 204
    assert client.get(f"/api/sessions/{game['id']}/finale", headers=staff).status_code == 204
    refused = client.post("/api/me/finale/answer", json={"answer": "solidarité"}, headers=me)
    assert refused.status_code == 404 and refused.json["error"] == "no_finale"
