"""The per-player order of quiz and dialogue choices (game/rules/variants.py), with the
real default pack: reproducible from the session's secret, different from a session
to the next, and judged right whoever's order the answer was sent in."""

from __future__ import annotations

from content.catalog import QuestKind
from content.loader import load_named_pack
from game.rules import kinds, variants
from game.rules.kinds import DialogueAnswer, QuizAnswer

SECRET = b"installation-secret-for-tests-32b"
SEED = variants.session_seed(SECRET, 1)
OTHER_SEED = variants.session_seed(SECRET, 2)
PACK = load_named_pack("default")
QUIZZES = [q for q in PACK.quests if q.kind is QuestKind.QUIZ]
DIALOGUES = [q for q in PACK.quests if q.kind is QuestKind.DIALOGUE]


def test_the_same_session_player_and_question_always_give_the_same_order() -> None:
    assert variants.order(SEED, 7, "j1-quiz", 0, 5) == variants.order(SEED, 7, "j1-quiz", 0, 5)
    assert variants.session_seed(SECRET, 1) == SEED  # a reload: the same seed again


def test_an_order_is_a_permutation_of_the_choices() -> None:
    for n in range(0, 9):
        assert sorted(variants.order(SEED, 3, "q", 1, n)) == list(range(n))


def test_two_sessions_see_different_orders_for_most_questions() -> None:
    questions = [(q.id, k, len(x.choices)) for q in QUIZZES for k, x in enumerate(q.quiz) if len(x.choices) >= 3]
    assert len(questions) >= 10
    differ = sum(variants.order(SEED, 1, i, k, n) != variants.order(OTHER_SEED, 1, i, k, n) for i, k, n in questions)
    assert differ > len(questions) / 2


def test_the_order_is_not_the_packs_for_most_questions() -> None:
    # a shuffle that keeps the pack's order (the identity) fails here
    questions = [(q.id, k, len(x.choices)) for q in QUIZZES for k, x in enumerate(q.quiz) if len(x.choices) >= 3]
    kept = sum(variants.order(SEED, 1, i, k, n) == tuple(range(n)) for i, k, n in questions)
    assert kept < len(questions) / 2


def test_teammates_see_different_orders() -> None:
    questions = [(q.id, k, len(x.choices)) for q in QUIZZES for k, x in enumerate(q.quiz) if len(x.choices) >= 3]
    assert questions
    assert any(variants.order(SEED, 1, i, k, n) != variants.order(SEED, 2, i, k, n) for i, k, n in questions)


def test_each_choice_shown_carries_its_packs_index_so_a_tap_is_judged_right() -> None:
    # the phone answers with the index shown beside the text it displays: whatever the
    # order, tapping the right text is right and any other text is wrong
    for quest in QUIZZES + DIALOGUES:
        shown = variants.shuffle_shown(kinds.of(quest.kind).show(quest), SEED, 5, quest.id)
        if quest.kind is QuestKind.QUIZ:
            right_texts = [x.choices[x.correct] for x in quest.quiz]
            sent = QuizAnswer(
                tuple(s.ids[s.choices.index(t)] for s, t in zip(shown.questions, right_texts, strict=True))
            )
            for s, x in zip(shown.questions, quest.quiz, strict=True):
                assert [x.choices[i] for i in s.ids] == list(s.choices)  # each id names its own text
            wrong = QuizAnswer(tuple((c + 1) % len(x.choices) for c, x in zip(sent.choices, quest.quiz, strict=True)))
        else:
            right = next(c.text for c in quest.choices if c.correct)
            sent = DialogueAnswer(shown.choice_ids[shown.choices.index(right)])
            assert [quest.choices[i].text for i in shown.choice_ids] == list(shown.choices)
            wrong_text = next(c.text for c in quest.choices if not c.correct)
            wrong = DialogueAnswer(shown.choice_ids[shown.choices.index(wrong_text)])
        assert kinds.check_answer(quest, sent)[0], quest.id
        assert not kinds.check_answer(quest, wrong)[0], quest.id


def test_the_shown_choices_are_the_packs_choices_reordered() -> None:
    for quest in QUIZZES:
        shown = variants.shuffle_shown(kinds.of(quest.kind).show(quest), SEED, 9, quest.id)
        for s, x in zip(shown.questions, quest.quiz, strict=True):
            assert s.question == x.question and sorted(s.choices) == sorted(x.choices)
