"""The GEMMA reference structure as data: processenlandschap (clusters and
bedrijfsprocessen), bedrijfsfuncties and procesbouwstenen (deelservices).

Facts (ids, names, hierarchy, relations) come from the GEMMA model
(``knowledge/data/reference.json``, rebuilt by ``knowledge.build_reference``); the short
descriptions and example words are ours (``knowledge/data/process_notes.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from knowledge.data_files import load_json, load_yaml
from knowledge.text import fold
from knowledge.types import GEMMA_LICENCE, Chunk

REFERENCE_SOURCE = "klantreis-assistent/referentiemodel"
KIND_LABEL = {
    "bedrijfsproces": "Referentie-bedrijfsproces",
    "cluster": "Procescluster",
    "bedrijfsfunctie": "Bedrijfsfunctie",
    "procesbouwsteen": "Procesbouwsteen (deelservice)",
}


@dataclass(frozen=True)
class ReferenceElement:
    id: str
    name: str
    kind: str  # bedrijfsproces | cluster | bedrijfsfunctie | procesbouwsteen
    parent_id: str | None
    url: str
    bedrijfsfunctie_ids: tuple[str, ...]
    realised_by: tuple[str, ...]
    description: str  # ours, may be empty
    examples: tuple[str, ...]  # ours
    phase: str  # procesbouwstenen: intake | behandeling | levering | ""
    our_function: str = ""  # our own bedrijfsfunctie choice where the model links none

    @property
    def parent(self) -> ReferenceElement | None:
        return by_id(self.parent_id) if self.parent_id else None

    def ancestors(self) -> list[ReferenceElement]:
        out: list[ReferenceElement] = []
        node = self.parent
        while node is not None and node not in out:
            out.append(node)
            node = node.parent
        return out

    @property
    def path(self) -> str:
        """ "Uitvoerende (primaire) processen > Uitvoeren > ... > self"."""
        return " > ".join([a.name for a in reversed(self.ancestors())] + [self.name])

    def children(self) -> list[ReferenceElement]:
        return [e for e in all_elements() if e.parent_id == self.id]

    def bedrijfsfunctie(self) -> ReferenceElement | None:
        """The bedrijfsfunctie the model links to this element or its nearest cluster;
        otherwise our own choice from ``process_notes.yaml``."""
        for node in [self, *self.ancestors()]:
            for fid in node.bedrijfsfunctie_ids:
                found = by_id(fid)
                if found is not None:
                    return found
        if self.our_function:
            return by_name(self.our_function, "bedrijfsfunctie")
        return None

    def to_chunk(self) -> Chunk:
        lines = [f"{KIND_LABEL[self.kind]} in de GEMMA-referentiearchitectuur."]
        if self.ancestors():
            lines.append(f"Plaats: {self.path}.")
        if self.description:
            lines.append(self.description)
        kids = self.children()
        if kids:
            lines.append("Bestaat uit: " + ", ".join(k.name for k in kids) + ".")
        func = self.bedrijfsfunctie() if self.kind != "bedrijfsfunctie" else None
        if func is not None:
            lines.append(f"Bedrijfsfunctie: {func.name}.")
        if self.realised_by:
            lines.append("Gerealiseerd door: " + ", ".join(self.realised_by) + ".")
        if self.phase:
            lines.append(f"Fase: {self.phase}.")
        if self.examples:
            lines.append("Voorbeelden: " + ", ".join(self.examples) + ".")
        return Chunk(
            chunk_id=f"ref:{self.id}",
            text=" ".join(lines),
            title=self.name,
            section=KIND_LABEL[self.kind],
            url=self.url,
            source=REFERENCE_SOURCE,
            element_id=self.id,
            element_type=KIND_LABEL[self.kind],
            licence=GEMMA_LICENCE,
            group=self.id,
        )


@cache
def all_elements() -> tuple[ReferenceElement, ...]:
    notes = load_yaml("process_notes.yaml") or {}
    out = []
    for raw in load_json("reference.json")["items"]:
        note = notes.get(raw["id"]) or {}
        out.append(
            ReferenceElement(
                id=raw["id"],
                name=raw["name"],
                kind=raw["kind"],
                parent_id=raw.get("parent_id"),
                url=raw["url"],
                bedrijfsfunctie_ids=tuple(raw.get("bedrijfsfunctie_ids", [])),
                realised_by=tuple(raw.get("realised_by", [])),
                description=str(note.get("omschrijving", "")),
                examples=tuple(str(x) for x in note.get("voorbeelden", [])),
                phase=str(note.get("fase", "")),
                our_function=str(note.get("bedrijfsfunctie", "")),
            )
        )
    return tuple(out)


@cache
def _index() -> tuple[dict[str, ReferenceElement], dict[str, list[ReferenceElement]]]:
    ids = {e.id: e for e in all_elements()}
    names: dict[str, list[ReferenceElement]] = {}
    for e in all_elements():
        names.setdefault(fold(e.name).strip(), []).append(e)
    return ids, names


def by_id(element_id: str) -> ReferenceElement | None:
    return _index()[0].get(element_id)


def by_name(name: str, kind: str | None = None) -> ReferenceElement | None:
    """Exact name match (case and accents ignored), optionally of one kind."""
    for e in _index()[1].get(fold(name).strip(), []):
        if kind is None or e.kind == kind:
            return e
    return None


def of_kind(*kinds: str) -> list[ReferenceElement]:
    return [e for e in all_elements() if e.kind in kinds]


def processes() -> list[ReferenceElement]:
    return of_kind("bedrijfsproces", "cluster")


def bedrijfsfuncties() -> list[ReferenceElement]:
    return of_kind("bedrijfsfunctie")


def procesbouwstenen() -> list[ReferenceElement]:
    return of_kind("procesbouwsteen")
