"""Shared analysis for the checks and for applying them (assistant.variants): what the
customer provides that the municipality could gather, what was given earlier, lead times,
customer-side names, and the Check/Finding plumbing."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from assistant.advice.deps import AdviceDeps
from assistant.advice.rules import (
    CUSTOMER_AUTHORED_SUFFIXES,
    CUSTOMER_ONLY_DATA_SUFFIXES,
    CUSTOMER_ONLY_DATA_WORDS,
    CUSTOMER_VERB_FOR_OBJECT,
    HANDED_IN_WORDS,
    INSIDE_NOUN_SUFFIXES,
    INSIDE_VERBS,
    KEY_DATA_WORDS,
    NUMBER_WORDS,
    PRIVATE_SOURCE_WORDS,
    STATUS_WORDS,
    any_word_endswith,
    fallback_registry,
    fold,
    is_placeholder,
    names_request,
    names_responsibility,
    same_data,
    words,
)
from assistant.model import (
    Aanleiding,
    Activity,
    ActivityKind,
    Actor,
    Bedrijfsservice,
    DataItem,
    DeelserviceKind,
    Document,
    Finding,
    Lane,
    ProcessModel,
    RelatedProcess,
    RelationKind,
    Severity,
    TriggerKind,
    Variant,
)

# A lead time above this many days makes a customer wonder where the request is; the
# brief speaks of five working days, and lead_time_days in our models counts days.
LONG_LEAD_TIME_DAYS = 5.0


@dataclass(frozen=True)
class CheckContext:
    model: ProcessModel
    variant: Variant
    deps: AdviceDeps


CheckFunc = Callable[[CheckContext], list[Finding]]


@dataclass(frozen=True)
class Check:
    name: str
    title: str
    func: CheckFunc
    query: str
    """Retrieval query for the GEMMA passages that justify the check's findings."""
    concept: str
    """Concept-card term that always justifies it (fixed fallback in rules.py)."""


def base_id(element_id: str) -> str:
    """The id without a variant suffix (see assistant.variants): ``bs-x--var2`` → ``bs-x``."""
    return element_id.split("--", 1)[0]


def make_finding(
    check: str,
    anchor: str,
    element_ids: list[str],
    severity: Severity,
    message: str,
    suggestion: str,
) -> Finding:
    return Finding(
        id=f"{check}:{anchor}",
        check=check,
        severity=severity,
        element_ids=element_ids,
        message=message,
        suggestion=suggestion,
    )


def join_names(items: list[str], most: int = 8, width: int = 120) -> str:
    """Names as a Dutch list: at most ``most`` of them, each cut at ``width`` characters
    (the element ids of a finding list them all)."""
    quoted = [f"'{short(i, width)}'" for i in items[:most]]
    if len(items) > most:
        quoted.append(f"nog {len(items) - most} andere")
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " en " + quoted[-1]


def short(text: str, width: int = 120) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def service_label(service: Bedrijfsservice) -> str:
    return short(service.name or service.process.name or service.id)


def days_text(days: float) -> str:
    """'56 dagen', '2,5 dagen'; an absurd figure (a typing error) is not spelled out."""
    if days > 3650:
        return "meer dan tien jaar"
    return f"{days:g}".replace(".", ",") + (" dag" if days == 1 else " dagen")


def earlier_processes(model: ProcessModel, service: Bedrijfsservice) -> list[RelatedProcess]:
    """Related processes that came before (or alongside) this service, the one its
    aanleiding names first."""
    own = base_id(service.id)
    out: list[RelatedProcess] = []
    for rp in model.related_processes:
        if rp.relation is RelationKind.VOLGEND:
            continue  # a later process cannot have given data to this one
        if rp.related_service_id and base_id(rp.related_service_id) == own:
            continue
        if service.aanleiding.from_related_process_id == rp.id:
            out.insert(0, rp)
        elif rp.service_id is None or base_id(rp.service_id) == own:
            out.append(rp)
    return out


def earlier_given(
    model: ProcessModel, variant: Variant, service: Bedrijfsservice
) -> Iterator[tuple[str, RelatedProcess]]:
    """Names of data and documents the customer already gave in a related earlier process."""
    for rp in earlier_processes(model, service):
        for name in rp.reused_data:
            yield name, rp
        if rp.related_service_id:
            for other in variant.services:
                if base_id(other.id) != base_id(rp.related_service_id):
                    continue
                for d in other.intake.data_asked:
                    if d.provided_by is Actor.KLANT:
                        yield d.name, rp
                for doc in other.intake.documents:
                    if doc.provided_by is Actor.KLANT:
                        yield doc.name, rp


# A source such as "eerder telefoongesprek" says the designer knows the customer gave it before.
_EARLIER_SOURCE_WORDS = frozenset(
    {"eerder", "eerdere", "vorig", "vorige", "voorafgaand", "voorafgaande", "informatiegesprek"}
)


def reused_from_process(
    ctx: CheckContext, service: Bedrijfsservice, item: DataItem
) -> RelatedProcess | None:
    """The earlier process a data item the customer gives again came from, if any."""
    rp = given_earlier_in(item.name, list(earlier_given(ctx.model, ctx.variant, service)))
    if rp is not None:
        return rp
    earlier = earlier_processes(ctx.model, service)
    if not earlier or not item.source.strip():
        return None
    for candidate in earlier:
        if same_data(item.source, candidate.name):
            return candidate
    if set(words(item.source)) & _EARLIER_SOURCE_WORDS:
        return earlier[0]
    return None


def given_earlier_in(name: str, given: list[tuple[str, RelatedProcess]]) -> RelatedProcess | None:
    for other, rp in given:
        if same_data(name, other):
            return rp
    return None


def _is_private_source(source: str) -> bool:
    return bool(set(words(source)) & PRIVATE_SOURCE_WORDS)


def document_registry(doc: Document, deps: AdviceDeps) -> str | None:
    """The basisregistratie the municipality can take ``doc`` from, if any.

    Order matters: an explicit basisregistratie wins; a name that names a register
    ("Kadastrale kaart", "Uittreksel BRP") comes next; then documents the customer writes
    themselves are ruled out before the tolerant lookup, which would otherwise map a
    "situatietekening" to the BGT.
    """
    if not is_placeholder(doc.basisregistratie):
        return doc.basisregistratie.strip()
    if set(words(doc.name)) & HANDED_IN_WORDS:
        return None  # an object handed in (the old passport), not data to look up
    named = fallback_registry(doc.name)
    if named:
        return named
    if any_word_endswith(doc.name, CUSTOMER_AUTHORED_SUFFIXES):
        return None
    if doc.source.strip():
        if _is_private_source(doc.source):
            return None
        found = deps.registry(doc.source)
        if found:
            return found
    return deps.registry(doc.name)


def data_registry(item: DataItem, deps: AdviceDeps) -> str | None:
    """The basisregistratie the municipality can take a data item from, if any.

    Keys (which address, which car) and the customer's own choices never count: a register
    can check them but not choose them for the customer.
    """
    ws = words(item.name)
    if set(ws) & KEY_DATA_WORDS or set(ws) & CUSTOMER_ONLY_DATA_WORDS:
        return None
    if any(w.endswith(CUSTOMER_ONLY_DATA_SUFFIXES) for w in ws):
        return None
    if item.source.strip():
        if _is_private_source(item.source):
            return None
        found = deps.registry(item.source)
        if found:
            return found
    return deps.registry(item.name)


def obtainable_items(
    ctx: CheckContext, service: Bedrijfsservice
) -> list[tuple[Document | DataItem, str]]:
    """What the customer provides but the municipality could gather, with where from."""
    given = list(earlier_given(ctx.model, ctx.variant, service))
    out: list[tuple[Document | DataItem, str]] = []
    for doc in service.intake.documents:
        if doc.provided_by is not Actor.KLANT:
            continue
        registry = document_registry(doc, ctx.deps)
        if registry:
            out.append((doc, registry))
            continue
        rp = given_earlier_in(doc.name, given)
        if rp is not None:
            out.append((doc, f"eerder proces '{rp.name}'"))
    for item in service.intake.data_asked:
        if item.provided_by is not Actor.KLANT or item.reused_from:
            continue
        if reused_from_process(ctx, service, item) is not None:
            continue  # that is reuse, the hergebruik-gegevens check says so
        registry = data_registry(item, ctx.deps)
        if registry:
            out.append((item, registry))
    return out


def reusable_data(
    ctx: CheckContext, service: Bedrijfsservice
) -> list[tuple[DataItem, RelatedProcess]]:
    out: list[tuple[DataItem, RelatedProcess]] = []
    for item in service.intake.data_asked:
        if item.provided_by is not Actor.KLANT or item.reused_from:
            continue
        rp = reused_from_process(ctx, service, item)
        if rp is not None:
            out.append((item, rp))
    return out


def has_part(
    service: Bedrijfsservice,
    act: ActivityKind,
    ds: DeelserviceKind,
    named_so: Callable[[str], bool],
) -> bool:
    """Whether the service has this part: by activity kind, deelservice, or a municipal
    activity whose name says so ("Aanvraag ontvangen", "Besluit versturen"), whatever kind
    the designer gave it: GEMMA's "Besluiten & leveren" is one deelproces, so "Besluit
    nemen en bekendmaken aan aanvrager" of kind besluit is the levering too. The customer's
    own steps ("Aanvraag indienen") do not count: intake and levering are the municipality's."""
    return any(
        a.kind is act or (a.lane is not Lane.KLANT and named_so(a.name)) for a in service.activities
    ) or any(d.kind is ds for d in service.deelservices)


def activities_after_levering(service: Bedrijfsservice) -> list[Activity]:
    """Municipal activities after the (last) levering that are not labelled afsluitend.

    Customer-lane activities after the levering (paying the aanslag, using the permit) are
    the customer's own follow-up, not the municipality's process, so they are left alone.
    """
    acts = service.activities
    idx = [i for i, a in enumerate(acts) if a.kind is ActivityKind.LEVERING]
    if not idx:
        return []
    return [
        a
        for a in acts[idx[-1] + 1 :]
        if a.kind is not ActivityKind.AFSLUITEND and a.lane is not Lane.KLANT
    ]


def closing_before_levering(service: Bedrijfsservice) -> list[Activity]:
    """Activities labelled afsluitend that come before the (last) levering."""
    acts = service.activities
    idx = [i for i, a in enumerate(acts) if a.kind is ActivityKind.LEVERING]
    if not idx:
        return []
    return [a for a in acts[: idx[-1]] if a.kind is ActivityKind.AFSLUITEND]


_INSIDE_NOUN_RE = re.compile("(" + "|".join(INSIDE_NOUN_SUFFIXES) + ")$")


def inside_words(name: str) -> list[str]:
    return [w for w in words(name) if w in INSIDE_VERBS or _INSIDE_NOUN_RE.search(w)]


def customer_side_name(service: Bedrijfsservice) -> str:
    """A name for the service from the customer's side, derived from its inside name."""
    inside = set(inside_words(service.name))
    kept = [w for w in re.split(r"\s+", service.name.strip()) if fold(w).strip(".,") not in inside]
    # drop a leading article or preposition left behind ("Behandelen van de aanvraag")
    while kept and fold(kept[0]) in {"van", "de", "het", "een", "op"}:
        kept.pop(0)
    obj = " ".join(kept).strip().lower()
    if obj.startswith("aanvraag "):
        obj = obj[len("aanvraag ") :]
    elif obj.endswith("aanvraag") and len(obj) > len("aanvraag"):
        obj = obj[: -len("aanvraag")].rstrip(" -")
    elif obj == "aanvraag" or not obj:
        obj = (service.levering.result or "dienst").lower()
    for noun, template in CUSTOMER_VERB_FOR_OBJECT:
        if fold(obj).startswith(noun) or fold(obj).endswith(noun):
            name = template.format(obj=obj)
            return name[:1].upper() + name[1:]
    return f"Regelen {obj}"


_NUMBER = r"\d+(?:[.,]\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_DURATION_RE = re.compile(
    rf"\b({_NUMBER})\s*(werkdagen|werkdag|dagen|dag|weken|week|wkn|wk|maanden|maand|mnd|jaar|uur|uren)\b"
)
# In free text a duration is a lead time only after a word that says so ("binnen 8 weken");
# "de vergunning geldt 5 jaar" is not.
_CUED_DURATION_RE = re.compile(
    rf"\b(binnen|doorlooptijd|duurt|duur|termijn|uiterlijk|wachttijd|na)\b\D{{0,25}}?"
    rf"({_DURATION_RE.pattern})"
)
_UNIT_DAYS = {
    **dict.fromkeys(("week", "weken", "wk", "wkn"), 7.0),
    **dict.fromkeys(("maand", "maanden", "mnd"), 30.0),
    "jaar": 365.0,
    **dict.fromkeys(("uur", "uren"), 1 / 24),
}


def _days(number: str, unit: str) -> float:
    n = NUMBER_WORDS.get(number)
    value = float(number.replace(",", ".")) if n is None else n
    return value * _UNIT_DAYS.get(unit, 1.0)  # dagen and werkdagen count as days


def text_lead_time(text: str, cued: bool = False) -> float | None:
    """The longest duration named in ``text`` ("binnen acht weken" → 56), or None."""
    folded = fold(text)
    if cued:
        found = [_days(m.group(3), m.group(4)) for m in _CUED_DURATION_RE.finditer(folded)]
    else:
        found = [_days(m.group(1), m.group(2)) for m in _DURATION_RE.finditer(folded)]
    return max(found) if found else None


def lead_time(service: Bedrijfsservice) -> float | None:
    """Days from request to levering: the field; else the longest of the summed activity
    durations and the durations named at the levering moment or in a description."""
    if service.lead_time_days is not None:
        return _plausible(service.lead_time_days)
    estimates: list[float] = []
    durations = [a.duration_days for a in service.activities if a.duration_days is not None]
    if durations:
        estimates.append(float(sum(durations)))
    for text, cued in (
        (service.levering.moment, False),
        (service.levering.description, True),
        (service.description, True),
    ):
        days = text_lead_time(text, cued)
        if days is not None:
            estimates.append(days)
    return _plausible(max(estimates)) if estimates else None


def _plausible(days: float) -> float | None:
    """A lead time to reason with: not negative, infinite or NaN (a typing error)."""
    return days if math.isfinite(days) and days >= 0 else None


_STATUS_RE = re.compile(
    "|".join(STATUS_WORDS)
    + r"|klant informeren|informeren klant|aanvrager informeren|informeren aanvrager"
    + r"|op de hoogte|notificatie"
)


def has_status_before_levering(service: Bedrijfsservice) -> bool:
    """A statusmelding (or an activity that sends one) before the levering."""
    acts = service.activities
    if any(_STATUS_RE.search(fold(d.name)) for d in service.deelservices):
        return True
    leveringen = [i for i, a in enumerate(acts) if a.kind is ActivityKind.LEVERING]
    end = leveringen[-1] if leveringen else len(acts)
    if any(a.lane is not Lane.KLANT and _STATUS_RE.search(fold(a.name)) for a in acts[:end]):
        return True
    position = {a.id: i for i, a in enumerate(acts)}
    for s in service.statusmeldingen:
        if s.after_activity_id is None or s.after_activity_id not in position:
            return True  # placed nowhere in particular: give the designer the benefit
        if position[s.after_activity_id] < end:
            return True
    return False


def started_from_responsibility(aanleiding: Aanleiding) -> bool:
    """Whether the municipality starts this process itself, from a responsibility or legal
    task: the kind says so, or (kind left open or 'interne behoefte') a legal basis or a
    description that names a law, regulation, tax or supervision task and no request."""
    if aanleiding.kind is TriggerKind.VERANTWOORDELIJKHEID:
        return True
    if aanleiding.kind not in (TriggerKind.ONBEKEND, TriggerKind.INTERNE_BEHOEFTE):
        return False
    if names_request(aanleiding.description):
        return False
    return not is_placeholder(aanleiding.legal_basis) or names_responsibility(
        aanleiding.description
    )


def reference_query(service: Bedrijfsservice) -> str:
    parts = [
        service.process.name,
        service.name,
        service.description,
        service.levering.result,
        service.aanleiding.description,
    ]
    return ". ".join(p for p in parts if p)
