"""Procesvarianten: derive a variant from another, and apply an advice to a new variant.

Id scheme (chosen so exports and findings stay readable and stable): a derived variant
gets the id ``var-<slug of its name>``; every element copied into it keeps its original id
with ``--<slug>`` appended (``v1-act-verzamelen`` → ``v1-act-verzamelen--gewenst``). A
suffix from an earlier derivation is replaced, not stacked, so ids do not grow with every
generation. References inside the variant (activity → deelservice, statusmelding →
activity) are rewritten with the same mapping; references to model-level elements
(related processes, journey steps) stay as they are.

``apply_finding`` copies the variant the finding is about and applies the finding's change
where it is mechanical (documents gathered by the gemeente, data marked reused, a service
renamed from the customer's side, a statusmelding added, closing activities labelled, a
suggested GEMMA reference linked). Where it is not (a missing journey step, an aanleiding
only the designer knows), the finding becomes an ImprovementIdea in the model instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.advice import CHECKS_BY_NAME, AdviceDeps, run_check
from assistant.advice.analysis import (
    CheckContext,
    activities_after_levering,
    base_id,
    closing_before_levering,
    customer_side_name,
    document_registry,
    obtainable_items,
    reusable_data,
)
from assistant.advice.deps import ReferenceLike
from assistant.advice.rules import fold, looks_closing
from assistant.errors import InputError, NotFoundError
from assistant.model import (
    NAME_MAX,
    Activity,
    ActivityKind,
    Actor,
    Bedrijfsservice,
    DataItem,
    DeelserviceKind,
    Document,
    Finding,
    GemmaReference,
    ImprovementIdea,
    Lane,
    ProcessModel,
    ReferenceKind,
    Statusmelding,
    Variant,
    VariantStatus,
)
from assistant.textclean import SURROGATE


def slug(text: str, max_len: int = 24) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return s[:max_len].rstrip("-") or "variant"


def _unique(candidate: str, taken: set[str]) -> str:
    if candidate not in taken:
        return candidate
    n = 2
    while f"{candidate}-{n}" in taken:
        n += 1
    return f"{candidate}-{n}"


def _copy_variant(
    source: Variant, new_id: str, suffix: str, taken: set[str]
) -> tuple[Variant, dict[str, str]]:
    """A deep copy of ``source`` with fresh, deterministic ids; returns (copy, old→new)."""
    copy = source.model_copy(deep=True)
    mapping: dict[str, str] = {}

    def fresh(old: str) -> str:
        new = _unique(f"{base_id(old)}--{suffix}", taken)
        taken.add(new)
        mapping[old] = new
        return new

    for service in copy.services:
        service.id = fresh(service.id)
        for a in service.activities:
            a.id = fresh(a.id)
        for d in service.deelservices:
            d.id = fresh(d.id)
        for s in service.statusmeldingen:
            s.id = fresh(s.id)
        for doc in service.intake.documents:
            doc.id = fresh(doc.id)
        for item in service.intake.data_asked:
            item.id = fresh(item.id)
    for service in copy.services:
        for a in service.activities:
            if a.deelservice_id in mapping:
                a.deelservice_id = mapping[a.deelservice_id]
        for s in service.statusmeldingen:
            if s.after_activity_id in mapping:
                s.after_activity_id = mapping[s.after_activity_id]
    copy.id = new_id
    return copy, mapping


def _variant_name(name: str) -> str:
    """The name as a one-line label, or a Dutch InputError; the model would otherwise
    refuse it with a bare ValidationError after the variant was built."""
    name = " ".join(name.split())
    if not name:
        raise InputError("Geef de nieuwe variant een naam.")
    if SURROGATE.search(name):
        # a command-line argument that was no UTF-8 arrives with lone surrogates
        raise InputError("De naam van de variant bevat tekens die geen geldige UTF-8 zijn.")
    if len(name) > NAME_MAX:
        raise InputError(
            f"De naam van de variant is te lang ({len(name)} tekens; maximaal {NAME_MAX})."
        )
    return name


def derive_variant_with_mapping(
    model: ProcessModel,
    from_key: str,
    name: str,
    *,
    status: VariantStatus = VariantStatus.GEWENST,
    description: str = "",
) -> tuple[ProcessModel, Variant, dict[str, str]]:
    source = model.variant(from_key)
    if source is None:
        names = ", ".join(f"'{v.name}'" for v in model.variants)
        raise NotFoundError(f"Variant '{from_key}' bestaat niet in dit model (wel: {names}).")
    name = _variant_name(name)
    if model.variant(name) is not None:
        raise InputError(f"Er is al een variant '{name}'; kies een andere naam.")
    taken = set(model.iter_ids())
    new_id = _unique(f"var-{slug(name)}", taken)
    taken.add(new_id)
    variant, mapping = _copy_variant(source, new_id, new_id.removeprefix("var-"), taken)
    variant.name = name
    variant.status = status
    variant.description = description or f"Afgeleid van '{source.name}'."
    variant.derived_from = source.id
    variant.applied_findings = []
    # Measurements belong to the variant that was measured, not to its copy.
    variant.measured_effort_hours = None
    variant.satisfaction = None
    new_model = model.model_copy(deep=True)
    new_model.variants = [*new_model.variants, variant]
    new_model.active_variant_id = variant.id
    return new_model, variant, mapping


def derive_variant(
    model: ProcessModel,
    from_key: str,
    name: str,
    *,
    status: VariantStatus = VariantStatus.GEWENST,
    description: str = "",
) -> ProcessModel:
    """A new model with a copy of variant ``from_key`` named ``name``, made active."""
    new_model, _, _ = derive_variant_with_mapping(
        model, from_key, name, status=status, description=description
    )
    return ProcessModel.model_validate(new_model.model_dump())


# --- applying findings ---------------------------------------------------------------------

Applier = Callable[[ProcessModel, Variant, Finding, Bedrijfsservice | None, AdviceDeps], bool]


def _service(variant: Variant, service_id: str | None) -> Bedrijfsservice | None:
    for s in variant.services:
        if s.id == service_id:
            return s
    return None


_GATHER_RE = re.compile(r"verzamel|stukken|documenten|bewijs|uittreksel|opvragen|aanleveren")


def _apply_gather(
    model: ProcessModel,
    variant: Variant,
    finding: Finding,
    service: Bedrijfsservice | None,
    deps: AdviceDeps,
) -> bool:
    if service is None:
        return False
    ctx = CheckContext(model=model, variant=variant, deps=deps)
    items = obtainable_items(ctx, service)
    if not items:
        return False
    moved_docs: list[str] = []
    for item, where in items:
        item.provided_by = Actor.GEMEENTE
        if isinstance(item, Document):
            if not item.basisregistratie and document_registry(item, deps):
                item.basisregistratie = where
            item.source = item.source or where
            moved_docs.append(item.name)
        elif isinstance(item, DataItem):
            item.source = where
    if moved_docs:
        _move_gathering_to_backoffice(service, moved_docs)
    return True


def _move_gathering_to_backoffice(service: Bedrijfsservice, docs: list[str]) -> None:
    """Move the customer's gathering activity behind the intake, into the backoffice."""
    acts = service.activities
    gathering = [a for a in acts if a.lane is Lane.KLANT and _GATHER_RE.search(fold(a.name))]
    if not gathering:
        return
    behandeling = next(
        (d.id for d in service.deelservices if d.kind is DeelserviceKind.BEHANDELING), None
    )
    remaining = [a for a in acts if a not in gathering]
    intakes = [i for i, a in enumerate(remaining) if a.kind is ActivityKind.INTAKE]
    at = intakes[-1] + 1 if intakes else 0
    moved: list[Activity] = []
    for a in gathering:
        a.lane = Lane.BACKOFFICE
        a.channel = None
        a.deelservice_id = behandeling or a.deelservice_id
        a.description = (f"De gemeente haalt zelf op: {', '.join(docs)}. " + a.description).strip()
        moved.append(a)
    service.activities = [*remaining[:at], *moved, *remaining[at:]]


def _apply_reuse(
    model: ProcessModel,
    variant: Variant,
    finding: Finding,
    service: Bedrijfsservice | None,
    deps: AdviceDeps,
) -> bool:
    if service is None:
        return False
    ctx = CheckContext(model=model, variant=variant, deps=deps)
    items = reusable_data(ctx, service)
    for item, rp in items:
        item.reused_from = rp.id
        item.provided_by = Actor.GEMEENTE
        item.source = f"eerder verzoek: {rp.name}"[:500]
    return bool(items)


def _apply_rename(
    model: ProcessModel,
    variant: Variant,
    finding: Finding,
    service: Bedrijfsservice | None,
    deps: AdviceDeps,
) -> bool:
    if service is None or not service.name.strip():
        return False  # nothing to derive a name from: the designer must choose one
    old = service.name
    service.name = customer_side_name(service)
    if not service.process.name:
        service.process.name = old  # the inside name is a good name for the process
    return True


def _apply_status(
    model: ProcessModel,
    variant: Variant,
    finding: Finding,
    service: Bedrijfsservice | None,
    deps: AdviceDeps,
) -> bool:
    if service is None:
        return False
    intakes = [a for a in service.activities if a.kind is ActivityKind.INTAKE]
    after = intakes[-1].id if intakes else None
    channels = service.levering.channels or service.intake.channels
    channel = channels[0] if channels else None
    taken = set(model.iter_ids())
    status_id = f"status-ontvangst-{slug(base_id(service.id))}"
    suffix = service.id.partition("--")[2]
    status_id = f"{status_id}--{suffix}" if suffix else status_id
    service.statusmeldingen = [
        *service.statusmeldingen,
        Statusmelding(
            id=status_id if status_id not in taken else f"{status_id}-{len(taken)}",
            name="Ontvangstbevestiging met verwachte doorlooptijd",
            after_activity_id=after,
            channel=channel,
        ),
    ]
    return True


def _apply_closing(
    model: ProcessModel,
    variant: Variant,
    finding: Finding,
    service: Bedrijfsservice | None,
    deps: AdviceDeps,
) -> bool:
    if service is None:
        return False
    after = activities_after_levering(service)
    early = closing_before_levering(service)
    if not after and not early:
        return False
    if early:
        # closing work belongs after the levering
        rest = [a for a in service.activities if a not in early]
        last = max(i for i, a in enumerate(rest) if a.kind is ActivityKind.LEVERING)
        service.activities = [*rest[: last + 1], *early, *rest[last + 1 :]]
    to_move = []
    for a in after:
        if looks_closing(a.name):
            a.kind = ActivityKind.AFSLUITEND
        else:
            to_move.append(a)
    if to_move:
        rest = [a for a in service.activities if a not in to_move]
        last = max(i for i, a in enumerate(rest) if a.kind is ActivityKind.LEVERING)
        service.activities = [*rest[:last], *to_move, *rest[last:]]
    return True


def _apply_reference(
    model: ProcessModel,
    variant: Variant,
    finding: Finding,
    service: Bedrijfsservice | None,
    deps: AdviceDeps,
) -> bool:
    anchor = finding.id.partition(":")[2]
    if service is not None:
        refs = deps.references(". ".join(p for p in (service.process.name, service.name) if p))
        if not refs:
            return False
        service.process.gemma_reference = _reference(refs[0])
        return True
    for sp in model.supporting_processes:
        if sp.id == anchor:
            refs = deps.references(". ".join(p for p in (sp.name, sp.description) if p))
            if not refs:
                return False
            sp.gemma_reference = _reference(refs[0])
            return True
    return False


def _reference(ref: ReferenceLike) -> GemmaReference:
    kind_value = str(getattr(ref.kind, "value", ref.kind) or "bedrijfsproces")
    try:
        kind = ReferenceKind(kind_value)
    except ValueError:
        kind = ReferenceKind.BEDRIJFSPROCES
    return GemmaReference(
        element_id=ref.element_id or "",
        name=ref.name,
        kind=kind,
        url=ref.url or "",
        score=max(0.0, float(ref.score)),
    )


APPLIERS: dict[str, Applier] = {
    "gemeente-verzamelt-stukken": _apply_gather,
    "hergebruik-gegevens": _apply_reuse,
    "naam-vanuit-klant": _apply_rename,
    "statusmelding-ontbreekt": _apply_status,
    "activiteit-na-levering": _apply_closing,
    "gemma-referentie-ontbreekt": _apply_reference,
}


def _variant_holding(model: ProcessModel, element_id: str) -> Variant | None:
    for v in model.variants:
        if any(s.id == element_id for s in v.services):
            return v
    return None


def find_finding(
    model: ProcessModel, finding_id: str, deps: AdviceDeps | None = None
) -> tuple[Finding, Variant]:
    """Re-run the finding's check on the variant it is about and return the finding."""
    deps = deps or AdviceDeps()
    check_name, _, anchor = finding_id.partition(":")
    check = CHECKS_BY_NAME.get(check_name)
    if check is None:
        known = ", ".join(CHECKS_BY_NAME)
        raise NotFoundError(f"Onbekend advies '{finding_id}': de controles heten {known}.")
    variant = _variant_holding(model, anchor) or model.active
    for finding in run_check(check, model, variant, deps):
        if finding.id == finding_id:
            return finding, variant
    raise NotFoundError(
        f"Advies '{finding_id}' geldt niet (meer) voor variant '{variant.name}'. "
        "Draai 'klantreis advise' voor de actuele adviezen."
    )


def apply_finding(
    model: ProcessModel,
    finding_id: str,
    new_variant_name: str | None = None,
    *,
    deps: AdviceDeps | None = None,
) -> ProcessModel:
    """A new model with a variant in which the finding's suggestion has been applied."""
    deps = deps or AdviceDeps()
    finding, source = find_finding(model, finding_id, deps)
    check = CHECKS_BY_NAME[finding.check]
    name = new_variant_name or f"{source.name} + {check.title.lower()}"
    new_model, variant, mapping = derive_variant_with_mapping(
        model,
        source.id,
        name,
        description=f"Afgeleid van '{source.name}' met advies {finding.id} toegepast.",
    )
    anchor = finding.id.partition(":")[2]
    service = _service(variant, mapping.get(anchor))
    applier = APPLIERS.get(finding.check)
    changed = bool(applier and applier(new_model, variant, finding, service, deps))
    if not changed:
        # Not mechanical: keep the advice as an idea the designer works out in this variant.
        new_model.improvement_ideas = [
            *new_model.improvement_ideas,
            ImprovementIdea(
                id=_unique(
                    f"idee-{slug(finding.id, 60)}", set(i.id for i in new_model.improvement_ideas)
                ),
                text=f"{finding.suggestion} (variant '{variant.name}')",
                finding_id=finding.id,
            ),
        ]
    variant.applied_findings = [finding.id]
    if all(f.id != finding.id for f in new_model.findings):
        new_model.findings = [*new_model.findings, finding]
    known = {(s.title, s.section, s.url) for s in new_model.sources}
    new_model.sources = [
        *new_model.sources,
        *(s for s in finding.sources if (s.title, s.section, s.url) not in known),
    ]
    return ProcessModel.model_validate(new_model.model_dump())


__all__ = [
    "APPLIERS",
    "apply_finding",
    "derive_variant",
    "derive_variant_with_mapping",
    "find_finding",
    "slug",
]
