"""A young person asks for more time in a live round (issue 15, point 8; RGAA 4.1
criterion 13.1): one tap on the phone, the round ends ``MORE_SECONDS`` later for
everyone, once per young person and at most ``MORE_MAX`` times a round (the rule is
``game.rules.rounds.more_time_deadline``). The facilitator can still add time or lift the
limit from the console."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from game.rules import rounds as rules
from game.rules.errors import NotFound, RuleViolation
from game.store.models import LiveRound, Player, ProcessedAction, RoundAnswer

from . import rounds


def more_time(db: Session, player: Player, now: datetime) -> rounds.MyRound:
    """A young person asks for more time: the open round ends ``rules.MORE_SECONDS``
    later for everyone (once per young person, ``rules.MORE_MAX`` times a round)."""
    live = rounds._latest(db, player.session_id)
    if live is None:
        raise NotFound("no_open_round", "Aucune manche n'est en cours.")
    if rounds._finished(player):
        raise RuleViolation("session_finished", "Cette aventure est terminée.")
    key = rounds.more_key(live.id)
    answered = db.scalar(
        select(RoundAnswer.id).where(RoundAnswer.live_round_id == live.id, RoundAnswer.player_id == player.id)
    )
    asked = db.scalar(
        select(ProcessedAction.id).where(ProcessedAction.player_id == player.id, ProcessedAction.client_id == key)
    )
    before = live.deadline
    deadline = rules.more_time_deadline(
        rounds._clock(live), now, answered is not None, asked is not None, rounds.extensions(db, live.id)
    )
    # conditional on the deadline read: of two young people asking at the same instant,
    # one makes it longer and the other is asked to try again (the limit stays true)
    changed = db.execute(
        update(LiveRound)
        .where(LiveRound.id == live.id, LiveRound.closed_at.is_(None), LiveRound.deadline == before)
        .values(deadline=deadline)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        raise RuleViolation("round_changed", "Le temps de la manche vient de changer : réessaie.")
    reply = {"live_id": live.id, "seconds": rules.MORE_SECONDS}
    db.add(ProcessedAction(player_id=player.id, client_id=key, reply=json.dumps(reply), created_at=now))
    db.flush()
    db.refresh(live)
    return rounds._mine(db, player, live, now)
