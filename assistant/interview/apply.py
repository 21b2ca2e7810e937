"""Writing an answer patch into the process model, one function per slot.

Each function receives a private copy of the model and mutates it; the engine owns the
copy. Every function returns what was recorded, in the user's words, so the echo shows a
misreading at once (and ``/terug`` undoes it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assistant.advice.analysis import document_registry
from assistant.advice.deps import AdviceDeps
from assistant.interview import parse
from assistant.interview.deps import Deps
from assistant.interview.patch import AnswerPatch, PatchItem
from assistant.interview.slots import extra_services, main_service
from assistant.interview.state import InterviewState
from assistant.model import (
    Activity,
    ActivityKind,
    Actor,
    Bedrijfsservice,
    Channel,
    CustomerType,
    DataItem,
    Document,
    GemmaReference,
    JourneyStep,
    Lane,
    ProcessModel,
    ReferenceKind,
    RelatedProcess,
    RelationKind,
    Statusmelding,
    SupportingProcess,
    SupportKind,
    TriggerKind,
    Variant,
    VariantStatus,
    new_id,
)


@dataclass
class ApplyContext:
    deps: Deps
    state: InterviewState
    raw: str
    created: list[str] = field(default_factory=list)


Applier = Callable[[ProcessModel, AnswerPatch, ApplyContext], str]

_NONE_START = re.compile(
    r"^(?:geen|niets|niks|nvt|n\.?v\.?t\.?|nope|false|er\s+(?:is|zijn)\s+(?:er\s+)?geen|"
    r"niet\s+(?:nodig|van\s+toepassing|in\s+deze\s+(?:reis|dienst))|"
    r"(?:die\s+|ze\s+)?zijn\s+niet\s+nodig)\b"
)
_NONE_AFTER_NO = re.compile(r"\b(?:geen|niet|niets|niks|alleen|verder|nvt)\b")
_NONE_THERE = re.compile(r"^(?:die|dat|deze|ze)\s+(?:is|zijn)\s+er\s+niet\b")


def says_none(raw: str) -> bool:
    """ "geen", "nee", "nee, er is geen gerelateerd proces", "die zijn er niet" …"""
    # ("Niet in deze reis. (Soms volgt later …, maar die laat ik buiten.)": an aside)
    t = re.sub(r"\([^()]*\)", " ", parse.norm(raw)).strip(" .!")
    t = re.sub(r"\s+", " ", t)
    if not t:
        return False
    if len(t) > 100:
        # "Geen, voor ouders niet. De houder krijgt wel …": the answer comes first
        return bool(re.match(r"^(?:geen|niets|niks)\s*[,.;:]", t)) and not re.search(
            r"\b(?:behalve|uitgezonderd)\b", t
        )
    # "nee eigenlijk niet, behalve archiveren": an exception names one after all
    if re.search(r"\b(?:behalve|uitgezonderd)\s+\w|\bop\s+\w+(?:\s+\w+)?\s+na\b", t):
        return False
    if _NONE_START.match(t) or _NONE_THERE.match(t):
        return True
    m = re.match(r"^(?:nee|neen|no)\b[\s,.!:;-]*", t)
    if m:
        rest = t[m.end() :]
        return len(rest.split()) <= 2 or bool(_NONE_AFTER_NO.search(rest))
    return False


def _names(items: list[PatchItem]) -> str:
    return ", ".join(i.name for i in items)


def _channels_text(channels: list[Channel]) -> str:
    return ", ".join(c.value for c in channels)


def _value(patch: AnswerPatch, ctx: ApplyContext) -> str:
    return patch.value or parse.clean_value(ctx.raw)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# --- journey ------------------------------------------------------------------------------


def journey_name(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    name = _cap(_value(patch, ctx))
    model.journey.name = name
    return f"Klantreis: {name}"


def customer(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    value = _value(patch, ctx)
    # "een organisator van een straatfestival (ondernemer)" → name without the type note
    name = re.sub(
        r"\s*[(,;–-]\s*(?:dus\s+|oftewel\s+|dat\s+is\s+|ofwel\s+)?(?:een\s+|de\s+)?"
        r"(?:inwoner|burger|particulier|ondernemer|instelling|maatschappij|interne?\s+klant)\)?\s*$",
        "",
        value,
        flags=re.I,
    )
    name = re.sub(
        r"^(?:de\s+klant\s+is\s+|dat\s+is\s+|het\s+is\s+)?(?:een\s+)?", "", name, flags=re.I
    )
    name = _cap(name.strip() or value)
    model.journey.customer.name = name
    ctype = (
        patch.customer_type
        or parse.parse_customer_type(value)
        or parse.parse_customer_type(ctx.raw)
    )
    if ctype is not None:
        model.journey.customer.type = ctype
    shown = f" ({model.journey.customer.type.value})" if ctype else ""
    return f"Klant: {name}{shown}"


def customer_type(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    ctype = patch.customer_type or parse.parse_customer_type(ctx.raw)
    if ctype is None:
        return "Soort klant niet herkend; het blijft 'onbekend'."
    model.journey.customer.type = ctype
    return f"Soort klant: {ctype.value}"


_SUBJECT = (
    r"(?:de\s+klant|de\s+klanten|hij|zij|ze|men|de\s+aanvrager|de\s+inwoner|de\s+burger|"
    r"de\s+ondernemer|de\s+melder|de\s+organisator)"
)


def customer_goal(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    goal = _cap(parse.clean_text(ctx.raw) if len(ctx.raw) < 500 else _value(patch, ctx))
    goal = re.sub(
        rf"^(?:het\s+doel\s+is\s+|{_SUBJECT}\s+(?:wil|willen)\s+"
        r"(?:(?:graag|gewoon|vooral|eigenlijk|uiteindelijk)\s+)?)",
        "",
        goal,
        flags=re.I,
    )
    goal = _cap(goal.strip(" ."))
    model.journey.customer_goal = goal
    return f"Doel van de klant: {goal}"


def _steps(items: list[PatchItem], ctx: ApplyContext) -> list[JourneyStep]:
    steps = []
    for item in items:
        actor = item.actor or (Actor.DERDE if parse.third_party_subject(item.name) else None)
        step = JourneyStep(
            name=_cap(item.name),
            actor=actor or Actor.KLANT,
            channel=item.channel,
        )
        ctx.created.append(step.id)
        steps.append(step)
    return steps


def _step_echo(label: str, steps: list[JourneyStep]) -> str:
    return f"{label}: " + "; ".join(
        f"{s.name}" + (f" ({s.actor.value})" if s.actor is not Actor.KLANT else "") for s in steps
    )


def steps_before(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    if says_none(ctx.raw) or not patch.items:
        return "Geen stappen vooraf vastgelegd."
    steps = _steps(patch.items, ctx)
    model.journey.steps_before = [*model.journey.steps_before, *steps]
    return _step_echo("Stappen vooraf", steps)


def steps_after(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    if says_none(ctx.raw) or not patch.items:
        return "Geen stappen erna vastgelegd."
    steps = _steps(patch.items, ctx)
    model.journey.steps_after = [*model.journey.steps_after, *steps]
    return _step_echo("Stappen erna", steps)


# --- trigger and service ------------------------------------------------------------------


_LAW = re.compile(
    r"((?:art(?:ikel|\.)?\s*\d+[a-z:.\d]*\s+(?:van\s+de\s+|uit\s+de\s+)?)?"
    r"(?:\b[\w-]{3,}wet\b|\bwet\s+[a-z][\w\s]{2,40}?(?=[,.;)]|\s+(?:en|of|door|om)\b|$)|"
    r"\b[\w-]*verordening(?:\s+(?!en\b|of\b|de\b|het\b|van\b|door\b)[a-z][\w-]+){0,2}|"
    r"\bAPV\b)(?:\s+\d{4})?)",
    re.I,
)


def aanleiding(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    service = main_service(model)
    internal = model.journey.customer.type is CustomerType.INTERNE_KLANT
    kind = (
        patch.trigger_kind
        or parse.parse_trigger_kind(ctx.raw, internal=internal)
        or TriggerKind.AANVRAAG
    )
    description = _cap(parse.clean_text(ctx.raw).strip(" .")[:500])
    service.aanleiding.kind = kind
    service.aanleiding.description = description
    # "een ontheffing op grond van art. 35 Alcoholwet": the legal basis, said in passing
    m = _LAW.search(ctx.raw)
    if m and not service.aanleiding.legal_basis:
        service.aanleiding.legal_basis = m.group(1).strip(" ,")[:300]
    extra = ""
    channels = patch.channels or parse.parse_channels(ctx.raw)
    if channels and not service.intake.channels and kind is not TriggerKind.VERANTWOORDELIJKHEID:
        # a channel named in passing ("meldt het bij het loket") is a first guess: the
        # intake question still comes, and its answer replaces these
        service.intake.channels = channels
        ctx.state.pending["channels_tentative"] = True
        extra = f"; kanalen intake (voorlopig): {_channels_text(channels)}"
    return f"Aanleiding: {kind.value} — {description}{extra}"


def _customer_view_name(raw: str) -> str:
    """Of several quoted names, the one the customer sees ("… het proces 'behandelen X'. Op
    de website staat het als 'X melden'" → "X melden"), or ""."""
    quoted = list(parse.QUOTED.finditer(raw))
    if len(quoted) < 2:
        return ""
    for m in quoted:
        before = parse.norm(raw[max(0, m.start() - 60) : m.start()])
        if re.search(r"\b(?:website|site|klant|inwoner|aanvrager|loket|folder)\b", before):
            return m.group(1).strip()
    return ""


# what a legal basis is called: a law, a code, a by-law, a policy or a decision
_LEGAL_NAME = re.compile(
    _LAW.pattern + r"|\b\w*(?:wetboek|beleid|besluit|regeling|beleidsregels?)\b|"
    r"\b(?:Awb|AWR|BW|Woo|Wmo|Wob)\b",
    re.I,
)


def _names_law(sentence: str) -> bool:
    """Whether a sentence names a law as the basis: "geen wet die ons verplicht" and "Niet
    de APV" name one only to rule it out."""
    return any(
        not re.search(r"\b(?:geen|niet)\s+(?:\w+\s+){0,2}$", sentence[: m.start()], re.I)
        for m in _LEGAL_NAME.finditer(sentence)
    )


def _legal_sentences(raw: str) -> str:
    """The sentences of a longer answer that name the legal basis ("Grondverkoop is
    privaatrecht, er is geen wet … De toets doen we op ons Snippergroenbeleid 2022" → the
    second; "… valt onder het Burgerlijk Wetboek. De toets doet het Snippergroenbeleid" →
    both), or "" when the first sentence alone says it, or no sentence does."""
    sentences = parse.split_sentences(parse.clean_text(raw))
    naming = [s for s in sentences if _names_law(s)]
    if len(sentences) < 2 or not naming or naming == sentences[:1]:
        return ""
    return "; ".join(parse.clean_value(s).strip(" .;") for s in naming)


def legal_basis(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    named = _legal_sentences(ctx.raw)
    value = _cap(named[:500] if named else _value(patch, ctx))
    main_service(model).aanleiding.legal_basis = value
    return f"Wettelijke grondslag: {value}"


def service_name(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    value = _cap(_customer_view_name(ctx.raw) or _value(patch, ctx))
    main_service(model).name = value
    return f"Bedrijfsservice: {value}"


# --- intake -------------------------------------------------------------------------------


def _form(raw: str) -> str:
    m = re.search(
        r"((?:het\s+|een\s+)?(?:e-?|web|online\s+|digitaal\s+|aanvraag)?formulier[\w\s-]{0,40})",
        raw,
        re.I,
    )
    if not m:
        return ""
    return re.split(r"\s+(?:of|en|via|op|bij)\s+", m.group(1).strip(), maxsplit=1)[0].strip()


def intake_channels(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    service = main_service(model)
    channels = patch.channels or parse.parse_channels(ctx.raw)
    if not channels and says_none(ctx.raw):
        # "geen, de kiezer hoeft niks aan te vragen": a process the municipality starts
        return "Geen intake: er komt bij dit proces niets van de klant binnen."
    form = _form(ctx.raw)
    if form and not service.intake.form:
        service.intake.form = form
    if not channels:
        return (
            "Geen kanaal herkend; noem bijvoorbeeld online, balie, telefoon, e-mail, post of app."
        )
    service.intake.channels = channels
    ctx.state.pending.pop("channels_tentative", None)
    return f"Kanalen intake: {_channels_text(channels)}" + (f" (formulier: {form})" if form else "")


# the basisregistraties a data item or its source is named by
_REGISTRIES = r"(?:BRP|BAG|BRK|HR|WOZ|BGT|BRV|BRO|BRI)"


def _data_source(item: PatchItem) -> tuple[str, Actor]:
    if item.source:
        # "uit de brp" typed in lower case is still the BRP
        known = re.fullmatch(_REGISTRIES, item.source, re.I)
        return (item.source.upper() if known else item.source), Actor.GEMEENTE
    registry = re.search(rf"\b({_REGISTRIES})\b", item.name, re.I)
    if registry:
        return registry.group(1).upper(), Actor.GEMEENTE
    return "", item.actor or Actor.KLANT


def _bare(name: str) -> str:
    """A name without its article, for telling "het adres" and "adres" are one item."""
    return re.sub(r"^(?:de|het|een)\s+", "", parse.norm(name))


def data_asked(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    if says_none(ctx.raw) or not patch.items:
        return "Geen gegevens vastgelegd."
    service = main_service(model)
    added: list[DataItem] = []
    groups = parse.labelled_groups(ctx.raw)
    for item in patch.items:
        source, actor = _data_source(item)
        # "Uit de BRP: BSN, naam en adres. Van DUO: …": the heading names the source
        heading = re.match(
            r"^(?:uit|van|via|bron)\s*:?\s+(?:de\s+|het\s+)?(.+)$",
            parse.label_for(item.name, groups),
            flags=re.I,
        )
        if heading and not source:
            source, actor = heading.group(1).strip()[:300], Actor.GEMEENTE
        name = re.sub(rf"\s*\((?:uit\s+(?:de\s+)?)?{_REGISTRIES}\)", "", item.name).strip()
        # "naam, adres. Adres halen we uit de BRP": a second mention adds its source
        known = next(
            (
                d
                for d in [*service.intake.data_asked, *added]
                if _bare(d.name) == _bare(name or item.name)
            ),
            None,
        )
        if known is not None:
            if source and not known.source:
                known.source, known.provided_by = source, actor
            continue
        data = DataItem(name=_cap(name or item.name), provided_by=actor, source=source)
        ctx.created.append(data.id)
        added.append(data)
    service.intake.data_asked = [*service.intake.data_asked, *added]
    return "Gegevens: " + "; ".join(
        d.name + (f" (bron {d.source})" if d.source else "") for d in added
    )


def documents(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    if says_none(ctx.raw) or not patch.items:
        return "Geen stukken nodig."
    service = main_service(model)
    explicit = list(ctx.state.pending.get("docs_with_actor", []))
    added = []
    for item in patch.items:
        doc = Document(
            name=_cap(item.name),
            provided_by=item.actor or Actor.KLANT,
            source=item.source,
        )
        if item.actor is not None:
            explicit.append(doc.id)
        ctx.created.append(doc.id)
        added.append(doc)
    # "Die levert de school allemaal zelf aan", the school being the customer
    own = _customer_words(model, internal=True)
    remarks = [r for r in parse.split_list(ctx.raw) if parse.is_remark(r)] if own else []
    if any(w in parse.norm(r) for r in remarks for w in own):
        for doc in added:
            if parse.parse_actor(doc.name) is None:
                doc.provided_by = Actor.KLANT
    # one actor for the whole answer ("die levert de klant allemaal aan") counts for all
    if (
        patch.actor is not None
        and len(added) > 1
        and re.search(r"\b(?:door|levert|leveren|verzamelt|aan)\b", ctx.raw, re.I)
    ):
        for doc in added:
            if doc.id not in explicit:
                doc.provided_by = patch.actor
                explicit.append(doc.id)
    ctx.state.pending["docs_with_actor"] = explicit
    service.intake.documents = [*service.intake.documents, *added]
    _queue_registries(model, ctx)
    return "Stukken: " + "; ".join(
        d.name + (f" (levert: {d.provided_by.value})" if d.id in explicit else "") for d in added
    )


def _clauses(raw: str) -> list[str]:
    return [
        c
        for c in re.split(r"[;\n]|,\s*(?=\S)|\.\s+|\s+en\s+(?=de\s+|het\s+|een\s+)", raw)
        if c.strip()
    ]


def _match_doc(clause: str, docs: list[Any]) -> Any | None:
    """The document a clause is about: word overlap, or a shared distinctive word."""
    clause_norm = parse.norm(clause)
    clause_words = {w for w in re.findall(r"\w+", clause_norm) if len(w) > 3}
    best, score = None, 0.0
    for doc in docs:
        s = parse.similarity(doc.name, clause)
        doc_words = {w for w in re.findall(r"\w+", parse.norm(doc.name)) if len(w) > 3}
        # a short name said as it is ("vog van justis"), or its initials ("ri" for
        # "risico inventarisatie")
        short = {w for w in re.findall(r"\w+", parse.norm(doc.name)) if len(w) >= 3}
        said = set(re.findall(r"\w+", clause_norm))
        initials = "".join(w[0] for w in re.findall(r"\w+", parse.norm(doc.name)) if len(w) > 2)
        if (short & said and len(doc.name) <= 12) or (len(initials) >= 2 and initials in said):
            s = max(s, 0.5)
        # a shared beginning, or a compound's head or tail ("diploma" ~ "inburgeringsdiploma")
        if any(
            w[:7] == c[:7] or w.endswith(c) or c.endswith(w) or w.startswith(c) or c.startswith(w)
            for w in doc_words
            for c in clause_words
            if len(w) > 4 and len(c) > 4
        ):
            s = max(s, 0.5)
        if s > score:
            best, score = doc, s
    return best if score >= 0.34 else None


# "1 en 3 levert de vereniging", "2: de tentverhuurder", "(3) het e-learningplatform"
_NUMBER_LEAD = re.compile(r"^\s*\(?(\d(?:\s*(?:,|en|&)\s*\d)*)\)?\s*[:.)]?\s+(\D.*)$", re.S)


def _numbered_parts(raw: str, docs: list[Document]) -> list[tuple[list[Document], str]]:
    """The parts of an answer that point at documents by their number in the list, with
    what each part says about them: "1 en 3 levert de vereniging, 2 stuurt de
    tentverhuurder" → [([doc1, doc3], "levert de vereniging"), ([doc2], "stuurt …")]."""
    out: list[tuple[list[Document], str]] = []
    for part in re.split(r";\s*|\n|,\s*(?=\(?\d)", raw):
        m = _NUMBER_LEAD.match(part)
        if m is None:
            continue
        numbers = [int(n) for n in re.findall(r"\d", m.group(1))]
        targets = [docs[n - 1] for n in numbers if 1 <= n <= len(docs)]
        if targets:
            out.append((targets, m.group(2).strip()))
    return out


def document_providers(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    docs = main_service(model).intake.documents
    explicit = set(ctx.state.pending.get("docs_with_actor", []))
    open_docs = [d for d in docs if d.id not in explicit]
    assigned: dict[str, Actor] = {}
    holders: dict[str, str] = {}
    for targets, said in _numbered_parts(ctx.raw, docs):
        by = parse.parse_actor(said)
        for target in targets:
            if by is not None and target in open_docs:
                assigned[target.id] = by
    last_doc = None
    for clause in _clauses(ctx.raw):
        if _NUMBER_LEAD.match(clause):
            continue  # read by number above
        # "het uittreksel hoeft hij niet te leveren, dat halen wij zelf op": the remark names
        # who does deliver the document before it
        back = re.match(
            r"^\s*(?:dat|die|deze)\s+(?:\w+\s+)?(?:we|wij|de\s+gemeente)\b", clause, re.I
        )
        if back and last_doc is not None:
            assigned[last_doc.id] = Actor.GEMEENTE
            continue
        if re.search(
            r"\b(?:niets|niks|hoeft\s+(?:\w+\s+)?niet|hoeven\s+(?:\w+\s+)?niet)\b", clause, re.I
        ):
            last_doc = _match_doc(clause, open_docs)
            continue  # "het gezin zelf hoeft niets aan te leveren" assigns nothing
        doc = _match_doc(clause, open_docs)
        last_doc = doc
        rest = re.sub(re.escape(doc.name), "", clause, flags=re.I) if doc else clause
        said_by = rest
        if doc is not None:
            # "Behalve het KvK-uittreksel: dat halen wij zelf op" about "Uittreksel van de
            # KvK": the words that name the document say nothing about who delivers it
            name_words = {w for w in re.findall(r"\w+", parse.norm(doc.name)) if len(w) > 2}
            if {"kamer", "koophandel"} <= name_words:
                name_words.add("kvk")  # "het KvK-uittreksel" for "Uittreksel van de Kamer …"
            rest = " ".join(
                t
                for t in rest.split()
                if not (parts := re.findall(r"\w+", parse.norm(t))) or not set(parts) <= name_words
            )
        # (when the name holds the only actor, "Veilig Thuis de eerdere meldingen" about "De
        # eerdere meldingen die Veilig Thuis heeft", that actor stands)
        actor = parse.parse_actor(rest) or parse.parse_actor(said_by)
        if doc is not None and actor is not None:
            assigned[doc.id] = actor
            # "de politie levert het proces-verbaal": the police is where it comes from
            holder = parse.third_party_name(said_by)
            if actor is Actor.DERDE and holder:
                holders[doc.id] = holder
    overall = patch.actor or parse.parse_actor(ctx.raw)
    own = _customer_words(model, internal=True)

    head = _customer_head(model)

    def names_customer(text: str) -> bool:
        # "De aannemer levert ze allebei zelf aan", the aannemer being the customer: the
        # word the customer is named by counts when the text says "zelf"
        words = set(re.findall(r"[a-z]+", parse.norm(text)))
        return bool(own & words) or bool(head & words and "zelf" in words)

    if names_customer(ctx.raw) and not assigned:
        overall = Actor.KLANT
    for sentence in re.split(r"(?<=[.!?;])\s+", ctx.raw):
        # "De berekening en de kostenraming levert de stichting aan.": the sentence's actor
        # for every document it names that no clause gave one
        named = [d for d in open_docs if d.id not in assigned and _match_doc(sentence, [d])]
        if not named:
            continue
        rest = sentence
        for d in named:
            rest = re.sub(re.escape(d.name), "", rest, flags=re.I)
        actor = parse.parse_actor(rest)
        if names_customer(rest) or (own and any(w in parse.norm(rest) for w in own)):
            actor = Actor.KLANT
        if actor is not None:
            for d in named:
                assigned[d.id] = actor
    # "de BOA maakt ze zelf op, dus de gemeente": the conclusion is the answer
    concluded = re.search(r",\s*dus\s+((?:de\s+|het\s+|een\s+)?\w+)\W*$", ctx.raw, re.I)
    if concluded and (by := parse.parse_actor(concluded.group(1))) is not None:
        overall = by
        if len(set(assigned.values())) < 2:
            assigned = {}  # (one actor per document stays: "a levert X, b levert Y, dus …")
    for doc in open_docs:
        actor = assigned.get(doc.id, overall)
        if actor is not None:
            doc.provided_by = actor
            explicit.add(doc.id)
        if doc.id in holders and not doc.source:
            doc.source = holders[doc.id][:300]
    ctx.state.pending["docs_with_actor"] = sorted(explicit)
    _queue_registries(model, ctx)
    return "Wie levert de stukken: " + "; ".join(
        f"{d.name}: {d.provided_by.value}" for d in open_docs
    )


def _clean_source(text: str) -> str:
    text = parse.clean_value(text)
    text = re.sub(
        r"^(?:die\s+|dat\s+|ze\s+|het\s+)?(?:heeft|hebben|ligt|liggen|zit|zitten|komt|komen)\s+(?:bij|uit|van)\s+",
        "",
        text,
        flags=re.I,
    )
    text = re.sub(r"^(?:bij|uit|van)\s+", "", text, flags=re.I)
    rest = re.sub(
        r"\b(?:de|het|die|dat|ze|zij|hij|hebben|heeft|klant|aanvrager|zelf|al|ook)\b",
        "",
        text,
        flags=re.I,
    )
    if re.search(r"\bzelf\b", text, flags=re.I) and not rest.strip(" .,"):
        return "De klant zelf"
    return _cap(text.strip(" ."))


def _without_doc_words(clause: str, name: str) -> str:
    """ "diploma vd opleiding" about "Kopie diploma" → "vd opleiding": the words that named
    the document (or its initials) are not its source."""
    words = {w for w in re.findall(r"\w+", parse.norm(name)) if len(w) > 2}
    words.add("".join(w[0] for w in re.findall(r"\w+", parse.norm(name)) if len(w) > 2))
    tokens = clause.split()
    while tokens and parse.norm(tokens[0]).strip(".,:;") in words:
        tokens.pop(0)
    return " ".join(tokens)


def document_sources(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    docs = [
        d
        for d in main_service(model).intake.documents
        if d.provided_by is Actor.KLANT and not d.source
    ]
    assigned: dict[str, str] = {}
    for targets, said in _numbered_parts(ctx.raw, main_service(model).intake.documents):
        for target in targets:
            if target in docs and not parse.is_dont_know(said):
                assigned[target.id] = _clean_source(said)
    for clause in _clauses(ctx.raw):
        if _NUMBER_LEAD.match(clause):
            continue  # read by number above
        doc = _match_doc(clause.split(":")[0] if ":" in clause else clause, docs)
        if doc is None:
            continue
        rest = (
            clause.split(":", 1)[1]
            if ":" in clause
            else re.sub(re.escape(doc.name), "", clause, flags=re.I)
        )
        rest = _without_doc_words(rest, doc.name)
        rest = re.sub(
            r"^\s*(?:(?:-|–|:)\s*|(?:is|van|vd|vh|komt|ligt|bij|uit|de|het)\b\s*)+",
            "",
            rest.strip(),
            flags=re.I,
        )
        # "paspoort: geen idee" leaves that source unknown
        if rest.strip() and not parse.is_dont_know(rest):
            assigned[doc.id] = _clean_source(rest)
    if not assigned and len(docs) >= 1:
        value = _clean_source(ctx.raw)
        if value:
            for doc in docs:
                assigned[doc.id] = value
    for doc in docs:
        if doc.id in assigned:
            doc.source = assigned[doc.id][:300]
    _queue_registries(model, ctx)
    return "Bron van de stukken: " + "; ".join(f"{d.name}: {d.source or 'onbekend'}" for d in docs)


def _queue_registries(model: ProcessModel, ctx: ApplyContext) -> None:
    """Documents the customer brings that a basisregistratie also holds → follow-up."""
    if "document_basisregistratie" in ctx.state.closed():
        return
    found = []
    for doc in main_service(model).intake.documents:
        if doc.basisregistratie:
            continue
        if doc.provided_by is Actor.GEMEENTE:
            # what the municipality fetches itself it fetches from the registry that holds it
            held = ctx.deps.registry_lookup(doc.name)
            if held:
                doc.basisregistratie = held
            continue
        registry = ctx.deps.registry_lookup(doc.name) or (
            ctx.deps.registry_lookup(doc.source) if doc.source else None
        )
        if registry:
            found.append({"id": doc.id, "name": doc.name, "registry": registry})
    ctx.state.pending["registry_candidates"] = found


def document_basisregistratie(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    candidates = ctx.state.pending.get("registry_candidates", [])
    ctx.state.pending["registry_candidates"] = []
    yes = patch.yes if patch.yes is not None else parse.yes_no(ctx.raw)
    if yes is None and re.search(
        r"\b(?:halen|haal|haalt)\s+(?:we|wij|de\s+gemeente)\b.*\b(?:zelf|uit\s+de)\b", ctx.raw, re.I
    ):
        yes = True  # "dat halen we zelf uit de BRK"
    if not yes:
        return "Niet vastgelegd dat de gemeente de stukken uit een basisregistratie haalt."
    recorded = []
    for doc in main_service(model).intake.documents:
        for cand in candidates:
            if cand["id"] == doc.id:
                doc.basisregistratie = cand["registry"]
                recorded.append(f"{doc.name}: {cand['registry']}")
    return "Beschikbaar in een basisregistratie: " + "; ".join(recorded)


# A part that only says how the process before it relates ("loopt vaak gelijktijdig",
# "gaat eraan vooraf"), not a process of its own
_RELATION_ONLY = re.compile(
    r"^(?:(?:en|die|dat|het|deze|dit)\s+)?(?:loopt|lopen|gaat|gaan|volgt|volgen|komt|komen|is|zijn)?"
    r"\s*(?:er\s*)?(?:(?:vaak|meestal|soms|altijd|ook|wel|dan)\s+)*"
    r"(?:gelijktijdig|tegelijk(?:ertijd)?|parallel|(?:er)?aan\s+vooraf|vooraf|erna|daarna|"
    # ("erna volgt het toezicht" names a process of its own)
    r"erop|later|eerder)(?:\s+(?!(?:volgt|volgen|komt|komen|gaat|start|begint)\b)\w+){0,3}$"
)


_RELATION_HEADING = re.compile(
    r"\b(?:volg\w*|vervolg\w*|vooraf\w*|gelijktijdig\w*|tegelijk\w*|parallel|daarvoor|daarna|erna|achteraf)"
)


def related_processes(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    if says_none(ctx.raw) or not patch.items:
        return "Geen gerelateerde processen."
    service = main_service(model)
    added: list[RelatedProcess] = []
    groups = parse.labelled_groups(ctx.raw)
    for item in patch.items:
        if added and _RELATION_ONLY.match(parse.norm(item.name)):
            # "Wmo-melding vervoer, loopt vaak gelijktijdig": how the one before relates
            added[-1].relation = parse.parse_relation(item.name)
            continue
        heading = parse.label_for(item.name, groups)
        said = (
            # "Volgend: a en b": the heading says it for every process under it
            heading
            if _RELATION_HEADING.search(parse.norm(heading))
            else item.name + " " + (ctx.raw if len(patch.items) == 1 else "")
        )
        relation = parse.relation_cue(said)
        if relation is None:
            # "hierna volgt 'werven en selecteren', en daarna de indiensttreding": an item
            # without a word of its own continues the one before
            relation = added[-1].relation if added else parse.parse_relation(said)
        name = re.sub(r"^(?:eerst|daarvoor|daarna|eerder|later)\s+", "", item.name, flags=re.I)
        # "na de melding volgt de aanvraag X" names X; "via het wijkteam: een gesprek" names the gesprek
        name = (
            re.sub(
                r"^(?:na\s+(?:de|het|een)\s+[^,;:]{1,40}?\s+)?(?:er\s+)?(?:volgt|volgen|komt|komen)\s+"
                r"(?:er\s+)?(?:(?:nog|soms|vaak|meestal|ook)\s+)*(?:de\s+|het\s+|een\s+)?",
                "",
                name,
                flags=re.I,
            ).strip()
            or name
        )
        name = re.sub(r"^via\s+[^:]{1,60}:\s*(?:een\s+)?", "", name, flags=re.I).strip() or name
        # "er gaat een vroegsignaleringstraject aan vooraf" names the traject
        before = re.match(
            r"^er\s+(?:gaat|gaan|komt|komen|volgt|volgen)\s+(?:er\s+)?(?:(?:nog|soms|vaak|meestal|altijd|ook)\s+)*"
            r"(?:de\s+|het\s+|een\s+)?(.+?)\s+(?:aan\s+)?(?:vooraf|voor|achteraan|na|op)$",
            name,
            flags=re.I,
        )
        if before:
            name = before.group(1)
        # "hij eerder bij ons voor het inburgeringstraject" (after "komt") names the traject
        name = (
            re.sub(
                r"^(?:hij|zij|ze|de\s+klant|de\s+aanvrager|mensen|inwoners)\s+"
                r"(?:(?:eerst|eerder|al|vaak|soms|ook)\s+)*(?:bij\s+(?:ons|de\s+gemeente)\s+)?"
                r"(?:voor|met|in)\s+(?:het\s+|de\s+|een\s+)?",
                "",
                name,
                flags=re.I,
            ).strip()
            or name
        )
        name = (
            re.sub(
                r"\s+(?:gaat|ging|komt|kwam|volgt|zit)\s+(?:er\s*)?(?:aan\s+)?(?:vooraf|voor|na|daarna|op)\b.*$",
                "",
                name,
                flags=re.I,
            ).strip()
            or item.name
        )
        rel = RelatedProcess(name=_cap(name), relation=relation, service_id=service.id)
        for other in extra_services(model):
            if parse.similarity(other.name, rel.name) >= 0.5:
                rel.related_service_id = other.id
        ctx.created.append(rel.id)
        added.append(rel)
    model.related_processes = [*model.related_processes, *added]
    first_before = next((r for r in added if r.relation is RelationKind.VOORAFGAAND), None)
    if first_before and service.aanleiding.from_related_process_id is None:
        service.aanleiding.from_related_process_id = first_before.id
    return "Gerelateerde processen: " + "; ".join(f"{r.name} ({r.relation.value})" for r in added)


def _same_data(name: str, items: list[DataItem]) -> DataItem | None:
    """The data item a reused name stands for: the same name, or one name inside the other
    as whole words ("naam" in "Naam en telefoonnummer", "adres" for "Adres van de woning")."""
    want = parse.norm(name)
    exact = next((d for d in items if parse.norm(d.name) == want), None)
    if exact is not None or len(want) < 3:
        return exact

    def inside(a: str, b: str) -> bool:
        return re.search(rf"(?<!\w){re.escape(a)}(?!\w)", b) is not None

    return next(
        (d for d in items if inside(want, parse.norm(d.name)) or inside(parse.norm(d.name), want)),
        None,
    )


def reuse(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    target = next((r for r in model.related_processes if not r.reused_data), None)
    if target is None or says_none(ctx.raw) or not patch.items:
        return "Geen hergebruik vastgelegd."
    names = [_cap(i.name) for i in patch.items]
    target.reused_data = names
    service = main_service(model)
    added = []
    for name in names:
        data = _same_data(name, service.intake.data_asked)
        if data is not None:
            # reused data is not asked of the customer again: the municipality has it
            data.reused_from = target.id
            data.provided_by = Actor.GEMEENTE
            data.source = data.source or f"eerder: {target.name}"[:300]
        else:
            new = DataItem(
                name=name,
                provided_by=Actor.GEMEENTE,
                source=f"eerder: {target.name}"[:300],
                reused_from=target.id,
            )
            ctx.created.append(new.id)
            added.append(new)
    service.intake.data_asked = [*service.intake.data_asked, *added]
    return f"Hergebruik uit {target.name}: " + ", ".join(names)


# --- levering -----------------------------------------------------------------------------


# "Het resultaat voor de ondernemer is uiteindelijk …", "Wat we leveren is …": the sentence
# of a longer answer that says what the result is
_RESULT_SAID = re.compile(
    r"\b(?:het\s+(?:eind)?resultaat|de\s+uitkomst|wat\s+(?:we|wij)\s+leveren|wat\s+(?:de\s+klant|hij|zij|ze)"
    r"\s+krijgt)\b[^.;:]{0,40}?\b(?:is|zijn)\s+(?:uiteindelijk\s+|meestal\s+|dan\s+)?",
    re.I,
)


def levering_result(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    service = main_service(model)
    value = parse.strip_channel(_value(patch, ctx))
    sentences = parse.split_sentences(parse.clean_text(ctx.raw))
    said = next((m for s in sentences if (m := _RESULT_SAID.search(s))), None)
    if said is not None and len(sentences) > 1:
        value = parse.strip_channel(said.string[said.end() :].strip(" ."))
    moment = patch.moment or parse.parse_moment(value) or parse.bare_lead_time(ctx.raw)
    if moment:
        # "besluit, meestal binnen acht weken" → "besluit" (the moment is kept apart)
        value = re.sub(
            r"\s*,?\s*(?:(?:meestal|gemiddeld|ongeveer|doorgaans|normaal\s+gesproken)\s+)?"
            rf"{parse.MOMENT_LEAD}\s+\S+\s*{parse.MOMENT_UNIT}\b.*$",
            "",
            value,
            flags=re.I,
        )
        value = re.sub(r"\s*,?\s*" + parse.BARE_LEAD_TIME.pattern + r".*$", "", value, flags=re.I)
        # "een aanslagbiljet, eind februari" → "een aanslagbiljet"
        value = re.sub(r"\s*,?\s*" + re.escape(moment) + r"\b.*$", "", value, flags=re.I)
    value = re.sub(
        rf"^(?:{_SUBJECT}\s+(?:krijgt|krijgen|ontvangt|ontvangen)\s+)?(?:een\s+)?",
        "",
        value,
        flags=re.I,
    )
    service.levering.result = _cap(value.strip(" ,."))
    extra = ""
    # "in de brief staat welke hulp …" mentions a letter, it does not say how it is sent
    told = re.sub(
        r"(?<!per\s)(?<!via\s)\b(?:de|een|die|deze)\s+brief(?:en)?\b", "", ctx.raw, flags=re.I
    )
    # "een nieuwsbericht op de website" is where the result appears, not how it reaches
    # the customer: the channel question stays open
    told = re.sub(
        r"\bop\s+(?:de|het|onze)\s+(?:website|site|intranet)\b|\bop\s+social\s+media\b",
        "",
        told,
        flags=re.I,
    )
    channels = (
        parse.parse_channels(told)
        if told != ctx.raw
        else patch.channels or parse.parse_channels(ctx.raw)
    )
    if channels and not service.levering.channels:
        service.levering.channels = channels
        extra += f"; kanaal: {_channels_text(channels)}"
    if moment:
        service.levering.moment = moment
        extra += f"; moment: {moment}"
        days = parse.lead_time_days(moment)
        if days is not None and service.lead_time_days is None:
            service.lead_time_days = days
            extra += f" (doorlooptijd {days:g} {'dag' if days == 1 else 'dagen'})"
    return f"Resultaat: {service.levering.result}{extra}"


def levering_channels(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    channels = patch.channels or parse.parse_channels(ctx.raw)
    channels = channels or _same_channels(ctx.raw, model)  # "zelfde als bij de intake"
    if not channels:
        return "Geen kanaal herkend voor de levering."
    main_service(model).levering.channels = channels
    return f"Kanaal levering: {_channels_text(channels)}"


def statusmeldingen(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    if says_none(ctx.raw) or not patch.items:
        return "Geen statusmeldingen."
    service = main_service(model)
    added = []
    for item in patch.items:
        melding = Statusmelding(name=_cap(item.name), channel=item.channel)
        ctx.created.append(melding.id)
        added.append(melding)
    service.statusmeldingen = [*service.statusmeldingen, *added]
    return "Statusmeldingen: " + "; ".join(s.name for s in added)


# --- inside -------------------------------------------------------------------------------


def process_name(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    value = _cap(_value(patch, ctx))
    main_service(model).process.name = value
    return f"Bedrijfsproces: {value}"


def _kind(value: Any) -> ReferenceKind:
    try:
        return ReferenceKind(str(getattr(value, "value", value)))
    except ValueError:
        return ReferenceKind.BEDRIJFSPROCES


def reference_from(candidate: dict[str, Any]) -> GemmaReference:
    score = candidate.get("score")
    return GemmaReference(
        element_id=str(candidate.get("element_id") or ""),
        name=str(candidate.get("name") or "")[:500],
        kind=_kind(candidate.get("kind")),
        url=str(candidate.get("url") or ""),
        score=max(0.0, float(score)) if isinstance(score, int | float) else None,
    )


def reference_candidate(ref: Any) -> dict[str, Any]:
    return {
        "element_id": str(getattr(ref, "element_id", "") or ""),
        "name": str(getattr(ref, "name", "") or ""),
        "kind": str(getattr(getattr(ref, "kind", ""), "value", getattr(ref, "kind", "")) or ""),
        "score": float(getattr(ref, "score", 0.0) or 0.0),
        "url": str(getattr(ref, "url", "") or ""),
        "bedrijfsfunctie": str(getattr(ref, "bedrijfsfunctie", "") or ""),
    }


def _named_in(candidates: list[dict[str, Any]], text: str) -> dict[str, Any] | None:
    """The candidate whose whole name the answer contains ("ik zou zeggen dat het onder
    Behandelen verzoek ondersteuningsproduct valt"), the longest name first."""
    said = f" {' '.join(re.findall(r'[a-z0-9]+', parse.norm(text)))} "
    for candidate in sorted(candidates, key=lambda c: -len(str(c["name"]))):
        name = " ".join(re.findall(r"[a-z0-9]+", parse.norm(str(candidate["name"]))))
        if len(name) >= 8 and f" {name} " in said:
            return candidate
    return None


def gemma_reference(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    process = main_service(model).process
    candidates: list[dict[str, Any]] = ctx.state.pending.get("reference_candidates", [])
    t = parse.norm(ctx.raw).strip(" .!")
    chosen: dict[str, Any] | None = None
    # "Opleggen sanctie ✓ (Handhaven). Uitvoeren sanctie = aparte vervolgstap": ticked
    ticked = [
        c
        for c in candidates
        if re.search(re.escape(parse.norm(str(c["name"]))) + r"\W{0,3}[✓✔✅]", t)
    ]
    if len(ticked) == 1:
        chosen = ticked[0]
    elif candidates:
        index = (patch.choice - 1) if patch.choice else parse.choice_index(ctx.raw, len(candidates))
        if index is not None and 0 <= index < len(candidates):
            chosen = candidates[index]
        elif (patch.yes or parse.yes_no(ctx.raw)) and not says_none(ctx.raw):
            chosen = candidates[0]
        else:
            best = max(candidates, key=lambda c: parse.similarity(c["name"], ctx.raw))
            if parse.similarity(best["name"], ctx.raw) >= 0.5:
                chosen = best
            else:
                chosen = _named_in(candidates, ctx.raw)
    if chosen is None and (
        says_none(ctx.raw) or t in {"nee", "geen"} or parse.yes_no(ctx.raw) is False
    ):
        return "Geen GEMMA-referentieproces gekoppeld."
    if chosen is None:
        name = parse.clean_value(ctx.raw)
        found = [reference_candidate(r) for r in ctx.deps.retriever.suggest_references(name, k=3)]
        match = next((c for c in found if parse.similarity(c["name"], name) >= 0.6), None)
        chosen = (
            match or _named_in(found, ctx.raw) or {"name": _cap(name), "kind": "bedrijfsproces"}
        )
    reference = reference_from(chosen)
    process.gemma_reference = reference
    if chosen.get("bedrijfsfunctie") and not process.bedrijfsfunctie:
        process.bedrijfsfunctie = str(chosen["bedrijfsfunctie"])[:500]
    extra = f" (bedrijfsfunctie {process.bedrijfsfunctie})" if process.bedrijfsfunctie else ""
    return f"GEMMA-referentieproces: {reference.name}{extra}"


def _activity(item: PatchItem, default_kind: ActivityKind | None = None) -> Activity:
    lane = item.lane or parse.parse_lane(item.name + " " + (item.source or ""))
    if lane is Lane.KLANT and item.actor is Actor.GEMEENTE:
        lane = Lane.BACKOFFICE
    if item.actor is Actor.KLANT and item.lane is None:
        lane = Lane.KLANT
    if item.actor is Actor.DERDE and item.lane is None:
        lane = Lane.KETENPARTNER
    kind = default_kind or item.kind or parse.parse_activity_kind(item.name)
    return Activity(name=_cap(item.name), lane=lane, kind=kind, channel=item.channel)


def _customer_head(model: ProcessModel) -> set[str]:
    """The word the customer is named by ("aannemer" for "een aannemer die de straat
    openbreekt"), so that a sentence naming it names the customer."""
    m = re.match(r"^(?:een|de|het)?\s*([a-z]{5,})\b", parse.norm(model.journey.customer.name))
    generic = {"inwoner", "ondernemer", "klant", "burger", "persoon", "mensen"}
    return {m.group(1)} if m and m.group(1) not in generic else set()


_ORGANISATION = {
    CustomerType.INSTELLING: r"stichting|vereniging|bestuur|school|club|instelling|corporatie",
    CustomerType.INTERNE_KLANT: r"afdeling|team|directie|cluster|sector",
}


def _customer_words(model: ProcessModel, *, internal: bool = False) -> set[str]:
    """Words that name the customer when it is an organisation ("de stichting", "het
    schoolbestuur"), so that what it does lands in its own lane: the words of its name
    that hold a kind of organisation, and that kind itself ("de school" for "de
    basisschool De Regenboog"). An internal customer ("de afdeling", "het team") only
    with ``internal``: other teams of the municipality go by the same words."""
    ctype = model.journey.customer.type
    kinds = _ORGANISATION.get(ctype)
    if kinds is None or (ctype is CustomerType.INTERNE_KLANT and not internal):
        return set()
    name = parse.norm(model.journey.customer.name)
    words = {w for w in re.findall(r"[a-z]{4,}", name) if re.search(kinds, w)}
    return words | {m.group(0) for w in words for m in [re.search(kinds, w)] if m}


def activities(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    if says_none(ctx.raw) or not patch.items:
        return "Geen activiteiten vastgelegd."
    service = main_service(model)
    own = _customer_words(model)
    # "Allemaal in de frontoffice, door de ambtenaar: 1. … 2. …": one lane for all steps
    # that do not name their own
    intro = re.match(r"^([^:\n]{3,200}?):\s", parse.clean_text(ctx.raw))
    shared = (
        parse.named_lane(intro.group(1))
        if intro and re.search(r"\b(?:allemaal|alles|allen|steeds|telkens)\b", intro.group(1), re.I)
        else None
    )
    added: list[Activity] = []
    for item in patch.items:
        if shared is not None and item.lane is None and parse.named_lane(item.name) is None:
            item = item.model_copy(update={"lane": shared})
        role = re.fullmatch(
            # "…, als ketenpartner", "…; dat is onze frontoffice", "die is ketenpartner"
            r"(?:als|(?:dat|die|dit)\s+is)\s+(?:de\s+|onze\s+|het\s+|een\s+)?"
            r"(ketenpartner|frontoffice|backoffice|klant|derde)",
            parse.norm(item.name),
        )
        if role and added:
            # "het prognosebureau actualiseert de prognose, als ketenpartner"
            added[-1].lane = parse.parse_lane(role.group(1))
            continue
        act = _activity(item)
        if own and item.lane is None and any(w in parse.norm(item.name) for w in own):
            act.lane = Lane.KLANT  # "de stichting licht daar zelf haar aanvraag toe"
        added.append(act)
    for act in added:
        if act.kind is ActivityKind.AFSLUITEND and act is not added[-1]:
            act.kind = ActivityKind.TAAK  # only activities after the levering are closing ones
        ctx.created.append(act.id)
    closing = [a for a in service.activities if a.kind is ActivityKind.AFSLUITEND]
    others = [a for a in service.activities if a.kind is not ActivityKind.AFSLUITEND]
    service.activities = [*others, *added, *closing]
    return "Activiteiten: " + "; ".join(f"{a.name} [{a.lane.value}]" for a in added)


def closing_activities(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    if says_none(ctx.raw) or not patch.items:
        return "Geen afsluitende activiteiten."
    service = main_service(model)
    added = [_activity(item, ActivityKind.AFSLUITEND) for item in patch.items]
    ctx.created.extend(a.id for a in added)
    service.activities = [*service.activities, *added]
    return "Afsluitende activiteiten: " + "; ".join(a.name for a in added)


_STEERING = re.compile(
    r"\b(?:sturend\w*|sturing|sturen|planning|control|beleid\w*|verantwoording|begroting|"
    r"strategie)\b"
)
# "…, die twee zijn ondersteunend. En X, dat is sturend."
_KIND_SAID = re.compile(r"\b(?:is|zijn)\s+(?:\w+\s+)?(sturend|ondersteunend)\b")


def _kind_said(name: str, raw: str) -> str:
    """The kind the sentence holding ``name`` states for it, or ""."""
    key = parse.norm(name)
    for sentence in re.split(r"(?<=[.!?;])\s+|\n", parse.norm(raw)):
        if key and key in sentence:
            m = _KIND_SAID.search(sentence)
            return m.group(1) if m else ""
    return ""


def _core_words(name: str) -> str:
    """ "het beheren van archief en informatie" ~ "Beheren archief en informatie"."""
    return re.sub(r"\b(?:de|het|een|van)\b", " ", parse.norm(name))


def supporting_processes(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    if says_none(ctx.raw) or not patch.items:
        return "Geen ondersteunende of sturende processen."
    items = list(patch.items)
    if len(items) > 1:
        # keep a GEMMA process name whole: "beheren archief en informatie" is one process
        refs = ctx.deps.retriever.suggest_references(ctx.raw, k=3)
        known = [reference_candidate(r)["name"] for r in refs]
        parts: list[str] = []
        for part in re.split(r"[;\n]|,\s*", parse.clean_text(ctx.raw)):
            part = re.sub(r"^en\s+", "", part.strip(" ."), flags=re.I)
            # "…, voor het strooizout en het contract, en …": what the one before is for
            if parts and re.match(r"(?:voor|in|onder|met|zodat|want)\s", part, flags=re.I):
                continue
            if part:
                parts.append(part)
        # (names the writer put between quotes are already delimited)
        named = len(parse.QUOTED.findall(ctx.raw)) >= 2
        if not named and any(
            parse.similarity(_core_words(p), _core_words(n)) >= 0.75 for p in parts for n in known
        ):
            items = [PatchItem(name=p[:300]) for p in parts]
    added = []
    groups = parse.labelled_groups(ctx.raw)
    for item in items:
        name = re.sub(
            r"^(?:ondersteunend|sturend)\s*(?:proces)?\s*[:]?\s*", "", item.name, flags=re.I
        )
        # "subsidieregister bijhouden: dat is sturend, …": the remark says its kind
        name = re.sub(
            r"\s*[:,(]\s*(?:dat|die|dit)\s+is\s+(?:sturend|ondersteunend)\b.*$",
            "",
            name,
            flags=re.I,
        )
        if re.fullmatch(
            r"(?:de\s+)?(?:klant|aanvrager|inwoner|burger)(?:\s+zelf)?(?:,.*)?", parse.norm(name)
        ):
            continue  # "ondersteunend proces: de klant zelf" names no process of the municipality
        # "Sturend: a en b. Ondersteunend: c": the heading decides for the items under it
        heading = parse.norm(parse.label_for(item.name, groups)) or _kind_said(item.name, ctx.raw)
        if heading.startswith(("sturend", "ondersteunend")):
            steering = heading.startswith("sturend")
        else:
            steering = bool(_STEERING.search(parse.norm(item.name)))
        kind = SupportKind.STUREND if steering else SupportKind.ONDERSTEUNEND
        proc = SupportingProcess(
            name=_cap(name or item.name), kind=kind, serves_service_ids=[main_service(model).id]
        )
        refs = ctx.deps.retriever.suggest_references(proc.name, k=1)
        if refs:
            cand = reference_candidate(refs[0])
            if parse.similarity(cand["name"], proc.name) >= 0.5:
                proc.gemma_reference = reference_from(cand)
                proc.bedrijfsfunctie = cand["bedrijfsfunctie"][:500]
        ctx.created.append(proc.id)
        added.append(proc)
    model.supporting_processes = [*model.supporting_processes, *added]
    return "Ondersteunende/sturende processen: " + "; ".join(
        f"{p.name} ({p.kind.value})" for p in added
    )


_ASKS_FOR_IT = re.compile(
    r"(?:^|[.;,]\s*|\s)(?:voor\s+(?:alle\s+\w+|allebei|beide)\s+)?(?:is|zijn)\s+(.{2,60}?)\s+"
    r"(?:degene|de\s+partij|de\s+afdeling|het\s+team)\s+die\s+(?:erom\s+)?(?:vraagt|vragen)",
    re.I,
)


_CUSTOMER_OF_ALL = re.compile(
    r"(?:(?:voor|van)\s+(?:allebei|beide|alle\s+\w+)\s+(?:is|zijn)\s+de\s+)?"
    r"interne\s+klant\s+(?:van\s+(?:allebei|beide|alle\s+\w+)\s*)?(?:is|zijn|:)?\s*"
    r"(?:(?:bij|voor)\s+(?:allebei|beide|alle\s+\w+)\s+)?(?<=\s)(.{2,60}?)(?=[.;]|$)",
    re.I,
)


# "Het team Vergunningen, voor allebei."
_FOR_ALL = re.compile(
    r"(?:^|[.;]\s*)([^.;,]{2,60}?),?\s+(?:voor|van)\s+(?:allebei|beide|alle\s+\w+)\s*(?=[.;]|$)",
    re.I,
)


def _details_in_prose(model: ProcessModel, raw: str) -> str | None:
    """ "Voor alle drie is P&O degene die erom vraagt. I&A levert 'werkplek klaarzetten' en
    Facilitair 'pas regelen'": one internal customer for all, the quoted deelservices in
    order. None when the answer is not put that way."""
    quoted = [m.group(1) for m in parse.QUOTED.finditer(raw)]
    asks = _ASKS_FOR_IT.search(raw) or _CUSTOMER_OF_ALL.search(raw) or _FOR_ALL.search(raw)
    if not quoted or asks is None:
        return None
    if len(quoted) < 2 and re.search(r"\bdeelservice\b", raw, re.I):
        return None  # "interne klant: X; deelservice: Y" is read as a pair below
    open_procs = [p for p in model.supporting_processes if not p.deelservice]
    customer = _cap(asks.group(1).strip())[:500]
    lines = []
    for proc, deel in zip(open_procs, quoted, strict=False):
        proc.internal_customer = proc.internal_customer or customer
        proc.deelservice = _cap(deel.strip())[:500]
        lines.append(
            f"{proc.name}: interne klant {proc.internal_customer}, deelservice {proc.deelservice}"
        )
    for proc in model.supporting_processes:
        proc.internal_customer = proc.internal_customer or customer
    return "; ".join(lines) or None


def _details_for(proc: SupportingProcess, raw: str) -> None:
    """Fill one supporting process's internal customer and deelservice from an answer
    ("interne klant: X; deelservice: Y", "X, Y", "de interne klant is X en de deelservice Y")."""
    deel = re.search(
        r"deelservice\s*(?:is|heet|zijn|:|=)?\s*[\"'“]?([^;,.\n\"”]+)", raw, flags=re.I
    )
    klant = re.search(
        r"(?:interne\s+klant(?:en)?|klant(?:en)?)\s*(?:is|zijn|:|=)\s*(.+?)"
        r"(?=\s+en\s+(?:de\s+)?deelservice|[;,.\n]|$)",
        raw,
        flags=re.I,
    )
    parts = [p.strip(" .") for p in re.split(r"[;\n]|,\s*", raw) if p.strip(" .")]
    customer_part = (
        klant.group(1) if klant else next((p for p in parts if "deelservice" not in p.lower()), "")
    )
    deel_part = deel.group(1) if deel else (parts[1] if len(parts) > 1 else "")
    customer_part = re.sub(
        r"^(?:de\s+interne\s+klant\s+is\s+|interne\s+klant\s*[:=]?\s*)",
        "",
        customer_part,
        flags=re.I,
    )
    if customer_part:
        proc.internal_customer = _cap(customer_part.strip())[:500]
    if deel_part:
        proc.deelservice = _cap(deel_part.strip())[:500]
    if not proc.internal_customer:
        proc.internal_customer = "onbekend"
    if not proc.deelservice:
        proc.deelservice = "onbekend"


def _details_per_line(open_procs: list[SupportingProcess], raw: str) -> list[SupportingProcess]:
    """ "inkoop: interne klant team werkplekbeheer, deelservice …\nassetmanagement: …": one
    line per process, each opening with (part of) its name; [] when the lines do not."""
    lines = [line.strip() for line in raw.split("\n") if line.strip()]
    if len(lines) == 1:  # "a: …; b: …" on one line
        lines = [part.strip() for part in lines[0].split(";") if part.strip()]
    if len(lines) < 2 or len(open_procs) < 2:
        return []
    done: list[SupportingProcess] = []
    for line in lines:
        head, sep, rest = line.partition(":")
        if not sep or not rest.strip():
            return []
        # "fin adm" names "Financiële administratie", "register" "Subsidieregister bijhouden"
        words = re.findall(r"\w{3,}", parse.norm(head))
        proc = next(
            (
                p
                for p in open_procs
                if p not in done
                and any(
                    n.startswith(w) or (len(w) >= 5 and w in n)
                    for w in words
                    for n in re.findall(r"\w{3,}", parse.norm(p.name))
                )
            ),
            None,
        )
        if proc is None and re.search(r"\b(?:interne\s+klant|deelservice)\b", rest, re.I):
            # "mi: interne klant …" (an abbreviation): the lines follow the processes' order
            after = open_procs.index(done[-1]) + 1 if done else 0
            proc = next((p for p in open_procs[after:] if p not in done), None)
        if proc is None:
            return []
        _details_for(proc, rest)
        done.append(proc)
    return done


def supporting_details(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    open_procs = [
        p for p in model.supporting_processes if not (p.internal_customer and p.deelservice)
    ]
    if not open_procs:
        return "Geen ondersteunend proces om aan te vullen."
    raw = parse.clean_text(ctx.raw)
    in_prose = _details_in_prose(model, raw)
    if in_prose:
        return in_prose
    per_line = _details_per_line(open_procs, raw)
    if per_line:
        return "; ".join(
            f"{p.name}: interne klant {p.internal_customer}, deelservice {p.deelservice}"
            for p in per_line
        )
    proc = open_procs[0]
    _details_for(proc, raw)
    return f"{proc.name}: interne klant {proc.internal_customer}, deelservice {proc.deelservice}"


# --- reflection ---------------------------------------------------------------------------


# "geen terugkoppeling, weekend lang liggen": what is missing is the pain point
_MISSING_IS_PAIN = re.compile(
    r"^geen\s+(?!knelpunt\w*|probleem|problemen|klacht\w*|idee|bijzonder\w*|\W|$)\w{4,}"
)


def pain_points(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    missing = bool(_MISSING_IS_PAIN.match(parse.norm(ctx.raw)))
    if (says_none(ctx.raw) and not missing) or not patch.items:
        return "Geen knelpunten vastgelegd."
    # pain points are sentences: split only where the writer clearly separated them
    parts = [
        parse.strip_lead(re.sub(r"^\d{1,2}[.)]\s*", "", p.strip(" .-•*")))
        for line in re.split(r"[;\n]", parse.split_numbered(parse.clean_text(ctx.raw)))
        for p in parse.split_sentences(line)
    ]
    names = [
        _cap(p)[:500]
        for p in parts
        if p and (not says_none(p) or _MISSING_IS_PAIN.match(parse.norm(p)))
    ]
    model.journey.pain_points = [*model.journey.pain_points, *names]
    return "Knelpunten: " + "; ".join(names)


def _fresh_ids(data: Any) -> Any:
    """Copy of a dumped service tree with new ids (ids must be unique across the model)."""
    mapping: dict[str, str] = {}

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key == "id" and isinstance(value, str) and "-" in value:
                    new = new_id(value.split("-")[0])
                    mapping[value] = new
                    out[key] = new
                else:
                    out[key] = walk(value)
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    copied = walk(data)

    def relink(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: (mapping.get(v, v) if isinstance(v, str) and k.endswith("_id") else relink(v))
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [relink(v) for v in node]
        return node

    return relink(copied)


def variants(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    yes = patch.yes if patch.yes is not None else parse.yes_no(ctx.raw)
    body = re.sub(
        r"^(?:(?:ja|jazeker|zeker|klopt)\s*[,:.!–—-]*\s*)?"
        r"(?:(?:de\s+)?gewenste?(?:\s+variant)?(?:\s+is)?\s*[:,-]\s*)?",
        "",
        parse.clean_text(ctx.raw),
        flags=re.I,
    )
    if yes is False or says_none(ctx.raw) or not body.strip():
        return "Geen andere variant vastgelegd."
    current = model.active
    services = [
        Bedrijfsservice.model_validate(_fresh_ids(s.model_dump(mode="json")))
        for s in current.services
    ]
    short = body.strip(" .")
    short = short if len(short) <= 60 else short[:57].rsplit(" ", 1)[0] + "…"
    variant = Variant(
        name=f"Variant {len(model.variants) + 1}: {short}",
        status=VariantStatus.GEWENST,
        description=_cap(body.strip())[:2000],
        derived_from=current.id,
        services=services,
    )
    t = parse.norm(body)
    moved = []
    named_doc = any(
        parse.norm(d.name) and parse.norm(d.name) in t for d in variant.services[0].intake.documents
    )
    if re.search(r"\bgemeente\b", t) and (
        named_doc
        or re.search(
            r"\b(?:stukken|documenten|bewijs|uittreksel\w*|verzamel\w*|ophalen|opvragen)\b", t
        )
    ):
        documents = variant.services[0].intake.documents
        for doc in _documents_to_gather(documents, t, ctx.deps.registry_lookup):
            doc.provided_by = Actor.GEMEENTE
            moved.append(doc.name)
    if current.name == "Variant 1":
        current.name = "Variant 1: huidige werkwijze"
    model.variants = [*model.variants, variant]
    ctx.created.append(variant.id)
    extra = f" — in deze variant levert de gemeente: {', '.join(moved)}" if moved else ""
    return f"Nieuwe variant (gewenst): {variant.name}{extra}"


def _documents_to_gather(
    documents: list[Document], text: str, lookup: Callable[[str], str | None]
) -> list[Document]:
    """Which documents the municipality gathers in a variant described by ``text``: the
    ones it names; else the ones the design advice says it can obtain itself (the same
    rule as the gemeente-verzamelt-stukken check, so the variant and the advice agree),
    as in GEMMA's street festival, where the customer keeps providing what only he has;
    else, when nothing says where any document comes from, all of them."""
    open_docs = [d for d in documents if d.provided_by is not Actor.GEMEENTE]
    named = [d for d in open_docs if parse.norm(d.name) and parse.norm(d.name) in text]
    if named:
        return named
    advice = AdviceDeps(registry=lookup)
    obtainable = [d for d in open_docs if document_registry(d, advice)]
    return obtainable or open_docs


def other_services(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    if says_none(ctx.raw) or not patch.items:
        return "Geen andere diensten in deze reis."
    names = [_cap(i.name) for i in patch.items]
    model.other_services = [
        *model.other_services,
        *[n for n in names if n not in model.other_services],
    ]
    return "Andere diensten in de reis: " + "; ".join(names)


def detail_services(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    yes = patch.yes if patch.yes is not None else parse.yes_no(ctx.raw)
    if yes is False or says_none(ctx.raw):
        return "De andere diensten blijven als naam in het model."
    chosen = list(model.other_services)
    if yes is None:
        # "alleen de terrasvergunning" names "Terrasvergunning voor z'n statafels" by its
        # first word
        named = [
            n
            for n in model.other_services
            if parse.similarity(n, ctx.raw) >= 0.34
            or parse.norm(n) in parse.norm(ctx.raw)
            or (
                len(n.split()[0]) >= 5
                and re.search(rf"\b{re.escape(parse.norm(n.split()[0]))}\b", parse.norm(ctx.raw))
                is not None
            )
        ]
        if named:
            chosen = named
        elif not re.search(r"\b(?:alle|allemaal|beide)\b", parse.norm(ctx.raw)):
            return "Geen dienst herkend om uit te werken."
    existing = {parse.norm(s.name) for s in model.active.services}
    added = []
    for name in chosen:
        if parse.norm(name) in existing:
            continue
        service = Bedrijfsservice(name=name)
        service.aanleiding.kind = TriggerKind.AANVRAAG
        ctx.created.append(service.id)
        added.append(service)
    model.active.services = [*model.active.services, *added]
    return "Uitwerken als eigen bedrijfsservice: " + ", ".join(s.name for s in added)


def _per_service(model: ProcessModel, raw: str) -> dict[str, str]:
    """Split "ontheffing: online; verkeersmaatregel: e-mail" by service name."""
    extras = extra_services(model)
    out: dict[str, str] = {}
    for clause in re.split(r"[;\n]|\.\s+", raw):
        for service in extras:
            key = clause.split(":")[0]
            if parse.similarity(service.name, key) >= 0.34 or parse.norm(
                service.name.split()[0]
            ) in parse.norm(key):
                out[service.id] = clause
    return out


_SAME_AS = re.compile(
    r"^\W*(?:(?:precies\s+|ook\s+)?(?:het\s*)?zelfde|idem|net\s+(?:als|zo)|ook\s+(?:zo|als))\b",
    re.I,
)


def _same_channels(raw: str, model: ProcessModel) -> list[Channel]:
    """ "Zelfde als bij de erkenning", "idem als de intake": the channels of the part of the
    main service the answer points back to (its levering when it says so, else its
    intake); [] when the answer names channels or points nowhere."""
    if not _SAME_AS.match(parse.clean_text(raw)) or parse.parse_channels(raw):
        return []
    service = main_service(model)
    if re.search(r"\b(?:lever\w*|resultaat|ontvangt|krijgt)\b", raw, re.I):
        return list(service.levering.channels)
    return list(service.intake.channels)


def service_intake(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    split = _per_service(model, ctx.raw)
    done = []
    same = _same_channels(ctx.raw, model)
    for service in extra_services(model):
        if service.intake.channels:
            continue
        channels = parse.parse_channels(split.get(service.id, ctx.raw)) or same
        if channels:
            service.intake.channels = channels
            done.append(f"{service.name}: {_channels_text(channels)}")
    return "Intake andere diensten: " + ("; ".join(done) or "geen kanaal herkend")


def service_levering(model: ProcessModel, patch: AnswerPatch, ctx: ApplyContext) -> str:
    split = _per_service(model, ctx.raw)
    done = []
    for service in extra_services(model):
        if service.levering.result:
            continue
        clause = split.get(service.id, ctx.raw)
        value = clause.split(":", 1)[1] if ":" in clause else clause
        result = parse.strip_channel(parse.clean_value(value))
        service.levering.result = _cap(result.strip(" ,."))[:500]
        channels = parse.parse_channels(clause)
        if channels:
            service.levering.channels = channels
        done.append(f"{service.name}: {service.levering.result}")
    return "Levering andere diensten: " + "; ".join(done)


APPLIERS: dict[str, Applier] = {
    "journey_name": journey_name,
    "customer": customer,
    "customer_type": customer_type,
    "customer_goal": customer_goal,
    "steps_before": steps_before,
    "steps_after": steps_after,
    "aanleiding": aanleiding,
    "legal_basis": legal_basis,
    "service_name": service_name,
    "intake_channels": intake_channels,
    "data_asked": data_asked,
    "documents": documents,
    "document_providers": document_providers,
    "document_sources": document_sources,
    "document_basisregistratie": document_basisregistratie,
    "related_processes": related_processes,
    "reuse": reuse,
    "levering_result": levering_result,
    "levering_channels": levering_channels,
    "statusmeldingen": statusmeldingen,
    "process_name": process_name,
    "gemma_reference": gemma_reference,
    "activities": activities,
    "closing_activities": closing_activities,
    "supporting_processes": supporting_processes,
    "supporting_details": supporting_details,
    "pain_points": pain_points,
    "variants": variants,
    "other_services": other_services,
    "detail_services": detail_services,
    "service_intake": service_intake,
    "service_levering": service_levering,
}

# corrections of who does something ("nee, dat doet de gemeente zelf")
ACTOR_TARGETS = {
    "steps_before",
    "steps_after",
    "documents",
    "document_providers",
    "data_asked",
    "activities",
    "closing_activities",
}


def correct_actor(model: ProcessModel, ids: list[str], actor: Actor) -> list[str]:
    """Set the actor of the elements the last answer created; returns their names."""
    wanted = set(ids)
    changed = []
    lane = {
        Actor.KLANT: Lane.KLANT,
        Actor.GEMEENTE: Lane.BACKOFFICE,
        Actor.DERDE: Lane.KETENPARTNER,
    }[actor]
    for step in [*model.journey.steps_before, *model.journey.steps_after]:
        if step.id in wanted:
            step.actor = actor
            changed.append(step.name)
    for service in model.active.services:
        for doc in service.intake.documents:
            if doc.id in wanted or (not wanted and doc.provided_by is not actor):
                doc.provided_by = actor
                changed.append(doc.name)
        for data in service.intake.data_asked:
            if data.id in wanted:
                data.provided_by = actor
                changed.append(data.name)
        for act in service.activities:
            if act.id in wanted:
                act.lane = lane
                changed.append(act.name)
    return changed


__all__ = [
    "ACTOR_TARGETS",
    "APPLIERS",
    "ApplyContext",
    "CustomerType",
    "correct_actor",
    "says_none",
]
