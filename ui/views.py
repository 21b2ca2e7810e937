"""View-models: plain data and small HTML fragments computed from the process model.

Nothing here calls Streamlit, so the page script stays a list of render calls and these
functions are tested and benchmarked on their own. Heavy results (exports, the
blueprint) are memoised per session and model version in ``UiState.memo``.
"""

from __future__ import annotations

import base64
import html
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from assistant.errors import KlantreisError
from assistant.export import all_exporters
from assistant.model import JourneyStep, ProcessModel, Severity
from ui.state import UiState

log = logging.getLogger("klantreis.ui")
T = TypeVar("T")
_MEMO_LIMIT = 64


def memo(state: UiState, what: str, compute: Callable[[], T]) -> T:
    """``compute()`` once per session, model version and ``what``."""
    key = state.memo_key(what)
    if key in state.memo:
        cached: T = state.memo[key]
        return cached
    if len(state.memo) > _MEMO_LIMIT:
        state.memo.clear()  # old versions are never shown again; keep memory bounded
    value = compute()
    state.memo[key] = value
    return value


def slug(text: str) -> str:
    value = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return value[:60] or "procesmodel"


# --- exports ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFile:
    name: str
    label: str
    file_name: str
    mime: str
    data: bytes | None
    error: str = ""


def export_files(model: ProcessModel, base_name: str) -> list[ExportFile]:
    """Every registered export of the model; a failing format reports, the others work."""
    files: list[ExportFile] = []
    for exporter in all_exporters():
        file_name = f"{slug(base_name)}{exporter.extension}"
        try:
            data = exporter.render(model)
            files.append(ExportFile(exporter.name, exporter.label, file_name, exporter.mime, data))
        except KlantreisError as exc:
            files.append(
                ExportFile(exporter.name, exporter.label, file_name, exporter.mime, None, str(exc))
            )
        except Exception as exc:
            log.exception("export %s mislukt", exporter.name)
            files.append(
                ExportFile(
                    exporter.name,
                    exporter.label,
                    file_name,
                    exporter.mime,
                    None,
                    f"onverwachte fout ({type(exc).__name__})",
                )
            )
    return files


def blueprint_svg(model: ProcessModel) -> str | None:
    """The service blueprint from the SVG exporter, or None when that exporter is absent."""
    for exporter in all_exporters():
        if exporter.name == "svg":
            return exporter.render(model).decode("utf-8")
    return None


def blueprint_html(svg: str, height: int, label: str = "Service blueprint") -> str:
    """The blueprint at a readable height, scrolling sideways, for ``st.html``.

    A blueprint is much wider than it is high (one column per step), so fitting it to the
    panel width makes the text unreadable. The SVG goes in as an image (a data URI): an
    image cannot run scripts, whatever text the model holds.
    """
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (
        '<div class="kr-blueprint" style="overflow-x:auto;overflow-y:hidden;'
        'border:1px solid #ccc;border-radius:.4rem;background:#fff">'
        f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(label)}" '
        f'style="height:{height}px;width:auto;max-width:none;display:block"></div>'
    )


# --- journey timeline ---------------------------------------------------------------------

_ACTOR_ICON = {"klant": "🙋", "gemeente": "🏛️", "derde": "🤝"}


def _step_card(step: JourneyStep, css: str) -> str:
    actor = step.actor.value
    pains = "".join(f"<li>⚠️ {html.escape(p)}</li>" for p in step.pain_points)
    channel = f" · {html.escape(step.channel.value)}" if step.channel else ""
    return (
        f'<div class="kr-card {css}"><div class="kr-card-title">{html.escape(step.name)}</div>'
        f'<div class="kr-card-meta">{_ACTOR_ICON.get(actor, "")} {html.escape(actor)}{channel}</div>'
        + (f'<ul class="kr-pains">{pains}</ul>' if pains else "")
        + "</div>"
    )


def timeline_html(model: ProcessModel, labels: dict[str, str]) -> str:
    """The klantreis as a left-to-right timeline: before · municipal service · after."""
    service = model.service
    before = "".join(_step_card(s, "kr-before") for s in model.journey.steps_before)
    after = "".join(_step_card(s, "kr-after") for s in model.journey.steps_after)
    empty = f'<div class="kr-empty">{html.escape(labels["empty"])}</div>'
    name = service.name or labels["empty"]
    process = service.process.name
    municipal = (
        f'<div class="kr-card kr-municipal"><div class="kr-card-title">🏛️ {html.escape(name)}</div>'
        + (f'<div class="kr-card-meta">{html.escape(process)}</div>' if process else "")
        + (
            f'<div class="kr-card-meta">⇢ {html.escape(service.levering.result)}</div>'
            if service.levering.result
            else ""
        )
        + "</div>"
    )
    return (
        '<div class="kr-timeline">'
        f'<div class="kr-lane"><div class="kr-lane-title">{html.escape(labels["before"])}</div>{before or empty}</div>'
        '<div class="kr-arrow">➜</div>'
        f'<div class="kr-lane kr-lane-mid"><div class="kr-lane-title">{html.escape(labels["municipal"])}</div>{municipal}</div>'
        '<div class="kr-arrow">➜</div>'
        f'<div class="kr-lane"><div class="kr-lane-title">{html.escape(labels["after"])}</div>{after or empty}</div>'
        "</div>"
    )


CSS = """
<style>
.kr-timeline{display:flex;gap:.4rem;align-items:stretch;padding:.25rem 0}
.kr-lane{flex:1 1 0;min-width:0;display:flex;flex-direction:column;gap:.4rem;overflow-wrap:anywhere}
.kr-lane-title{font-weight:600;font-size:.85rem;text-transform:uppercase;letter-spacing:.04em}
.kr-arrow{align-self:center;font-size:1.2rem}
.kr-card{border:1px solid #8a8a8a;border-radius:.4rem;padding:.4rem .6rem;background:#fff;color:#111}
.kr-before{border-left:.35rem solid #4c78a8}
.kr-after{border-left:.35rem solid #59a14f}
.kr-municipal{border:2px solid #b0365b;background:#fff5f8}
.kr-card-title{font-weight:600}
.kr-card-meta{font-size:.85rem;color:#333}
.kr-pains{margin:.2rem 0 0 1rem;padding:0;font-size:.85rem}
.kr-empty{color:#555;font-style:italic}
.kr-blueprint svg{max-width:100%;height:auto;background:#fff}
[data-testid="stMainBlockContainer"]{padding-top:2.5rem}
</style>
"""

PROJECTOR_CSS = """
<style>
[data-testid="stMain"] p, [data-testid="stMain"] li {font-size: 1.35rem !important; line-height: 1.45}
[data-testid="stMain"] h2 {font-size: 2.2rem !important}
[data-testid="stChatInputTextArea"] {font-size: 1.3rem !important}
</style>
"""


# --- advice ---------------------------------------------------------------------------------

# Icons and words carry the severity; colour is only an extra (never the only signal).
SEVERITY = {
    Severity.FOUT: ("⛔", "Fout"),
    Severity.WAARSCHUWING: ("⚠️", "Waarschuwing"),
    Severity.SUGGESTIE: ("💡", "Suggestie"),
    Severity.INFO: ("ℹ️", "Info"),
}


def severity_label(severity: Severity) -> str:
    icon, word = SEVERITY.get(severity, ("ℹ️", severity.value))
    return f"{icon} {word}"


# --- samenhang ------------------------------------------------------------------------------


def statusmeldingen_rows(model: ProcessModel) -> list[dict[str, Any]]:
    service = model.service
    names = {a.id: a.name for a in service.activities}
    return [
        {
            "Statusmelding": s.name,
            "Na activiteit": names.get(s.after_activity_id or "", ""),
            "Kanaal": s.channel.value if s.channel else "",
        }
        for s in service.statusmeldingen
    ]


def variant_summary(model: ProcessModel) -> list[dict[str, Any]]:
    rows = []
    for variant in model.variants:
        service = variant.services[0] if variant.services else None
        customer_docs = (
            sum(1 for d in service.intake.documents if d.provided_by.value == "klant")
            if service
            else 0
        )
        rows.append(
            {
                "id": variant.id,
                "Variant": variant.name,
                "Status": variant.status.value,
                "Actief": "✅ ja" if variant.id == model.active.id else "",
                "Activiteiten": len(service.activities) if service else 0,
                "Stukken door klant": customer_docs,
                "Gemeten inspanning (uur)": variant.measured_effort_hours,
            }
        )
    return rows


# --- effort comparison ------------------------------------------------------------------------


def _num(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:g}"


def effort_table(comparison: Any, name_a: str, name_b: str) -> list[dict[str, str]]:
    """The effort comparison as rows (figure, A, B, difference B − A) for a table."""
    rows = []
    for row in comparison.rows:
        diff = row.difference
        sign = "" if diff is None or diff <= 0 else "+"
        rows.append(
            {
                "Maat": row.label,
                name_a: _num(row.a),
                name_b: _num(row.b),
                "Verschil (B − A)": f"{sign}{_num(diff)}",
            }
        )
    return rows
