"""The console's « who contributed what »: per team, each member's own doing, read from
the skills evidence (one piece of code decides what counts)."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from content.catalog import Catalog

from . import test_places_api as _places
from .helpers import solve_with_prerequisites

clock, fix, weekend = _places.clock, _places.fix, _places.weekend  # the urban-game fixtures

Headers = dict[str, str]


def test_each_member_is_listed_with_what_they_did_themselves(
    client: FlaskClient, staff: Headers, catalog: Catalog, weekend: dict[str, Any]
) -> None:
    ines, yanis, lou, _sami = weekend["phones"]
    game, team = weekend["game"], weekend["team"]
    quiz = catalog.quest("d1-diagnostic-nova")
    assert quiz is not None
    solve_with_prerequisites(client, catalog, ines, quiz.id)  # A typed the answers

    lock = next(q for q in client.get("/api/me/quests", headers=yanis).json if q["id"] == "d1-casier")
    piece = lock["code_pieces"][0]["text"]
    r = client.post("/api/me/quests/d1-casier/pieces", json={"value": piece}, headers=yanis)
    assert r.status_code == 200, r.json  # B entered their piece

    posters = client.get(f"/api/sessions/{game['id']}/places/posters", headers=staff).json
    code = next(p["code"] for p in posters if p["place"]["id"] == "grand-place" and p["team_id"] == team)
    r = client.post("/api/me/quests/d6-place-grand-place/checkin/qr", json={"code": code}, headers=lou)
    assert r.status_code == 200 and r.json["accepted"], r.json  # C checked in

    assert client.get(f"/api/sessions/{game['id']}/contributions", headers=ines).status_code in (401, 403)
    r = client.get(f"/api/sessions/{game['id']}/contributions", headers=staff)
    assert r.status_code == 200, r.json
    mine = next(t for t in r.json if t["team_id"] == team)
    done = {m["nickname"]: [(i["kind"], i["label"]) for i in m["items"]] for m in mine["members"]}
    assert ("solved", f"A réussi « {quiz.title} »") in done["Inès"]
    assert [kind for kind, _ in done["Yanis"]] == ["piece"]
    assert "d1-casier" not in str(done["Inès"]) and all(kind != "piece" for kind, _ in done["Inès"])
    assert done["Lou"] == [("place", "A atteint Grand'Place (place du Général-de-Gaulle)")]
    assert done["Sami"] == []  # being there is not a contribution
    assert len(done["Inès"]) == len(set(done["Inès"]))  # one line per act, not one per skill
    rival = next(t for t in r.json if t["team_id"] != team)
    assert [m["nickname"] for m in rival["members"]] == ["Noa"]
