"""Customer effort per variant, the difference between two, and one Dutch sentence.

Scope: the municipal part of the journey only (the variant's bedrijfsservices). The
journey steps before and after belong to the model, not to a variant, so they are the same
in every variant and would only add the same number on both sides.

Figures per variant:
- klantactiviteiten: activities in the klant lane;
- stukken / gegevens: documents and data items the customer provides (provided_by klant,
  data not reused from an earlier process);
- contactmomenten: activities with a channel (the customer submits, the municipality
  delivers or calls) plus statusmeldingen; kanalen: every channel used with the customer;
- overdrachten: lane changes between consecutive activities (hand-offs);
- doorlooptijd: the services' lead time (field, or summed activity durations);
- klanttijd: summed durations of the customer's own activities, where given.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from typing import Any

from assistant.advice.analysis import lead_time
from assistant.model import Actor, Lane, ProcessModel, Variant


@dataclass(frozen=True)
class Effort:
    variant_id: str
    variant_name: str
    customer_activities: int
    customer_documents: int
    customer_data: int
    contact_moments: int
    channels: list[str] = field(default_factory=list)
    handoffs: int = 0
    lead_time_days: float | None = None
    customer_days: float | None = None
    measured_effort_hours: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def variant_effort(variant: Variant) -> Effort:
    activities = docs = data = contacts = handoffs = 0
    channels: list[str] = []
    lead: float | None = None
    customer_days: float | None = None

    def channel(value: Any) -> None:
        if value is not None and value.value not in channels:
            channels.append(value.value)

    for service in variant.services:
        acts = service.activities
        activities += sum(a.lane is Lane.KLANT for a in acts)
        docs += sum(d.provided_by is Actor.KLANT for d in service.intake.documents)
        data += sum(
            d.provided_by is Actor.KLANT and not d.reused_from for d in service.intake.data_asked
        )
        contacts += sum(a.channel is not None for a in acts) + len(service.statusmeldingen)
        handoffs += sum(1 for a, b in pairwise(acts) if a.lane is not b.lane)
        for a in acts:
            channel(a.channel)
        for c in [*service.intake.channels, *service.levering.channels]:
            channel(c)
        for s in service.statusmeldingen:
            channel(s.channel)
        days = lead_time(service)
        if days is not None:
            lead = (lead or 0.0) + days
        # Customer time is known when the variant gives durations at all; a variant with
        # durations but none in the klant lane then spends 0 days of the customer's time.
        if any(a.duration_days is not None for a in acts):
            own = sum(a.duration_days or 0.0 for a in acts if a.lane is Lane.KLANT)
            customer_days = (customer_days or 0.0) + own
    return Effort(
        variant_id=variant.id,
        variant_name=variant.name,
        customer_activities=activities,
        customer_documents=docs,
        customer_data=data,
        contact_moments=contacts,
        channels=channels,
        handoffs=handoffs,
        lead_time_days=_finite(lead),
        customer_days=_finite(customer_days),
        measured_effort_hours=_finite(variant.measured_effort_hours),
    )


def _finite(value: float | None) -> float | None:
    """A figure the table and JSON can show: an infinite or NaN sum is unknown, not a number."""
    return value if value is None or math.isfinite(value) else None


# (attribute, Dutch label), in the order of the table
ROWS: tuple[tuple[str, str], ...] = (
    ("customer_activities", "Klantactiviteiten"),
    ("customer_documents", "Stukken die de klant aanlevert"),
    ("customer_data", "Gegevens die de klant opgeeft"),
    ("contact_moments", "Contactmomenten"),
    ("channel_count", "Kanalen"),
    ("handoffs", "Overdrachten tussen zwembanen"),
    ("lead_time_days", "Doorlooptijd (dagen)"),
    ("customer_days", "Tijd in klantactiviteiten (dagen)"),
    ("measured_effort_hours", "Gemeten klantinspanning (uren)"),
)


def _value(effort: Effort, attr: str) -> float | None:
    if attr == "channel_count":
        return float(len(effort.channels))
    value = getattr(effort, attr)
    return None if value is None else float(value)


@dataclass(frozen=True)
class EffortRow:
    """One figure of the comparison: its value in A and B and the difference B − A."""

    figure: str
    label: str
    a: float | None
    b: float | None
    difference: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Comparison:
    a: Effort
    b: Effort
    rows: list[EffortRow]
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "rows": [r.to_dict() for r in self.rows],
            "sentence": self.sentence,
        }


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def effort_sentence(a: Effort, b: Effort, empty: tuple[str, ...] = ()) -> str:
    """One Dutch sentence on how the customer's effort in B differs from A; ``empty`` names
    the variants without bedrijfsservices, which a reader should know about."""
    if a.variant_id == b.variant_id:
        return f"Je vergelijkt '{a.variant_name}' met zichzelf: de klant doet en levert evenveel."
    note = ""
    if empty:
        listed = " en ".join(f"'{n}'" for n in empty)
        has = "heeft" if len(empty) == 1 else "hebben"
        note = f" Let op: {listed} {has} nog geen bedrijfsservices."
    return _difference_sentence(a, b) + note


def _difference_sentence(a: Effort, b: Effort) -> str:
    parts: list[str] = []

    def diff(attr: str) -> int:
        return int(getattr(b, attr)) - int(getattr(a, attr))

    d = diff("customer_activities")
    if d:
        word = "minder" if d < 0 else "meer"
        parts.append(f"doet de klant {_count(abs(d), 'activiteit', 'activiteiten')} {word}")
    d = diff("customer_documents")
    if d:
        word = "minder" if d < 0 else "meer"
        subject = "levert hij" if parts else "levert de klant"
        parts.append(f"{subject} {_count(abs(d), 'stuk', 'stukken')} {word} aan")
    d = diff("customer_data")
    if d:
        word = "minder" if d < 0 else "meer"
        subject = "geeft hij" if parts else "geeft de klant"
        parts.append(f"{subject} {_count(abs(d), 'gegeven', 'gegevens')} {word} op")
    d = diff("contact_moments")
    if d:
        word = "minder" if d < 0 else "meer"
        subject = "heeft hij" if parts else "heeft de klant"
        parts.append(f"{subject} {_count(abs(d), 'contactmoment', 'contactmomenten')} {word}")
    if not parts:
        return f"In '{b.variant_name}' doet en levert de klant evenveel als in '{a.variant_name}'."
    body = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
    return f"In '{b.variant_name}' {body} dan in '{a.variant_name}'."


def compare_variants(model: ProcessModel, key_a: str, key_b: str) -> Comparison:
    from assistant.errors import NotFoundError

    variants = []
    for key in (key_a, key_b):
        found = model.variant(key)
        if found is None:
            names = ", ".join(f"'{v.name}'" for v in model.variants)
            raise NotFoundError(f"Variant '{key}' bestaat niet in dit model (wel: {names}).")
        variants.append(found)
    a, b = variant_effort(variants[0]), variant_effort(variants[1])
    rows = []
    for attr, label in ROWS:
        va, vb = _value(a, attr), _value(b, attr)
        if va is None and vb is None:
            continue  # a figure neither variant has (lead times, measurements)
        rows.append(EffortRow(attr, label, va, vb, None if va is None or vb is None else vb - va))
    empty = tuple(dict.fromkeys(v.name for v in variants if not v.services))
    return Comparison(a=a, b=b, rows=rows, sentence=effort_sentence(a, b, empty))


# The name the UI bridge looks for.
compare = compare_variants
