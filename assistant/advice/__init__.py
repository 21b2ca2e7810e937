"""GEMMA design advice: run the checks on one variant and justify every finding.

``advise(model, deps)`` is a pure function of the model and the injected dependencies
(retriever, basisregistratie lookup, concept cards). Every finding carries at least one
GEMMA source: the passages retrieved for its check, and always the check's concept card
(from ``knowledge/`` or the fixed reference in :mod:`assistant.advice.rules`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from assistant.advice.analysis import Check, CheckContext
from assistant.advice.checks import CHECKS, CHECKS_BY_NAME
from assistant.advice.deps import AdviceDeps, Retriever, default_deps
from assistant.advice.rules import DEFAULT_SOURCE, FALLBACK_SOURCES
from assistant.errors import InputError
from assistant.model import Finding, ProcessModel, SourceRef, Variant


def pick_variant(model: ProcessModel, key: str | None = None) -> Variant:
    """The variant to advise on: ``key`` (id or name) or the active one."""
    if not key:
        return model.active
    found = model.variant(key)
    if found is None:
        names = ", ".join(f"'{v.name}'" for v in model.variants)
        raise InputError(f"Variant '{key}' bestaat niet in dit model (wel: {names}).")
    return found


def _source_key(ref: SourceRef) -> tuple[str, str, str, str]:
    return (ref.title, ref.section, ref.url, ref.element_id)


def justify(finding: Finding, check: Check, deps: AdviceDeps) -> Finding:
    """Attach the GEMMA sources: check-supplied first, then the concept, then passages."""
    concept = deps.concept(check.concept) or FALLBACK_SOURCES.get(check.name, DEFAULT_SOURCE)
    seen: set[tuple[str, str, str, str]] = set()
    sources: list[SourceRef] = []
    for ref in [*finding.sources, concept, *deps.passages(check.query)]:
        if _source_key(ref) not in seen:
            seen.add(_source_key(ref))
            sources.append(ref)
    return finding.model_copy(update={"sources": sources})


def run_check(
    check: Check, model: ProcessModel, variant: Variant, deps: AdviceDeps
) -> list[Finding]:
    ctx = CheckContext(model=model, variant=variant, deps=deps)
    return [justify(f, check, deps) for f in check.func(ctx)]


def advise(
    model: ProcessModel,
    deps: AdviceDeps | None = None,
    *,
    variant: str | None = None,
    checks: Iterable[str] | None = None,
) -> list[Finding]:
    """All findings for one variant (the active one unless ``variant`` names another)."""
    deps = deps or AdviceDeps()
    chosen = pick_variant(model, variant)
    selected = CHECKS if checks is None else tuple(CHECKS_BY_NAME[c] for c in checks)
    findings: list[Finding] = []
    for check in selected:
        findings.extend(run_check(check, model, chosen, deps))
    return findings


def advice_json(model: ProcessModel, findings: list[Finding], variant: Variant) -> dict[str, Any]:
    """The stable JSON shape of ``klantreis advise --json`` (documented in docs/advice.md)."""
    return {
        "findings": [f.model_dump(mode="json") for f in findings],
        "variant": variant.name,
        "variant_id": variant.id,
        "model_id": model.metadata.id,
    }


__all__ = [
    "CHECKS",
    "CHECKS_BY_NAME",
    "AdviceDeps",
    "Check",
    "Retriever",
    "advice_json",
    "advise",
    "default_deps",
    "justify",
    "pick_variant",
    "run_check",
]
