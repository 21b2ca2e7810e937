"""Markdown: a Dutch report of the whole model, readable as is and convertible with pandoc.

All variants are reported (the active one first is *not* assumed: model order, the active
one marked), with one effort table comparing them. User text is escaped so a name such as
``*dringend* [zie 1]`` or ``<script>`` stays literal text in every Markdown reader.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from assistant.export import Exporter, register
from assistant.export.flow import ACTOR_LABELS, KIND_LABELS, LANE_LABELS, LANE_ORDER
from assistant.export.textutil import clean, one_line
from assistant.model import (
    Bedrijfsservice,
    GemmaReference,
    JourneyStep,
    ProcessModel,
    SourceRef,
    Variant,
)

# Characters with inline meaning in CommonMark or pandoc's Markdown (math $, citations @,
# super/subscript ^ ~, attributes {}); a backslash makes any ASCII punctuation literal.
_INLINE = re.compile(r"([\\`*_{}\[\]<>#|~^$@])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# Line starts that open a block: lists, headings, quotes, setext underlines, definitions.
_BLOCK_START = re.compile(r"^(\s*)([-+=:]|\d+(?=[.)]))")
_URL = re.compile(r"^https?://[^\s<>()\[\]\\\"']+$")

_TYPE_LABELS = {
    "inwoner": "inwoner",
    "ondernemer": "ondernemer",
    "instelling": "instelling",
    "maatschappij": "maatschappij",
    "interne_klant": "interne klant",
    "onbekend": "onbekend",
}


def esc(text: str | None) -> str:
    """Inline user text: one line, every Markdown-special character escaped."""
    value = _INLINE.sub(r"\\\1", one_line(text))
    value = _ENTITY.sub(r"\\&", value)
    # "- x" becomes "\- x" and "1. x" becomes "1\. x": a backslash escapes punctuation only
    return _BLOCK_START.sub(_escape_block_start, value)


def _escape_block_start(m: re.Match[str]) -> str:
    lead, marker = m.group(1), m.group(2)
    return lead + (marker + "\\" if marker[0].isdigit() else "\\" + marker)


def esc_block(text: str | None) -> str:
    """Multi-line user text as paragraphs, each line escaped (also at its start)."""
    lines = [esc(line) for line in clean(text).split("\n")]
    out: list[str] = []
    for line in lines:
        # a blank line keeps its meaning (new paragraph); a line break becomes a hard break
        if out and out[-1] and line:
            out[-1] += "\\"
        out.append(line)
    return "\n".join(out).strip("\n")


def cell(text: str | None) -> str:
    value = esc(text)
    return value if value else "–"


def link(title: str, url: str) -> str:
    label = esc(title) or esc(url)
    url = one_line(url)
    if _URL.match(url):
        return f"[{label}]({url})"
    return label if not url else f"{label} ({esc(url)})"


def table(header: list[str], rows: Iterable[list[str]], align: str = "") -> list[str]:
    rows = list(rows)
    if not rows:
        return []
    marks = [("---:" if c == "r" else "---") for c in align.ljust(len(header), "l")]
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return [*out, ""]


def ref_text(ref: GemmaReference | None) -> str:
    if ref is None:
        return "–"
    text = link(ref.name, ref.url) if ref.url else esc(ref.name)
    return f"{text} ({esc(ref.element_id)})" if ref.element_id else text


def _num(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value:g}".replace(".", ",")


class Report:
    def __init__(self, model: ProcessModel) -> None:
        self.model = model
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def heading(self, level: int, text: str) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.add("#" * level + " " + text, "")

    def field(self, label: str, value: str) -> None:
        if value:
            self.add(f"- **{label}:** {value}")

    def end_list(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.add("")

    # --- sections ---------------------------------------------------------------------

    def journey(self) -> None:
        j = self.model.journey
        self.heading(2, "Klantreis")
        customer = esc(j.customer.name) or "niet benoemd"
        self.field("Klant", f"{customer} ({_TYPE_LABELS.get(j.customer.type.value, '')})")
        self.field("Doel van de klant", esc(j.customer_goal))
        self.field("Serviceformule", esc(j.serviceformule))
        self.end_list()
        if j.customer.description:
            self.add(esc_block(j.customer.description), "")
        self.steps("Stappen vóór het gemeentelijke deel", j.steps_before)
        self.steps("Stappen na het gemeentelijke deel", j.steps_after)
        if j.pain_points:
            self.heading(3, "Knelpunten in de reis")
            self.add(*(f"- {esc(p)}" for p in j.pain_points))
            self.end_list()

    def steps(self, title: str, steps: list[JourneyStep]) -> None:
        if not steps:
            return
        self.heading(3, title)
        for i, step in enumerate(steps, 1):
            extra = [ACTOR_LABELS[step.actor]]
            if step.channel:
                extra.append(f"kanaal {step.channel.value}")
            self.add(f"{i}. {esc(step.name)} ({', '.join(extra)})")
            if step.description:
                self.add(f"   {esc(step.description)}")
            for pain in step.pain_points:
                self.add(f"   - Knelpunt: {esc(pain)}")
        self.end_list()

    def variants_overview(self) -> None:
        from assistant.effort import ROWS, variant_effort

        m = self.model
        self.heading(2, "Varianten")
        rows = []
        for v in m.variants:
            mark = " (actief)" if v.id == m.active.id else ""
            rows.append([esc(v.name) + mark, v.status.value, cell(v.description)])
        self.add(*table(["Variant", "Status", "Omschrijving"], rows))
        self.heading(3, "Klantinspanning per variant")
        efforts = [variant_effort(v) for v in m.variants]
        figures = []
        for attr, label in ROWS:
            values = [
                float(len(e.channels)) if attr == "channel_count" else getattr(e, attr)
                for e in efforts
            ]
            if all(v is None for v in values):
                continue
            figures.append([label, *(_num(None if v is None else float(v)) for v in values)])
        figures.append(["Kanalen (namen)", *(cell(", ".join(e.channels)) for e in efforts)])
        header = ["Kenmerk", *(esc(v.name) for v in m.variants)]
        self.add(*table(header, figures, "l" + "r" * len(m.variants)))

    def variant(self, v: Variant) -> None:
        active = " (actief)" if v.id == self.model.active.id else ""
        self.heading(2, f"Variant: {esc(v.name)}{active}")
        self.field("Status", v.status.value)
        self.field("Afgeleid van", esc(self._variant_name(v.derived_from)))
        self.field("Gemeten klantinspanning (uren)", _num(v.measured_effort_hours).strip("–"))
        self.field("Klanttevredenheid", _num(v.satisfaction).strip("–"))
        self.end_list()
        if v.description:
            self.add(esc_block(v.description), "")
        for service in v.services:
            self.service(service)

    def _variant_name(self, variant_id: str | None) -> str:
        found = self.model.variant(variant_id) if variant_id else None
        return found.name if found else ""

    def service(self, s: Bedrijfsservice) -> None:
        self.heading(3, f"Bedrijfsservice: {esc(s.name) or 'naamloos'}")
        self.field("Bedrijfsproces", esc(s.process.name))
        self.field("GEMMA-referentieproces", ref_text(s.process.gemma_reference).strip("–"))
        self.field("Bedrijfsfunctie", esc(s.process.bedrijfsfunctie))
        self.field("Doorlooptijd (dagen)", _num(s.lead_time_days).strip("–"))
        self.end_list()
        if s.description:
            self.add(esc_block(s.description), "")

        a = s.aanleiding
        self.heading(4, "Aanleiding")
        self.field("Soort", a.kind.value.replace("_", " "))
        self.field("Omschrijving", esc(a.description))
        self.field("Wettelijke grondslag", esc(a.legal_basis))
        self.end_list()

        i = s.intake
        self.heading(4, "Intake")
        self.field("Kanalen", ", ".join(c.value for c in i.channels))
        self.field("Formulier", esc(i.form))
        self.end_list()
        if i.description:
            self.add(esc_block(i.description), "")
        self.add(
            *table(
                ["Gegeven", "Aangeleverd door", "Bron", "Hergebruikt uit"],
                (
                    [
                        cell(d.name),
                        ACTOR_LABELS[d.provided_by],
                        cell(d.source),
                        cell(self._related_name(d.reused_from)),
                    ]
                    for d in i.data_asked
                ),
            )
        )
        self.add(
            *table(
                ["Stuk", "Aangeleverd door", "Bron", "Basisregistratie", "Verplicht"],
                (
                    [
                        cell(d.name),
                        ACTOR_LABELS[d.provided_by],
                        cell(d.source),
                        cell(d.basisregistratie),
                        "ja" if d.required else "nee",
                    ]
                    for d in i.documents
                ),
            )
        )

        self.activities(s)

        lev = s.levering
        self.heading(4, "Levering")
        self.field("Resultaat", esc(lev.result))
        self.field("Kanalen", ", ".join(c.value for c in lev.channels))
        self.field("Moment", esc(lev.moment))
        self.end_list()
        if lev.description:
            self.add(esc_block(lev.description), "")

        if s.deelservices:
            self.heading(4, "Deelservices")
            self.add(
                *table(
                    ["Deelservice", "Soort", "Gerealiseerd door", "GEMMA-procesbouwsteen"],
                    (
                        [
                            cell(d.name),
                            d.kind.value,
                            cell(d.realised_by),
                            ref_text(d.gemma_reference),
                        ]
                        for d in s.deelservices
                    ),
                )
            )
        if s.statusmeldingen:
            names = {act.id: act.name for act in s.activities}
            self.heading(4, "Statusmeldingen")
            self.add(
                *table(
                    ["Statusmelding", "Na activiteit", "Kanaal"],
                    (
                        [
                            cell(m.name),
                            cell(names.get(m.after_activity_id or "", "")),
                            m.channel.value if m.channel else "–",
                        ]
                        for m in s.statusmeldingen
                    ),
                )
            )

    def _related_name(self, related_id: str | None) -> str:
        for r in self.model.related_processes:
            if r.id == related_id:
                return r.name
        return related_id or ""

    def activities(self, s: Bedrijfsservice) -> None:
        self.heading(4, "Activiteiten per zwembaan")
        if not s.activities:
            self.add("Nog geen activiteiten.", "")
            return
        deelservices = {d.id: d.name for d in s.deelservices}
        order = {act.id: n for n, act in enumerate(s.activities, 1)}
        for lane in LANE_ORDER:
            acts = [act for act in s.activities if act.lane is lane]
            if not acts:
                continue
            self.heading(5, LANE_LABELS[lane])
            for act in acts:
                extra = [KIND_LABELS[act.kind.value]]
                if act.channel:
                    extra.append(f"kanaal {act.channel.value}")
                if act.deelservice_id in deelservices:
                    extra.append(f"deelservice {esc(deelservices[act.deelservice_id or ''])}")
                if act.duration_days is not None and math.isfinite(act.duration_days):
                    unit = "dag" if act.duration_days == 1 else "dagen"
                    extra.append(f"{_num(act.duration_days)} {unit}")
                if act.gemma_reference:
                    extra.append(f"GEMMA: {ref_text(act.gemma_reference)}")
                self.add(f"- Stap {order[act.id]}: {esc(act.name)} ({'; '.join(extra)})")
            self.end_list()

    def samenhang(self) -> None:
        m = self.model
        if m.related_processes:
            self.heading(2, "Gerelateerde processen")
            self.add(
                *table(
                    ["Proces", "Relatie", "Hergebruikte gegevens", "Toelichting"],
                    (
                        [
                            cell(r.name),
                            r.relation.value,
                            cell(", ".join(r.reused_data)),
                            cell(r.description),
                        ]
                        for r in m.related_processes
                    ),
                )
            )
        if m.supporting_processes:
            self.heading(2, "Ondersteunende en sturende processen")
            self.add(
                *table(
                    ["Proces", "Soort", "Interne klant", "Deelservice", "Bedrijfsfunctie", "GEMMA"],
                    (
                        [
                            cell(p.name),
                            p.kind.value,
                            cell(p.internal_customer),
                            cell(p.deelservice),
                            cell(p.bedrijfsfunctie),
                            ref_text(p.gemma_reference),
                        ]
                        for p in m.supporting_processes
                    ),
                )
            )
        if m.other_services:
            self.heading(2, "Andere diensten in deze klantreis")
            self.add(*(f"- {esc(s)}" for s in m.other_services))
            self.end_list()

    def advice(self) -> None:
        m = self.model
        if m.findings:
            self.heading(2, "Adviezen")
            for f in m.findings:
                self.heading(3, f"{f.severity.value.capitalize()}: {esc(f.check)}")
                self.add(esc_block(f.message), "")
                if f.suggestion:
                    self.add(f"**Voorstel:** {esc(f.suggestion)}", "")
                if f.sources:
                    self.add("Bronnen:", "")
                    self.add(*(f"- {source_text(s)}" for s in f.sources))
                    self.end_list()
        if m.improvement_ideas:
            self.heading(2, "Verbeterideeën")
            self.add(*(f"- {esc(i.text)}" for i in m.improvement_ideas))
            self.end_list()

    def references(self) -> None:
        refs: dict[tuple[str, str], GemmaReference] = {}
        for v in self.model.variants:
            for s in v.services:
                found = [s.process.gemma_reference]
                found += [a.gemma_reference for a in s.activities]
                found += [d.gemma_reference for d in s.deelservices]
                for ref in found:
                    if ref is not None:
                        refs.setdefault((ref.element_id, ref.name), ref)
        for p in self.model.supporting_processes:
            if p.gemma_reference is not None:
                ref = p.gemma_reference
                refs.setdefault((ref.element_id, ref.name), ref)
        if refs:
            self.heading(2, "GEMMA-verwijzingen")
            rows = [
                [link(r.name, r.url) if r.url else esc(r.name), r.kind.value, cell(r.element_id)]
                for _, r in sorted(refs.items())
            ]
            self.add(*table(["GEMMA-element", "Soort", "Id"], rows))
        if self.model.sources:
            self.heading(2, "Bronnen")
            self.add(*(f"- {source_text(s)}" for s in self.model.sources))
            self.end_list()


def source_text(s: SourceRef) -> str:
    text = link(s.title, s.url) if s.url else esc(s.title)
    if s.section:
        text += f", {esc(s.section)}"
    if s.element_id:
        text += f" ({esc(s.element_id)})"
    return text


def render_markdown(model: ProcessModel) -> bytes:
    r = Report(model)
    title = esc(model.journey.name) or "Naamloze klantreis"
    meta = model.metadata
    r.add(f"# Klantreis: {title}", "")
    author = f", auteur {esc(meta.author)}" if meta.author else ""
    r.add(
        f"*Procesmodel {esc(meta.id)}, versie {meta.version}{author}, "
        f"bijgewerkt {meta.updated_at:%Y-%m-%d}. Gemaakt met de Klantreis-assistent.*",
        "",
    )
    r.journey()
    r.variants_overview()
    for v in model.variants:
        r.variant(v)
    r.samenhang()
    r.advice()
    r.references()
    text = "\n".join(r.lines).rstrip("\n") + "\n"
    return text.encode("utf-8")


register(Exporter("md", ".md", "text/markdown", "Markdown (rapport)", render_markdown))
