"""A clue lock over the REST API, on the real default pack: each phone gets only its
own documents and never the code, the code found by combining them opens the lock for
the whole team, and the split is frozen when the team first sees the lock."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from content.catalog import Catalog, Quest, QuestKind

from ..conftest import join, open_day
from .helpers import right_answer

Headers = dict[str, str]


def clue_lock(catalog: Catalog, day: int = 1) -> Quest:
    return next(q for q in catalog.quests_of_day(day) if q.kind is QuestKind.CLUE_LOCK)


def view(client: FlaskClient, phone: Headers, quest_id: str) -> dict[str, Any]:
    r = client.get("/api/me/quests", headers=phone)
    assert r.status_code == 200, r.json
    return next(q for q in r.json if q["id"] == quest_id)


def played(app: Flask, game: dict[str, Any], quest_id: str) -> Quest:
    """The lock as this session plays it (its own variant), read on the server side."""
    from api.extensions import db
    from game.services.common import catalog_of, get_session

    with app.app_context():
        quest = catalog_of(get_session(db(), game["id"])).quest(quest_id)
    assert quest is not None
    return quest


def player_id(client: FlaskClient, phone: Headers) -> int:
    return int(client.get("/api/me", headers=phone).json["player"]["id"])


def team_of_three(client: FlaskClient, staff: Headers, game: dict[str, Any], lock: Quest) -> list[Headers]:
    team = game["teams"][0]["id"]
    phones = [join(client, game["join_code"], name, team) for name in ("Inès", "Yanis", "Awa")]
    open_day(client, staff, game["id"], lock.day)
    from content.loader import load_named_pack

    for before in lock.prerequisites:  # a riddle of the pack, without variants
        quest = load_named_pack("default").quest(before)
        assert quest is not None and not quest.variants
        r = client.post(f"/api/me/quests/{before}/answer", json=right_answer(quest), headers=phones[0])
        assert r.json["correct"], r.json
    return phones


def titles(seen: dict[str, Any]) -> list[str]:
    return [d["title"] for d in seen["documents"]]


def test_each_phone_gets_only_its_documents_and_never_the_code(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog
) -> None:
    lock = clue_lock(catalog)
    phones = team_of_three(client, staff, game, lock)
    mine = played(app, game, lock.id)
    raw = [client.get("/api/me/quests", headers=p).get_data(as_text=True) for p in phones]
    seen = [view(client, p, lock.id) for p in phones]
    assert [titles(s) for s in seen] == [[d.title] for d in mine.documents]  # one each, all different
    first = seen[0]["documents"][0]
    assert first["index"] == 1 and first["total"] == len(mine.documents) and first["style"] == "payslip"
    assert [r["number"] for r in first["rows"]] == list(range(1, len(mine.documents[0].rows) + 1))
    assert [r["value"] for r in first["rows"]] == [r.value for r in mine.documents[0].rows]  # the variant's values
    assert all("{{" not in text for text in raw)
    assert all('"code":' not in text for text in raw)
    assert all(s["code_pieces"] == [] and s["code_piece"] is None for s in seen)


def test_the_code_found_together_opens_the_lock_on_every_phone(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog
) -> None:
    lock = clue_lock(catalog)
    phones = team_of_three(client, staff, game, lock)
    code = played(app, game, lock.id).code
    wrong = client.post(f"/api/me/quests/{lock.id}/answer", json={"answer": code + "9"}, headers=phones[2])
    assert wrong.status_code == 200 and wrong.json["correct"] is False
    right = client.post(f"/api/me/quests/{lock.id}/answer", json={"answer": code}, headers=phones[2])
    assert right.status_code == 200 and right.json["correct"] is True and right.json["reward"] == lock.reward
    assert all(view(client, p, lock.id)["status"] == "solved" for p in phones)


def test_the_split_is_frozen_when_the_team_first_sees_the_lock(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog
) -> None:
    lock = clue_lock(catalog)
    ines, yanis, awa = team_of_three(client, staff, game, lock)
    before = [titles(view(client, p, lock.id)) for p in (ines, yanis, awa)]
    # a newcomer joins the team: they get a copy of one, nobody's documents move
    lina = join(client, game["join_code"], "Lina", game["teams"][0]["id"])
    assert [titles(view(client, p, lock.id)) for p in (ines, yanis, awa)] == before
    assert titles(view(client, lina, lock.id)) == before[0]
    # Yanis moves to the other team: his document goes to a remaining holder, the others stay
    r = client.patch(
        f"/api/sessions/{game['id']}/players/{player_id(client, yanis)}",
        json={"team_id": game["teams"][1]["id"]},
        headers=staff,
    )
    assert r.status_code == 200, r.json
    assert titles(view(client, ines, lock.id)) == before[0] + before[1]
    assert titles(view(client, awa, lock.id)) == before[2]
    assert titles(view(client, lina, lock.id)) == before[0]  # still a copy, nothing dealt to her


def test_document_holders_get_evidence_when_the_lock_opens(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog
) -> None:
    from api.extensions import db
    from game.services import evidence
    from game.store.models import Player

    lock = clue_lock(catalog)
    ines, yanis, awa = team_of_three(client, staff, game, lock)
    view(client, ines, lock.id)  # the team sees the lock: frozen on Inès, Yanis, Awa
    lina = join(client, game["join_code"], "Lina", game["teams"][0]["id"])  # a copy only
    code = played(app, game, lock.id).code
    assert client.post(f"/api/me/quests/{lock.id}/answer", json={"answer": code}, headers=ines).json["correct"]
    labels = {}
    with app.app_context():
        for phone, name in ((ines, "Inès"), (yanis, "Yanis"), (awa, "Awa"), (lina, "Lina")):
            player = db().get(Player, player_id(client, phone))
            assert player is not None
            labels[name] = [i.label for s in evidence.evidence_for(db(), player) for i in s.items if i.kind == "piece"]
    brought = f"A apporté son document pour « {lock.title} »"
    assert labels["Yanis"] == labels["Awa"] == [brought] * len(lock.skills)
    assert labels["Inès"] == [brought] * len(lock.skills)
    assert labels["Lina"] == []


def test_a_code_lock_keeps_its_frozen_split_and_a_leavers_piece_goes_to_a_holder(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers], catalog: Catalog
) -> None:
    from .helpers import solve_with_prerequisites

    ines, yanis = players
    lock = next(q for q in catalog.quests_of_day(1) if q.kind is QuestKind.CODE_LOCK)
    open_day(client, staff, game["id"], 1)
    for before in lock.prerequisites:
        solve_with_prerequisites(client, catalog, ines, before)

    def pieces(phone: Headers) -> list[str]:
        return [p["text"] for p in view(client, phone, lock.id)["code_pieces"]]

    assert (pieces(ines), pieces(yanis)) == ([lock.pieces[0]], [lock.pieces[1]])  # seen: frozen
    lina = join(client, game["join_code"], "Lina", game["teams"][0]["id"])
    r = client.patch(
        f"/api/sessions/{game['id']}/players/{player_id(client, ines)}",
        json={"team_id": game["teams"][1]["id"]},
        headers=staff,
    )
    assert r.status_code == 200, r.json
    assert pieces(yanis) == list(lock.pieces)  # Inès's piece went to the holder who stayed
    assert pieces(lina) == [lock.pieces[0]]  # the newcomer: a copy only
    for value in lock.pieces:
        r = client.post(f"/api/me/quests/{lock.id}/pieces", json={"value": value}, headers=yanis)
        assert r.status_code == 200, r.json
    assert view(client, lina, lock.id)["status"] == "solved"
