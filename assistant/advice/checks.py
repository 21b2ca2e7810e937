"""The GEMMA design checks. Each is a small function (context → findings) registered in
``CHECKS`` with the retrieval query and concept that justify it.

Finding ids are ``<check>:<anchor>``, where the anchor is the id of the element the advice
is about (a bedrijfsservice, a supporting process, or ``klantreis``). Ids therefore stay the
same across runs, which is what "pas advies X toe" relies on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from assistant.advice.deps import AdviceDeps, reference_to_source
from assistant.advice.rules import (
    CUSTOMER_AUTHORED_SUFFIXES,
    CUSTOMER_ONLY_DATA_SUFFIXES,
    CUSTOMER_ONLY_DATA_WORDS,
    CUSTOMER_VERB_FOR_OBJECT,
    INSIDE_NOUN_SUFFIXES,
    INSIDE_VERBS,
    KEY_DATA_WORDS,
    PRIVATE_SOURCE_WORDS,
    any_word_endswith,
    fallback_registry,
    fold,
    looks_closing,
    same_data,
    words,
)
from assistant.model import (
    Activity,
    ActivityKind,
    Actor,
    Bedrijfsservice,
    CustomerType,
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


def _names(items: list[str]) -> str:
    quoted = [f"'{i}'" for i in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " en " + quoted[-1]


def _label(service: Bedrijfsservice) -> str:
    return service.name or service.process.name or service.id


# --- shared analysis (also used by assistant.variants to apply a finding) ------------------


def earlier_given(
    model: ProcessModel, variant: Variant, service: Bedrijfsservice
) -> Iterator[tuple[str, RelatedProcess]]:
    """Names of data and documents the customer already gave in a related earlier process."""
    own = base_id(service.id)
    for rp in model.related_processes:
        if rp.relation is RelationKind.VOLGEND:
            continue  # a later process cannot have given data to this one
        if rp.related_service_id and base_id(rp.related_service_id) == own:
            continue
        applies = (
            (rp.service_id is not None and base_id(rp.service_id) == own)
            or service.aanleiding.from_related_process_id == rp.id
            or rp.service_id is None
        )
        if not applies:
            continue
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
    if doc.basisregistratie.strip():
        return doc.basisregistratie.strip()
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
        if given_earlier_in(item.name, given) is not None:
            continue  # that is reuse, the hergebruik-gegevens check says so
        registry = data_registry(item, ctx.deps)
        if registry:
            out.append((item, registry))
    return out


def reusable_data(
    ctx: CheckContext, service: Bedrijfsservice
) -> list[tuple[DataItem, RelatedProcess]]:
    given = list(earlier_given(ctx.model, ctx.variant, service))
    out: list[tuple[DataItem, RelatedProcess]] = []
    for item in service.intake.data_asked:
        if item.provided_by is not Actor.KLANT or item.reused_from:
            continue
        rp = given_earlier_in(item.name, given)
        if rp is not None:
            out.append((item, rp))
    return out


# --- the checks -------------------------------------------------------------------------------


def check_gemeente_verzamelt_stukken(ctx: CheckContext) -> list[Finding]:
    out = []
    for service in ctx.variant.services:
        items = obtainable_items(ctx, service)
        if not items:
            continue
        listed = [f"{item.name} ({where})" for item, where in items]
        n_docs = sum(isinstance(i, Document) for i, _ in items)
        what = (
            "stukken" if n_docs == len(items) else "stukken en gegevens" if n_docs else "gegevens"
        )
        out.append(
            make_finding(
                "gemeente-verzamelt-stukken",
                service.id,
                [item.id for item, _ in items],
                Severity.WAARSCHUWING,
                f"In '{_label(service)}' levert de klant {what} aan die de gemeente zelf kan "
                f"verkrijgen: {_names(listed)}. Dat kost de klant tijd en moeite die de gemeente "
                "hem kan besparen.",
                "Laat de gemeente deze "
                f"{what} na de intake zelf ophalen uit de genoemde bron (zoals in procesvariant 2 "
                "van het straatfestival) en vraag de klant er niet meer om; de klantactiviteit "
                "voor het verzamelen verhuist naar de backoffice.",
            )
        )
    return out


def check_hergebruik_gegevens(ctx: CheckContext) -> list[Finding]:
    out = []
    for service in ctx.variant.services:
        items = reusable_data(ctx, service)
        if not items:
            continue
        processes = sorted({rp.name for _, rp in items})
        out.append(
            make_finding(
                "hergebruik-gegevens",
                service.id,
                [item.id for item, _ in items],
                Severity.WAARSCHUWING,
                f"Bij de intake van '{_label(service)}' vraagt de gemeente opnieuw om "
                f"{_names([i.name for i, _ in items])}, terwijl de klant die al gaf in "
                f"{_names(processes)}.",
                "Hergebruik deze gegevens uit het eerdere proces (markeer ze als hergebruikt en "
                "vul ze vooraf in) in plaats van ze de klant opnieuw te laten geven.",
            )
        )
    return out


def _has_kind(
    service: Bedrijfsservice, act: ActivityKind, ds: DeelserviceKind, name_stem: str
) -> bool:
    """Whether the service has this part: by activity kind, deelservice, or an activity
    whose name says so ("Intake", "Leveren") when the designer left its kind as taak."""
    return any(
        a.kind is act or (a.kind is ActivityKind.TAAK and name_stem in fold(a.name))
        for a in service.activities
    ) or any(d.kind is ds for d in service.deelservices)


def check_intake_ontbreekt(ctx: CheckContext) -> list[Finding]:
    out = []
    for service in ctx.variant.services:
        if _has_kind(service, ActivityKind.INTAKE, DeelserviceKind.INTAKE, "intake"):
            continue
        described = bool(
            service.intake.channels or service.intake.form or service.intake.data_asked
        )
        extra = (
            " De intake is wel beschreven (kanalen, formulier of gegevens), maar geen "
            "activiteit heeft de rol intake."
            if described
            else ""
        )
        out.append(
            make_finding(
                "intake-ontbreekt",
                service.id,
                [service.id],
                Severity.WAARSCHUWING,
                f"De bedrijfsservice '{_label(service)}' heeft geen intake: niet duidelijk is hoe "
                f"het proces start en wat de klant daarbij moet doen.{extra}",
                "Voeg een intake-activiteit toe (deelservice Intake, deelproces Intaken) met "
                "kanaal, formulier, gevraagde gegevens en benodigde stukken.",
            )
        )
    return out


def check_levering_ontbreekt(ctx: CheckContext) -> list[Finding]:
    out = []
    for service in ctx.variant.services:
        if _has_kind(service, ActivityKind.LEVERING, DeelserviceKind.LEVERING, "lever"):
            continue
        extra = (
            f" Het resultaat '{service.levering.result}' is wel genoemd, maar geen activiteit "
            "levert het aan de klant."
            if service.levering.result
            else ""
        )
        out.append(
            make_finding(
                "levering-ontbreekt",
                service.id,
                [service.id],
                Severity.WAARSCHUWING,
                f"De bedrijfsservice '{_label(service)}' heeft geen levering: het proces "
                f"eindigt niet zichtbaar bij de klant.{extra}",
                "Voeg een leveringsactiviteit toe (deelservice Levering, deelproces Besluiten & "
                "leveren) met het resultaat, het kanaal en het moment van levering.",
            )
        )
    return out


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


def check_activiteit_na_levering(ctx: CheckContext) -> list[Finding]:
    out = []
    for service in ctx.variant.services:
        after = activities_after_levering(service)
        if not after:
            continue
        closing = [a.name for a in after if looks_closing(a.name)]
        other = [a.name for a in after if not looks_closing(a.name)]
        parts = []
        if closing:
            parts.append(f"label {_names(closing)} als afsluitende activiteit")
        if other:
            parts.append(f"zet {_names(other)} vóór de levering")
        out.append(
            make_finding(
                "activiteit-na-levering",
                service.id,
                [a.id for a in after],
                Severity.WAARSCHUWING if other else Severity.SUGGESTIE,
                f"In '{_label(service)}' volgen na de levering nog activiteiten die niet als "
                f"afsluitend zijn gelabeld: {_names([a.name for a in after])}. Na de levering "
                "horen alleen afsluitende activiteiten zoals facturatie of archivering.",
                ("Maak het proces af: " + " en ".join(parts) + ".").replace(": label", ": Label"),
            )
        )
    return out


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


def check_naam_vanuit_klant(ctx: CheckContext) -> list[Finding]:
    out = []
    for service in ctx.variant.services:
        if not service.name.strip():
            out.append(
                make_finding(
                    "naam-vanuit-klant",
                    service.id,
                    [service.id],
                    Severity.SUGGESTIE,
                    "De bedrijfsservice heeft geen naam. Een bedrijfsservice is het proces als "
                    "black box, genoemd zoals de klant het ziet.",
                    "Geef de bedrijfsservice een naam vanuit de klant, bv. 'regelen vergunning' "
                    "of 'aanvragen parkeervergunning'.",
                )
            )
            continue
        inside = inside_words(service.name)
        if not inside:
            continue
        proposal = customer_side_name(service)
        out.append(
            make_finding(
                "naam-vanuit-klant",
                service.id,
                [service.id],
                Severity.SUGGESTIE,
                f"De bedrijfsservice heet '{service.name}': dat beschrijft het werk van de gemeente "
                f"('{inside[0]}'), niet wat de klant wil bereiken. Zo'n naam past bij het "
                "bedrijfsproces, niet bij de bedrijfsservice.",
                f"Noem de bedrijfsservice vanuit de klant, bijvoorbeeld '{proposal}', en houd "
                f"'{service.name}' als naam van het bedrijfsproces.",
            )
        )
    return out


_REQUEST_KINDS = {TriggerKind.AANVRAAG, TriggerKind.VRAAG}


def check_aanleiding(ctx: CheckContext) -> list[Finding]:
    out = []
    ctype = ctx.model.journey.customer.type
    for service in ctx.variant.services:
        a = service.aanleiding
        message = suggestion = ""
        severity = Severity.WAARSCHUWING
        if a.kind is TriggerKind.ONBEKEND:
            if a.description.strip():
                message = (
                    f"De aanleiding van '{_label(service)}' is beschreven ('{a.description}'), "
                    "maar niet welke soort het is: een verzoek van de klant of een eigen "
                    "verantwoordelijkheid van de gemeente."
                )
                severity = Severity.SUGGESTIE
            else:
                message = (
                    f"'{_label(service)}' heeft geen aanleiding: niet vastgelegd is wat het "
                    "proces start."
                )
            suggestion = (
                "Leg de aanleiding vast: een aanvraag, melding of vraag van de klant, of een "
                "verantwoordelijkheid of wettelijke taak (met de grondslag) als niemand erom vraagt."
            )
        elif a.kind is TriggerKind.INTERNE_BEHOEFTE and ctype not in (
            CustomerType.INTERNE_KLANT,
            CustomerType.MAATSCHAPPIJ,
            CustomerType.ONBEKEND,
        ):
            message = (
                f"'{_label(service)}' start uit een interne behoefte, maar de klant is een "
                f"{ctype.value}: er is geen verzoek van die klant en ook geen verantwoordelijkheid "
                "of wettelijke taak als aanleiding."
            )
            suggestion = (
                "Kies de aanleiding die bij deze klant past: zijn verzoek (aanvraag, melding, "
                "vraag) of de verantwoordelijkheid/wettelijke taak van de gemeente (met grondslag); "
                "of maak van de klant een interne klant als het een ondersteunend proces is."
            )
        elif a.kind in _REQUEST_KINDS and ctype is CustomerType.MAATSCHAPPIJ:
            message = (
                f"'{_label(service)}' heeft als aanleiding een {a.kind.value} van de klant, maar de "
                "klant is de maatschappij, die geen verzoek indient."
            )
            suggestion = (
                "Start het proces vanuit de verantwoordelijkheid of wettelijke taak van de gemeente "
                "(met grondslag), of benoem de aanvrager als klant."
            )
        elif (
            a.kind is TriggerKind.VOORAFGAAND_PROCES
            and not a.from_related_process_id
            and not any(True for _ in earlier_given(ctx.model, ctx.variant, service))
            and not ctx.model.related_processes
        ):
            message = (
                f"'{_label(service)}' start uit een voorafgaand proces, maar het model noemt dat "
                "proces niet."
            )
            suggestion = (
                "Leg het voorafgaande proces vast als gerelateerd proces en verwijs ernaar."
            )
            severity = Severity.SUGGESTIE
        if message:
            out.append(
                make_finding("aanleiding", service.id, [service.id], severity, message, suggestion)
            )
    return out


def check_klantreis_context(ctx: CheckContext) -> list[Finding]:
    j = ctx.model.journey
    missing = [
        side for side, steps in (("vóór", j.steps_before), ("na", j.steps_after)) if not steps
    ]
    if not missing:
        return []
    both = len(missing) == 2
    where = "vóór en na" if both else missing[0]
    return [
        make_finding(
            "klantreis-context",
            "klantreis",
            [s.id for s in (*j.steps_before, *j.steps_after)],
            Severity.WAARSCHUWING if both else Severity.SUGGESTIE,
            f"De klantreis{(' ' + repr(j.name)) if j.name else ''} heeft geen stappen {where} het "
            "gemeentelijke deel. Zonder die context is niet te zien hoe intake en levering "
            "moeten aansluiten op wat de klant voorafgaand en daarna doet.",
            f"Vraag de klant (of de frontoffice) welke stappen {where} het gemeentelijke proces "
            "komen, met hun knelpunten, en leg ze vast in de klantreis.",
        )
    ]


def check_interne_klant_ontbreekt(ctx: CheckContext) -> list[Finding]:
    out = []
    for sp in ctx.model.supporting_processes:
        missing = []
        if not sp.internal_customer.strip():
            missing.append("interne klant")
        if not sp.deelservice.strip():
            missing.append("deelservice")
        if not missing:
            continue
        out.append(
            make_finding(
                "interne-klant-ontbreekt",
                sp.id,
                [sp.id],
                Severity.WAARSCHUWING,
                f"Het {sp.kind.value}e proces '{sp.name}' mist de {' en de '.join(missing)}: ook "
                "een ondersteunend of sturend proces levert een dienst aan een (interne) klant.",
                "Benoem de afdeling of het primaire proces dat dit proces bedient en de "
                "deelservice die het levert (bv. 'Archiveren dossier' voor de afdeling Vergunningen).",
            )
        )
    j = ctx.model.journey
    internal = j.customer.type is CustomerType.INTERNE_KLANT
    if internal and not j.customer.name.strip():
        for service in ctx.variant.services:
            out.append(
                make_finding(
                    "interne-klant-ontbreekt",
                    service.id,
                    [service.id],
                    Severity.WAARSCHUWING,
                    f"'{_label(service)}' levert aan een interne klant, maar welke afdeling of welk "
                    "proces dat is, staat niet in het model.",
                    "Benoem de interne klant (afdeling of primair proces) en de deelservice die hij krijgt.",
                )
            )
    return out


_DURATION_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(werkdag|dag|week|weken|maand)")


def lead_time(service: Bedrijfsservice) -> float | None:
    """Days from request to levering: the field, the summed durations, or the levering moment."""
    if service.lead_time_days is not None:
        return service.lead_time_days
    durations = [a.duration_days for a in service.activities if a.duration_days is not None]
    if durations:
        return float(sum(durations))
    m = _DURATION_RE.search(fold(service.levering.moment))
    if m:
        n = float(m.group(1).replace(",", "."))
        unit = m.group(2)
        return n * (7 if unit in ("week", "weken") else 30 if unit == "maand" else 1)
    return None


_STATUS_RE = re.compile(
    r"status|bevestig|voortgang|tussenbericht|klant informeren|informeren klant"
)


def _has_status_between(service: Bedrijfsservice) -> bool:
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


def check_statusmelding_ontbreekt(ctx: CheckContext) -> list[Finding]:
    out = []
    society = ctx.model.journey.customer.type is CustomerType.MAATSCHAPPIJ
    for service in ctx.variant.services:
        if service.aanleiding.kind is TriggerKind.VERANTWOORDELIJKHEID or society:
            continue  # nobody asked, so nobody is waiting for news
        days = lead_time(service)
        if days is None or days <= LONG_LEAD_TIME_DAYS or _has_status_between(service):
            continue
        out.append(
            make_finding(
                "statusmelding-ontbreekt",
                service.id,
                [service.id],
                Severity.SUGGESTIE,
                f"'{_label(service)}' duurt ongeveer {days:g} dagen, maar tussen intake en "
                "levering hoort de klant niets: hij weet niet of zijn verzoek is ontvangen en "
                "waar het staat.",
                "Stuur na de intake een statusmelding (ontvangstbevestiging met de verwachte "
                "doorlooptijd) en bij een lange behandeling een tussentijdse melding.",
            )
        )
    return out


def _reference_query(service: Bedrijfsservice) -> str:
    parts = [
        service.process.name,
        service.name,
        service.description,
        service.levering.result,
        service.aanleiding.description,
    ]
    return ". ".join(p for p in parts if p)


def check_gemma_referentie_ontbreekt(ctx: CheckContext) -> list[Finding]:
    out = []
    targets: list[tuple[str, str, str]] = []  # (anchor, label, query)
    for service in ctx.variant.services:
        ref = service.process.gemma_reference
        if ref is None or not ref.name.strip():
            targets.append((service.id, _label(service), _reference_query(service)))
    for sp in ctx.model.supporting_processes:
        if sp.gemma_reference is None or not sp.gemma_reference.name.strip():
            targets.append((sp.id, sp.name, ". ".join(p for p in (sp.name, sp.description) if p)))
    for anchor, label, query in targets:
        refs = ctx.deps.references(query)
        if refs:
            listed = ", ".join(f"'{r.name}' ({r.score:.2f})" for r in refs)
            suggestion = (
                f"Koppel het proces aan het GEMMA-referentieproces dat het specialiseert; "
                f"voorstellen: {listed}."
            )
        else:
            suggestion = (
                "Koppel het proces aan het GEMMA-referentieproces dat het specialiseert, bv. "
                "'Behandelen aanvraag vergunning of ontheffing'; zoek het op in het "
                "processenlandschap."
            )
        finding = make_finding(
            "gemma-referentie-ontbreekt",
            anchor,
            [anchor],
            Severity.SUGGESTIE,
            f"'{label}' is niet gekoppeld aan een GEMMA-referentieproces, dus het is niet te "
            "vergelijken met andere gemeenten en referentiezaaktypen sluiten niet aan.",
            suggestion,
        )
        out.append(finding.model_copy(update={"sources": [reference_to_source(r) for r in refs]}))
    return out


CHECKS: tuple[Check, ...] = (
    Check(
        "gemeente-verzamelt-stukken",
        "Gemeente verzamelt stukken",
        check_gemeente_verzamelt_stukken,
        "klant verzamelt stukken; gemeente verzamelt stukken zelf uit basisregistratie; procesvariant",
        "basisregistratie",
    ),
    Check(
        "hergebruik-gegevens",
        "Gegevens hergebruiken",
        check_hergebruik_gegevens,
        "gerelateerde processen gegevens hergebruiken in plaats van opnieuw vragen",
        "gerelateerd proces",
    ),
    Check(
        "intake-ontbreekt",
        "Intake ontbreekt",
        check_intake_ontbreekt,
        "intake deelservice intaken start bedrijfsproces",
        "intake",
    ),
    Check(
        "levering-ontbreekt",
        "Levering ontbreekt",
        check_levering_ontbreekt,
        "levering deelservice besluiten en leveren einde klant-tot-klantproces",
        "levering",
    ),
    Check(
        "activiteit-na-levering",
        "Activiteit na levering",
        check_activiteit_na_levering,
        "leveren niet laatste activiteit afsluitende activiteiten facturatie",
        "afsluitende activiteit",
    ),
    Check(
        "naam-vanuit-klant",
        "Naam vanuit de klant",
        check_naam_vanuit_klant,
        "bedrijfsservice black box naam vanuit klant regelen vergunning",
        "bedrijfsservice",
    ),
    Check(
        "aanleiding",
        "Aanleiding",
        check_aanleiding,
        "aanleiding klant-tot-klantproces verantwoordelijkheid maatschappij heffen belasting",
        "aanleiding",
    ),
    Check(
        "klantreis-context",
        "Klantreis-context",
        check_klantreis_context,
        "klantreis stappen voorafgaand en opvolgend buiten blikveld gemeente",
        "klantreis",
    ),
    Check(
        "interne-klant-ontbreekt",
        "Interne klant of deelservice ontbreekt",
        check_interne_klant_ontbreekt,
        "ondersteunende processen interne klant deelservices",
        "deelservice",
    ),
    Check(
        "statusmelding-ontbreekt",
        "Statusmelding ontbreekt",
        check_statusmelding_ontbreekt,
        "statusmelding klant deelproces intaken behandelen besluiten",
        "statusmelding",
    ),
    Check(
        "gemma-referentie-ontbreekt",
        "GEMMA-referentieproces ontbreekt",
        check_gemma_referentie_ontbreekt,
        "referentieproces processenlandschap bedrijfsproces specialiseren",
        "referentieproces",
    ),
)

CHECKS_BY_NAME: dict[str, Check] = {c.name: c for c in CHECKS}
