"""The day's recap by e-mail, actually received by a local SMTP server (aiosmtpd)."""

from __future__ import annotations

import email
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient

from tests.servers import free_port

from ..conftest import join, open_day
from .helpers import playable_order, right_answer

Headers = dict[str, str]


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def inbox(app: Flask) -> Iterator[Inbox]:
    box = Inbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_FROM="ml-lille@example.org")
    try:
        yield box
    finally:
        controller.stop()


def test_the_recap_reaches_those_who_asked_and_only_them(
    client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Any, inbox: Inbox
) -> None:
    team = game["teams"][0]["id"]
    ines = join(client, game["join_code"], "Inès", team)
    yanis = join(client, game["join_code"], "Yanis", team)
    open_day(client, staff, game["id"], 1)
    first = playable_order(catalog, 1)[0]
    assert client.post(f"/api/me/quests/{first.id}/answer", json=right_answer(first), headers=ines).json["correct"]
    bad = client.put("/api/me/recap-email", json={"email": "pas-une-adresse"}, headers=ines)
    assert bad.status_code == 422 and "e-mail" in bad.json["message"]
    ok = client.put("/api/me/recap-email", json={"email": "ines@example.org"}, headers=ines)
    assert ok.json == {"subscribed": True, "email": "ines@example.org", "available": True}
    sent = client.post(f"/api/sessions/{game['id']}/recaps/send", json={}, headers=staff)
    assert sent.status_code == 200 and sent.json == {"sent": 1, "failed": []}
    [message] = inbox.messages
    assert message["To"] == "ines@example.org" and "Ton bilan du jour 1" in str(message["Subject"])
    body = message.get_payload(decode=True).decode()
    assert "Bonjour Inès" in body and first.title in body
    if first.offers:
        assert "Qui contacter" in body
    assert "Pour ne plus le recevoir" in body
    assert client.get("/api/me/recap-email", headers=yanis).json["subscribed"] is False
    client.delete("/api/me/recap-email", headers=ines)
    assert client.post(f"/api/sessions/{game['id']}/recaps/send", json={}, headers=staff).json["sent"] == 0
    assert client.post(f"/api/sessions/{game['id']}/recaps/send", json={}, headers=ines).status_code == 403


def test_without_smtp_the_console_is_told(client: FlaskClient, staff: Headers, game: dict[str, Any]) -> None:
    r = client.post(f"/api/sessions/{game['id']}/recaps/send", json={}, headers=staff)
    assert r.status_code == 409 and "SMTP_HOST" in r.json["message"]


def test_the_booklet_lists_offers_diagnosis_appointment_and_badges(
    client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Any
) -> None:
    import io

    from pypdf import PdfReader

    team = game["teams"][0]["id"]
    ines = join(client, game["join_code"], "Inès", team)
    open_day(client, staff, game["id"], 1)
    first = playable_order(catalog, 1)[0]
    client.post(f"/api/me/quests/{first.id}/answer", json=right_answer(first), headers=ines)
    client.put("/api/me/badges/consent", json={"agree": True}, headers=ines)
    player_id = client.get(f"/api/sessions/{game['id']}", headers=staff).json["players"][0]["id"]
    body = {"skill_id": "cooperation", "player_ids": [player_id]}
    [award] = client.post(f"/api/sessions/{game['id']}/badges", json=body, headers=staff).json["issued"]
    pdf = client.get("/api/me/booklet.pdf", headers=ines)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Mon carnet de parcours" in text and "Inès" in text
    offer = catalog.offer(first.offers[0]) if first.offers else None
    if offer is not None:
        assert offer.title in text and "Qui contacter" in text
    assert "Mon diagnostic" in text and "Pas encore de rendez-vous" in text
    assert "Coopération" in text and award["id"] in text.replace("\n", "")
