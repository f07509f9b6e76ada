"""Fairness of quizzes: the right answer must not be given away by its length.

A quiz where the right choice is the longest one in more than a third of its
questions is won by picking the longest choice without reading. ``eclats content
check`` refuses it (a problem, not a warning). "Longest" means strictly longer than
every other choice, counting characters after stripping spaces at both ends.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .problems import Inspection


def _longest_is_right(question: Mapping[str, Any]) -> bool | None:
    """Whether the right choice is strictly the longest; None when the question is malformed."""
    choices = question.get("choices")
    correct = question.get("correct")
    if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
        return None
    if isinstance(correct, bool) or not isinstance(correct, int) or not 0 <= correct < len(choices):
        return None
    lengths = [len(choice.strip()) for choice in choices]
    right = lengths[correct]
    return all(right > length for index, length in enumerate(lengths) if index != correct)


def check_fairness(found: Inspection) -> None:
    """Add a problem for each quiz won by picking the longest choice."""
    for quest_file in found.quest_files:
        for index, quest in enumerate(quest_file.raw):
            if not isinstance(quest, Mapping) or quest.get("kind") != "quiz":
                continue
            questions = quest.get("questions")
            if not isinstance(questions, list):
                continue
            verdicts = [_longest_is_right(q) for q in questions if isinstance(q, Mapping)]
            counted = [v for v in verdicts if v is not None]
            given_away = sum(counted)
            if counted and given_away * 3 > len(counted):
                found.add(
                    quest_file.name,
                    f"[{index}].questions",
                    f"quiz « {quest.get('id')} » : la bonne réponse est la plus longue dans "
                    f"{given_away} questions sur {len(counted)} (au plus un tiers) : "
                    "allongez les mauvais choix ou raccourcissez les bons",
                )
