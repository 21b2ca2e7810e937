"""The answer patch: what one user message means for the slot being asked.

Both readers produce it: the offline parser (``offline_patch``) and the LLM (structured
output against this schema). Slots apply a patch to the model, so the slot logic is the
same whichever reader understood the message.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from assistant.interview import parse
from assistant.model import ActivityKind, Actor, Channel, CustomerType, Lane, TriggerKind

Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
ItemName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class PatchItem(BaseModel):
    """One element of a list answer (a step, document, activity …)."""

    model_config = ConfigDict(extra="forbid")

    name: ItemName = Field(description="Naam van het element, zonder rol of kanaal.")
    actor: Actor | None = Field(default=None, description="Wie het doet of aanlevert.")
    channel: Channel | None = Field(default=None, description="Kanaal, indien genoemd.")
    lane: Lane | None = Field(default=None, description="Zwembaan, indien genoemd.")
    kind: ActivityKind | None = Field(default=None, description="Rol van een activiteit.")
    source: Short = Field(default="", description="Bron of beheerder, indien genoemd.")


class AnswerPatch(BaseModel):
    """De betekenis van één antwoord op de openstaande vraag."""

    model_config = ConfigDict(extra="forbid")

    intent: Literal["answer", "question", "dont_know", "correction"] = Field(
        default="answer",
        description="answer = antwoord op de vraag; question = de gebruiker stelt zelf een vraag; "
        "dont_know = weet het niet; correction = verbetert het vorige antwoord.",
    )
    value: Short = Field(default="", description="Het antwoord als één waarde (naam, doel …).")
    items: list[PatchItem] = Field(
        default_factory=list, max_length=50, description="Het antwoord als lijst, in volgorde."
    )
    channels: list[Channel] = Field(default_factory=list, description="Genoemde kanalen.")
    actor: Actor | None = Field(default=None, description="Genoemde uitvoerder in het algemeen.")
    customer_type: CustomerType | None = Field(default=None, description="Soort klant.")
    trigger_kind: TriggerKind | None = Field(default=None, description="Soort aanleiding.")
    yes: bool | None = Field(default=None, description="Ja (true) of nee (false).")
    choice: int | None = Field(
        default=None, ge=1, le=10, description="Gekozen optienummer (1-based)."
    )
    question: Short = Field(default="", description="Het begrip waarnaar de gebruiker vraagt.")
    moment: Short = Field(default="", description="Termijn of moment, indien genoemd.")


# "FO (KCC): aanvraag registreren", "KP (politie): advies": the lane as a label in front
_LANE_LABEL = re.compile(
    r"^\s*(?P<lane>FO|BO|KP|front\s*office|back\s*office|ketenpartner)\s*"
    r"(?:\((?P<who>[^()]{1,60})\))?\s*:\s*(?P<rest>\S.*)$",
    re.I | re.S,
)


def _item(raw: str) -> PatchItem | None:
    labelled = _LANE_LABEL.match(raw)
    if labelled:
        who = labelled.group("who")
        inner = _item(labelled.group("rest") + (f" ({who})" if who else ""))
        lane = parse.named_lane(labelled.group("lane"))
        return inner.model_copy(update={"lane": lane}) if inner and lane else inner
    channels = parse.parse_channels(raw)
    name = parse.strip_channel(parse.strip_role(raw))
    if not name:
        return None
    source = ""
    # "adres komt uit de BRP", "naam halen we gewoon uit de BRP": the verb is no part of the name
    m = re.search(
        r"(?:\s+(?:komen|komt|staan|staat|zitten|zit|halen|haalt|haal)"
        r"(?:\s+(?:we|wij|ik|ze|de\s+gemeente))?)?(?:\s+(?:gewoon|zelf|automatisch|direct|ook))*"
        r"\s+uit\s+(?:de|het)\s+([^,;()]+)$"
        # "gezinssamenstelling checken we zelf in de BRP"
        r"|\s+(?:checken|controleren|bekijken|zien|vinden|zoeken)\s+(?:we|wij|ik|ze)"
        r"(?:\s+(?:gewoon|zelf|automatisch|direct|ook))*\s+(?:in|uit)\s+(?:de|het)\s+([^,;()]+)$",
        name,
        flags=re.I,
    )
    if m and len(name[: m.start()].split()) >= 1:
        source = (m.group(1) or m.group(2)).strip()
        # "adres – checken we in de BAG" (a table row): the dash goes with the source
        name = name[: m.start()].strip(" –-")
    src_paren = re.search(r"\((?:bron|uit|van|bij)[:\s]+([^()]+)\)", raw, flags=re.I)
    if src_paren:
        source = src_paren.group(1).strip()
        name = re.sub(r"\s*\((?:bron|uit|van|bij)[:\s]+[^()]+\)", "", name, flags=re.I).strip()
    role_part = raw[len(name) :] if raw.startswith(name) else raw
    if re.match(r"^\s*(?:bij|uit|van|naar|in|op)\b", role_part, flags=re.I):
        role_part = ""  # "aanvragen bij de SVB": where it happens, not who does it
    name = re.sub(r"^een\s+", "", name, flags=re.I) or name
    actor = parse.parse_actor(role_part) or (
        parse.parse_actor(raw) if re.search(r"\b(door|doet|doen|levert)\b", raw, re.I) else None
    )
    lane_hint = parse.parse_lane(raw, default=Lane.BACKOFFICE)
    lane = lane_hint if parse.parse_lane(raw, default=Lane.ONDERSTEUNEND) == lane_hint else None
    return PatchItem(
        name=name[:300],
        actor=actor,
        channel=channels[0] if channels else None,
        lane=lane,
        kind=parse.parse_activity_kind(name),
        source=source[:300],
    )


def offline_patch(text: str) -> AnswerPatch:
    """Read a message with the offline rules; every field is filled where a rule fires."""
    clean = parse.clean_text(text)
    if parse.is_dont_know(clean):
        return AnswerPatch(intent="dont_know")
    if parse.is_question(clean):
        return AnswerPatch(intent="question", question=parse.question_term(clean)[:300])
    raws = parse.split_list(clean)
    # "Er zijn twee stukken nodig: a en b. Het zorgplan laat zien …": the count said up front
    # bounds the list; what follows is explanation
    said = parse.stated_count(clean)
    if said and len(raws) > said:
        # (a count that is off by one, "Vier stappen: a; b; c; d; e", loses no item that
        # the list itself names: only what follows the list's own sentence goes)
        first = parse.split_sentences(clean)[0] if "\n" not in clean else clean
        raws = raws[: max(said, len(parse.split_list(first)))]
    remarks = [r for r in raws if parse.is_remark(r)]
    items = [i for i in (_item(raw) for raw in raws if not parse.is_remark(raw)) if i is not None]
    remark_actor = parse.parse_actor(" ".join(remarks)) if remarks else None
    if remark_actor is not None:
        # "X en Y, die haalt de gemeente zelf op": the remark names who does all of them
        items = [i if i.actor else i.model_copy(update={"actor": remark_actor}) for i in items]
    moment = parse.parse_moment(clean)
    return AnswerPatch(
        intent="answer",
        value=parse.clean_value(clean),
        items=items[:50],
        channels=parse.parse_channels(clean),
        actor=parse.parse_actor(clean),
        customer_type=parse.parse_customer_type(clean),
        trigger_kind=parse.parse_trigger_kind(clean),
        yes=parse.yes_no(clean),
        choice=(lambda i: None if i is None else i + 1)(parse.choice_index(clean, 10)),
        moment=moment,
    )
