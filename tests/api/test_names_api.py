"""Names and words people see of each other: look-alike nicknames and team names are
refused, invisible and bidi characters never reach another screen."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from content.catalog import Catalog, QuestKind

from ..conftest import create_session, join
from ..sockets.test_sockets import console, of, phone, received

Headers = dict[str, str]

# what was typed beside « alice » on the live server, and more of the same
ALICE_LOOKALIKES = {
    "zero-width space": "ali\u200bce",
    "zero-width joiner": "al\u200dice",
    "word joiner": "alic\u2060e",
    "bidi override (shows « alice »)": "\u202eecila",
    "bidi isolate": "\u2067alice\u2069",
    "left-to-right mark": "alice\u200e",
    "Cyrillic а": "\u0430lice",
    "Cyrillic і": "al\u0456ce",
    "Cyrillic е": "alic\u0435",
    "all Cyrillic (capital palochka Ӏ for l)": "\u0430\u04c0\u0456\u0441\u0435",
    "Greek alpha": "\u03b1lice",
    "soft hyphen": "ali\u00adce",
    "fullwidth letters": "ａｌｉｃｅ",
    "mathematical bold": "𝐚𝐥𝐢𝐜𝐞",
    "combining dot above": "ali\u0307ce",
    "combining acute": "alice\u0301",
    "pile of combining marks": "a\u0301\u0302\u0303lice",
    "combining grapheme joiner": "ali\u034fce",
    "capitals": "ALICE",
    "capital first": "Alice",
    "capital I for l": "aIice",
    "digit 1 for l": "a1ice",
    "dotless i": "al\u0131ce",
    "spaces around": "  alice ",
}

REFUSALS = {
    "Ce pseudo est déjà pris dans ce groupe : choisis-en un autre.",
    "Ce pseudo ressemble trop à un pseudo déjà pris dans ce groupe : choisis-en un autre.",
    "Ton pseudo contient un caractère invisible ou de mise en forme : retape-le au clavier.",
    "Ton pseudo mélange les alphabets cyrillique et latin : écris-le avec un seul.",
    "Ton pseudo mélange les alphabets grec et latin : écris-le avec un seul.",
    "Ton pseudo a trop d'accents sur une même lettre.",
}


def _members(client: FlaskClient, staff: Headers, game: dict[str, Any]) -> list[str]:
    detail = client.get(f"/api/sessions/{game['id']}", headers=staff).json
    return sorted(p["nickname"] for p in detail["players"])


def test_look_alike_nicknames_are_refused_in_french(client: FlaskClient, staff: Headers, game: dict[str, Any]) -> None:
    team = game["teams"][0]["id"]
    join(client, game["join_code"], "alice", team)
    accepted = {}
    for what, nickname in ALICE_LOOKALIKES.items():
        r = client.post("/api/join", json={"code": game["join_code"], "nickname": nickname, "team_id": team})
        if r.status_code == 201:
            accepted[what] = nickname
            continue
        assert r.status_code in (409, 422) and r.json["message"] in REFUSALS, (what, r.json)
    assert accepted == {}
    assert _members(client, staff, game) == ["alice"]


def test_each_refusal_says_what_to_change(client: FlaskClient, game: dict[str, Any]) -> None:
    team = game["teams"][0]["id"]
    join(client, game["join_code"], "alice", team)

    def message(nickname: str) -> tuple[int, str]:
        r = client.post("/api/join", json={"code": game["join_code"], "nickname": nickname, "team_id": team})
        return r.status_code, r.json["message"]

    assert message("ALICE") == (409, "Ce pseudo est déjà pris dans ce groupe : choisis-en un autre.")
    assert message("a1ice") == (
        409,
        "Ce pseudo ressemble trop à un pseudo déjà pris dans ce groupe : choisis-en un autre.",
    )
    assert message("ali\u200bce") == (
        422,
        "Ton pseudo contient un caractère invisible ou de mise en forme : retape-le au clavier.",
    )
    assert message("\u0430lice") == (
        422,
        "Ton pseudo mélange les alphabets cyrillique et latin : écris-le avec un seul.",
    )
    assert message("a\u0301\u0302\u0303lice") == (422, "Ton pseudo a trop d'accents sur une même lettre.")


def test_honest_nicknames_join_as_typed_and_emoji_are_refused(
    client: FlaskClient, staff: Headers, game: dict[str, Any]
) -> None:
    team = game["teams"][0]["id"]
    honest = ["Zoé", "Maëlys", "Jean-Baptiste", "N'Golo", "Inès", "Саша", "Nguyễn", "Lou_59", "Dr. Ali"]
    for nickname in honest:
        me = client.get("/api/me", headers=join(client, game["join_code"], nickname, team)).json
        assert me["player"]["nickname"] == nickname
    # ignoring accents too: in a group, « Zoe » and « Zoé » are the same person to call
    zoe = client.post("/api/join", json={"code": game["join_code"], "nickname": "Zoe", "team_id": team})
    assert zoe.status_code == 409 and "ressemble trop" in zoe.json["message"]
    party = client.post("/api/join", json={"code": game["join_code"], "nickname": "Lou 🎉", "team_id": team})
    assert party.status_code == 422
    assert party.json["message"] == (
        "Ton pseudo peut contenir des lettres, des chiffres, des espaces et - _ . ' "
        "mais pas d'emoji ni d'autre symbole."
    )
    assert _members(client, staff, game) == sorted(honest)


def test_look_alike_team_names_are_refused(client: FlaskClient, staff: Headers, game: dict[str, Any]) -> None:
    url = f"/api/sessions/{game['id']}/teams"
    names = [t["name"] for t in game["teams"]]
    assert "Équipe Aurore" in names

    def add(name: str) -> tuple[int, str]:
        r = client.post(url, json={"name": name}, headers=staff)
        return r.status_code, r.json.get("message", "") if r.status_code != 201 else r.json["name"]

    assert add("ÉQUIPE AURORE") == (409, "L'équipe « ÉQUIPE AURORE » existe déjà.")
    assert add("Équipe Aur0re") == (
        409,
        "« Équipe Aur0re » ressemble trop à l'équipe « Équipe Aurore » : choisissez un autre nom.",
    )
    assert add("Equipe Aurore")[0] == 409
    status, message = add("Équipe \u0410urore")  # Cyrillic А
    assert status == 422 and "alphabets" in message
    status, message = add("Équipe\u200bAurore")
    assert status == 422 and "invisible" in message
    assert add("Équipe 🚀")[0] == 422
    assert add("Équipe n°3") == (201, "Équipe n°3")
    assert add("Ｌｅｓ Ｌｙｎｘ") == (201, "Les Lynx")  # fullwidth letters, stored as plain letters
    detail = client.get(f"/api/sessions/{game['id']}", headers=staff).json
    assert sorted(t["name"] for t in detail["teams"]) == sorted([*names, "Équipe n°3", "Les Lynx"])


def test_a_new_session_refuses_two_team_names_that_look_alike(client: FlaskClient, staff: Headers) -> None:
    body = {"name": "Groupe du mardi", "pack": "default", "start_date": "2026-11-24"}
    for teams, message in [
        (["Les Lynx", "LES LYNX"], "Deux équipes ont le même nom."),
        (["Team l", "Team I"], "« Team l » et « Team I » se ressemblent trop."),
    ]:
        r = client.post("/api/sessions", json={**body, "teams": teams}, headers=staff)
        assert r.status_code == 422 and r.json["message"] == message
    made = create_session(client, staff, teams=["Les Lynx", "Les Loups"])
    assert sorted(t["name"] for t in made["teams"]) == ["Les Loups", "Les Lynx"]


def test_messages_reach_phones_without_bidi_or_invisible_characters(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers]
) -> None:
    ines = phone(app, client, players[0])
    watcher = console(app, client, staff, game["id"])
    ines.get_received("/player")
    # U+202E would show the rest of the line backwards on every phone
    sent = "Rendez-vous à 14 h\u202e !ruojnoB\u200b 👩\u200d💻"
    ack = watcher.emit("announce", {"session_id": game["id"], "text": sent}, namespace="/staff", callback=True)
    assert ack["ok"], ack
    [event] = of(received(ines), "session")
    assert event["text"] == "Rendez-vous à 14 h !ruojnoB 👩\u200d💻"  # the emoji keeps its joiner
    team = game["teams"][0]["id"]
    ack = watcher.emit(
        "team_message", {"team_id": team, "text": "Re\u00adgar\u00addez le logo."}, namespace="/staff", callback=True
    )
    assert ack["ok"], ack
    texts = [m["text"] for m in client.get("/api/me/messages", headers=players[0]).json]
    assert texts == ["Rendez-vous à 14 h !ruojnoB 👩\u200d💻", "Regardez le logo."]
    only_invisible = watcher.emit(
        "announce", {"session_id": game["id"], "text": "\u200b\u202e"}, namespace="/staff", callback=True
    )
    assert only_invisible["ok"] is False and only_invisible["status"] == 422


def test_a_text_answer_reaches_the_facilitator_without_bidi_characters(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers], catalog: Catalog
) -> None:
    from .test_player_api import reach_first

    quest = reach_first(client, staff, game, catalog, QuestKind.FREE_TEXT, players[0])
    url = f"/api/me/quests/{quest.id}/submission"
    empty = client.post(url, json={"text": "\u200b\u2066 \u2069"}, headers=players[0])
    assert empty.status_code == 422 and "écris ta réponse" in empty.json["message"]
    r = client.post(url, json={"text": "Je demande\u202e à ma conseillère."}, headers=players[0])
    assert r.status_code == 201, r.json
    queue = client.get(f"/api/sessions/{game['id']}/submissions?status=pending", headers=staff).json
    assert [s["text"] for s in queue] == ["Je demande à ma conseillère."]
