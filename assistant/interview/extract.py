"""Filling the model from a pasted narrative ("plak een verhaal").

The narrative is turned into (slot, answer text) pairs, then every pair goes through the
same slot appliers as a typed answer. Offline the pairs come from sentence rules
(best-effort, measured in the scenario eval); with an LLM the model proposes the pairs as
validated structured output. Only slots that are still empty are filled, so a paste
never overwrites what the designer already said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from assistant.interview import parse
from assistant.interview.apply import APPLIERS, ApplyContext
from assistant.interview.deps import Deps
from assistant.interview.patch import offline_patch
from assistant.interview.protocol import Event, NoticeEvent
from assistant.interview.slots import BY_ID, SLOTS
from assistant.interview.state import InterviewState
from assistant.model import ProcessModel

MAX_SENTENCE = 1_000
_Q = r"['\"“‘«]"
_QE = r"['\"”’»]"


@dataclass
class ExtractOutcome:
    model: ProcessModel
    slots: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    notices: list[Event] = field(default_factory=list)


def sentences(text: str) -> list[str]:
    text = parse.clean_text(text)
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"'‘(])|\n+", text)
    return [p.strip() for p in parts if p.strip()]


_NEW_SUBJECT = re.compile(
    r",\s+en\s+(?=(?:hij|zij|ze|we|wij|de\s+(?:klant|aanvrager|gemeente))\s+"
    r"(?:levert|leveren|moet|moeten|krijgt|krijgen|ontvangt|ontvangen|vraagt|vragen|dient)\b)"
)


def clauses(text: str) -> list[str]:
    """Sentences, and the statements a sentence joins with ';' ("Hij vraagt het online aan;
    de dienst heet 'X'"): a narrative packs one fact per clause. A list after a colon, or
    parts too short to be a statement, stay one sentence."""
    out: list[str] = []
    for sentence in sentences(text):
        # ", en zij levert zelf …": a new subject with its verb starts a new statement
        sentence = _NEW_SUBJECT.sub("; ", sentence)
        parts = [p.strip() for p in sentence.split(";")]
        if ":" in sentence or len(parts) < 2 or any(len(p.split()) < 4 for p in parts):
            out.append(sentence)
            continue
        out.extend(parts)
    return out


def _after_colon_or(sentence: str, pattern: str) -> str | None:
    if ":" in sentence:
        return sentence.split(":", 1)[1].strip()
    m = re.search(pattern, sentence, flags=re.I)
    return next((g.strip() for g in m.groups() if g), None) if m else None


_RULES: list[tuple[str, str, str | None]] = [
    # (slot, sentence trigger, capture pattern; None = the whole sentence); specific rules first
    ("pain_points", r"^knelpunt\w*\b", r"^knelpunt\w*\s*(?:is|:)?\s*(.+)$"),
    ("journey_name", r"\bklantreis\b", rf"klantreis\s*(?:is|heet|heten|:)?\s*{_Q}?([^'\"”’».;,]+)"),
    (
        "related_processes",
        r"\b(?:gerelateerd\w*|voorafgaand\s+proces|eerder\s+proces)\b",
        r"(?:gerelateerd\w*\s+(?:proces\w*)?|voorafgaand\s+proces|eerder\s+proces)\s*(?:is|zijn|:)?\s*(.+)$",
    ),
    (
        "reuse",
        r"\bhergebruik\w*\b",
        r"hergebruik\w*\s*(?:worden|kunnen\s+worden|we)?\s*(?:de\s+gegevens)?\s*:?\s*(.+)$",
    ),
    (
        "supporting_processes",
        r"\bondersteunend\w*\s+proces|\bsturend\w*\s+proces",
        rf"proces\w*\s*(?:is|zijn|:)?\s*{_Q}?([^'\"”’».;]+)",
    ),
    (
        "variants",
        r"\b(?:gewenste|verbeterde|nieuwe)\s+(?:variant|werkwijze|situatie)\b",
        r"(?:variant|werkwijze|situatie)\s*(?:is|:)?\s*(.+)$",
    ),
    ("customer", r"\bklant\s+(?:is|zijn)\b|\bde\s+klant\s*:", r"klant\s+(?:is|zijn|:)\s+([^.;]+)"),
    (
        "customer_goal",
        r"\b(?:doel|wil(?:len)?\s+(?:graag\s+)?(?:uiteindelijk\s+)?)\b",
        r"(?:doel\s+(?:van\s+de\s+klant\s+)?(?:is|:)|wil(?:len)?\s+(?:graag\s+)?(?:uiteindelijk\s+)?)\s*(.+)$",
    ),
    (
        "steps_before",
        r"^(?:vooraf|voordat|daarvoor|voorafgaand|eerst)\b|\bvooraf(?:gaand)?\b\s*:",
        r"^(?:vooraf(?:gaand)?|daarvoor|eerst|voordat[^,]*,)\s*(?:moet|gaat|heeft)?\s*(?:de\s+klant|hij|zij|ze|de\s+organisator|de\s+aanvrager)?\s*(?:al\s+|eerst\s+)?(.+)$",
    ),
    (
        "steps_after",
        r"^(?!.*\b(?:krijgt|ontvangt|volgt|volgen)\b)(?:(?:na\s+afloop|achteraf|daarna|nadien)\b|"
        r"na\s+(?:de|het)\s+\w+,?)|\berna\b\s*:|^stappen\s+erna",
        r"^(?:na\s+afloop|achteraf|daarna|nadien|na\s+(?:de|het)\s+\w+,?)\s*(?:gaat|moet|kan)?\s*(?:de\s+klant|hij|zij|ze|de\s+organisator|de\s+aanvrager)?\s*(?:nog\s+)?(.+)$",
    ),
    ("aanleiding", r"\b(?:start|begint|in\s+gang|aanleiding|dient\s+\w+\s+in)\b", None),
    (
        "service_name",
        r"\b(?:dienst|bedrijfsservice)\b",
        rf"(?:dienst|bedrijfsservice)\s+(?:heet\s+|noemen\s+\w+\s+|noemt\s+\w+\s+|is\s+|:\s*)?{_Q}([^'\"”’»]+)|(?:dienst|bedrijfsservice)\s+(?:heet|is|:)\s*([^.;,]+)",
    ),
    (
        "process_name",
        r"(?<!ondersteunende )(?<!sturende )(?<!gerelateerde )(?<!eerdere )\b(?:bedrijfs)?proces\s+(?:heet|is|:)",
        rf"(?:bedrijfs)?proces\s+(?:heet|is|:)\s*{_Q}?([^'\"”’».;,]+)",
    ),
    (
        "gemma_reference",
        r"\breferentieproces\b",
        rf"referentieproces\s*(?:is|:)?\s*{_Q}?([^'\"”’».;]+)",
    ),
    (
        "intake_channels",
        r"\b(?:indien\w*|aanvra(?!ger)\w*|melden|meldt|dient|vraagt|belt|bellen|mailt|geeft|"
        r"doorgeven|komt)\b.*\b(?:via|online|balie|loket|telefo\w*|e-?mail|post|app|\w*formulier|"
        r"portaal|digid|eherkenning|brief)\b",
        None,
    ),
    ("data_asked", r"\bgegevens\b", r"(?:gegevens|zoals|namelijk)\s*(?:zoals|:|namelijk)?\s*(.+)$"),
    (
        "data_asked",
        r"^(?:we|wij|de\s+gemeente)\s+(?:vragen|vraagt|gebruiken|gebruikt)\b(?!.*\s(?:aan|op)\.?$)",
        r"^(?:we|wij|de\s+gemeente)\s+(?:vragen|vraagt|gebruiken|gebruikt)\s+(?:om\s+)?"
        r"(?:(?:zijn|haar|hun)\s+)?(.+?)(?:\s+nodig)?\.?$",
    ),
    (
        "documents",
        r"\b(?:stukken|documenten|bijlage\w*|meesturen|uploaden|aanleveren|inleveren|bijvoegen)\b"
        r"|\blever(?:t|en)\b(?!.*\bdeelservice\b).*\baan\.?$",
        r"(?:zoals|namelijk|:|stukken\s+zijn|documenten\s+zijn)\s*(.+)$"
        r"|bijlage\w*\s+(?:horen|zijn|gaan)\s+(?:er\s+)?(.+?)(?:\s+bij)?\.?$"
        r"|\b(?:moet|moeten)\s+(?:(?:hij|zij|ze|de\s+klant|de\s+aanvrager)\s+)?(.+?)\s+"
        r"(?:uploaden|meesturen|aanleveren|inleveren|opsturen|meenemen|bijvoegen|toevoegen)\b"
        r"|\blever(?:t|en)\s+(?:(?:hij|zij|ze)\s+)?(?:zelf\s+)?(.+?)\s+aan\.?$",
    ),
    (
        "statusmeldingen",
        r"\b(?:ontvangstbevestiging|statusmelding\w*|(?:bericht|mail|sms)\s+(?:bij|als|zodra|wanneer)\b)",
        r"(?:statusmelding\w*|melding\w*)\s*(?::|zoals|namelijk)\s*(.+)$"
        r"|\b(?:krijgt|ontvangt|krijgen|ontvangen)\s+(?:(?:hij|zij|ze|de\s+\w+)\s+)?(.+)$",
    ),
    (
        "levering_result",
        # "levert … aan" is handing in documents, "levert … de deelservice" a supporting process
        r"\b(?:ontvangt|krijgt|ontvangen|krijgen)\b|\blevert\b(?!.*\b(?:aan\.?$|deelservice))",
        r"(?:ontvangt|krijgt|levert|ontvangen|krijgen)\s+(?:de\s+klant\s+|hij\s+|zij\s+|ze\s+|de\s+gemeente\s+)?(?:uiteindelijk\s+)?(.+)$",
    ),
    (
        "activities",
        r"\b(?:activiteiten|werkstappen|stappen\s+van\s+de\s+gemeente)\b\s*(?:zijn)?\s*:",
        r":\s*(.+)$",
    ),
    (
        "closing_activities",
        r"\b(?:factur\w*|archiver\w*|gearchiveerd|afsluitend\w*)\b|"
        r"^(?:daarna|tot\s+slot|ten\s+slotte|na\s+de\s+levering)\s+(?:volgt|volgen)\b",
        r"(?:nog|afsluitend\w*|volgt|volgen)\s*(?:nog)?\s*(?:de|het)?\s*:?\s*(.+)$"
        r"|^(?:tot\s+slot|ten\s+slotte|daarna)\s+(?:wordt|worden)\s+(.+)$",
    ),
    (
        "pain_points",
        r"\b(?:knelpunt\w*|probleem|klaagt|klagen|ergert|ergernis|lastig|kost\w*\s+(?:veel|de\s+klant)|duurt\s+(?:te\s+)?lang)\b",
        r"^[^:]{0,40}\b(?:lastig|probleem|knelpunt|ergernis)\w*[^:]{0,20}:\s*(.+)$"
        r"|^(?:het\s+)?(?:probleem|knelpunt)\s+is\s+(?:dat\s+)?(.+)$"
        r"|^(.+)$",
    ),
    (
        "other_services",
        r"\b(?:andere\s+diensten|daarnaast\s+(?:ook\s+)?nog|ook\s+nog\s+(?:een|de))\b",
        r"(?:andere\s+diensten\s*(?:zijn|:)?|nog)\s*(?:nodig\s*:)?\s*(.+?)(?:\s+nodig)?\.?$",
    ),
    (
        "supporting_details",
        r"\bdeelservice\s+(?:is|heet|:)",
        None,
    ),
]


_STATUS_WORDS = (
    r"ontvangstbevestiging|bevestiging\s+van\s+ontvangst|melding\s+(?:in\s+behandeling|afgehandeld)"
)


_COLON_SLOTS = ("data_asked", "documents", "activities", "statusmeldingen", "closing_activities")
_NOT_A_CUSTOMER = re.compile(
    r"^(?:hij|zij|ze|men|we|wij|dit|dat|het|er|die|iedereen|niemand)\b|\bgemeente\b|\sen\s"
)
# "Een inwoner met schulden, vaak een gezin, wil …": the subject may run over commas
_WHO_WANTS = re.compile(
    r"^(?:het\s+gaat\s+om\s+)?(?:een|de|het)?\s*([^\W\d][^.;:]{1,120}?)\s*,?\s+(?:wil|willen)\s+"
    r"(?:graag\s+|uiteindelijk\s+)?(.{4,})$",
    re.I,
)
_JOURNEY_QUOTED = re.compile(
    rf"\b(?:klantreis|customer\s+journey)\s+(?:heet|is|noemen\s+we|noemen\s+wij)\s*:?\s*"
    rf"{_Q}([^'\"”’»]{{3,}}){_QE}",
    re.I,
)
_ABOUT_CUSTOMER = re.compile(r"^het\s+gaat\s+om\s+(?:een|de)\s+(.{3,120})$", re.I)
_REQUEST = re.compile(
    r"\b(?:vraagt|vragen)\b.*\baan\b|\b(?:meldt|melden|dient|geeft|geven)\b|"
    r"\bgeen\s+(?:aanvraag|verzoek)\b|\blegt\b.*\bop\b"
)
_PROCESS_QUOTED = re.compile(
    rf"^(?!.*\b(?:ondersteun\w*|sturend\w*|gerelateerd\w*|eerder\w*|voorafgaand\w*)\b)"
    rf".*\b(?:bedrijfs)?proces\b.*?{_Q}([^'\"”’»]{{3,}}){_QE}"
)


# "Het archief levert team Vergunningen de deelservice 'dossier bewaren' en Financiën de
# deelservice 'leges innen'": one segment per deelservice, each naming the process before it
_DEEL_SPLIT = re.compile(
    r",?\s+(?:en|,)\s+(?=[^;]*?\bdeelservice\b)|,\s+(?=[^;,]*?\bdeelservice\b)"
)
_DEEL_SEGMENT = re.compile(
    rf"^(?P<proc>.*?)\s*(?:\b(?:levert|leveren)\s+(?:aan\s+)?(?P<cust>.*?)\s*)?"
    rf"(?:,\s*)?(?:met\s+)?(?:als\s+)?de\s+deelservice\s+{_Q}(?P<deel>[^'\"”’»]{{3,}}){_QE}",
    re.I,
)
_PROC_LEAD = re.compile(
    r"^(?:intern\s+|verder\s+|daarnaast\s+|en\s+|ook\s+)*(?:het|de)\s+|^(?:en|ook)\s+", re.I
)


def _deelservices(sentence: str) -> list[tuple[str, str]]:
    """The supporting processes a narrative sentence names with the deelservice each delivers,
    as (supporting_processes, supporting_details) answers; [] when it names none that way."""
    part = next((p for p in sentence.split(";") if re.search(r"\bdeelservice\b", p, re.I)), "")
    if not part:
        return []
    procs: list[tuple[str, str, str]] = []
    customer = ""
    for segment in _DEEL_SPLIT.split(part.strip(" .")):
        m = _DEEL_SEGMENT.search(segment.strip())
        if m is None:
            return []
        proc = _PROC_LEAD.sub("", m.group("proc").strip(" ,")).strip(" ,")
        customer = (m.group("cust") or "").strip(" ,") or customer
        if not proc or len(proc.split()) > 8:
            return []
        procs.append((proc, customer, m.group("deel").strip()))
    if not procs or not all(c for _, c, _ in procs):
        return []
    kinds = [re.match(r"(?:ondersteunende|sturende)\s+", p, re.I) for p, _, _ in procs]
    procs = [(p[k.end() :] if k else p, c, d) for (p, c, d), k in zip(procs, kinds, strict=True)]
    # "het sturende subsidieregister": the kind goes into a remark the applier reads
    names = "; ".join(
        f"{p}, dat is sturend" if k and k.group(0).lower().startswith("sturend") else p
        for (p, _, _), k in zip(procs, kinds, strict=True)
    )
    details = "\n".join(f"{p}: interne klant {c}, deelservice {d}" for p, c, d in procs)
    return [("supporting_processes", names), ("supporting_details", details)]


_MOMENT_FIRST = re.compile(
    r"^((?:binnen|na|uiterlijk|meestal\s+binnen|op|dezelfde|de\s+volgende)\s+[^,;]{2,40}?)"
    r",?\s+(?:krijgt|ontvangt|krijgen|ontvangen|levert)\b",
    re.I,
)


def _rule_answer(slot_id: str, capture: str | None, sentence: str) -> str:
    if capture is None:
        return sentence.strip(" .")
    found = _after_colon_or(sentence, capture) if slot_id in _COLON_SLOTS else None
    if slot_id == "statusmeldingen" and ":" not in sentence:
        # the named kinds of message are cleaner than the rest of the sentence
        found = ", ".join(re.findall(_STATUS_WORDS, sentence, flags=re.I)) or None
    if found is None:
        m = re.search(capture, sentence, flags=re.I)
        found = next((g.strip() for g in m.groups() if g), None) if m else None
    if found and slot_id == "levering_result":
        # "Binnen zes weken krijgt ze een beschikking": the moment stands before the verb
        when = _MOMENT_FIRST.match(sentence)
        if when and when.group(1).lower() not in found.lower():
            found = f"{found.rstrip(' .')}, {when.group(1)[0].lower()}{when.group(1)[1:]}"
    if not found and slot_id == "statusmeldingen":
        found = ", ".join(re.findall(_STATUS_WORDS, sentence, flags=re.I))
    return (found or "").strip(" .")


def _who_wants(sentence: str, taken: set[str]) -> list[tuple[str, str]]:
    """ "Een startende ondernemer wil een café openen" → the customer and the goal."""
    m = _WHO_WANTS.match(sentence.strip(" ."))
    # judged on the head of the subject: "een inwoner die al jaren in de gemeente woont" is
    # a customer, "de gemeente" is not
    head = re.split(r",|\s(?:die|dat|met|uit|van|in|op)\s", m.group(1))[0] if m else ""
    if m and not _NOT_A_CUSTOMER.search(parse.norm(head)):
        pairs = [("customer", m.group(1).strip())]
        if "customer_goal" not in taken:
            pairs.append(("customer_goal", m.group(2).strip(" .")))
        return pairs
    about = _ABOUT_CUSTOMER.match(sentence.strip(" ."))
    return [("customer", about.group(1))] if about else []


def offline_pairs(text: str) -> list[tuple[str, str]]:
    """(slot, answer text) pairs found in a narrative by sentence rules; first hit wins.

    A sentence feeds one slot, except where one sentence plainly says two things: who the
    customer is and what they want, or the request and the channel it comes through."""
    pairs: list[tuple[str, str]] = []
    taken: set[str] = set()

    def add(slot_id: str, answer: str) -> None:
        pairs.append((slot_id, answer))
        taken.add(slot_id)

    for sentence in clauses(text):
        # several rules look across a whole sentence from each of its verbs; a "sentence"
        # of many thousands of characters (a paste without punctuation) would take
        # quadratic time, and no narrative sentence is that long
        sentence = sentence[:MAX_SENTENCE]
        lowered = parse.norm(sentence)
        journey = _JOURNEY_QUOTED.search(sentence)
        if journey and "journey_name" not in taken:
            # "…; de customer journey heet 'X'" inside a sentence about something else
            add("journey_name", journey.group(1).strip())
            sentence = sentence[: journey.start()].rstrip(" ;,")
            lowered = parse.norm(sentence)
        if "supporting_processes" not in taken:
            found = _deelservices(sentence)
            if found:
                for slot_id, answer in found:
                    add(slot_id, answer)
                continue
        if "customer" not in taken:
            found = _who_wants(sentence, taken)
            if found:
                for slot_id, answer in found:
                    add(slot_id, answer)
                continue
        hit = None
        for slot_id, trigger, capture in _RULES:
            if slot_id in taken or not re.search(trigger, lowered):
                continue
            answer = _rule_answer(slot_id, capture, sentence)
            if len(answer) < 2:
                continue
            if slot_id == "documents":
                # "…; de gemeente haalt die zelf op": the remark is about who, not a document
                # (a list "a; b; c" goes on: only a new statement after ';' is cut off)
                answer = re.split(
                    r";\s*(?=[^;]*\b(?:is|zijn|heeft|hebben|wordt|worden|haalt|halen|levert|"
                    r"leveren|moet|moeten|kan|kunnen|doet|doen|gaat|gaan|komt|komen)\b)"
                    r"|\s+(?=de\s+(?:gemeente|klant)\s+\w+\s+(?:die|ze)\b)",
                    answer,
                    flags=re.I,
                )[0]
                who = None
                if re.search(
                    r"\b(?:de\s+klant|hij|zij|ze|de\s+aanvrager|de\s+organisator|de\s+ondernemer)\s+"
                    r"(?:moet|verzamelt|levert|haalt)|\b(?:levert|leveren)\s+(?:de|het)\s+\w+\s+zelf\b",
                    lowered,
                ):
                    who = "de klant"
                elif re.search(r"\bde\s+gemeente\s+(?:haalt|verzamelt|vraagt|zoekt)", lowered):
                    who = "de gemeente"
                if who is not None:
                    add("documents", answer)
                    add("document_providers", who)
                    break
            add(slot_id, answer)
            hit = slot_id
            break
        # the request and its channel in one sentence: "Hij vraagt X aan via het webformulier"
        if hit == "intake_channels" and "aanleiding" not in taken and _REQUEST.search(lowered):
            add("aanleiding", sentence.strip(" ."))
        elif (
            hit == "aanleiding"
            and "intake_channels" not in taken
            and parse.parse_channels(sentence)
        ):
            add("intake_channels", sentence.strip(" ."))
        if hit is None and "process_name" not in taken:
            quoted = _PROCESS_QUOTED.search(sentence)
            if quoted:
                add("process_name", quoted.group(1).strip())
    return pairs


def extract_into(
    model: ProcessModel, text: str, deps: Deps, state: InterviewState | None = None
) -> ExtractOutcome:
    """Fill the still-empty slots of ``model`` from a narrative (LLM first when configured)."""
    state = state if state is not None else InterviewState()
    outcome = ExtractOutcome(model=model.model_copy(deep=True))
    pairs: list[tuple[str, str]] | None = None
    if deps.llm is not None:
        from assistant.interview.llm import LlmUnavailable

        try:
            pairs = deps.llm.extract_pairs(text)
        except LlmUnavailable as exc:
            outcome.notices.append(
                NoticeEvent(f"{exc} De beschrijving is offline gelezen.", "warning")
            )
    if pairs is None:
        pairs = offline_pairs(parse.plain_text(text))
    order = {slot.id: i for i, slot in enumerate(SLOTS)}
    for slot_id, answer in sorted(pairs, key=lambda p: order.get(p[0], 99)):
        slot = BY_ID.get(slot_id)
        if slot is None or slot_id in state.closed() or slot_id in outcome.slots:
            continue
        if slot.follows is None and slot.filled(outcome.model, state):
            continue
        if slot.follows is not None and not slot.applies(outcome.model, state):
            continue
        work = outcome.model.model_copy(deep=True)
        ctx = ApplyContext(deps=deps, state=state, raw=answer)
        try:
            echo = APPLIERS[slot_id](work, offline_patch(answer), ctx)
            outcome.model = ProcessModel.model_validate(work.model_dump())
        except (ValidationError, ValueError, KeyError, TypeError):
            continue
        outcome.slots.append(slot_id)
        outcome.lines.append(echo)
    return outcome
