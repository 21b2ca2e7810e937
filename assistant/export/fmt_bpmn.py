"""BPMN 2.0: a collaboration of two pools, the customer ("Klant") and the municipality
("Gemeente", with lanes frontoffice / backoffice / ketenpartner / ondersteunend as used),
with full diagram interchange (DI) so bpmn.io and Camunda Modeler show the lanes as laid
out here.

Mapping of the derived flow (flow.py):
- a node in lane klant (journey steps and customer activities) goes into the Klant pool,
  every other activity into the Gemeente pool, in its lane;
- within a pool, sequence flows follow the flow *projected* onto that pool: a node is
  followed by the nearest nodes of the same pool downstream (so the customer's
  "Indienen aanvraag" is followed by "Vervolg" while the municipality works);
- where the flow crosses between the pools there is a message flow; the one that starts
  the municipality's work ends on its (message) start event;
- each pool has one start and one end event; statusmeldingen are message flows from the
  activity they follow to the Klant pool.

Layout: one column per flow node or event, in order; one row per lane (layout.py).
Every flow node has a shape, every flow an edge whose first and last waypoint lie on the
borders of its source and target shapes; these are the faults bpmn.io refuses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from assistant import __version__
from assistant.export import Exporter, register
from assistant.export.flow import (
    KIND_LABELS,
    LANE_LABELS,
    Flow,
    FlowNode,
    build_flow,
    split_at_levering,
)
from assistant.export.layout import Box, Point, fmt, route
from assistant.export.textutil import clean, ncname, one_line, short_hash
from assistant.model import ActivityKind, Lane, ProcessModel

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
NSMAP = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI}

KLANT, GEMEENTE = "Klant", "Gemeente"
POOL_LABEL_W = 30
LANE_LABEL_W = 30
ROW_H = 140
POOL_GAP = 40
TASK_W, TASK_H = 120, 80
EVENT = 36
TASK_COL = 160
EVENT_COL = 80
GAP = 40
GUTTER = 14
CELLS_X = POOL_LABEL_W + LANE_LABEL_W + 20
MUNICIPAL_LANES = (Lane.FRONTOFFICE, Lane.BACKOFFICE, Lane.KETENPARTNER, Lane.ONDERSTEUNEND)


def q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


@dataclass
class Node:
    id: str
    tag: str
    name: str
    pool: str
    lane: Lane | None
    flow_node: FlowNode | None = None
    doc: str = ""
    incoming: list[str] = field(default_factory=list)
    outgoing: list[str] = field(default_factory=list)
    message_start: bool = False

    @property
    def is_event(self) -> bool:
        return self.tag.endswith("Event")


@dataclass(frozen=True)
class Connection:
    id: str
    source: str  # node id or participant id
    target: str
    name: str = ""


def _pool(node: FlowNode) -> str:
    return KLANT if node.lane is Lane.KLANT else GEMEENTE


def _projected(flow: Flow, forward: bool) -> dict[str, list[str]]:
    """Per node, the nearest nodes of the same pool along the flow (forward or back)."""
    graph = flow.successors() if forward else flow.predecessors()
    by_id = flow.by_id()
    out: dict[str, list[str]] = {}
    for node in flow.nodes:
        pool = _pool(node)
        found: list[str] = []
        seen: set[str] = set()
        stack = list(reversed(graph[node.id]))
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            if _pool(by_id[current]) == pool:
                found.append(current)
            else:
                stack.extend(reversed(graph[current]))
        out[node.id] = found
    return out


def _doc(node: FlowNode) -> str:
    parts = [f"Soort: {KIND_LABELS[node.kind]}"]
    if node.step is not None:
        parts.append(f"Uitvoerder: {node.step.actor.value}")
    if node.channel is not None:
        parts.append(f"Kanaal: {node.channel.value}")
    act = node.activity
    if act is not None and node.service is not None:
        deelservices = {d.id: d.name for d in node.service.deelservices}
        if act.deelservice_id in deelservices:
            parts.append(f"Deelservice: {one_line(deelservices[act.deelservice_id or ''])}")
        if act.gemma_reference is not None:
            ref = act.gemma_reference
            parts.append(f"GEMMA: {one_line(ref.name)} {one_line(ref.element_id)}".rstrip())
    source = node.step or node.activity
    description = source.description if source is not None else ""
    text = "; ".join(parts)
    return f"{clean(description)}\n{text}" if description else text


class Builder:
    def __init__(self, model: ProcessModel) -> None:
        self.model = model
        self.flow = build_flow(model)
        self.nodes: dict[str, Node] = {}
        self.order: list[str] = []  # column order of node ids
        self.sequence: list[Connection] = []
        self.messages: list[Connection] = []
        self.pools_used = {_pool(n) for n in self.flow.nodes}

    # --- semantics --------------------------------------------------------------------

    def build(self) -> None:
        flow = self.flow
        succ = _projected(flow, forward=True)
        pred = _projected(flow, forward=False)
        ids = {n.id: self._task_id(n) for n in flow.nodes}
        for n in flow.nodes:
            tag = "task"
            if n.lane in (Lane.FRONTOFFICE, Lane.BACKOFFICE):
                tag = "userTask"  # work done by municipal staff
            self.nodes[ids[n.id]] = Node(
                ids[n.id], tag, one_line(n.name), _pool(n), n.lane, n, _doc(n)
            )

        starts: dict[str, Node] = {}
        ends: dict[str, Node] = {}
        for pool in (KLANT, GEMEENTE):
            members = [n for n in flow.nodes if _pool(n) == pool]
            if not members and pool != GEMEENTE:
                continue
            first_lane = members[0].lane if members else None
            last_lane = members[-1].lane if members else None
            if pool == GEMEENTE and first_lane is None:
                first_lane = last_lane = Lane.FRONTOFFICE
            starts[pool] = Node(
                f"StartEvent_{pool}", "startEvent", self._start_name(pool), pool, first_lane
            )
            ends[pool] = Node(f"EndEvent_{pool}", "endEvent", self._end_name(pool), pool, last_lane)
            self.nodes[starts[pool].id] = starts[pool]
            self.nodes[ends[pool].id] = ends[pool]
            if not members:
                self._seq(starts[pool].id, ends[pool].id)
                continue
            for n in members:
                if not pred[n.id]:
                    self._seq(starts[pool].id, ids[n.id])
                for m in succ[n.id]:
                    self._seq(ids[n.id], ids[m])
                if not succ[n.id]:
                    self._seq(ids[n.id], ends[pool].id)

        # column order: each pool's start right before its first node, its end right after
        # its last node; so every arrow points to the right
        firsts = {
            pool: next((n.id for n in flow.nodes if _pool(n) == pool), None) for pool in starts
        }
        lasts = {
            pool: next((n.id for n in reversed(flow.nodes) if _pool(n) == pool), None)
            for pool in ends
        }
        for pool, first in firsts.items():
            if first is None:
                self.order.append(starts[pool].id)
        for n in flow.nodes:
            for pool, first in firsts.items():
                if first == n.id:
                    self.order.append(starts[pool].id)
            self.order.append(ids[n.id])
            for pool, last in lasts.items():
                if last == n.id:
                    self.order.append(ends[pool].id)
        for pool, last in lasts.items():
            if last is None:
                self.order.append(ends[pool].id)

        # message flows where the flow crosses the pool boundary
        gemeente_first = firsts.get(GEMEENTE)
        for a, b in flow.edges:
            pa, pb = _pool(flow.by_id()[a]), _pool(flow.by_id()[b])
            if pa == pb:
                continue
            target = ids[b]
            if b == gemeente_first and pa == KLANT and not pred[b]:
                target = starts[GEMEENTE].id
                starts[GEMEENTE].message_start = True
            self._msg(ids[a], target, self._message_name(flow.by_id()[a], flow.by_id()[b]))
        if KLANT not in self.pools_used:
            # the customer is a black box: the request comes from it and the result goes to it
            start = starts[GEMEENTE]
            start.message_start = True
            service = self.model.service
            self._msg("Participant_Klant", start.id, one_line(service.aanleiding.description))
            deliverer = self._deliverer()
            if deliverer is not None:
                self._msg(ids[deliverer], "Participant_Klant", one_line(service.levering.result))
        for service in flow.variant.services:
            for melding in service.statusmeldingen:
                after = melding.after_activity_id
                if after in ids and _pool(flow.by_id()[after]) == GEMEENTE:
                    self._msg(ids[after], "Participant_Klant", one_line(melding.name))

    def _deliverer(self) -> str | None:
        last: str | None = None
        for service in self.flow.variant.services:
            main, _ = split_at_levering(service.activities)
            for act in main:
                if act.lane is not Lane.KLANT:
                    last = act.id
        return last

    def _task_id(self, node: FlowNode) -> str:
        return ncname("Step_" if node.is_step else "Activity_", node.id)

    def _start_name(self, pool: str) -> str:
        if pool == KLANT:
            return one_line(self.model.journey.customer_goal) or "Klantreis begint"
        return one_line(self.model.service.aanleiding.description) or "Aanleiding"

    def _end_name(self, pool: str) -> str:
        if pool == KLANT:
            return "Doel bereikt"
        return one_line(self.model.service.levering.result) or "Geleverd"

    def _message_name(self, a: FlowNode, b: FlowNode) -> str:
        if _pool(a) == KLANT and b.service is not None:
            return one_line(b.service.aanleiding.description)
        if a.activity is not None and a.activity.kind is ActivityKind.LEVERING and a.service:
            return one_line(a.service.levering.result)
        return ""

    def _seq(self, a: str, b: str) -> None:
        conn = Connection(f"Flow_{short_hash(a, b)}", a, b)
        if any(c.id == conn.id for c in self.sequence):
            return
        self.sequence.append(conn)
        self.nodes[a].outgoing.append(conn.id)
        self.nodes[b].incoming.append(conn.id)

    def _msg(self, a: str, b: str, name: str) -> None:
        conn = Connection(f"MessageFlow_{short_hash(a, b, name)}", a, b, name)
        if all(c.id != conn.id for c in self.messages):
            self.messages.append(conn)

    # --- layout -----------------------------------------------------------------------

    def lanes(self) -> list[Lane]:
        used = {n.lane for n in self.nodes.values() if n.pool == GEMEENTE}
        return [lane for lane in MUNICIPAL_LANES if lane in used] or [Lane.FRONTOFFICE]

    def layout(self) -> tuple[dict[str, Box], dict[str, Box], Box, Box]:
        """Bounds of every node and lane, and of the two pools."""
        lanes = self.lanes()
        klant_h = ROW_H if KLANT in self.pools_used else ROW_H // 2
        klant_y = 0
        gem_y = klant_h + POOL_GAP
        lane_y = {lane: gem_y + i * ROW_H for i, lane in enumerate(lanes)}
        boxes: dict[str, Box] = {}
        x = float(CELLS_X)
        for node_id in self.order:
            node = self.nodes[node_id]
            col_w = EVENT_COL if node.is_event else TASK_COL
            w, h = (EVENT, EVENT) if node.is_event else (TASK_W, TASK_H)
            row_y = klant_y if node.pool == KLANT else lane_y[node.lane or lanes[0]]
            boxes[node_id] = Box(x + (col_w - w) / 2, row_y + (ROW_H - h) / 2, w, h)
            x += col_w
        width = x + 20
        klant = Box(0, klant_y, width, klant_h)
        gemeente = Box(0, gem_y, width, ROW_H * len(lanes))
        lane_boxes = {
            lane.value: Box(POOL_LABEL_W, lane_y[lane], width - POOL_LABEL_W, ROW_H)
            for lane in lanes
        }
        return boxes, lane_boxes, klant, gemeente

    # --- XML --------------------------------------------------------------------------

    def xml(self) -> bytes:
        self.build()
        boxes, lane_boxes, klant_box, gem_box = self.layout()
        model = self.model
        root = etree.Element(q(BPMN, "definitions"), nsmap=NSMAP)
        root.set("id", ncname("Definitions_", model.metadata.id))
        root.set("name", one_line(model.journey.name) or "Klantreis")
        root.set("targetNamespace", "https://klantreis-assistent.nl/bpmn")
        root.set("exporter", "Klantreis-assistent")
        root.set("exporterVersion", __version__)

        collab = etree.SubElement(root, q(BPMN, "collaboration"), id="Collaboration_Klantreis")
        customer = one_line(model.journey.customer.name)
        p_klant = etree.SubElement(collab, q(BPMN, "participant"), id="Participant_Klant")
        p_klant.set("name", f"Klant: {customer}" if customer else "Klant")
        if KLANT in self.pools_used:
            p_klant.set("processRef", "Process_Klant")
        p_gem = etree.SubElement(collab, q(BPMN, "participant"), id="Participant_Gemeente")
        service_name = one_line(model.service.name)
        p_gem.set("name", f"Gemeente: {service_name}" if service_name else "Gemeente")
        p_gem.set("processRef", "Process_Gemeente")
        for m in self.messages:
            el = etree.SubElement(collab, q(BPMN, "messageFlow"), id=m.id)
            if m.name:
                el.set("name", m.name)
            el.set("sourceRef", m.source)
            el.set("targetRef", m.target)

        for pool in (KLANT, GEMEENTE):
            if pool == KLANT and KLANT not in self.pools_used:
                continue
            self._process(root, pool)

        diagram = etree.SubElement(root, q(BPMNDI, "BPMNDiagram"), id="BPMNDiagram_Klantreis")
        diagram.set("name", one_line(self.flow.variant.name) or "Klantreis")
        plane = etree.SubElement(diagram, q(BPMNDI, "BPMNPlane"), id="BPMNPlane_Klantreis")
        plane.set("bpmnElement", "Collaboration_Klantreis")
        shapes = {"Participant_Klant": klant_box, "Participant_Gemeente": gem_box}
        for pid, box in shapes.items():
            self._shape(plane, pid, box, horizontal=True)
        for lane, box in lane_boxes.items():
            self._shape(plane, f"Lane_{lane}", box, horizontal=True)
        for node_id in self.order:
            self._shape(plane, node_id, boxes[node_id])

        obstacles = list(boxes.values())
        for s in self.sequence:
            points = route(boxes[s.source], boxes[s.target], obstacles, GAP, GUTTER)
            self._edge(plane, s.id, points)
        between = klant_box.bottom + POOL_GAP / 2
        for m in self.messages:
            self._edge(plane, m.id, self._message_points(m, boxes, klant_box, between))
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def _message_points(
        self, m: Connection, boxes: dict[str, Box], klant_box: Box, between: float
    ) -> list[Point]:
        if m.target == "Participant_Klant":
            src = boxes[m.source]
            return [src.top_mid, (src.cx, klant_box.bottom)]
        if m.source == "Participant_Klant":
            dst = boxes[m.target]
            return [(dst.cx, klant_box.bottom), dst.top_mid]
        src, dst = boxes[m.source], boxes[m.target]
        down = src.cy < dst.cy
        start = src.bottom_mid if down else src.top_mid
        end = dst.top_mid if down else dst.bottom_mid
        if abs(src.cx - dst.cx) < 0.5:
            return [start, end]
        return [start, (src.cx, between), (dst.cx, between), end]

    def _process(self, root: etree._Element, pool: str) -> None:
        proc = etree.SubElement(root, q(BPMN, "process"), id=f"Process_{pool}")
        proc.set(
            "name",
            KLANT if pool == KLANT else one_line(self.model.service.process.name) or GEMEENTE,
        )
        proc.set("isExecutable", "false")
        members = [self.nodes[i] for i in self.order if self.nodes[i].pool == pool]
        if pool == GEMEENTE:
            lane_set = etree.SubElement(proc, q(BPMN, "laneSet"), id="LaneSet_Gemeente")
            for lane in self.lanes():
                el = etree.SubElement(lane_set, q(BPMN, "lane"), id=f"Lane_{lane.value}")
                el.set("name", LANE_LABELS[lane])
                for node in members:
                    if (node.lane or self.lanes()[0]) is lane:
                        etree.SubElement(el, q(BPMN, "flowNodeRef")).text = node.id
        for node in members:
            el = etree.SubElement(proc, q(BPMN, node.tag), id=node.id)
            if node.name:
                el.set("name", node.name)
            if node.doc:
                etree.SubElement(el, q(BPMN, "documentation")).text = node.doc
            for ref in node.incoming:
                etree.SubElement(el, q(BPMN, "incoming")).text = ref
            for ref in node.outgoing:
                etree.SubElement(el, q(BPMN, "outgoing")).text = ref
            if node.message_start:
                etree.SubElement(el, q(BPMN, "messageEventDefinition"), id=f"{node.id}_Message")
        for s in self.sequence:
            if self.nodes[s.source].pool == pool:
                etree.SubElement(
                    proc, q(BPMN, "sequenceFlow"), id=s.id, sourceRef=s.source, targetRef=s.target
                )

    @staticmethod
    def _shape(plane: etree._Element, element: str, box: Box, horizontal: bool = False) -> None:
        shape = etree.SubElement(plane, q(BPMNDI, "BPMNShape"), id=f"DI_{element}")
        shape.set("bpmnElement", element)
        if horizontal:
            shape.set("isHorizontal", "true")
        etree.SubElement(
            shape,
            q(DC, "Bounds"),
            x=fmt(box.x),
            y=fmt(box.y),
            width=fmt(box.w),
            height=fmt(box.h),
        )

    @staticmethod
    def _edge(plane: etree._Element, element: str, points: list[Point]) -> None:
        edge = etree.SubElement(plane, q(BPMNDI, "BPMNEdge"), id=f"DI_{element}")
        edge.set("bpmnElement", element)
        for x, y in points:
            etree.SubElement(edge, q(DI, "waypoint"), x=fmt(x), y=fmt(y))


def render_bpmn(model: ProcessModel) -> bytes:
    return Builder(model).xml()


register(Exporter("bpmn", ".bpmn", "application/xml", "BPMN 2.0 (bpmn.io, Camunda)", render_bpmn))
