"""Cross-reference checks of issue 13's parts of a pack: whom to ask for each offer
(the offer or the Mission Locale block), the block's partners, the glossary, the
diagnosis's funnel and urgent answers, and badges resting on observable evidence."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from content.catalog import EVIDENCE_KINDS
from content.schema import is_identifier

from .local import GLOSSARY_FILE, MISSION_LOCALE_FILE, helpline_ids
from .problems import DIAGNOSIS_FILE, OFFERS_FILE, SKILLS_FILE, Inspection, ListFile

#: evidence a facilitator or the young person gives on any day, not only by playing quests
_NOT_FROM_QUESTS = {"observed"}


def _items(values: Any) -> Iterator[tuple[int, Mapping[str, Any]]]:
    for index, entry in enumerate(values if isinstance(values, list) else []):
        if isinstance(entry, Mapping):
            yield index, entry


def _entries(list_file: ListFile | None) -> Iterator[tuple[int, Mapping[str, Any]]]:
    return _items(list_file.raw) if list_file is not None else iter(())


class LocalCheck:
    def __init__(self, found: Inspection) -> None:
        self.found = found

    def run(self) -> None:
        self._contacts()
        self._partners()
        self._glossary()
        self._funnel_and_urgent()
        self._badges_observable()

    # ------------------------------------------------------------ whom to ask

    def _contacts(self) -> None:
        found = self.found
        offers = found.lists.get(OFFERS_FILE)
        if found.placeholders_broken:
            return
        block = found.mission_locale_raw or {}
        given = block.get("contacts")
        contacts: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
        offer_ids: set[str] = set()
        for index, offer in _entries(offers):
            offer_id = offer.get("id")
            if is_identifier(offer_id):
                offer_ids.add(offer_id)
            if "contact" not in offer and offer_id not in contacts:
                found.add(
                    OFFERS_FILE,
                    f"[{index}].contact",
                    f"à qui demander ? ajoutez « contact » ici, ou « contacts: {offer_id}: … » "
                    f"dans {MISSION_LOCALE_FILE}",
                )
        if offers is not None and offers.valid:
            for offer_id in contacts:
                if offer_id not in offer_ids:
                    found.add(
                        MISSION_LOCALE_FILE,
                        f"contacts.{offer_id}",
                        f"identifiant inconnu : « {offer_id} » (aucune offre de ce nom dans offers.yaml)",
                    )

    def _partners(self) -> None:
        block = self.found.mission_locale_raw or {}
        self._unique(MISSION_LOCALE_FILE, "partners", _items(block.get("partners")), "id", "partenaire")

    def _glossary(self) -> None:
        self._unique(GLOSSARY_FILE, "", _entries(self.found.glossary), "term", "mot", fold=True)

    def _unique(
        self,
        file: str,
        section: str,
        entries: Iterator[tuple[int, Mapping[str, Any]]],
        key: str,
        what: str,
        fold: bool = False,
    ) -> None:
        first: dict[str, int] = {}
        for index, entry in entries:
            value = entry.get(key)
            if not isinstance(value, str):
                continue
            seen = value.strip().casefold() if fold else value
            if seen in first:
                self.found.add(
                    file,
                    f"{section}[{index}].{key}",
                    f"{what} en double : « {value.strip()} » (déjà en {section}[{first[seen]}])",
                )
            else:
                first[seen] = index

    # ------------------------------------------------------------ diagnosis

    def _funnel_and_urgent(self) -> None:
        """A family's first question is always asked (it is the one that shows a need,
        opening its follow-ups); an urgent answer names national helplines."""
        raw = self.found.diagnosis_raw
        if raw is None:
            return
        known = helpline_ids()
        first_of: set[str] = set()
        for index, question in _items(raw.get("questions")):
            family = question.get("family")
            if is_identifier(family) and family not in first_of:
                first_of.add(family)
                if question.get("follow_up") is True:
                    self.found.add(
                        DIAGNOSIS_FILE,
                        f"questions[{index}].follow_up",
                        f"la première question de la famille « {family} » ne peut pas être une question de suite : "
                        "c'est elle qui ouvre les suivantes",
                    )
            for c, choice in _items(question.get("choices")):
                urgent = choice.get("urgent")
                for u, helpline in enumerate(urgent if isinstance(urgent, list) else []):
                    if is_identifier(helpline) and helpline not in known:
                        self.found.add(
                            DIAGNOSIS_FILE,
                            f"questions[{index}].choices[{c}].urgent[{u}]",
                            f"numéro inconnu : « {helpline} » (possibles : {', '.join(sorted(known))})",
                        )

    # ------------------------------------------------------------ badges

    def _badges_observable(self) -> None:
        """A badge must be earnable from what the game records on days with a
        facilitator: the unsupervised weekend alone proves nothing anyone saw."""
        found = self.found
        pack = found.pack
        skills = found.lists.get(SKILLS_FILE)
        if pack is None or skills is None or not found.quests_complete:
            return
        weekend = {d.get("number") for d in pack.get("days", []) if isinstance(d, Mapping) and d.get("autonomous")}
        supervised: set[str] = set()
        for quest_file in found.quest_files:
            for _, quest in _entries(quest_file):
                if quest.get("day") not in weekend:
                    supervised.update(s for s in quest.get("skills") or [] if isinstance(s, str))
        # live rounds (rounds.yaml) are played with the facilitator there, whatever the day
        in_rounds = {s for _, r in _entries(found.rounds) for s in r.get("skills") or [] if isinstance(s, str)}
        for index, skill in _entries(skills):
            if skill.get("criteria") is None or not is_identifier(skill.get("id")):
                continue
            kinds = skill.get("evidence")
            counted = set(kinds) if isinstance(kinds, list) else set(EVIDENCE_KINDS)
            seen_live = skill["id"] in in_rounds and "round" in counted
            if skill["id"] not in supervised and not seen_live and not counted & _NOT_FROM_QUESTS:
                found.add(
                    SKILLS_FILE,
                    f"[{index}].evidence",
                    "badge impossible à observer : seules des quêtes du week-end en autonomie le prouvent ; "
                    "ajoutez-le à des quêtes des jours avec animateur, ou « observed » à ses preuves",
                )


__all__ = ["LocalCheck"]
