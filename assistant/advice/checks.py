"""The GEMMA design checks. Each is a small function (context → findings) registered in
``CHECKS`` with the retrieval query and concept that justify it.

Finding ids are ``<check>:<anchor>``, where the anchor is the id of the element the advice
is about (a bedrijfsservice, a supporting process, or ``klantreis``). Ids therefore stay the
same across runs, which is what "pas advies X toe" relies on.
"""

from __future__ import annotations

from assistant.advice.analysis import (
    LONG_LEAD_TIME_DAYS,
    Check,
    CheckContext,
    activities_after_levering,
    base_id,
    closing_before_levering,
    customer_side_name,
    days_text,
    earlier_given,
    has_part,
    has_status_before_levering,
    inside_words,
    join_names,
    lead_time,
    make_finding,
    obtainable_items,
    reference_query,
    reusable_data,
    service_label,
    short,
    started_from_responsibility,
)
from assistant.advice.deps import reference_to_source
from assistant.advice.rules import is_placeholder, looks_closing, looks_intake, looks_levering
from assistant.model import (
    ActivityKind,
    Bedrijfsservice,
    CustomerType,
    DeelserviceKind,
    Document,
    Finding,
    Severity,
    TriggerKind,
)


def check_gemeente_verzamelt_stukken(ctx: CheckContext) -> list[Finding]:
    out = []
    for service in ctx.variant.services:
        items = obtainable_items(ctx, service)
        if not items:
            continue
        listed = [f"{short(item.name)} ({short(where, 60)})" for item, where in items]
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
                f"In '{service_label(service)}' levert de klant {what} aan die de gemeente zelf kan "
                f"verkrijgen: {join_names(listed)}. Dat kost de klant tijd en moeite die de gemeente "
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
                f"Bij de intake van '{service_label(service)}' vraagt de gemeente opnieuw om "
                f"{join_names([i.name for i, _ in items])}, terwijl de klant die al gaf in "
                f"{join_names(processes)}.",
                "Hergebruik deze gegevens uit het eerdere proces (markeer ze als hergebruikt en "
                "vul ze vooraf in) in plaats van ze de klant opnieuw te laten geven.",
            )
        )
    return out


def check_intake_ontbreekt(ctx: CheckContext) -> list[Finding]:
    out = []
    for service in ctx.variant.services:
        if has_part(service, ActivityKind.INTAKE, DeelserviceKind.INTAKE, looks_intake):
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
                f"De bedrijfsservice '{service_label(service)}' heeft geen intake: niet duidelijk is hoe "
                f"het proces start en wat de klant daarbij moet doen.{extra}",
                "Voeg een intake-activiteit toe (deelservice Intake, deelproces Intaken) met "
                "kanaal, formulier, gevraagde gegevens en benodigde stukken.",
            )
        )
    return out


def check_levering_ontbreekt(ctx: CheckContext) -> list[Finding]:
    out = []
    for service in ctx.variant.services:
        if has_part(service, ActivityKind.LEVERING, DeelserviceKind.LEVERING, looks_levering):
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
                f"De bedrijfsservice '{service_label(service)}' heeft geen levering: het proces "
                f"eindigt niet zichtbaar bij de klant.{extra}",
                "Voeg een leveringsactiviteit toe (deelservice Levering, deelproces Besluiten & "
                "leveren) met het resultaat, het kanaal en het moment van levering.",
            )
        )
    return out


def check_activiteit_na_levering(ctx: CheckContext) -> list[Finding]:
    """Levering need not be last, but only closing work may follow it (and closing work
    does not come before it). Closing work after the levering whose kind was left open
    (\"Facturering leges\" as taak) is fine: it is named in the suggestion of a finding
    the check makes for other reasons, and labelled when that finding is applied."""
    out = []
    for service in ctx.variant.services:
        after = activities_after_levering(service)
        early = closing_before_levering(service)
        closing = [a for a in after if looks_closing(a.name)]
        other = [a for a in after if not looks_closing(a.name)]
        if not other and not early:
            continue
        problems, parts = [], []
        if other:
            problems.append(
                "na de levering volgt werk dat geen afsluitende activiteit is: "
                + join_names([a.name for a in other])
            )
        if early:
            problems.append(
                "vóór de levering staan afsluitende activiteiten: "
                + join_names([a.name for a in early])
            )
        if other:
            parts.append(f"zet {join_names([a.name for a in other])} vóór de levering")
        if early:
            parts.append(f"zet {join_names([a.name for a in early])} ná de levering")
        if closing:
            parts.append(
                f"label {join_names([a.name for a in closing])} als afsluitende activiteit"
            )
        suggestion = " en ".join(parts)
        out.append(
            make_finding(
                "activiteit-na-levering",
                service.id,
                [a.id for a in (*other, *early, *closing)],
                Severity.WAARSCHUWING,
                f"In '{service_label(service)}' " + "; ".join(problems) + ". Na de levering horen "
                "alleen afsluitende activiteiten zoals facturatie of archivering.",
                suggestion[:1].upper() + suggestion[1:] + ".",
            )
        )
    return out


def check_naam_vanuit_klant(ctx: CheckContext) -> list[Finding]:
    out = []
    for service in ctx.variant.services:
        if is_placeholder(service.name):
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
        if started_from_responsibility(a):
            pass  # a responsibility or legal task: the kind, a legal basis or the description
        elif a.kind is TriggerKind.ONBEKEND:
            if a.description.strip():
                message = (
                    f"De aanleiding van '{service_label(service)}' is beschreven ('{a.description}'), "
                    "maar niet welke soort het is: een verzoek van de klant of een eigen "
                    "verantwoordelijkheid van de gemeente."
                )
                severity = Severity.SUGGESTIE
            else:
                message = (
                    f"'{service_label(service)}' heeft geen aanleiding: niet vastgelegd is wat het "
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
                f"'{service_label(service)}' start uit een interne behoefte, maar de klant is een "
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
                f"'{service_label(service)}' heeft als aanleiding een {a.kind.value} van de klant, maar de "
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
                f"'{service_label(service)}' start uit een voorafgaand proces, maar het model noemt dat "
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
    named = f" '{short(j.name)}'" if j.name.strip() else ""
    return [
        make_finding(
            "klantreis-context",
            "klantreis",
            # the steps there are and the services whose context is missing; in a model with
            # neither, the model itself
            [s.id for s in (*j.steps_before, *j.steps_after)] + [s.id for s in ctx.variant.services]
            or [ctx.model.metadata.id],
            Severity.WAARSCHUWING if both else Severity.SUGGESTIE,
            f"De klantreis{named} heeft geen stappen {where} het "
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
        if is_placeholder(sp.internal_customer):
            missing.append("interne klant")
        if is_placeholder(sp.deelservice):
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
    if j.customer.type is not CustomerType.INTERNE_KLANT:
        return out
    # The model itself describes a supporting process: its service needs a named internal
    # customer and a deelservice it delivers (on the service or a supporting process).
    for service in ctx.variant.services:
        missing = []
        if is_placeholder(j.customer.name):
            missing.append("welke afdeling of welk proces de interne klant is")
        if not _delivers_deelservice(ctx, service):
            missing.append("welke deelservice het aan die klant levert")
        if not missing:
            continue
        out.append(
            make_finding(
                "interne-klant-ontbreekt",
                service.id,
                [service.id],
                Severity.WAARSCHUWING,
                f"'{service_label(service)}' levert aan een interne klant, maar het model zegt niet "
                + " en niet ".join(missing)
                + ".",
                "Benoem de interne klant (afdeling of primair proces) en de deelservice die hij "
                "krijgt, bv. als ondersteunend proces met zijn deelservice.",
            )
        )
    return out


def _delivers_deelservice(ctx: CheckContext, service: Bedrijfsservice) -> bool:
    if service.deelservices:
        return True
    own = base_id(service.id)
    return any(
        not is_placeholder(sp.deelservice)
        and (not sp.serves_service_ids or own in {base_id(i) for i in sp.serves_service_ids})
        for sp in ctx.model.supporting_processes
    )


def check_statusmelding_ontbreekt(ctx: CheckContext) -> list[Finding]:
    out = []
    society = ctx.model.journey.customer.type is CustomerType.MAATSCHAPPIJ
    for service in ctx.variant.services:
        if started_from_responsibility(service.aanleiding) or society:
            continue  # nobody asked, so nobody is waiting for news
        days = lead_time(service)
        if days is None or days <= LONG_LEAD_TIME_DAYS or has_status_before_levering(service):
            continue
        out.append(
            make_finding(
                "statusmelding-ontbreekt",
                service.id,
                [service.id],
                Severity.SUGGESTIE,
                f"'{service_label(service)}' duurt ongeveer {days_text(days)}, maar tussen intake en "
                "levering hoort de klant niets: hij weet niet of zijn verzoek is ontvangen en "
                "waar het staat.",
                "Stuur na de intake een statusmelding (ontvangstbevestiging met de verwachte "
                "doorlooptijd) en bij een lange behandeling een tussentijdse melding.",
            )
        )
    return out


def check_gemma_referentie_ontbreekt(ctx: CheckContext) -> list[Finding]:
    out = []
    targets: list[tuple[str, str, str]] = []  # (anchor, label, query)
    for service in ctx.variant.services:
        ref = service.process.gemma_reference
        if ref is None or is_placeholder(ref.name):
            targets.append((service.id, service_label(service), reference_query(service)))
    for sp in ctx.model.supporting_processes:
        if sp.gemma_reference is None or is_placeholder(sp.gemma_reference.name):
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
