"""Per-player order of quiz and dialogue choices (issue 14): drawn from the session's
secret, so a reload shows the same order and the next group sees another one.

Pure: the seed is given; the order comes from HMAC-SHA256, never from ``random``.
The phone shows choices in its player's order, each with the pack's index of the
choice (``ShownQuestion.ids``, ``Shown.choice_ids``), and answers with that index: the
rules judge pack indices as always, replays and the offline queue are unchanged, and a
group telling the next one « c'est la deuxième réponse » tells it nothing."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import replace

from .kinds import Shown, ShownQuestion

#: a dialogue's replies are shuffled as the quest's "question" number 0
DIALOGUE_QUESTION = 0


def session_seed(instance_secret: bytes, session_id: int) -> bytes:
    """A session's secret, derived from the installation's: nothing to store."""
    return hmac.new(instance_secret, b"eclats/shuffle/session/%d" % session_id, hashlib.sha256).digest()


def order(seed: bytes, player_id: int, quest_id: str, question_index: int, n: int) -> tuple[int, ...]:
    """The pack's indices of ``n`` choices, in the order this player sees them:
    ``order(...)[shown_position] == pack_index``. Each index is ranked by a keyed hash."""

    def rank(index: int) -> bytes:
        message = f"{player_id}\x1f{quest_id}\x1f{question_index}\x1f{index}".encode()
        return hmac.new(seed, message, hashlib.sha256).digest()

    return tuple(sorted(range(n), key=rank))


def shuffle_shown(shown: Shown, seed: bytes, player_id: int, quest_id: str) -> Shown:
    """What a player's phone shows, its choices in that player's order."""
    questions = []
    for k, q in enumerate(shown.questions):
        perm = order(seed, player_id, quest_id, k, len(q.choices))
        questions.append(ShownQuestion(q.question, tuple(q.choices[i] for i in perm), tuple(q.ids[i] for i in perm)))
    perm = order(seed, player_id, quest_id, DIALOGUE_QUESTION, len(shown.choices))
    return replace(
        shown,
        questions=tuple(questions),
        choices=tuple(shown.choices[i] for i in perm),
        choice_ids=tuple(shown.choice_ids[i] for i in perm),
    )
