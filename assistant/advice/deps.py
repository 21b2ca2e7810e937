"""What advice needs from the outside world, as small protocols, and how to build it.

Advice is a pure function of (model, deps): the checks never open an index or read
settings. ``AdviceDeps`` carries a retriever (GEMMA passages and reference suggestions), a
basisregistratie lookup and concept cards. Tests pass fakes; the CLI builds the real
ones from ``knowledge/`` with :func:`default_deps`. When ``knowledge/`` is missing or its
index cannot be opened, advice still works: every finding then cites the fixed concept
references in :mod:`assistant.advice.rules`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from assistant.advice.rules import fallback_registry
from assistant.model import SourceRef

log = logging.getLogger(__name__)


class PassageLike(Protocol):
    """The fields of ``knowledge.types.Passage`` that advice reads."""

    @property
    def title(self) -> str: ...
    @property
    def section(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def element_id(self) -> str | None: ...
    @property
    def text(self) -> str: ...


class ReferenceLike(Protocol):
    """The fields of ``knowledge``'s ReferenceSuggestion that advice reads."""

    @property
    def element_id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> Any: ...
    @property
    def score(self) -> float: ...
    @property
    def url(self) -> str: ...


class Retriever(Protocol):
    """GEMMA retrieval as advice uses it (``knowledge.base.KnowledgeBase`` fits)."""

    def search(self, query: str, k: int = 5) -> Sequence[PassageLike]: ...

    def suggest_references(self, text: str, k: int = 3) -> Sequence[ReferenceLike]: ...


RegistryLookup = Callable[[str], str | None]
"""Text (a document, data item or source name) → short basisregistratie code, or None."""

ConceptLookup = Callable[[str], SourceRef | None]
"""A GEMMA term → a concept-card reference, or None."""


def _no_concept(_term: str) -> SourceRef | None:
    return None


@dataclass(frozen=True)
class AdviceDeps:
    """Everything the checks may consult besides the model itself."""

    retriever: Retriever | None = None
    registry: RegistryLookup = fallback_registry
    concept: ConceptLookup = _no_concept
    passages_per_finding: int = 2
    suggestions_per_finding: int = 3
    # A per-run memo of search results: several findings of one check share one query.
    _cache: dict[tuple[str, int], list[SourceRef]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def passages(self, query: str) -> list[SourceRef]:
        """Retrieved passages for ``query`` as SourceRefs; [] when retrieval fails."""
        if self.retriever is None or self.passages_per_finding <= 0:
            return []
        key = (query, self.passages_per_finding)
        if key not in self._cache:
            try:
                found = self.retriever.search(query, k=self.passages_per_finding)
                self._cache[key] = [passage_to_source(p) for p in found]
            except Exception as exc:  # retrieval is a nicety; the finding stands without it
                log.warning("GEMMA-zoeken mislukt voor %r: %s", query, exc)
                self._cache[key] = []
        return list(self._cache[key])

    def references(self, text: str) -> list[ReferenceLike]:
        if self.retriever is None or not text.strip():
            return []
        try:
            return list(self.retriever.suggest_references(text, k=self.suggestions_per_finding))
        except Exception as exc:
            log.warning("Referentievoorstel mislukt: %s", exc)
            return []


def _attr(obj: Any, *names: str) -> str:
    for name in names:
        value = getattr(obj, name, None)
        if value:
            return str(getattr(value, "value", value))
    return ""


def passage_to_source(passage: PassageLike) -> SourceRef:
    text = " ".join((passage.text or "").split())
    return SourceRef(
        title=(passage.title or passage.source or "GEMMA")[:500],
        section=(passage.section or "")[:500],
        url=(passage.url or "")[:500],
        source=(passage.source or "")[:500],
        element_id=(passage.element_id or "")[:500],
        excerpt=text[:400],
    )


def reference_to_source(ref: ReferenceLike) -> SourceRef:
    return SourceRef(
        title=ref.name[:500],
        section=_attr(ref, "kind")[:500],
        url=(ref.url or "")[:500],
        source="gemma-model",
        element_id=(ref.element_id or "")[:500],
        excerpt="",
    )


# --- building the real dependencies from knowledge/ ----------------------------------------


def knowledge_registry() -> RegistryLookup:
    """The basisregistratie table of ``knowledge/``, with our small fallback behind it."""
    try:
        from knowledge.basisregistraties import lookup
    except Exception:
        return fallback_registry

    def registry(text: str) -> str | None:
        try:
            found = lookup(text)
        except Exception:
            found = None
        if found is not None:
            if getattr(found, "municipality_can_consult", True) is False:
                return None  # the table says the municipality cannot look this up
            code = _attr(found, "code", "abbreviation", "afkorting", "key", "short_name", "name")
            if code:
                return code
        return fallback_registry(text)

    return registry


def knowledge_concepts() -> ConceptLookup:
    try:
        from knowledge.concepts import card
    except Exception:
        return _no_concept

    def concept(term: str) -> SourceRef | None:
        try:
            found = card(term)
        except Exception:
            return None
        if found is None:
            return None
        title = _attr(found, "title", "term", "name")
        if not title:
            return None
        return SourceRef(
            title=title[:500],
            section=_attr(found, "section")[:500],
            url=_attr(found, "url")[:500],
            source="concept-card",
            element_id=_attr(found, "element_id")[:500],
            excerpt=" ".join(_attr(found, "explanation", "summary", "definition", "text").split())[
                :400
            ],
        )

    return concept


def default_deps(
    index_dir: Path | None = None,
    *,
    embedding_backend: str | None = None,
    embedding_model: str | None = None,
    chroma_url: str | None = None,
    thesaurus_file: Path | None = None,
) -> AdviceDeps:
    """Real dependencies for the CLI/UI edge. Never raises: what cannot load is left out."""
    retriever: Retriever | None = None
    try:
        from knowledge.base import KnowledgeBase
    except Exception as exc:
        log.info("Geen GEMMA-kennisbank beschikbaar voor advies: %s", exc)
    else:
        kwargs: dict[str, Any] = {
            "embedding_backend": embedding_backend,
            "embedding_model": embedding_model,
            "chroma_url": chroma_url,
            "thesaurus_file": thesaurus_file,
        }
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        if index_dir is not None and index_dir.exists():
            try:
                retriever = KnowledgeBase.open(index_dir, **kwargs)
            except Exception as exc:
                log.info("GEMMA-index niet te openen (%s); ingebouwd corpus gebruikt", exc)
        if retriever is None:
            # No built index: the shipped corpus in memory is small and good enough to cite.
            try:
                retriever = KnowledgeBase.in_memory()
            except Exception as exc:
                log.info("Geen GEMMA-kennisbank beschikbaar voor advies: %s", exc)
    return AdviceDeps(
        retriever=retriever, registry=knowledge_registry(), concept=knowledge_concepts()
    )
