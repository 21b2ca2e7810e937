"""CSV: one row per activity, for Excel. Dutch Excel expects ``;`` and recognises UTF-8
only with a BOM, so the file starts with one.

Every variant is exported; each variant's rows are the whole journey: the steps before
(phase ``voor``), the municipal activities (``gemeente``) and the steps after (``na``),
numbered in flow order. Line breaks inside names are kept; the csv module quotes them.
"""

from __future__ import annotations

import csv
import io

from assistant.export import Exporter, register
from assistant.export.flow import ACTOR_LABELS, KIND_LABELS
from assistant.export.textutil import clean
from assistant.model import GemmaReference, JourneyStep, ProcessModel

HEADER = [
    "Variant",
    "Fase",
    "Volgorde",
    "Zwembaan of actor",
    "Activiteit",
    "Soort",
    "Kanaal",
    "Bedrijfsservice",
    "Deelservice",
    "GEMMA-referentie",
    "GEMMA-id",
    "Id",
]

# Excel runs a cell that starts with one of these as a formula ("CSV injection"); a
# leading apostrophe makes it text, which Excel then hides.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text(value: str | None) -> str:
    value = clean(value)
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _ref(ref: GemmaReference | None) -> tuple[str, str]:
    return (text(ref.name), text(ref.element_id)) if ref else ("", "")


def _step_row(variant: str, phase: str, order: int, step: JourneyStep) -> list[str]:
    channel = step.channel.value if step.channel else ""
    return [
        variant,
        phase,
        str(order),
        ACTOR_LABELS[step.actor],
        text(step.name),
        KIND_LABELS["stap"],
        channel,
        "",
        "",
        "",
        "",
        text(step.id),
    ]


def render_csv(model: ProcessModel) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(HEADER)
    for variant in model.variants:
        name = text(variant.name)
        order = 0
        for step in model.journey.steps_before:
            order += 1
            writer.writerow(_step_row(name, "voor", order, step))
        for service in variant.services:
            deelservices = {d.id: d.name for d in service.deelservices}
            for act in service.activities:
                order += 1
                ref_name, ref_id = _ref(act.gemma_reference)
                writer.writerow(
                    [
                        name,
                        "gemeente",
                        str(order),
                        act.lane.value,
                        text(act.name),
                        KIND_LABELS[act.kind.value],
                        act.channel.value if act.channel else "",
                        text(service.name),
                        text(deelservices.get(act.deelservice_id or "", "")),
                        ref_name,
                        ref_id,
                        text(act.id),
                    ]
                )
        for step in model.journey.steps_after:
            order += 1
            writer.writerow(_step_row(name, "na", order, step))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


register(Exporter("csv", ".csv", "text/csv", "CSV (Excel, per activiteit)", render_csv))
