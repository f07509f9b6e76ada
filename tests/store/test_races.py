"""Two teammates answering at the same instant: one solve, one reward."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from content.loader import load_named_pack
from game.rules.errors import RuleViolation
from game.rules.quests import TextAnswer
from game.services import play, sessions
from game.store.db import make_engine, make_sessionmaker, upgrade
from game.store.models import LedgerEntry, Player, TeamQuest
from tests.api.helpers import playable_order, right_answer

NOW = datetime(2026, 11, 23, 10)


def test_simultaneous_right_answers_give_exactly_one_reward(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'race.db'}")
    upgrade(engine)
    maker = make_sessionmaker(engine)
    with maker() as db:
        game = sessions.create_session(db, None, "G", "default", NOW.date(), False, ["A"], NOW)
        sessions.open_day(db, game.id, 1, NOW)
        ids = [play.join(db, game.join_code, f"Joueur {i}", None, NOW)[1].id for i in range(2)]
        db.commit()
    quest = playable_order(load_named_pack("default"), 1)[0]
    answer = TextAnswer(right_answer(quest).get("answer", ""))
    assert answer.text, "the first quest of day 1 is answered with text"
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def solve(player_id: int) -> None:
        with maker() as db:
            player = db.get(Player, player_id)
            assert player is not None
            barrier.wait(timeout=10)
            try:
                play.answer(db, player, quest.id, answer, NOW)
                db.commit()
                outcomes.append("solved")
            except (IntegrityError, StaleDataError, RuleViolation):
                db.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=solve, args=(pid,)) for pid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    with maker() as db:
        rewards = db.scalar(select(func.count(LedgerEntry.id)).where(LedgerEntry.quest_id == quest.id))
        rows = db.scalar(select(func.count(TeamQuest.id)).where(TeamQuest.quest_id == quest.id))
    engine.dispose()
    assert sorted(outcomes) == ["refused", "solved"]
    assert (rewards, rows) == (1, 1)
