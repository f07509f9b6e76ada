"""The mutation score of ``game/rules`` after ``mutmut run`` (docs/MUTATION.md).

Run from the repository root: ``.venv/bin/python -m tests.unit.mutation_score``
(``--list`` prints every surviving mutant with its diff; ``--names`` only their names,
to test them again after adding tests: ``mutmut run $(… --names)``; mutmut itself
tests again only the functions that changed).

The score counts the mutants that change behaviour. A mutant that only edits the
text of a message for people is left out, and only that: its diff touches string
literals (f-strings included) and nothing else, and each literal it touches holds
words separated by spaces (« Écris une réponse. », f"Le jour {day} est déjà ouvert.").
A stable code for programs ("empty_answer") holds no space, so a mutant of a code
is counted. Every other mutant that survives, or that no unit test reaches, is a
survivor and lowers the score."""

from __future__ import annotations

import io
import re
import sys
import tokenize

from mutmut.configuration import config
from mutmut.mutation.data import SourceFileMutationData
from mutmut.mutation.diff_apply import get_diff_for_mutant
from mutmut.stats import status_by_exit_code
from mutmut.utils.file_utils import walk_mutatable_files

WORDS = re.compile(r"[^\W\d_][\w'’.,:;!?«»()\-]*\s+\S")
KILLED = {"killed", "caught by type check", "timeout", "segfault"}
UNDECIDED = {"not checked", "skipped"}
_LAYOUT = (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER, tokenize.INDENT, tokenize.DEDENT)


def _tokens(line: str) -> list[tuple[int, str]] | None:
    try:
        found = tokenize.generate_tokens(io.StringIO(line.strip() + "\n").readline)
        return [(t.type, t.string) for t in found if t.type not in _LAYOUT]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None


def _is_message(text: str) -> bool:
    return text[:1] in "\"'fF" and bool(WORDS.search(text))


def only_message_text(diff: str) -> bool:
    """True when the mutant changes nothing but the words of messages for people: each
    string literal it changes is a message, and a message it takes away entirely is
    replaced by ``None`` (the refusal then has no words, and the same code)."""
    body = [line for line in diff.splitlines() if not line.startswith(("---", "+++"))]
    removed = [line[1:] for line in body if line.startswith("-")]
    added = [line[1:] for line in body if line.startswith("+")]
    if not removed:
        return False
    old: list[tuple[int, str]] = []
    new: list[tuple[int, str]] = []
    for lines, tokens in ((removed, old), (added, new)):
        for line in lines:
            found = _tokens(line)
            if found is None:
                return False
            tokens += found
    i = j = 0
    while i < len(old) and j < len(new):
        (kind, a), (_, b) = old[i], new[j]
        words = kind == tokenize.STRING and _is_message(a)
        if a == b or (words and new[j][0] == tokenize.STRING):
            i, j = i + 1, j + 1
        elif words and b == "None":
            i, j = i + 1, j + 1
            while i < len(old) and old[i][0] == tokenize.STRING and _is_message(old[i][1]):
                i += 1  # a message written over several literals, all taken away
        else:
            return False
    return i == len(old) and j == len(new) and old != new


def main(argv: list[str]) -> int:
    config()
    counted = killed = message = undecided = 0
    survivors: list[tuple[str, str, str]] = []
    for path in walk_mutatable_files():
        data = SourceFileMutationData(path=path)
        data.load()
        for name, code in data.exit_code_by_key.items():
            status = status_by_exit_code[code]
            if status in UNDECIDED:
                undecided += 1
                continue
            diff = get_diff_for_mutant(name, path=path)
            if only_message_text(diff):
                message += 1
                continue
            counted += 1
            if status in KILLED:
                killed += 1
            else:
                survivors.append((name, status, diff))
    if "--names" in argv:  # for `mutmut run $(… --names)`: test the survivors again
        print("\n".join(name for name, _, _ in survivors))
        return 0
    score = 100 * killed / counted if counted else 0.0
    print(f"mutants that change behaviour: {counted}, killed: {killed}, score: {score:.1f} %")
    print(f"left out: {message} that only change message text, {undecided} not run yet")
    for name, status, diff in survivors:
        print(f"  {status}: {name}")
        if "--list" in argv:
            print("\n".join("      " + line for line in diff.splitlines()[2:]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
