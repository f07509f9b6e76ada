"""Player actions shared by REST and Socket.IO: one transaction each, replays of a
``client_id`` answered from memory, events published after the commit."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from content.catalog import Quest
from game.rules import geo, kinds
from game.services import accounts, actions, places, play, presence, privacy, rounds
from game.services.accounts import Actor
from game.services.common import Routed, catalog_of
from game.store.models import Player

from . import limits, realtime
from .clock import now
from .extensions import Conflict, checkin_policy, db, instance_secret, transaction, upload_dir
from .schemas.player import OfferBriefOut

# the offers a reply reveals, as JSON: replies are kept as they are sent (replays)
_OFFERS = OfferBriefOut(many=True)

FAILED_MESSAGE = (
    "Plus d'essais pour cette mission. Pas d'éclats cette fois, mais tu découvres quand même ce qu'elle cachait."
)


# Tries of one action that lost a race with a teammate's (409 after the last): two
# phones of a team whose actions reach two server processes at the same instant both
# read the team's sequence number, and one write is refused (bench/RESULTS.md)
TRIES = 3


def _once(
    player: Actor,
    client_id: str | None,
    act: Callable[[Actor], tuple[dict[str, Any], list[Routed]]],
    keep: Callable[[dict[str, Any]], bool] = lambda _reply: True,
) -> dict[str, Any]:
    """Run ``act`` in one transaction, remembering its reply under ``client_id`` when
    ``keep(reply)``: an action that changed nothing (a refused GPS fix) is not worth a
    row, and replaying it just decides it again. An action refused because a teammate's
    change committed first (the team's sequence number moved) is decided again on the
    state as it now is, up to ``TRIES`` times: the young person gets the answer to what
    they did (« déjà résolue » if the teammate solved it), not « recharge et réessaie »."""
    if client_id:
        actions.check_client_id(client_id)
    for tries_left in range(TRIES - 1, -1, -1):
        try:
            with transaction() as session:
                if client_id:
                    done = actions.already_done(session, player.id, client_id)
                    if done is not None:
                        return {**done, "replayed": True}
                reply, events = act(player)
                if client_id and keep(reply):
                    actions.remember(session, player.id, client_id, reply, now())
            break
        except Conflict:
            if not tries_left:
                raise
            player = accounts.reload(db(), player)
    realtime.publish(events)
    return {**reply, "replayed": False}


def _spend_answer(player: Actor, quest: Quest | None) -> None:
    """An answer costs the team one try of its quota; on a code lock (a guessable kind),
    one of the lock's few tries a minute, so that 10,000 codes cannot be typed by a
    script (README)."""
    limits.spend(limits.ANSWERS_TEAM, player.team_id)
    if quest is not None and kinds.of(quest.kind).guessable:
        limits.spend(limits.CODE_LOCK_TEAM, player.team_id, quest.id)


def answer(player: Actor, quest_id: str, body: dict[str, Any]) -> dict[str, Any]:
    quest = catalog_of(player.session).quest(quest_id)
    given = kinds.read_answer(quest.kind if quest else None, body)
    _spend_answer(player, quest)

    def act(player: Actor) -> tuple[dict[str, Any], list[Routed]]:
        outcome = play.answer(db(), player, quest_id, given, now())
        d = outcome.decision
        if d.correct:
            message = (quest.success if quest else "") or "Bravo !"
        elif d.state.progress.value == "failed":
            message = FAILED_MESSAGE
        elif d.attempts_left is not None:
            left = d.attempts_left
            message = f"{_wrong(d.wrong_questions)} Il te reste {left} essai{'s' if left > 1 else ''}."
        else:
            message = f"{_wrong(d.wrong_questions)} Réessaie, ou prends un indice."
        reply = {
            "correct": d.correct,
            "status": d.state.progress.value,
            "message": message,
            "reward": d.reward,
            "eclats": outcome.eclats,
            "offers_unlocked": _OFFERS.dump(outcome.offers),
            "attempts_left": d.attempts_left,
            "reply": d.reply,
        }
        if d.wrong_questions is not None:
            # a quiz: which questions are wrong (stored with the reply, so replayed too)
            reply["wrong_questions"] = list(d.wrong_questions)
        return reply, outcome.events

    return _once(player, body.get("client_id"), act)


def _wrong(numbers: tuple[int, ...] | None) -> str:
    """A wrong answer's first words; a quiz names its wrong questions (never the right choices)."""
    if not numbers:
        return "Ce n'est pas ça."
    if len(numbers) == 1:
        return f"Ce n'est pas ça. À revoir : la question {numbers[0]}."
    listed = ", ".join(str(n) for n in numbers[:-1]) + f" et {numbers[-1]}"
    return f"Ce n'est pas ça. À revoir : les questions {listed}."


def hint(player: Actor, quest_id: str, client_id: str | None) -> dict[str, Any]:
    def act(player: Actor) -> tuple[dict[str, Any], list[Routed]]:
        text, cost, eclats, events = play.reveal_hint(db(), player, quest_id, now())
        return {"hint": {"text": text, "cost": cost}, "eclats": eclats}, events

    return _once(player, client_id, act)


def piece(player: Actor, quest_id: str, value: str, client_id: str | None) -> dict[str, Any]:
    limits.spend(limits.ANSWERS_TEAM, player.team_id)  # a piece is checked against what the phone shows: no guess

    def act(player: Actor) -> tuple[dict[str, Any], list[Routed]]:
        outcome = play.enter_piece(db(), player, quest_id, value, now())
        d = outcome.decision
        quest = catalog_of(player.session).quest(quest_id)
        if d.opened:
            message = (quest.success if quest else "") or "Le cadenas s'ouvre !"
        else:
            left = outcome.total - len(d.entered)
            message = f"Morceau accepté ! Il manque encore {left} morceau{'x' if left > 1 else ''} de tes coéquipiers."
        reply = {
            "entered": len(d.entered),
            "total": outcome.total,
            "opened": d.opened,
            "message": message,
            "eclats": outcome.eclats,
            "offers_unlocked": _OFFERS.dump(outcome.offers),
        }
        return reply, outcome.events

    return _once(player, client_id, act)


OTHER_TEAM_CODE_MESSAGE = (
    "Ce code est celui de l'affiche d'une autre équipe. Cherche l'affiche de ton équipe, « {team} », au même endroit."
)


def _checkin_reply(outcome: places.CheckInOutcome, quest_id: str, player: Actor) -> dict[str, Any]:
    quest = catalog_of(player.session).quest(quest_id)
    d = outcome.decision
    if outcome.solved:
        message = (quest.success if quest else "") or "Lieu trouvé !"
    elif outcome.accepted:
        missing = outcome.needed - outcome.present
        message = (
            f"Tu es sur place ! Il manque encore {missing} coéquipier{'s' if missing > 1 else ''} "
            f"({outcome.present}/{outcome.needed}) : retrouvez-vous ici."
        )
    elif outcome.refusal == places.OTHER_TEAM_CODE:
        message = OTHER_TEAM_CODE_MESSAGE.format(team=outcome.team_name)
    else:
        assert d is not None
        message = geo.describe(d)
    hot_cold = bool(quest and quest.hot_cold)
    hidden = hot_cold and d is not None and d.rejection is geo.Rejection.TOO_FAR
    if hidden:
        assert d is not None
        message = geo.describe_hidden(d.distance_m)
    trend = d.trend if d is not None and hot_cold and not outcome.accepted else None
    staying = d is not None and d.rejection is geo.Rejection.STAY
    return {
        "accepted": outcome.accepted,
        "solved": outcome.solved,
        "reason": outcome.refusal or (d.rejection.value if d is not None and d.rejection is not None else None),
        "message": message,
        "distance_m": round(d.distance_m) if d is not None and not hidden else None,
        "accuracy_m": round(d.accuracy_m) if d is not None else None,
        "trend": trend.value if trend else None,
        "trend_message": geo.describe_trend(trend),
        "present": outcome.present,
        "needed": outcome.needed,
        "eclats": outcome.eclats,
        "offers_unlocked": _OFFERS.dump(outcome.offers),
        # when the phone should send its next fix by itself (presence being confirmed);
        # a second more than the rule asks, so both clocks agree it is enough
        "retry_in_s": math.ceil(d.wait_s) + 1 if staying and d is not None else None,
    }


def checkin_gps(player: Actor, quest_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """The fix is used for this decision only: it goes into no reply, row or log (what
    the rule keeps of it is a distance to the place, times and a keyed fingerprint)."""
    fix = geo.Fix(
        body["latitude"],
        body["longitude"],
        body["accuracy"],
        datetime.fromtimestamp(body["taken_at"] / 1000, UTC).replace(tzinfo=None),
    )

    def act(actor: Actor) -> tuple[dict[str, Any], list[Routed]]:
        # now(): when the server received the fix, the clock the rule trusts
        player = accounts.load_player(db(), actor)
        outcome = places.check_in_gps(db(), player, quest_id, fix, now(), checkin_policy(), instance_secret())
        return _checkin_reply(outcome, quest_id, player), outcome.events

    # a refused fix is not worth a row (replaying it decides it again); one that counts
    # towards presence is, so that a retried request is not taken for a repeat
    return _once(player, body.get("client_id"), act, keep=lambda reply: reply["accepted"] or reply["reason"] == "stay")


def checkin_qr(player: Actor, quest_id: str, code: str, client_id: str | None) -> dict[str, Any]:
    def act(actor: Actor) -> tuple[dict[str, Any], list[Routed]]:
        player = accounts.load_player(db(), actor)
        outcome = places.check_in_qr(db(), player, quest_id, code, instance_secret(), now())
        return _checkin_reply(outcome, quest_id, player), outcome.events

    return _once(player, client_id, act)


def erase(player: Player) -> None:
    """Erase a young person's data (asked by them, or by staff): commit; then remove the
    photo files, cut the live sockets still open for them, and tell their team."""
    sids = presence.sockets_of(db(), player.id, now())
    with transaction() as session:
        erased = privacy.erase_player(session, player, upload_dir(), now())
    for path in erased.photos:
        path.unlink(missing_ok=True)
    realtime.close_sockets(sids)
    realtime.publish(erased.events)


def round_answer(player: Player, choice: int) -> rounds.MyRound:
    """The young person's one answer to the open live round (REST and the socket)."""
    with transaction() as session:
        mine = rounds.answer(session, player, choice, now())
    realtime.publish_round_count(mine.round)
    return mine
