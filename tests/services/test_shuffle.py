"""Teammates see a quiz's choices in their own order (game/rules/variants.py) and the
team's answer is judged right whoever sends it, in their own order: real pack, file
SQLite, the real services."""

from __future__ import annotations

from sqlalchemy.orm import Session

from content.catalog import Catalog, QuestKind
from game.rules.kinds import QuizAnswer, Shown
from game.services import play

from .conftest import NOW, Game, open_days, solve

SECRET = b"installation-secret-for-tests-32b"


def test_teammates_see_their_own_order_and_the_right_choice_in_it_wins(
    session: Session, game: Game, catalog: Catalog
) -> None:
    ines, yanis = game.players
    open_days(session, game.session, 10)
    quizzes = [q for q in catalog.quests if q.kind is QuestKind.QUIZ]
    mine = {v.quest.id: v.shown for v in play.quest_views(session, ines, SECRET)}
    theirs = {v.quest.id: v.shown for v in play.quest_views(session, yanis, SECRET)}
    packs = {v.quest.id: v.shown for v in play.quest_views(session, ines)}
    assert any(mine[q.id] != theirs[q.id] for q in quizzes)  # teammates: different orders
    assert all(packs[q.id].questions[0].choices == q.quiz[0].choices for q in quizzes)  # no seed: the pack's

    quiz = next(q for q in quizzes if mine[q.id] != theirs[q.id])
    for before in quiz.prerequisites:
        solve(session, ines, before)

    def tap(shown: Shown, right: bool) -> QuizAnswer:
        """What a phone sends: the index shown beside the text tapped (the right text,
        or the text displayed just after it)."""
        picks = []
        for s, x in zip(shown.questions, quiz.quiz, strict=True):
            position = s.choices.index(x.choices[x.correct])
            picks.append(s.ids[position if right else (position + 1) % len(s.choices)])
        return QuizAnswer(tuple(picks))

    assert not play.answer(session, ines, quiz.id, tap(mine[quiz.id], False), NOW).decision.correct
    assert play.answer(session, yanis, quiz.id, tap(theirs[quiz.id], True), NOW).decision.correct
