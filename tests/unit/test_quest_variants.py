"""Variants per session (game/rules/quest_variants.py): one variant per quest, drawn
from the session's secret, applied to every text of the quest."""

from __future__ import annotations

from content.catalog import Document, DocumentRow, Hint, Quest, QuestKind
from game.rules import kinds
from game.rules import quest_variants as qv

from .builders import catalog, quest

SEED_1 = "a" * 64
SEED_2 = "b" * 64
VARIANTS = ({"n": "12", "who": "Jade"}, {"n": "34", "who": "Malik"}, {"n": "56", "who": "Zoé"})


def lock(id: str = "lock") -> Quest:
    return quest(
        id,
        kind=QuestKind.CLUE_LOCK,
        question="Le code de {{v.who}} ?",
        documents=(Document("Fiche de {{v.who}}", "payslip", "Pour {{ v.who }}", (DocumentRow("Taux", "{{v.n}} €"),)),),
        code="{{v.n}}",
        hints=(Hint("Regarde la ligne de {{v.who}}", 5),),
        success="Bravo {{v.who}}",
        variants=VARIANTS,
    )


def test_same_seed_same_variant() -> None:
    assert qv.draw(SEED_1, "d1-x", 3) == qv.draw(SEED_1, "d1-x", 3)
    assert qv.for_seed(lock(), SEED_1) == qv.for_seed(lock(), SEED_1)


def test_two_seeds_differ_over_a_pack() -> None:
    ids = [f"q{i}" for i in range(20)]
    assert [qv.draw(SEED_1, i, 3) for i in ids] != [qv.draw(SEED_2, i, 3) for i in ids]
    assert len({qv.draw(SEED_1, i, 3) for i in ids}) == 3  # every variant is played somewhere


def test_applying_a_variant_fills_every_text() -> None:
    played = qv.apply(lock(), 1)
    assert played.question == "Le code de Malik ?"
    assert played.documents[0].title == "Fiche de Malik"
    assert played.documents[0].text == "Pour Malik"
    assert played.documents[0].rows[0].value == "34 €"
    assert played.code == "34" and kinds.code_of(played) == "34"
    assert played.hints[0].text == "Regarde la ligne de Malik" and played.hints[0].cost == 5
    assert played.success == "Bravo Malik"
    assert played.kind is QuestKind.CLUE_LOCK


def test_riddle_answers_and_code_pieces_are_filled() -> None:
    riddle = quest(
        "r",
        question="{{v.q}} ?",
        answers=("{{v.a}}", "autre"),
        variants=({"q": "Un", "a": "x"}, {"q": "Deux", "a": "y"}),
    )
    assert qv.apply(riddle, 1).answers == ("y", "autre")
    code = quest("c", kind=QuestKind.CODE_LOCK, pieces=("{{v.p}}", "9"), variants=({"p": "1"}, {"p": "2"}))
    assert kinds.code_of(qv.apply(code, 0)) == "19"


def test_a_quest_without_variants_is_unchanged() -> None:
    plain = quest("plain", question="Pas de {{ml.name}} ici ?")
    assert qv.for_seed(plain, SEED_1) is plain
    pack = catalog(plain)
    assert qv.catalog_for(pack, SEED_1) is pack


def test_the_catalogue_for_a_seed_serves_the_drawn_variant_and_keeps_the_pack_intact() -> None:
    pack = catalog(lock("a"), quest("plain"))
    mine = qv.catalog_for(pack, SEED_1)
    played = mine.quest("a")
    assert played is not None
    assert played.code == VARIANTS[qv.draw(SEED_1, "a", 3)]["n"]
    assert pack.quest("a").code == "{{v.n}}"  # type: ignore[union-attr]
    assert mine.quest("plain") is pack.quest("plain")


def test_no_seed_plays_the_first_variant() -> None:
    assert qv.for_seed(lock(), None).code == "12"
