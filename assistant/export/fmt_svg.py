"""SVG: a service blueprint of the active variant.

Columns are the journey's phases (vóór, intake, behandeling, levering, na; with several
bedrijfsservices each has its own intake/behandeling/levering block under its name), rows
are swimlanes from the customer down to support: klant | line of interaction | frontoffice
| line of visibility | backoffice (| ketenpartner when used) | ondersteunend. Each flow node
gets its own column (see layout.py), statusmeldingen sit in the klant row above the
activity they follow. Text is at least 14 px, for a projector at the back of a room.

The file is self-contained: no script, no external references, no CSS imports; only
presentation attributes, so it renders the same in browsers, cairosvg and Inkscape.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from assistant.export import Exporter, register
from assistant.export.flow import (
    ACTOR_LABELS,
    KIND_LABELS,
    LANE_LABELS,
    Flow,
    FlowNode,
    Phase,
    build_flow,
    statusmeldingen_by_activity,
)
from assistant.export.layout import FONT_FAMILY, Box, Point, fmt, route, text_width, wrap
from assistant.export.textutil import ncname, one_line
from assistant.model import Lane, ProcessModel

SVG_NS = "http://www.w3.org/2000/svg"

# Sizes in px. The box text (16 px) and the smallest text (14 px) stay readable projected.
NAME_SIZE = 16
META_SIZE = 14
LABEL_SIZE = 18
TITLE_SIZE = 22
LINE_H = 20
BOX_W = 184
BOX_H = 116
PAD = 10
NAME_LINES = 4
GAP = 48
COL_W = BOX_W + GAP
LANE_PAD = 22
LANE_H = BOX_H + 2 * LANE_PAD
HEADER_W = 200
MARGIN = 16
TITLE_H = 70
BAND_H = 44

LANE_FILL = {
    Lane.KLANT: "#e3f0fb",
    Lane.FRONTOFFICE: "#e6f4e6",
    Lane.BACKOFFICE: "#fdf4dc",
    Lane.KETENPARTNER: "#f0e8f7",
    Lane.ONDERSTEUNEND: "#eeeeee",
}
LANE_STROKE = {
    Lane.KLANT: "#1f5f99",
    Lane.FRONTOFFICE: "#2e7d32",
    Lane.BACKOFFICE: "#9a6b00",
    Lane.KETENPARTNER: "#6a3d9a",
    Lane.ONDERSTEUNEND: "#555555",
}
TEXT = "#1a1a1a"
META_TEXT = "#3d3d3d"


@dataclass(frozen=True)
class Column:
    band: tuple[int, Phase]  # (service index or -1, phase)
    node: FlowNode | None


def _columns(flow: Flow) -> list[Column]:
    """One column per node, and one empty column for each phase without nodes."""
    services = max((n.service_index for n in flow.nodes), default=-1)
    services = max(services, len(flow.variant.services) - 1, 0)
    bands: list[tuple[int, Phase]] = [(-1, Phase.VOOR)]
    for index in range(services + 1):
        bands += [(index, Phase.INTAKE), (index, Phase.BEHANDELING), (index, Phase.LEVERING)]
    bands.append((-1, Phase.NA))
    columns: list[Column] = []
    for band in bands:
        members = [
            n
            for n in flow.nodes
            if (n.phase in (Phase.VOOR, Phase.NA) and band == (-1, n.phase))
            or (n.phase not in (Phase.VOOR, Phase.NA) and band == (n.service_index, n.phase))
        ]
        columns += [Column(band, n) for n in members] or [Column(band, None)]
    return columns


def _lanes(flow: Flow) -> list[Lane]:
    lanes = [Lane.KLANT, Lane.FRONTOFFICE, Lane.BACKOFFICE]
    if Lane.KETENPARTNER in flow.lanes_used():
        lanes.append(Lane.KETENPARTNER)
    return [*lanes, Lane.ONDERSTEUNEND]


class Canvas:
    def __init__(self, width: float, height: float, title: str) -> None:
        self.root = etree.Element(
            f"{{{SVG_NS}}}svg",
            nsmap={None: SVG_NS},
            width=fmt(width),
            height=fmt(height),
            viewBox=f"0 0 {fmt(width)} {fmt(height)}",
            role="img",
        )
        self.root.set("font-family", FONT_FAMILY)
        self.root.set("aria-label", title)
        etree.SubElement(self.root, f"{{{SVG_NS}}}title").text = title

    def el(self, parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
        node = etree.SubElement(parent, f"{{{SVG_NS}}}{tag}")
        for key, value in attrs.items():
            node.set(key.rstrip("_").replace("_", "-"), value)
        return node

    def group(self, cls: str, parent: etree._Element | None = None) -> etree._Element:
        return self.el(self.root if parent is None else parent, "g", class_=cls)

    def rect(self, parent: etree._Element, box: Box, **attrs: str) -> etree._Element:
        return self.el(
            parent, "rect", x=fmt(box.x), y=fmt(box.y), width=fmt(box.w), height=fmt(box.h), **attrs
        )

    def text(
        self,
        parent: etree._Element,
        x: float,
        y: float,
        value: str,
        size: int,
        *,
        anchor: str = "middle",
        bold: bool = False,
        fill: str = TEXT,
        cls: str = "",
    ) -> etree._Element:
        attrs = {
            "x": fmt(x),
            "y": fmt(y),
            "font_size": str(size),
            "text_anchor": anchor,
            "fill": fill,
        }
        if bold:
            attrs["font_weight"] = "bold"
        if cls:
            attrs["class_"] = cls
        node = self.el(parent, "text", **attrs)
        node.text = value
        return node


def _baseline(top: float, size: float) -> float:
    # DejaVu's ascent is 0.93 em: the first baseline sits that far below the line's top
    return top + 0.95 * size


def _draw_box(
    c: Canvas,
    parent: etree._Element,
    box: Box,
    node_id: str,
    name: str,
    meta: str,
    stroke: str,
    dashed: bool = False,
) -> None:
    g = c.group("node", parent)
    g.set("id", node_id)
    attrs = {"fill": "#ffffff", "stroke": stroke, "stroke_width": "2", "rx": "8", "class_": "box"}
    if dashed:
        attrs["stroke_dasharray"] = "6 4"
    c.rect(g, box, **attrs)
    inner = BOX_W - 2 * PAD
    lines = wrap(one_line(name) or "naamloos", inner, NAME_SIZE, NAME_LINES)
    # centre the name block in the space above the meta line
    top = box.y + PAD + (NAME_LINES - len(lines)) * LINE_H / 2
    for i, line in enumerate(lines):
        c.text(g, box.cx, _baseline(top + i * LINE_H, NAME_SIZE), line, NAME_SIZE)
    if meta:
        meta_line = wrap(meta, inner, META_SIZE, 1)
        if meta_line:
            y = box.bottom - PAD - 0.25 * META_SIZE
            c.text(g, box.cx, y, meta_line[0], META_SIZE, fill=META_TEXT, cls="meta")


def _meta(node: FlowNode) -> str:
    if node.step is not None:
        who = "klantstap" if node.step.actor.value == "klant" else ACTOR_LABELS[node.step.actor]
        parts = [who]
    else:
        parts = [KIND_LABELS[node.kind]]
    if node.channel is not None:
        parts.append(node.channel.value.replace("_", " "))
    return " · ".join(parts)


def render_svg(model: ProcessModel) -> bytes:
    flow = build_flow(model)
    columns = _columns(flow)
    lanes = _lanes(flow)
    multi = len(flow.variant.services) > 1
    bands_top = MARGIN + TITLE_H
    band_rows = 2 if multi else 1
    lanes_top = bands_top + band_rows * BAND_H
    left = MARGIN + HEADER_W
    width = left + len(columns) * COL_W + MARGIN
    height = lanes_top + len(lanes) * LANE_H + 48 + MARGIN
    lane_y = {lane: lanes_top + i * LANE_H for i, lane in enumerate(lanes)}

    journey = one_line(model.journey.name) or "Klantreis"
    variant = one_line(flow.variant.name)
    c = Canvas(width, height, f"Service blueprint: {journey} ({variant})")
    c.rect(c.root, Box(0, 0, width, height), fill="#ffffff")

    # title and subtitle
    head = c.group("title")
    title_w = width - 2 * MARGIN
    for line in wrap(f"Service blueprint: {journey}", title_w, TITLE_SIZE, 1, bold=True):
        c.text(head, MARGIN, MARGIN + 28, line, TITLE_SIZE, anchor="start", bold=True)
    services = ", ".join(one_line(s.name) for s in flow.variant.services if s.name)
    sub = f"Variant: {variant}" + (f" · Bedrijfsservice: {services}" if services else "")
    for line in wrap(sub, title_w, META_SIZE + 2, 1):
        c.text(head, MARGIN, MARGIN + 56, line, META_SIZE + 2, anchor="start", fill=META_TEXT)

    # swimlanes with their names in the header column
    lane_group = c.group("lanes")
    for lane in lanes:
        y = lane_y[lane]
        c.rect(lane_group, Box(MARGIN, y, width - 2 * MARGIN, LANE_H), fill=LANE_FILL[lane])
        c.rect(
            lane_group,
            Box(MARGIN, y, HEADER_W, LANE_H),
            fill=LANE_FILL[lane],
            stroke=LANE_STROKE[lane],
            stroke_width="1",
        )
        lines = wrap(LANE_LABELS[lane], HEADER_W - 2 * PAD, LABEL_SIZE, 2, bold=True)
        top = y + LANE_H / 2 - len(lines) * 24 / 2
        for i, line in enumerate(lines):
            c.text(
                lane_group,
                MARGIN + HEADER_W / 2,
                _baseline(top + i * 24, LABEL_SIZE),
                line,
                LABEL_SIZE,
                bold=True,
                fill=LANE_STROKE[lane],
            )

    # phase bands (and service bands above them when there are several services)
    band_group = c.group("phases")
    spans: list[tuple[tuple[int, Phase], int, int]] = []
    for i, col in enumerate(columns):
        if spans and spans[-1][0] == col.band:
            spans[-1] = (col.band, spans[-1][1], i)
        else:
            spans.append((col.band, i, i))
    phase_y = bands_top + (BAND_H if multi else 0)
    for band, first, last in spans:
        box = Box(left + first * COL_W, phase_y, (last - first + 1) * COL_W, BAND_H)
        c.rect(band_group, box, fill="#2b3a4a", stroke="#ffffff", stroke_width="2")
        for line in wrap(band[1].label, box.w - 2 * PAD, LABEL_SIZE, 1, bold=True):
            c.text(band_group, box.cx, box.y + 29, line, LABEL_SIZE, bold=True, fill="#ffffff")
        if band[1] is not Phase.VOOR:
            x = box.x
            c.el(
                band_group,
                "line",
                x1=fmt(x),
                y1=fmt(lanes_top),
                x2=fmt(x),
                y2=fmt(lanes_top + len(lanes) * LANE_H),
                stroke="#8a8a8a",
                stroke_width="1",
                stroke_dasharray="2 4",
            )
    if multi:
        for index, service in enumerate(flow.variant.services):
            cols = [i for i, col in enumerate(columns) if col.band[0] == index]
            box = Box(left + cols[0] * COL_W, bands_top, len(cols) * COL_W, BAND_H)
            c.rect(band_group, box, fill="#4a5d70", stroke="#ffffff", stroke_width="2")
            name = one_line(service.name) or f"Bedrijfsservice {index + 1}"
            for line in wrap(name, box.w - 2 * PAD, META_SIZE + 2, 1, bold=True):
                c.text(
                    band_group, box.cx, box.y + 28, line, META_SIZE + 2, bold=True, fill="#ffffff"
                )

    # line of interaction (klant | frontoffice) and line of visibility (front | back stage)
    line_group = c.group("blueprint-lines")
    for lane, label in (
        (Lane.FRONTOFFICE, "interactielijn"),
        (Lane.BACKOFFICE, "zichtbaarheidslijn"),
    ):
        y = lane_y[lane]
        c.el(
            line_group,
            "line",
            x1=fmt(MARGIN),
            y1=fmt(y),
            x2=fmt(width - MARGIN),
            y2=fmt(y),
            stroke="#b00020" if lane is Lane.BACKOFFICE else "#1f5f99",
            stroke_width="3",
            stroke_dasharray="10 6",
        )
        c.text(line_group, MARGIN + PAD, y + 20, label, META_SIZE, anchor="start", fill=META_TEXT)

    # boxes: flow nodes, then statusmeldingen in a free cell of the same column
    boxes: dict[str, Box] = {}
    column_of: dict[str, int] = {}
    for i, col in enumerate(columns):
        if col.node is not None:
            x = left + i * COL_W + GAP / 2
            boxes[col.node.id] = Box(x, lane_y[col.node.lane] + LANE_PAD, BOX_W, BOX_H)
            column_of[col.node.id] = i
    by_id = flow.by_id()
    status_boxes: list[tuple[str, Box, Box, str]] = []
    for after_id, names in statusmeldingen_by_activity(flow.variant).items():
        if after_id not in boxes:
            continue
        owner = boxes[after_id]
        lane = Lane.FRONTOFFICE if by_id[after_id].lane is Lane.KLANT else Lane.KLANT
        box = Box(owner.x, lane_y[lane] + LANE_PAD, BOX_W, BOX_H)
        status_boxes.append((after_id, owner, box, "; ".join(one_line(n) for n in names)))

    obstacles = [*boxes.values(), *(s[2] for s in status_boxes)]
    edge_group = c.group("edges")
    defs = c.el(c.root, "defs")
    c.root.insert(1, defs)  # right after <title>
    marker = c.el(
        defs,
        "marker",
        id="pijl",
        viewBox="0 0 10 10",
        refX="10",
        refY="5",
        markerWidth="8",
        markerHeight="8",
        orient="auto",
    )
    c.el(marker, "path", d="M0,0 L10,5 L0,10 z", fill="#333333")
    for a, b in flow.edges:
        points = route(boxes[a], boxes[b], obstacles, GAP, LANE_PAD / 2)
        c.el(
            edge_group,
            "polyline",
            points=_points(points),
            fill="none",
            stroke="#333333",
            stroke_width="2",
            marker_end="url(#pijl)",
            class_="flow",
        )
    for _, owner, box, _name in status_boxes:
        start, end = (
            (owner.top_mid, box.bottom_mid) if box.y < owner.y else (owner.bottom_mid, box.top_mid)
        )
        c.el(
            edge_group,
            "polyline",
            points=_points([start, end]),
            fill="none",
            stroke="#1f5f99",
            stroke_width="2",
            stroke_dasharray="4 4",
            marker_end="url(#pijl)",
            class_="status",
        )

    node_group = c.group("nodes")
    for node in flow.nodes:
        _draw_box(
            c,
            node_group,
            boxes[node.id],
            ncname("n-", node.id),
            node.name,
            _meta(node),
            LANE_STROKE[node.lane],
        )
    for after_id, _owner, box, label in status_boxes:
        _draw_box(
            c,
            node_group,
            box,
            ncname("s-", after_id),
            label,
            "statusmelding",
            "#1f5f99",
            dashed=True,
        )

    legend = (
        "Pijl: volgorde van de stappen · gestippeld kader: statusmelding aan de klant · "
        "boven de interactielijn de klant, onder de zichtbaarheidslijn de backstage"
    )
    for line in wrap(legend, width - 2 * MARGIN, META_SIZE, 1):
        c.text(
            c.root,
            MARGIN,
            height - MARGIN - 14,
            line,
            META_SIZE,
            anchor="start",
            fill=META_TEXT,
            cls="legend",
        )
    return etree.tostring(c.root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _points(points: list[Point]) -> str:
    return " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points)


register(Exporter("svg", ".svg", "image/svg+xml", "SVG (service blueprint)", render_svg))

__all__ = ["render_svg", "text_width"]
