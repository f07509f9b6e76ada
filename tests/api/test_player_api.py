"""The phone's side of the REST API, on the real default pack."""

from __future__ import annotations

import io
from typing import Any

from flask.testing import FlaskClient
from PIL import Image

from content.catalog import Catalog, Quest, QuestKind

from ..conftest import join, open_day
from .helpers import first_of, playable_order, right_answer, wrong_answer

Headers = dict[str, str]


def quests_by_id(client: FlaskClient, player: Headers) -> dict[str, dict[str, Any]]:
    r = client.get("/api/me/quests", headers=player)
    assert r.status_code == 200, r.json
    return {q["id"]: q for q in r.json}


def test_join_info_and_join_with_a_nickname_only(client: FlaskClient, game: dict[str, Any]) -> None:
    code = game["join_code"]
    info = client.get(f"/api/join/{code.lower()}").json
    assert info["players_choose_team"] is True and len(info["teams"]) == 2
    assert client.get("/api/join/ZZZZZZ").status_code == 404
    r = client.post("/api/join", json={"code": code, "nickname": "Inès"})
    assert r.status_code == 422 and "équipe" in r.json["message"]
    player = join(client, f" {code.lower()} ", "Inès", info["teams"][1]["id"])
    me = client.get("/api/me", headers=player).json
    assert me["player"]["nickname"] == "Inès" and me["team"]["name"] == info["teams"][1]["name"]
    assert me["session"]["status"] == "draft" and me["session"]["day"] is None
    again = client.post("/api/join", json={"code": code, "nickname": "INÈS", "team_id": info["teams"][0]["id"]})
    assert again.status_code == 409 and "pseudo" in again.json["message"]


def test_without_team_choice_players_are_balanced(client: FlaskClient, staff: Headers) -> None:
    from ..conftest import create_session

    s = create_session(client, staff, players_choose_team=False)
    teams = [
        client.get("/api/me", headers=join(client, s["join_code"], f"Joueur {i}")).json["team"]["id"] for i in range(4)
    ]
    assert sorted(teams.count(t["id"]) for t in s["teams"]) == [2, 2]


def test_nothing_to_play_before_day_one(client: FlaskClient, players: tuple[Headers, Headers]) -> None:
    assert client.get("/api/me/quests", headers=players[0]).json == []


def test_quests_of_the_day_never_reveal_answers(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers], catalog: Catalog
) -> None:
    open_day(client, staff, game["id"], 1)
    raw = client.get("/api/me/quests", headers=players[0]).get_data(as_text=True)
    views = quests_by_id(client, players[0])
    assert set(views) == {q.id for q in catalog.quests_of_day(1)}
    for quest in catalog.quests_of_day(1):
        for accepted in quest.answers:
            assert f'"{accepted}"' not in raw
        if quest.kind is QuestKind.QUIZ:
            assert "correct" not in str(views[quest.id]["questions"])
        if quest.prerequisites:
            assert views[quest.id]["status"] == "locked" and views[quest.id]["locked_reason"].startswith(
                "Termine d'abord"
            )


def test_one_solves_and_the_teammate_sees_eclats_and_offer(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers], catalog: Catalog
) -> None:
    open_day(client, staff, game["id"], 1)
    ines, yanis = players
    quest = next(q for q in playable_order(catalog, 1) if q.offers)
    for earlier in playable_order(catalog, 1):
        if earlier.id == quest.id:
            break
        assert client.post(f"/api/me/quests/{earlier.id}/answer", json=right_answer(earlier), headers=ines).json[
            "correct"
        ]
    before = client.get("/api/me", headers=yanis).json["team"]["eclats"]
    r = client.post(f"/api/me/quests/{quest.id}/answer", json=right_answer(quest), headers=ines)
    assert r.status_code == 200 and r.json["correct"] is True and r.json["status"] == "solved"
    assert r.json["message"] == quest.success and r.json["reward"] == quest.reward
    assert [o["id"] for o in r.json["offers_unlocked"]] == list(quest.offers)
    # the teammate sees it
    assert client.get("/api/me", headers=yanis).json["team"]["eclats"] == before + quest.reward
    offers = client.get("/api/me/offers", headers=yanis).json
    assert offers["total"] == 25
    unlocked = {o["id"] for o in offers["offers"] if o["unlocked"]}
    assert set(quest.offers) <= unlocked
    assert quests_by_id(client, yanis)[quest.id]["status"] == "solved"
    # and cannot solve it a second time
    twice = client.post(f"/api/me/quests/{quest.id}/answer", json=right_answer(quest), headers=yanis)
    assert twice.status_code == 409 and twice.json["message"] == "Ton équipe a déjà réussi cette mission."


def test_the_other_team_is_not_affected(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers], catalog: Catalog
) -> None:
    open_day(client, staff, game["id"], 1)
    rival = join(client, game["join_code"], "Rival", game["teams"][1]["id"])
    quest = playable_order(catalog, 1)[0]
    client.post(f"/api/me/quests/{quest.id}/answer", json=right_answer(quest), headers=players[0])
    assert quests_by_id(client, rival)[quest.id]["status"] == "available"
    board = client.get("/api/me/leaderboard", headers=rival).json
    assert board[0]["mine"] is False and board[0]["eclats"] == quest.reward
    assert board[1]["mine"] is True and board[1]["eclats"] == 0


def test_wrong_answers_and_attempt_limit(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers], catalog: Catalog
) -> None:
    open_day(client, staff, game["id"], 1)
    order = playable_order(catalog, 1)
    limited = next((q for q in order if q.max_attempts), None)
    assert limited is not None, "day 1 of the default pack should have a quest with an attempt limit"
    for earlier in order[: order.index(limited)]:
        client.post(f"/api/me/quests/{earlier.id}/answer", json=right_answer(earlier), headers=players[0])
    for _i in range(limited.max_attempts or 0):
        r = client.post(f"/api/me/quests/{limited.id}/answer", json=wrong_answer(limited), headers=players[0])
        assert r.json["correct"] is False
    assert r.json["status"] == "failed" and r.json["reward"] == 0
    # offers are still revealed so that nobody misses one
    assert [o["id"] for o in r.json["offers_unlocked"]] == list(limited.offers)
    after = client.post(f"/api/me/quests/{limited.id}/answer", json=right_answer(limited), headers=players[0])
    assert after.status_code == 409


def test_hostile_answers_get_a_clear_4xx_and_change_nothing(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers], catalog: Catalog
) -> None:
    open_day(client, staff, game["id"], 1)
    quiz = first_of(catalog, QuestKind.QUIZ, day=1, free=False)
    riddle = playable_order(catalog, 1)[0]
    bad = [
        (f"/api/me/quests/{riddle.id}/answer", {"answer": ""}, 422),
        (f"/api/me/quests/{riddle.id}/answer", {"answer": 42}, 422),
        (f"/api/me/quests/{riddle.id}/answer", {"answer": "x" * 500}, 422),
        (f"/api/me/quests/{riddle.id}/answer", {"score": 9999}, 422),
        ("/api/me/quests/not-a-quest/answer", {"answer": "x"}, 404),
        (f"/api/me/quests/{quiz.id}/answer", {"choices": ["a"]}, 422),
        (f"/api/me/quests/{quiz.id}/answer", {"answer": "x"}, 422),
    ]
    for url, body, status in bad:
        r = client.post(url, json=body, headers=players[0])
        assert r.status_code == status, (url, body, r.json)
        assert r.json["message"]
    views = quests_by_id(client, players[0])
    assert views[riddle.id]["attempts"] == 0
    assert client.get("/api/me", headers=players[0]).json["team"]["eclats"] == 0


def test_quest_of_a_later_day_cannot_be_played(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers], catalog: Catalog
) -> None:
    open_day(client, staff, game["id"], 1)
    later = playable_order(catalog, 2)[0]
    r = client.post(f"/api/me/quests/{later.id}/answer", json=right_answer(later), headers=players[0])
    assert r.status_code == 409 and r.json["message"] == "S'ouvre le jour 2."


def test_pause_stops_play_until_resumed(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers], catalog: Catalog
) -> None:
    open_day(client, staff, game["id"], 1)
    client.post(f"/api/sessions/{game['id']}/pause", headers=staff)
    assert client.get("/api/me", headers=players[0]).json["session"]["status"] == "paused"
    quest = playable_order(catalog, 1)[0]
    r = client.post(f"/api/me/quests/{quest.id}/answer", json=right_answer(quest), headers=players[0])
    assert r.status_code == 409 and "pause" in r.json["message"]
    client.post(f"/api/sessions/{game['id']}/resume", headers=staff)
    assert client.post(f"/api/me/quests/{quest.id}/answer", json=right_answer(quest), headers=players[0]).json[
        "correct"
    ]


def test_hints_cost_eclats_and_are_shown_to_the_team(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers], catalog: Catalog
) -> None:
    open_day(client, staff, game["id"], 1)
    order = playable_order(catalog, 1)
    first = order[0]
    client.post(f"/api/me/quests/{first.id}/answer", json=right_answer(first), headers=players[0])
    target = next(q for q in order[1:] if q.hints)
    eclats = client.get("/api/me", headers=players[0]).json["team"]["eclats"]
    cost = target.hints[0].cost
    if cost > eclats:
        r = client.post(f"/api/me/quests/{target.id}/hints", headers=players[1])
        assert r.status_code == 409 and "éclat" in r.json["message"]
        return
    r = client.post(f"/api/me/quests/{target.id}/hints", headers=players[1])
    assert r.status_code == 200 and r.json["hint"]["text"] == target.hints[0].text
    assert r.json["eclats"] == eclats - cost
    seen = quests_by_id(client, players[0])[target.id]
    assert seen["hints"] == [{"text": target.hints[0].text, "cost": cost}]


def _solve_day(client: FlaskClient, catalog: Catalog, day: int, player: Headers) -> list[str]:
    solved = []
    for quest in playable_order(catalog, day):
        r = client.post(f"/api/me/quests/{quest.id}/answer", json=right_answer(quest), headers=player)
        if r.status_code == 200 and r.json["correct"]:
            solved.append(quest.id)
    return solved


def reach_first(
    client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog, kind: QuestKind, player: Headers
) -> Quest:
    """Open the days up to the first quest of ``kind`` and solve what comes before it."""
    quest = next(q for d in range(1, 11) for q in catalog.quests_of_day(d) if q.kind is kind)
    for day in range(1, quest.day + 1):
        open_day(client, staff, game["id"], day)
        _solve_day(client, catalog, day, player)
    return quest


def test_day_recap_shows_what_the_team_did_and_the_offers_it_discovered(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers], catalog: Catalog
) -> None:
    open_day(client, staff, game["id"], 1)
    solved = _solve_day(client, catalog, 1, players[0])
    recap = client.get("/api/me/recap?day=1", headers=players[1]).json
    assert [q["id"] for q in recap["solved"]] == [q.id for q in catalog.quests_of_day(1) if q.id in solved]
    reviewed = [q.id for q in catalog.quests_of_day(1) if q.id not in solved]
    assert [q["id"] for q in recap["missed"]] == reviewed
    expected_offers = {o for q in catalog.quests_of_day(1) if q.id in solved for o in q.offers}
    assert {o["id"] for o in recap["offers"]} == expected_offers
    assert all(o["brings"] and o["contact"] for o in recap["offers"])
    assert recap["eclats_earned"] == sum(catalog.quest(q).reward for q in solved)  # type: ignore[union-attr]
    assert client.get("/api/me/recap?day=2", headers=players[1]).status_code == 409
    assert client.get("/api/me/recap?day=0", headers=players[1]).status_code == 422


def test_free_text_answer_goes_to_review_and_approval_pays(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers], catalog: Catalog
) -> None:
    text_quest = reach_first(client, staff, game, catalog, QuestKind.FREE_TEXT, players[0])
    view = quests_by_id(client, players[0])[text_quest.id]
    assert view["status"] == "available", view
    empty = client.post(f"/api/me/quests/{text_quest.id}/submission", json={"text": "   "}, headers=players[0])
    assert empty.status_code == 422
    r = client.post(
        f"/api/me/quests/{text_quest.id}/submission",
        json={"text": "Je demande de l'aide à ma conseillère."},
        headers=players[0],
    )
    assert r.status_code == 201 and r.json["status"] == "pending"
    assert quests_by_id(client, players[1])[text_quest.id]["status"] == "pending_review"
    queue = client.get(f"/api/sessions/{game['id']}/submissions?status=pending", headers=staff).json
    assert [s["quest_id"] for s in queue] == [text_quest.id] and queue[0]["player_nickname"] == "Inès"
    eclats = client.get("/api/me", headers=players[0]).json["team"]["eclats"]
    sid = queue[0]["id"]
    ok = client.post(
        f"/api/submissions/{sid}/review", json={"verdict": "approved", "comment": "Super !", "bonus": 5}, headers=staff
    )
    assert ok.status_code == 200 and ok.json["status"] == "approved"
    again = client.post(f"/api/submissions/{sid}/review", json={"verdict": "rejected"}, headers=staff)
    assert again.status_code == 409
    view = quests_by_id(client, players[1])[text_quest.id]
    assert view["status"] == "solved" and view["submission"] == {"status": "approved", "comment": "Super !"}
    assert client.get("/api/me", headers=players[0]).json["team"]["eclats"] == eclats + text_quest.reward + 5


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (3000, 2000), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (50.0, 38.0, 10.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_photo_answer_is_stripped_of_gps_resized_and_reviewable(
    app: Any,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
) -> None:
    photo_quest = reach_first(client, staff, game, catalog, QuestKind.PHOTO, players[0])
    assert quests_by_id(client, players[0])[photo_quest.id]["status"] == "available"
    url = f"/api/me/quests/{photo_quest.id}/submission"
    not_image = client.post(
        url,
        data={"photo": (io.BytesIO(b"MZ not an image"), "virus.jpg")},
        headers=players[0],
        content_type="multipart/form-data",
    )
    assert not_image.status_code == 422 and "image" in not_image.json["message"]
    assert client.post(url, data={}, headers=players[0], content_type="multipart/form-data").status_code == 422
    upload_dir = app.config["UPLOAD_DIR"]
    assert not upload_dir.exists() or list(upload_dir.iterdir()) == [], "a refused upload leaves no file"
    r = client.post(
        url,
        data={"photo": (io.BytesIO(_jpeg_with_gps()), "photo.jpg")},
        headers=players[0],
        content_type="multipart/form-data",
    )
    assert r.status_code == 201, r.json
    sub = client.get(f"/api/sessions/{game['id']}/submissions", headers=staff).json[0]
    assert sub["has_photo"] is True and sub["kind"] == "photo"
    assert client.get(f"/api/submissions/{sub['id']}/photo", headers=players[0]).status_code == 403
    served = client.get(f"/api/submissions/{sub['id']}/photo", headers=staff)
    assert served.status_code == 200
    stored = Image.open(io.BytesIO(served.data))
    served.close()
    assert max(stored.size) == 1600
    assert len(stored.getexif()) == 0
    rejected = client.post(
        f"/api/submissions/{sub['id']}/review", json={"verdict": "rejected", "comment": "Photo floue"}, headers=staff
    )
    assert rejected.json["status"] == "rejected"
    view = quests_by_id(client, players[1])[photo_quest.id]
    assert view["status"] == "available" and view["submission"]["comment"] == "Photo floue"


def test_code_lock_pieces_are_spread_across_phones(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers], catalog: Catalog
) -> None:
    lock = next(q for d in range(1, 11) for q in catalog.quests_of_day(d) if q.kind is QuestKind.CODE_LOCK)
    for day in range(1, lock.day + 1):
        open_day(client, staff, game["id"], day)
    seen = [quests_by_id(client, p)[lock.id]["code_pieces"] for p in players]
    texts = [[piece["text"] for piece in pieces] for pieces in seen]
    assert all(texts), "each phone shows at least one piece"
    assert texts[0] != texts[1]
    assert sorted(t for pieces in texts for t in pieces) == sorted(lock.pieces)


def test_two_teammates_answering_together_get_one_reward(
    app: Any,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
) -> None:
    import threading

    open_day(client, staff, game["id"], 1)
    quest = playable_order(catalog, 1)[0]
    barrier = threading.Barrier(2)
    statuses: list[tuple[int, bool]] = []

    def send(headers: Headers) -> None:
        own = app.test_client()
        barrier.wait(timeout=10)
        r = own.post(f"/api/me/quests/{quest.id}/answer", json=right_answer(quest), headers=headers)
        statuses.append((r.status_code, bool(r.json and r.json.get("correct"))))

    threads = [threading.Thread(target=send, args=(p,)) for p in players]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(statuses) == [(200, True), (409, False)]
    assert client.get("/api/me", headers=players[0]).json["team"]["eclats"] == quest.reward


def test_a_player_downloads_then_erases_their_own_data(
    app: Any,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
) -> None:
    photo_quest = reach_first(client, staff, game, catalog, QuestKind.PHOTO, players[0])
    eclats = client.get("/api/me", headers=players[1]).json["team"]["eclats"]
    url = f"/api/me/quests/{photo_quest.id}/submission"
    sent = client.post(
        url,
        data={"photo": (io.BytesIO(_jpeg_with_gps()), "p.jpg")},
        headers=players[0],
        content_type="multipart/form-data",
    )
    assert sent.status_code == 201
    mine = client.get("/api/me/data", headers=players[0]).json
    assert mine["pseudo"] == "Inès" and mine["reponses"][0]["photo"] is True
    assert "position" in mine["donnees_non_collectees"]
    assert len(list(app.config["UPLOAD_DIR"].iterdir())) == 1
    assert client.delete("/api/me", headers=players[0]).status_code == 204
    assert client.get("/api/me", headers=players[0]).status_code == 401
    assert list(app.config["UPLOAD_DIR"].iterdir()) == [], "the photo is gone from disk"
    assert client.get(f"/api/sessions/{game['id']}/submissions", headers=staff).json == []
    assert client.get("/api/me", headers=players[1]).json["team"]["eclats"] == eclats, "the team keeps its éclats"
    assert quests_by_id(client, players[1])[photo_quest.id]["status"] == "available", "the team can answer again"


def test_two_facilitators_reviewing_the_same_answer_give_one_verdict(
    app: Any,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
) -> None:
    import threading

    quest = reach_first(client, staff, game, catalog, QuestKind.FREE_TEXT, players[0])
    client.post(f"/api/me/quests/{quest.id}/submission", json={"text": "Notre réponse."}, headers=players[0])
    sub = client.get(f"/api/sessions/{game['id']}/submissions?status=pending", headers=staff).json[0]
    eclats = client.get("/api/me", headers=players[0]).json["team"]["eclats"]
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def review(verdict: str) -> None:
        own = app.test_client()
        barrier.wait(timeout=10)
        r = own.post(f"/api/submissions/{sub['id']}/review", json={"verdict": verdict, "bonus": 5}, headers=staff)
        statuses.append(r.status_code)

    threads = [threading.Thread(target=review, args=(v,)) for v in ("approved", "approved")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(statuses) == [200, 409]
    assert client.get("/api/me", headers=players[0]).json["team"]["eclats"] == eclats + quest.reward + 5
