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


def _after_colon_or(sentence: str, pattern: str) -> str | None:
    if ":" in sentence:
        return sentence.split(":", 1)[1].strip()
    m = re.search(pattern, sentence, flags=re.I)
    return m.group(1).strip() if m else None


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
        r"^(?:na\s+afloop|achteraf|daarna|nadien|na\s+(?:de|het)\s+\w+,?)|\berna\b\s*:|^stappen\s+erna",
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
        r"\b(?:indien\w*|aanvra\w*|melden|meldt|dient|vraagt)\b.*\b(?:via|online|balie|telefo\w*|e-?mail|post|app|formulier)\b",
        None,
    ),
    ("data_asked", r"\bgegevens\b", r"(?:gegevens|zoals|namelijk)\s*(?:zoals|:|namelijk)?\s*(.+)$"),
    (
        "documents",
        r"\b(?:stukken|documenten|bijlagen|meesturen|meesturen)\b",
        r"(?:zoals|namelijk|:|stukken\s+zijn|documenten\s+zijn)\s*(.+)$",
    ),
    (
        "statusmeldingen",
        r"\b(?:ontvangstbevestiging|statusmelding\w*)\b",
        r"(?:statusmelding\w*|melding\w*)\s*(?::|zoals|namelijk)\s*(.+)$",
    ),
    (
        "levering_result",
        r"\b(?:ontvangt|krijgt|levert|ontvangen|krijgen)\b",
        r"(?:ontvangt|krijgt|levert|ontvangen|krijgen)\s+(?:de\s+klant\s+|hij\s+|zij\s+|ze\s+|de\s+gemeente\s+)?(?:uiteindelijk\s+)?(.+)$",
    ),
    (
        "closing_activities",
        r"\b(?:factur\w*|archiver\w*|afsluitend\w*)\b",
        r"(?:nog|afsluitend\w*|volgt|volgen)\s*(?:nog)?\s*(?:de|het)?\s*:?\s*(.+)$",
    ),
    (
        "activities",
        r"\b(?:activiteiten|werkstappen|stappen\s+van\s+de\s+gemeente)\b\s*(?:zijn)?\s*:",
        r":\s*(.+)$",
    ),
    (
        "pain_points",
        r"\b(?:knelpunt\w*|klaagt|klagen|ergert|ergernis|lastig|kost\w*\s+(?:veel|de\s+klant)|duurt\s+(?:te\s+)?lang)\b",
        None,
    ),
    (
        "other_services",
        r"\b(?:andere\s+diensten|daarnaast\s+(?:ook\s+)?nog|ook\s+nog\s+(?:een|de))\b",
        r"(?:andere\s+diensten\s*(?:zijn|:)?|nog)\s*(?:nodig\s*:)?\s*(.+?)(?:\s+nodig)?\.?$",
    ),
]


_STATUS_WORDS = (
    r"ontvangstbevestiging|bevestiging\s+van\s+ontvangst|melding\s+(?:in\s+behandeling|afgehandeld)"
)


def offline_pairs(text: str) -> list[tuple[str, str]]:
    """(slot, answer text) pairs found in a narrative by sentence rules; first hit wins."""
    pairs: list[tuple[str, str]] = []
    taken: set[str] = set()
    for sentence in sentences(text):
        lowered = parse.norm(sentence)
        for slot_id, trigger, capture in _RULES:
            if slot_id in taken or not re.search(trigger, lowered):
                continue
            if capture is None:
                answer = sentence
            else:
                found = (
                    _after_colon_or(sentence, capture)
                    if slot_id
                    in (
                        "data_asked",
                        "documents",
                        "activities",
                        "statusmeldingen",
                        "closing_activities",
                    )
                    else None
                )
                if found is None:
                    m = re.search(capture, sentence, flags=re.I)
                    found = next((g.strip() for g in m.groups() if g), None) if m else None
                if not found and slot_id == "statusmeldingen":
                    found = ", ".join(re.findall(_STATUS_WORDS, sentence, flags=re.I))
                answer = found or ""
            answer = answer.strip(" .")
            if len(answer) < 2:
                continue
            if slot_id == "documents":
                # "…; de gemeente haalt die zelf op": the remark is about who, not a document
                answer = re.split(
                    r";\s*|\s+(?=de\s+(?:gemeente|klant)\s+\w+\s+(?:die|ze)\b)", answer
                )[0]
            if slot_id == "documents" and re.search(
                r"\b(?:de\s+klant|hij|zij|ze|de\s+aanvrager|de\s+organisator)\s+(?:moet|verzamelt|levert|haalt)",
                lowered,
            ):
                pairs.append(("documents", answer))
                pairs.append(("document_providers", "de klant"))
                taken.update({"documents", "document_providers"})
                break
            if slot_id == "documents" and re.search(
                r"\bde\s+gemeente\s+(?:haalt|verzamelt|vraagt|zoekt)", lowered
            ):
                pairs.append(("documents", answer))
                pairs.append(("document_providers", "de gemeente"))
                taken.update({"documents", "document_providers"})
                break
            pairs.append((slot_id, answer))
            taken.add(slot_id)
            # one sentence feeds one slot, except channel mentions that also tell the intake
            break
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
        pairs = offline_pairs(text)
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
