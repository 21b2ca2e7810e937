"""Mermaid: the customer's journey as a ``journey`` diagram and the process as a
``flowchart`` with one subgraph per lane, wrapped in a Markdown file with two fenced
``mermaid`` blocks (a Mermaid file holds one diagram; GitHub, GitLab, Obsidian, pandoc
filters and ``mmdc`` render both blocks of the Markdown file).

Mermaid has no quoting that survives every character: quotes end a label, ``#``, ``;``
and ``:`` are syntax, ``%%`` starts a comment, ``<`` is read as HTML. Such characters are
written as Mermaid's own entity codes (``#35;`` …), which Mermaid decodes when it draws.
"""

from __future__ import annotations

import re

from assistant.export import Exporter, register
from assistant.export.flow import (
    LANE_LABELS,
    Flow,
    FlowNode,
    build_flow,
    statusmeldingen_by_activity,
)
from assistant.export.fmt_markdown import esc as md_esc
from assistant.export.textutil import one_line
from assistant.model import ActivityKind, Actor, Lane, ProcessModel

# Numeric codes, since Mermaid decodes "#<number>;" for every character.
_SPECIAL = re.compile(r"[\"#;:%<>&`\[\]{}()|\\]")
_NOT_ID = re.compile(r"[^A-Za-z0-9_]")


def label(text: str | None) -> str:
    value = one_line(text)
    return _SPECIAL.sub(lambda m: f"#{ord(m.group(0))};", value)


def node_id(prefix: str, raw: str) -> str:
    from assistant.export.textutil import short_hash

    safe = _NOT_ID.sub("_", raw)
    # prefix: ids such as "end" or "o1" are Mermaid syntax; a hash keeps changed ids unique
    return f"{prefix}{safe}" if safe == raw else f"{prefix}{safe}_{short_hash(raw)[:6]}"


_ACTORS = {Actor.KLANT: "Klant", Actor.GEMEENTE: "Gemeente", Actor.DERDE: "Derde"}


def _journey(model: ProcessModel, flow: Flow) -> list[str]:
    lines = ["journey", f"    title {label(model.journey.name) or 'Klantreis'}"]

    def section(name: str, tasks: list[str]) -> None:
        if tasks:
            lines.append(f"    section {name}")
            lines.extend(tasks)

    def task(name: str, score: int, actors: str) -> str:
        return f"      {label(name) or 'naamloos'}: {score}: {actors}"

    before = [
        task(s.name, 2 if s.pain_points else 3, _ACTORS[s.actor])
        for s in model.journey.steps_before
    ]
    municipal: list[str] = []
    for node in flow.nodes:
        act = node.activity
        if act is None:
            continue
        if act.lane is Lane.KLANT:
            municipal.append(task(act.name, 3, "Klant"))
        elif act.channel is not None:
            # a touchpoint: the customer meets the municipality here (levering, a call)
            score = 5 if act.kind is ActivityKind.LEVERING else 3
            municipal.append(task(act.name, score, "Klant, Gemeente"))
    after = [
        task(s.name, 2 if s.pain_points else 3, _ACTORS[s.actor]) for s in model.journey.steps_after
    ]
    section("Vóór", before)
    section("Gemeente", municipal)
    section("Na", after)
    if len(lines) == 2:
        section("Klantreis", [task("Nog geen stappen", 3, "Klant")])
    return lines


def _shape(node: FlowNode, text: str) -> str:
    if node.is_step:
        return f'(["{text}"])'
    if node.kind == ActivityKind.BESLUIT.value:
        return f'{{{{"{text}"}}}}'
    return f'["{text}"]'


def _flowchart(flow: Flow) -> list[str]:
    lines = ["flowchart LR"]
    ids = {n.id: node_id("n_", n.id) for n in flow.nodes}
    meldingen = statusmeldingen_by_activity(flow.variant)
    extra_edges: list[str] = []
    status_nodes: list[str] = []
    for after_id, names in meldingen.items():
        if after_id not in ids:
            continue
        sid = node_id("s_", after_id)
        text = label("Statusmelding: " + "; ".join(names))
        status_nodes.append(f'        {sid}>"{text}"]')
        extra_edges.append(f"    {ids[after_id]} -.-> {sid}")
    for lane in flow.lanes_used() or [Lane.KLANT]:
        lines.append(f'    subgraph lane_{lane.value}["{LANE_LABELS[lane]}"]')
        lines.append("        direction LR")
        for node in flow.nodes:
            if node.lane is lane:
                lines.append(
                    f"        {ids[node.id]}{_shape(node, label(node.name) or 'naamloos')}"
                )
        if lane is Lane.KLANT:
            lines.extend(status_nodes)
        lines.append("    end")
    if not flow.nodes:
        lines.insert(-1, '        leeg["Nog geen stappen"]')
    if status_nodes and Lane.KLANT not in flow.lanes_used():
        lines += ['    subgraph lane_klant["Klant"]', *status_nodes, "    end"]
    lines += [f"    {ids[a]} --> {ids[b]}" for a, b in flow.edges]
    lines += extra_edges
    return lines


def render_mermaid(model: ProcessModel) -> bytes:
    flow = build_flow(model)
    title = md_esc(model.journey.name) or "Naamloze klantreis"
    parts = [
        f"# Klantreis: {title}",
        "",
        f"Variant: {md_esc(flow.variant.name)}",
        "",
        "## Klantreis van de klant",
        "",
        "```mermaid",
        *_journey(model, flow),
        "```",
        "",
        "## Klant-tot-klantproces per zwembaan",
        "",
        "```mermaid",
        *_flowchart(flow),
        "```",
        "",
    ]
    return "\n".join(parts).encode("utf-8")


register(
    Exporter("mermaid", ".mermaid.md", "text/markdown", "Mermaid (diagrammen)", render_mermaid)
)
