"""Badge hosting and verification as services (game/services/hosting.py, verification.py),
on a real SQLite session without Flask: the stored credential read in one place, the rule
naming a holder without e-mail, an erased holder's badge gone everywhere, the public page,
the Open Badges 2.0 documents, and the verifier reading this server's own documents."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from badges import bake
from badges.fetch import FetchError
from badges.keys import KeyRing
from badges.verify import Gone
from content.catalog import Catalog
from game.services import awards, evidence, hosting, privacy, settings
from game.services.verification import NOT_HERE, Verifier
from game.store.models import Award, Facilitator

from .conftest import NOW, Game

BASE = "http://eclats.test"
LINKS = awards.Links(BASE)


@pytest.fixture
def host(tmp_path: Path) -> hosting.Host:
    return hosting.Host(BASE, "default", "", KeyRing(tmp_path / "badge-keys"))


def issue_to(session: Session, game: Game, staff: Facilitator, host: hosting.Host, index: int) -> Award:
    """The skill « cooperation » issued to the game's player ``index``, committed."""
    [award], skipped = awards.issue(
        session, staff, game.session.id, [game.players[index].id], "cooperation", NOW, host.ring, host.links
    )
    assert skipped == []
    session.commit()
    return award


@pytest.fixture
def ines(session: Session, game: Game, facilitator: Facilitator, host: hosting.Host) -> Award:
    """Inès agreed with her e-mail."""
    evidence.consent(session, game.players[0], "ines@example.org", NOW)
    return issue_to(session, game, facilitator, host, 0)


@pytest.fixture
def yanis(session: Session, game: Game, facilitator: Facilitator, host: hosting.Host) -> Award:
    """Yanis agreed without giving an e-mail."""
    evidence.consent(session, game.players[1], None, NOW)
    return issue_to(session, game, facilitator, host, 1)


def test_credential_of_is_the_credential_as_signed_and_nothing_else(ines: Award) -> None:
    credential = hosting.credential_of(ines)
    assert credential == json.loads(ines.credential)
    assert credential["id"] == f"{BASE}/badges/{ines.public_id}"
    assert credential["credentialSubject"]["achievement"]["id"] == f"{BASE}/badges/achievements/default/cooperation"
    assert hosting.public_credential(ines) == credential
    assert hosting.issuer_name(ines) == credential["issuer"]["name"] != ""
    for stored in ("pas du json", "[1, 2]", '"texte"', ""):
        assert hosting.credential_of(Award(credential=stored)) == {}, stored


def test_a_holder_without_email_is_named_by_the_badge_page_in_both_versions(
    session: Session, yanis: Award, host: hosting.Host
) -> None:
    page = f"{BASE}/badges/{yanis.public_id}"
    named = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, page)}"
    assert awards.holder_id(LINKS, yanis.public_id) == named
    subject = hosting.credential_of(yanis)["credentialSubject"]
    assert subject["id"] == named and "identifier" not in subject
    hosted = hosting.assertion(session, host, yanis)
    assert not hosted.gone
    assert hosted.document["recipient"] == {"type": "url", "hashed": False, "identity": named}
    # a credential kept without a subject id: the 2.0 recipient is still the same name
    without_id = {**hosting.credential_of(yanis), "credentialSubject": {"achievement": subject["achievement"]}}
    yanis.credential = json.dumps(without_id)
    assert hosting.assertion(session, host, yanis).document["recipient"] == hosted.document["recipient"]


def test_a_holder_with_an_email_is_their_salted_hash_in_both_versions(
    session: Session, ines: Award, host: hosting.Host
) -> None:
    [identifier] = hosting.credential_of(ines)["credentialSubject"]["identifier"]
    hosted = hosting.assertion(session, host, ines)
    assert hosted.document["recipient"] == {
        "type": "email",
        "hashed": True,
        "identity": identifier["identityHash"],
        "salt": identifier["salt"],
    }
    assert "ines@example.org" not in json.dumps(hosted.document)


def test_the_public_page_says_what_the_badge_is(ines: Award, catalog: Catalog) -> None:
    skill = next(s for s in catalog.skills if s.id == "cooperation")
    page = hosting.public_page(ines, LINKS, NOW)
    assert page == hosting.PublicPage(
        public_id=ines.public_id,
        name=skill.name,
        state="valid",
        verdict="Badge valide",
        erased=False,
        revoked_reason=None,
        holder="Inès",
        dates="Délivré le 23/11/2026",
        issuer=catalog.organisation,
        criteria=skill.criteria or "",
        narrative=ines.narrative,
        level=awards.level_words(skill),  # the RECTEC level it was issued at
        page=f"{BASE}/badges/{ines.public_id}",
        linkedin=hosting.linkedin_url(ines, LINKS),
    )
    assert page.linkedin.startswith("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&")
    assert f"certId={ines.public_id}" in page.linkedin


def test_a_revoked_badge_shows_when_and_why(session: Session, ines: Award, host: hosting.Host) -> None:
    awards.revoke(session, ines.public_id, "Attribué par erreur", NOW + timedelta(days=2))
    session.commit()
    page = hosting.public_page(ines, LINKS, NOW + timedelta(days=3))
    assert (page.state, page.verdict, page.revoked_reason, page.erased) == (
        "revoked",
        "Badge retiré le 25/11/2026",
        "Attribué par erreur",
        False,
    )
    assert hosting.assertion(session, host, ines) == hosting.Hosted(
        {
            "@context": "https://w3id.org/openbadges/v2",
            "type": "Assertion",
            "id": f"{BASE}/ob2/assertions/{ines.public_id}",
            "revoked": True,
            "revocationReason": "Attribué par erreur",
        },
        gone=True,
    )


def test_an_erased_holder_leaves_a_badge_gone_everywhere(
    session: Session, sessionmaker_: sessionmaker[Session], game: Game, ines: Award, host: hosting.Host, tmp_path: Path
) -> None:
    privacy.erase_player(session, game.players[0], tmp_path / "uploads", NOW + timedelta(hours=1))
    session.commit()
    later = sessionmaker_()  # as the next request reads it
    award = awards.find(later, ines.public_id)
    assert award.player_id is None
    assert hosting.erased(award)
    assert hosting.credential_of(award) == {"erased": True}
    assert hosting.public_page(award, LINKS, NOW) == hosting.PublicPage(
        public_id=award.public_id,
        name="Coopération",
        state="revoked",
        verdict="Badge retiré",
        erased=True,
        revoked_reason="Données effacées à la demande de la personne.",
    )
    assert hosting.assertion(later, host, award) == hosting.Hosted(
        {
            "@context": "https://w3id.org/openbadges/v2",
            "type": "Assertion",
            "id": f"{BASE}/ob2/assertions/{award.public_id}",
            "revoked": True,
            "revocationReason": "Données effacées à la demande de la personne.",
        },
        gone=True,
    )
    with pytest.raises(hosting.Erased) as gone:
        hosting.public_credential(award)
    assert (gone.value.status, gone.value.message) == (410, hosting.ERASED_MESSAGE)
    with pytest.raises(hosting.Erased):
        hosting.assertion_png(later, host, award)
    assert hosting.issuer_name(award) == ""
    later.close()


def test_the_badge_class_outlives_its_session(session: Session, ines: Award, host: hosting.Host) -> None:
    before = hosting.badge_class(session, host, "default", "cooperation")
    ines.session_id = None
    session.commit()
    assert hosting.pack_of(session, ines) == "default"
    assert hosting.badge_class(session, host, "default", "cooperation") == before
    baked = bake.unbake(hosting.assertion_png(session, host, ines))
    assert baked is not None and (baked.version, baked.payload) == ("2.0", f"{BASE}/ob2/assertions/{ines.public_id}")


def test_the_issuer_profile_takes_the_console_email_over_the_initial_one(
    session: Session, facilitator: Facilitator, host: hosting.Host, catalog: Catalog
) -> None:
    profile = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Issuer",
        "id": f"{BASE}/ob2/issuer",
        "name": catalog.organisation,
        "url": BASE,
    }
    assert hosting.issuer(session, host) == profile
    configured = hosting.Host(BASE, "default", "badges@ml.example", host.ring)
    assert hosting.issuer(session, configured) == {**profile, "email": "badges@ml.example"}
    settings.set_issuer_email(session, facilitator, "contact@ml.example", NOW, "badges@ml.example")
    assert hosting.issuer(session, configured) == {**profile, "email": "contact@ml.example"}


def test_the_verifier_reads_this_servers_documents_without_a_request(
    session: Session, ines: Award, host: hosting.Host
) -> None:
    verifier = Verifier(session, host, NOW.replace(tzinfo=UTC) + timedelta(hours=1))
    page = f"{BASE}/badges/{ines.public_id}"
    assert verifier.get_json(page) == hosting.public_credential(ines)
    assert verifier.get_json(page + "/credential.json") == hosting.public_credential(ines)
    assert verifier.get_json(f"{BASE}/ob2/issuer") == hosting.issuer(session, host)
    report = verifier.verify(verifier.get_json(page), "ines@example.org")
    assert (report.verdict, report.headline) == ("valid", "Badge authentique et valide")
    hosted = verifier.verify(verifier.get_json(f"{BASE}/ob2/assertions/{ines.public_id}"), "ines@example.org")
    assert hosted.verdict == "valid"

    awards.revoke(session, ines.public_id, "Erreur", NOW + timedelta(minutes=30))
    session.commit()
    assert verifier.verify(hosting.credential_of(ines), None).verdict == "revoked"
    with pytest.raises(Gone) as gone:
        verifier.get_json(f"{BASE}/ob2/assertions/{ines.public_id}")
    assert gone.value.document["revocationReason"] == "Erreur"
    for missing in (f"{BASE}/badges/{uuid.uuid4()}", f"{BASE}/ob2/badges/default/nope", f"{BASE}/verifier"):
        with pytest.raises(FetchError) as error:
            verifier.get_json(missing)
        assert (error.value.message, error.value.reason, error.value.detail) == (NOT_HERE, "http_error", "404")
