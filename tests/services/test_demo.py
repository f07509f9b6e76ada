"""The demo created at first start (``eclats serve --demo``, game/services/demo.py): what a
facilitator trying Éclats meets — an account whose password is printed and kept in the
instance folder, and one session ready to play on the default pack."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from game.rules.errors import RuleViolation
from game.services import accounts, play, sessions
from game.services.demo import DEMO_SESSION_NAME, DEMO_USERNAME, ensure_demo
from game.store.organisations import DEFAULT_ID

from .conftest import NOW

START = date(2026, 11, 30)


def test_the_first_start_makes_an_account_and_a_session_ready_to_join(session: Session, tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    demo = ensure_demo(session, instance, "default", START, NOW)
    session.commit()

    # the facilitator signs in with what the banner printed…
    token, staff = accounts.login(session, "demo", demo.password, NOW)
    assert (demo.username, staff.username, staff.display_name) == (DEMO_USERNAME, "demo", "Animateur démo")
    assert token
    # …kept for the next start in the instance folder, readable by its owner only
    secret = instance / "demo-password.txt"
    assert secret.read_text() == demo.password + "\n"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    # and finds one session on the default pack, in draft, starting on the given Monday
    [listed] = sessions.list_sessions(session, DEFAULT_ID)
    assert listed.id == demo.session.id
    assert (listed.name, listed.pack, listed.start_date, listed.status, listed.current_day) == (
        DEMO_SESSION_NAME,
        "default",
        START,
        "draft",
        0,
    )
    assert sorted(t.name for t in listed.teams) == ["Équipe Aurore", "Équipe Horizon"]
    # players pick their team when they join
    assert listed.created_by == staff.id and listed.players_choose_team
    # the code printed in the banner lets a young person join
    aurore = next(t for t in listed.teams if t.name == "Équipe Aurore")
    _, player = play.join(session, demo.session.join_code.lower(), "Inès", aurore.id, NOW)
    assert (player.session_id, player.team_id) == (demo.session.id, aurore.id)


def test_a_restart_prints_the_same_password_and_keeps_the_same_session(session: Session, tmp_path: Path) -> None:
    first = ensure_demo(session, tmp_path, "default", START, NOW)
    session.commit()
    again = ensure_demo(session, tmp_path, "default", START, NOW)
    session.commit()
    assert (again.username, again.password, again.session.id) == (first.username, first.password, first.session.id)
    assert len(sessions.list_sessions(session, DEFAULT_ID)) == 1
    accounts.login(session, "demo", again.password, NOW)


def test_a_lost_password_file_gives_a_new_password_and_the_old_one_stops_working(
    session: Session, tmp_path: Path
) -> None:
    first = ensure_demo(session, tmp_path, "default", START, NOW)
    session.commit()
    (tmp_path / "demo-password.txt").unlink()
    second = ensure_demo(session, tmp_path, "default", START, NOW)
    session.commit()
    assert second.password != first.password
    assert (tmp_path / "demo-password.txt").read_text() == second.password + "\n"
    accounts.login(session, "demo", second.password, NOW)
    with pytest.raises(RuleViolation) as err:
        accounts.login(session, "demo", first.password, NOW)
    assert err.value.code == "bad_credentials"


def test_an_installation_that_already_has_a_session_gets_no_demo_session(session: Session, tmp_path: Path) -> None:
    mine = sessions.create_session(session, None, "Groupe du lundi", "default", START, True, None, NOW)
    session.commit()
    demo = ensure_demo(session, tmp_path, "default", START, NOW)
    session.commit()
    assert demo.session.id == mine.id
    assert [s.name for s in sessions.list_sessions(session, DEFAULT_ID)] == ["Groupe du lundi"]
