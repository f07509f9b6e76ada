"""The self-diagnosis over REST: taken on day 1 and day 10, priorities as progress bars,
the offers put forward "pour toi en priorité", and what a counsellor reads."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from api.extensions import db
from api.http.diagnosis import diagnosis_blp
from content.catalog import Catalog
from content.loader import DIAGNOSIS_FILE, local_packs_dir, pack_path
from game.services import diagnosis as service
from game.services.privacy import export_diagnosis, export_player
from game.store.models import DiagnosisAnswer, Player

from ..conftest import create_session, join, open_day

Headers = dict[str, str]

#: emploi and logement at 100 %: their offers taken in turns, five at most
EMPLOI_LOGEMENT = ["offres-emploi", "logement", "ateliers-cv", "aide-financiere", "pmsmp"]


@pytest.fixture(autouse=True)
def _diagnosis_routes(app: Flask) -> None:
    """The blueprint, registered here until ``api/app.py`` registers it (then a no-op)."""
    if "diagnosis" not in app.blueprints:
        app.extensions["flask-smorest"]["apis"][""]["ext_obj"].register_blueprint(diagnosis_blp)


def answers_for(catalog: Catalog, needy: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Every question asked answered: the most need for the families in ``needy`` (their
    follow-ups included), none elsewhere (so no follow-up there)."""
    assert catalog.diagnosis is not None
    needy = set(needy)
    out = []
    for q in catalog.diagnosis.questions:
        if q.follow_up and q.family not in needy:
            continue
        needs = [c.need for c in q.choices]
        out.append({"question_id": q.id, "choice": needs.index(max(needs) if q.family in needy else min(needs))})
    return out


def rows(app: Flask) -> int:
    with app.app_context():
        return int(db().scalar(select(func.count()).select_from(DiagnosisAnswer)) or 0)


def priorities(round_: dict[str, Any]) -> dict[str, int]:
    return {p["family"]: p["priority"] for p in round_["priorities"]}


@pytest.fixture
def me(client: FlaskClient, game: dict[str, Any]) -> Headers:
    return join(client, game["join_code"], "Inès", game["teams"][0]["id"])


def open_days(client: FlaskClient, staff: Headers, session_id: int, days: Iterable[int]) -> None:
    for day in days:
        open_day(client, staff, session_id, day)


# ---------------------------------------------------------------- day 1


def test_nothing_opens_before_day_1(client: FlaskClient, game: dict[str, Any], me: Headers, catalog: Catalog) -> None:
    view = client.get("/api/me/diagnosis", headers=me).json
    assert view["available"] is True and view["round"] is None and view["next_round"] == 1
    assert view["questions"] == []
    early = client.put("/api/me/diagnosis/1", json={"answers": answers_for(catalog)}, headers=me)
    assert early.status_code == 409 and "s'ouvre le jour 1" in early.json["message"]


def test_day_1_scores_give_the_priorities_and_the_offers_for_me_first(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], me: Headers, catalog: Catalog
) -> None:
    open_day(client, staff, game["id"], 1)
    view = client.get("/api/me/diagnosis", headers=me).json
    assert view["round"] == 1 and view["next_round"] == 10 and view["taken"] is False and view["answers"] == []
    assert len(view["questions"]) == 40  # all of them: the phone asks the follow-ups only when needed
    first = view["questions"][0]
    assert first["family_name"] == "Trouver un job" and first["follow_up"] is False
    assert first["choices"][0] == {"index": 0, "text": "J'ai déjà un job qui me va", "opens_follow_ups": False}
    assert [c["opens_follow_ups"] for c in first["choices"]] == [False, True, True, True]
    follow_up = view["questions"][1]
    assert follow_up["id"] == "emploi-cv" and follow_up["follow_up"] is True
    assert not any(c["opens_follow_ups"] for c in follow_up["choices"])  # only a first question opens them
    assert all("need" not in c for q in view["questions"] for c in q["choices"])  # answers, not a score

    r = client.put("/api/me/diagnosis/1", json={"answers": answers_for(catalog, ["emploi", "logement"])}, headers=me)
    assert r.status_code == 200, r.json
    day1 = r.json["rounds"][0]
    assert day1["round"] == 1 and day1["taken"] is True and day1["open"] is True and day1["answered_at"]
    assert [p["family"] for p in day1["priorities"]][:2] == ["emploi", "logement"]  # highest first
    assert catalog.diagnosis is not None
    assert priorities(day1) == {f.id: 100 if f.id in ("emploi", "logement") else 0 for f in catalog.diagnosis.families}
    assert r.json["rounds"][1] == {"round": 10, "open": False, "taken": False, "answered_at": None, "priorities": []}
    assert r.json["comparison"] == [] and r.json["based_on_round"] == 1
    offers = r.json["priority_offers"]
    assert [o["id"] for o in offers] == EMPLOI_LOGEMENT
    assert offers[1] == {
        "id": "logement",
        "title": "Trouver un logement",
        "category": "vie-quotidienne",
        "family": "logement",
        "family_name": "Avoir un toit",
    }
    assert r.json["urgent_help"] == []  # nothing urgent was answered
    results = client.get("/api/me/diagnosis/results", headers=me).json
    assert results == {k: v for k, v in r.json.items() if k != "urgent_help"}
    again = client.get("/api/me/diagnosis", headers=me).json
    assert again["taken"] is True and len(again["answers"]) == 19  # 15 first questions + 2 + 2 follow-ups
    assert rows(app) == 19


def test_a_middling_answer_gives_a_middling_bar(
    client: FlaskClient, staff: Headers, game: dict[str, Any], me: Headers, catalog: Catalog
) -> None:
    open_day(client, staff, game["id"], 1)
    answers = answers_for(catalog)
    by_id = {a["question_id"]: a for a in answers}
    by_id["emploi-envie"]["choice"] = 2  # "Je cherche, mais je rame": need 2 of the family's 9
    answers += [{"question_id": "emploi-cv", "choice": 1}, {"question_id": "emploi-entretien", "choice": 0}]
    by_id = {a["question_id"]: a for a in answers}
    r = client.put("/api/me/diagnosis/1", json={"answers": answers}, headers=me)
    assert priorities(r.json["rounds"][0])["emploi"] == 33  # 3 of 9
    assert r.json["priority_offers"] == []  # below 50: nothing stands out


def test_taking_round_1_again_replaces_the_answers(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], me: Headers, catalog: Catalog
) -> None:
    open_days(client, staff, game["id"], [1, 2, 3])  # round 1 stays open until day 10
    client.put("/api/me/diagnosis/1", json={"answers": answers_for(catalog, ["emploi"])}, headers=me)
    r = client.put("/api/me/diagnosis/1", json={"answers": answers_for(catalog, ["mobilite"])}, headers=me)
    assert r.status_code == 200
    assert priorities(r.json["rounds"][0])["emploi"] == 0 and priorities(r.json["rounds"][0])["mobilite"] == 100
    assert [o["id"] for o in r.json["priority_offers"]] == [
        "permis-mobilite",
        "mobilite-internationale",
        "aide-financiere",
    ]
    assert rows(app) == 16  # 15 first questions + mobilité's follow-up
    mine = {a["question_id"]: a["choice"] for a in client.get("/api/me/diagnosis", headers=me).json["answers"]}
    assert mine == {a["question_id"]: a["choice"] for a in answers_for(catalog, ["mobilite"])}


# ---------------------------------------------------------------- bad input


def _full(catalog: Catalog) -> list[dict[str, Any]]:
    return answers_for(catalog, ["emploi"])


BAD_BODIES: list[tuple[str, Any, str]] = [
    ("no-answers", lambda c: {}, "« answers » : champ obligatoire"),
    ("not-a-list", lambda c: {"answers": "tout"}, "« answers » : doit être une liste"),
    ("choice-as-text", lambda c: {"answers": [{"question_id": "emploi-envie", "choice": "3"}]}, "« answers.0.choice »"),
    ("no-choice", lambda c: {"answers": [{"question_id": "emploi-envie"}]}, "« answers.0.choice » : champ obligatoire"),
    ("negative", lambda c: {"answers": [{"question_id": "emploi-envie", "choice": -1}]}, "« answers.0.choice »"),
    ("extra-field", lambda c: {"answers": _full(c), "score": 100}, "« score » : champ inconnu"),
    (
        "choice-out-of-range",
        lambda c: {"answers": [{**a, "choice": 9} if i == 5 else a for i, a in enumerate(_full(c))]},
        "« answers[5].choice » : choix 9 impossible pour « sante-soins » (de 0 à 2)",
    ),
    ("missing", lambda c: {"answers": _full(c)[1:]}, "« answers » : il manque la réponse à « emploi-envie »"),
    (
        "missing-follow-up",
        lambda c: {"answers": [a for a in _full(c) if a["question_id"] != "emploi-cv"]},
        "« answers » : il manque la réponse à « emploi-cv »",
    ),
    (
        "unasked-follow-up",
        lambda c: {"answers": [*_full(c), {"question_id": "logement-projet", "choice": 0}]},
        "« answers[17].question_id » : « logement-projet » ne se pose que si la première question de sa famille"
        " montre un besoin",
    ),
    (
        "unknown-question",
        lambda c: {"answers": [*_full(c), {"question_id": "horoscope", "choice": 0}]},
        "« answers[17].question_id » : question inconnue « horoscope »",
    ),
    (
        "twice",
        lambda c: {"answers": [*_full(c), {"question_id": "emploi-cv", "choice": 0}]},
        "« answers[17].question_id » : question « emploi-cv » répondue deux fois",
    ),
]


@pytest.mark.parametrize(("name", "body", "field"), BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
def test_bad_answers_are_refused_naming_the_field_and_nothing_is_written(
    app: Flask,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    me: Headers,
    catalog: Catalog,
    name: str,
    body: Any,
    field: str,
) -> None:
    open_day(client, staff, game["id"], 1)
    r = client.put("/api/me/diagnosis/1", json=body(catalog), headers=me)
    assert r.status_code == 422, r.json
    assert field in r.json["message"]
    assert r.json["message"].startswith("Données invalides")
    assert rows(app) == 0
    assert client.get("/api/me/diagnosis", headers=me).json["taken"] is False


def test_a_bad_retake_keeps_the_previous_answers(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], me: Headers, catalog: Catalog
) -> None:
    open_day(client, staff, game["id"], 1)
    client.put("/api/me/diagnosis/1", json={"answers": answers_for(catalog, ["sante"])}, headers=me)
    bad = client.put("/api/me/diagnosis/1", json={"answers": answers_for(catalog)[:-1]}, headers=me)
    assert bad.status_code == 422
    results = client.get("/api/me/diagnosis/results", headers=me).json
    assert priorities(results["rounds"][0])["sante"] == 100 and rows(app) == 16


@pytest.mark.parametrize("round_", [0, 2, 5, 11])
def test_only_the_day_1_and_day_10_rounds_exist(
    client: FlaskClient, staff: Headers, game: dict[str, Any], me: Headers, catalog: Catalog, round_: int
) -> None:
    open_day(client, staff, game["id"], 1)
    r = client.put(f"/api/me/diagnosis/{round_}", json={"answers": answers_for(catalog)}, headers=me)
    assert r.status_code == 404 and r.json["error"] == "no_round"


def test_a_player_must_be_signed_in(client: FlaskClient, game: dict[str, Any]) -> None:
    assert client.get("/api/me/diagnosis").status_code == 401
    assert client.put("/api/me/diagnosis/1", json={"answers": []}).status_code == 401


# ---------------------------------------------------------------- day 10


def test_round_10_is_locked_before_day_10_then_shown_beside_day_1(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], me: Headers, catalog: Catalog
) -> None:
    open_day(client, staff, game["id"], 1)
    client.put("/api/me/diagnosis/1", json={"answers": answers_for(catalog, ["emploi", "logement"])}, headers=me)
    open_days(client, staff, game["id"], range(2, 10))
    locked = client.put("/api/me/diagnosis/10", json={"answers": answers_for(catalog, ["sante"])}, headers=me)
    assert locked.status_code == 409 and locked.json["error"] == "round_not_open"
    assert locked.json["message"] == "Le diagnostic du jour 10 s'ouvre le jour 10 : encore un peu de patience !"
    assert rows(app) == 19

    open_day(client, staff, game["id"], 10)
    view = client.get("/api/me/diagnosis", headers=me).json
    assert view["round"] == 10 and view["next_round"] is None and view["taken"] is False and view["answers"] == []
    assert len(view["questions"]) == 40  # the same questions, so that they compare
    closed = client.put("/api/me/diagnosis/1", json={"answers": answers_for(catalog)}, headers=me)
    assert closed.status_code == 409 and "fermé" in closed.json["message"]

    r = client.put("/api/me/diagnosis/10", json={"answers": answers_for(catalog, ["emploi", "sante"])}, headers=me)
    assert r.status_code == 200, r.json
    day1, day10 = r.json["rounds"]
    assert day1["taken"] and not day1["open"] and day10["taken"] and day10["open"]
    changes = {c["family"]: c for c in r.json["comparison"]}
    assert changes["logement"] == {
        "family": "logement",
        "name": "Avoir un toit",
        "before": 100,
        "after": 0,
        "change": -100,
    }
    assert changes["sante"]["before"] == 0 and changes["sante"]["after"] == 100 and changes["sante"]["change"] == 100
    assert changes["emploi"]["change"] == 0
    assert [c["family"] for c in r.json["comparison"]][:2] == ["emploi", "sante"]  # in day 10's ranking
    assert r.json["based_on_round"] == 10
    assert [o["id"] for o in r.json["priority_offers"]] == [
        "offres-emploi",
        "sante",
        "ateliers-cv",
        "acces-droits",
        "pmsmp",
    ]
    assert rows(app) == 19 + 18  # day 1's answers are kept beside day 10's


def test_a_player_who_missed_day_1_still_gets_day_10(
    client: FlaskClient, staff: Headers, game: dict[str, Any], me: Headers, catalog: Catalog
) -> None:
    open_days(client, staff, game["id"], range(1, 11))
    r = client.put("/api/me/diagnosis/10", json={"answers": answers_for(catalog, ["numerique"])}, headers=me)
    assert r.status_code == 200
    assert r.json["comparison"] == [] and r.json["rounds"][0]["taken"] is False
    assert [o["id"] for o in r.json["priority_offers"]] == ["numerique-pix", "acces-droits"]


# ---------------------------------------------------------------- for the other parts and the counsellor


def _player(player_id: int) -> Player:
    player = db().get(Player, player_id)
    assert player is not None
    return player


def test_priority_offers_and_the_export_come_from_the_latest_round(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], me: Headers, catalog: Catalog
) -> None:
    player_id = client.get("/api/me", headers=me).json["player"]["id"]
    with app.app_context():
        assert service.priority_offers(db(), _player(player_id)) == []  # nothing taken yet
    open_day(client, staff, game["id"], 1)
    client.put("/api/me/diagnosis/1", json={"answers": answers_for(catalog, ["emploi", "logement"])}, headers=me)
    with app.app_context():
        player = _player(player_id)
        assert service.priority_offers(db(), player) == EMPLOI_LOGEMENT
        order = service.offer_order(db(), player)
        assert list(order.ordered[:5]) == EMPLOI_LOGEMENT and len(order.ordered) == len(catalog.offers)
        exported = export_diagnosis(db(), player)
        assert len(exported) == 1 and exported[0]["jour"] == 1
        assert {"question": "Ce soir, tu dors…", "reponse": "Chez des amis, un coup ici, un coup là"} in exported[0][
            "reponses"
        ]
        assert exported[0]["priorites"][0] == {"famille": "Trouver un job", "priorite": 100}
        assert "pseudo" in export_player(db(), player)  # the export itself still works beside it


def test_erasing_a_player_erases_their_diagnosis(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], me: Headers, catalog: Catalog
) -> None:
    open_day(client, staff, game["id"], 1)
    client.put("/api/me/diagnosis/1", json={"answers": answers_for(catalog)}, headers=me)
    assert rows(app) == 15
    assert client.delete("/api/me", headers=me).status_code == 204
    assert rows(app) == 0


def test_the_counsellor_reads_the_answers_and_the_priorities(
    client: FlaskClient, staff: Headers, game: dict[str, Any], me: Headers, catalog: Catalog
) -> None:
    open_day(client, staff, game["id"], 1)
    client.put("/api/me/diagnosis/1", json={"answers": answers_for(catalog, ["logement"])}, headers=me)
    player_id = client.get("/api/me", headers=me).json["player"]["id"]
    url = f"/api/sessions/{game['id']}/players/{player_id}/diagnosis"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=me).status_code == 403  # a player's token is not a staff one
    r = client.get(url, headers=staff)
    assert r.status_code == 200
    assert r.json["nickname"] == "Inès" and r.json["player_id"] == player_id
    assert r.json["results"]["rounds"][0]["priorities"][0] == {
        "family": "logement",
        "name": "Avoir un toit",
        "priority": 100,
        "answered": 3,
    }
    (day1,) = r.json["answers"]
    toit = next(a for a in day1["answers"] if a["question_id"] == "logement-toit")
    assert toit == {
        "question_id": "logement-toit",
        "question": "Ce soir, tu dors…",
        "family": "logement",
        "choice": 2,
        "answer": "Chez des amis, un coup ici, un coup là",
        "need": 3,
    }
    other = create_session(client, staff, name="Autre groupe")
    assert client.get(f"/api/sessions/{other['id']}/players/{player_id}/diagnosis", headers=staff).status_code == 404


# ---------------------------------------------------------------- a pack without diagnosis


def test_a_pack_without_diagnosis_plays_without_one(client: FlaskClient, staff: Headers, catalog: Catalog) -> None:
    local = local_packs_dir()
    assert local is not None
    shutil.copytree(pack_path("default"), local / "sans-diagnostic")
    (local / "sans-diagnostic" / DIAGNOSIS_FILE).unlink()
    game = create_session(client, staff, pack="sans-diagnostic", players_choose_team=True)
    me = join(client, game["join_code"], "Yanis", game["teams"][0]["id"])
    open_day(client, staff, game["id"], 1)
    view = client.get("/api/me/diagnosis", headers=me).json
    assert view["available"] is False and view["round"] is None and view["next_round"] is None
    assert view["questions"] == [] and view["results"]["rounds"] == [] and view["results"]["priority_offers"] == []
    r = client.put("/api/me/diagnosis/1", json={"answers": answers_for(catalog)}, headers=me)
    assert r.status_code == 404 and r.json["error"] == "no_diagnosis"
