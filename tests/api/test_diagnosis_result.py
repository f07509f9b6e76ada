"""« Mon diagnostic » to take away: the PDF the young person downloads, and the same PDF
by e-mail when they ask, received by a local SMTP server (aiosmtpd). The address is
typed for that sending alone: nothing keeps it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import func, select

from api.extensions import db
from content.catalog import Catalog
from game.store.models import EmailSubscription
from tests.servers import free_port

from ..conftest import join, open_day
from .test_diagnosis_api import answers_for, open_days
from .test_recap_email import Inbox

Headers = dict[str, str]


@pytest.fixture
def inbox(app: Flask) -> Iterator[Inbox]:
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port, SMTP_FROM="ml-lille@example.org")
    try:
        yield box
    finally:
        controller.stop()


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_the_pdf_shows_my_bars_and_the_offers_for_me_first(
    client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog
) -> None:
    me = join(client, game["join_code"], "Inès", game["teams"][0]["id"])
    open_day(client, staff, game["id"], 1)
    before = client.get("/api/me/diagnosis.pdf", headers=me)
    assert before.status_code == 200 and "Tu n'as pas encore fait le diagnostic." in pdf_text(before.data)

    client.put("/api/me/diagnosis/1", json={"answers": answers_for(catalog, ["emploi", "logement"])}, headers=me)
    r = client.get("/api/me/diagnosis.pdf", headers=me)
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.headers["Content-Disposition"] == 'attachment; filename="mon-diagnostic.pdf"'
    text = pdf_text(r.data)
    assert text.startswith("Mon diagnostic Inès · Mission Locale")
    assert "Jour 1 Trouver un job Jour 1 100 % Avoir un toit Jour 1 100 %" in text  # highest first
    assert "Te déplacer Jour 1 0 %" in text
    assert "Pour toi en priorité" in text
    offers = client.get("/api/me/diagnosis/results", headers=me).json["priority_offers"]
    assert offers and all(o["title"] in text for o in offers)
    assert "Qui contacter" in text and "Parles-en avec ta conseillère ou ton conseiller" in text


def test_the_pdf_of_day_10_shows_day_1_beside_it(
    client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog
) -> None:
    me = join(client, game["join_code"], "Inès", game["teams"][0]["id"])
    open_day(client, staff, game["id"], 1)
    client.put("/api/me/diagnosis/1", json={"answers": answers_for(catalog, ["logement"])}, headers=me)
    open_days(client, staff, game["id"], range(2, 11))
    client.put("/api/me/diagnosis/10", json={"answers": answers_for(catalog, ["emploi"])}, headers=me)
    text = pdf_text(client.get("/api/me/diagnosis.pdf", headers=me).data)
    assert "Jour 1 et jour 10" in text
    assert "Avoir un toit Jour 1 100 % Jour 10 0 % Moins 100 points : ce besoin a baissé, ça avance !" in text
    assert "Trouver un job Jour 1 0 % Jour 10 100 % Plus 100 points" in text


def test_without_smtp_the_phone_is_told_and_no_e_mail_can_be_asked(
    client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog
) -> None:
    me = join(client, game["join_code"], "Inès", game["teams"][0]["id"])
    open_day(client, staff, game["id"], 1)
    assert client.get("/api/me/diagnosis", headers=me).json["email_available"] is False
    r = client.post("/api/me/diagnosis/email", json={"email": "ines@example.org"}, headers=me)
    assert r.status_code == 409 and r.json["error"] == "no_smtp"


def test_the_result_reaches_the_address_typed_and_the_address_is_kept_nowhere(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog, inbox: Inbox
) -> None:
    me = join(client, game["join_code"], "Inès", game["teams"][0]["id"])
    open_day(client, staff, game["id"], 1)
    client.put("/api/me/diagnosis/1", json={"answers": answers_for(catalog, ["sante"])}, headers=me)
    assert client.get("/api/me/diagnosis", headers=me).json["email_available"] is True

    bad = client.post("/api/me/diagnosis/email", json={"email": "pas-une-adresse"}, headers=me)
    assert bad.status_code == 422 and "e-mail" in bad.json["message"]
    assert client.post("/api/me/diagnosis/email", json={"email": "x@y.z"}).status_code == 401
    r = client.post("/api/me/diagnosis/email", json={"email": " Ines@Example.org "}, headers=me)
    assert r.status_code == 200 and r.json == {"sent": True}

    [message] = inbox.messages
    assert message["To"] == "ines@example.org" and message["Subject"] == "Mon diagnostic"
    assert "ml-lille@example.org" in message["From"]
    parts = list(message.walk())
    body = next(p for p in parts if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert "Bonjour Inès," in body and "Ton adresse a servi pour ce seul envoi : elle n'est pas gardée." in body
    [pdf] = [p for p in parts if p.get_content_type() == "application/pdf"]
    assert pdf.get_filename() == "mon-diagnostic.pdf"
    text = pdf_text(pdf.get_payload(decode=True))
    assert "Mon diagnostic" in text and "Ta santé Jour 1 100 %" in text

    # kept nowhere: no subscription to the recaps, nothing in the player's own export
    with app.app_context():
        assert db().scalar(select(func.count()).select_from(EmailSubscription)) == 0
    assert "ines@example.org" not in client.get("/api/me/data", headers=me).get_data(as_text=True).lower()
    assert client.get("/api/me/recap-email", headers=me).json["subscribed"] is False


def test_a_few_sendings_only(client: FlaskClient, staff: Headers, game: dict[str, Any], inbox: Inbox) -> None:
    me = join(client, game["join_code"], "Inès", game["teams"][0]["id"])
    open_day(client, staff, game["id"], 1)
    for _ in range(5):
        assert client.post("/api/me/diagnosis/email", json={"email": "ines@example.org"}, headers=me).status_code == 200
    r = client.post("/api/me/diagnosis/email", json={"email": "ines@example.org"}, headers=me)
    assert r.status_code == 429 and r.json["error"] == "rate_limited" and len(inbox.messages) == 5
