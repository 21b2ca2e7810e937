"""ArchiMate 3.1 Open Exchange Format (Archi: File › Import › Open Exchange XML Model).

The active variant, modelled the way GEMMA's views "Klant-tot-klantproces - initieel /
- verbeterd / - services" do, with only relation types GEMMA's own model uses between
these element types:

- BusinessRole "Klant" (and a BusinessActor for the named customer, Assignment to it);
- per bedrijfsservice: BusinessService, realised (Realization) by the BusinessProcess
  behind it, serving (Serving) the Klant role; its deelservices are BusinessServices it
  aggregates (Aggregation), each realised by its deelproces, which the bedrijfsproces is
  composed of (Composition);
- journey steps and activities are BusinessProcesses in one Triggering chain (flow.py):
  Voorbereiden → Invullen aanvraagformulier → … → Intake → … → Leveren → Vervolg.
  Municipal activities are parts (Composition) of their deelproces or bedrijfsproces; the
  Klant role is assigned (Assignment) to the customer's own steps;
- a statusmelding is a BusinessEvent triggered by the activity it follows and associated
  with that activity's deelservice, as in GEMMA's "- services" view;
- documents are BusinessObjects the intake reads (Access, accessType Read);
- related processes trigger or follow the bedrijfsproces; supporting processes realise a
  deelservice that serves the bedrijfsprocessen.

Properties carry GEMMA reference ids, names and links and the model's own ids. One view
lays the chain out in lanes (layout.py) with the services and processes above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from assistant.export import Exporter, register
from assistant.export.flow import (
    ACTOR_LABELS,
    KIND_LABELS,
    LANE_LABELS,
    LANE_ORDER,
    Flow,
    build_flow,
)
from assistant.export.layout import Box, Point, route
from assistant.export.textutil import clean, ncname, one_line, short_hash
from assistant.model import (
    ActivityKind,
    Actor,
    Bedrijfsservice,
    GemmaReference,
    Lane,
    ProcessModel,
    RelationKind,
)

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = (
    "http://www.opengroup.org/xsd/archimate/3.0/ "
    "http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
)

# (key, name) of every property, in the order they are defined in the file
PROPERTIES = (
    ("gemma-id", "GEMMA-id"),
    ("gemma-naam", "GEMMA-naam"),
    ("gemma-soort", "GEMMA-soort"),
    ("gemma-url", "GEMMA-url"),
    ("klantreis-id", "Klantreis-id"),
    ("zwembaan", "Zwembaan"),
    ("soort", "Soort"),
    ("kanaal", "Kanaal"),
    ("uitvoerder", "Uitvoerder"),
    ("bedrijfsfunctie", "Bedrijfsfunctie"),
    ("aangeleverd-door", "Aangeleverd door"),
    ("bron", "Bron"),
    ("basisregistratie", "Basisregistratie"),
    ("hergebruikte-gegevens", "Hergebruikte gegevens"),
    ("interne-klant", "Interne klant"),
)

NODE_W, NODE_H = 120, 55
COL_W, ROW_H = 160, 90
MARGIN = 24


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


@dataclass
class Element:
    id: str
    type: str
    name: str
    doc: str = ""
    props: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Relation:
    id: str
    type: str
    source: str
    target: str
    access: str = ""
    in_view: bool = True


def gemma_props(ref: GemmaReference | None) -> list[tuple[str, str]]:
    if ref is None:
        return []
    props = [
        ("gemma-id", ref.element_id),
        ("gemma-naam", ref.name),
        ("gemma-soort", ref.kind.value),
    ]
    if ref.url:
        props.append(("gemma-url", ref.url))
    return [(k, v) for k, v in props if v]


class Builder:
    def __init__(self, model: ProcessModel) -> None:
        self.model = model
        self.flow: Flow = build_flow(model)
        self.elements: dict[str, Element] = {}
        self.relations: dict[str, Relation] = {}
        self.cells: dict[str, tuple[int, int]] = {}  # element id -> (column, row)

    def element(self, element: Element) -> str:
        self.elements.setdefault(element.id, element)
        return element.id

    def relate(
        self, kind: str, source: str, target: str, access: str = "", view: bool = True
    ) -> None:
        rid = f"id.r-{short_hash(kind, source, target)}"
        self.relations.setdefault(rid, Relation(rid, kind, source, target, access, view))

    # --- the model --------------------------------------------------------------------

    def build(self) -> None:
        m = self.model
        variant = self.flow.variant
        customer = m.journey.customer
        role = self.element(
            Element("id.rol-klant", "BusinessRole", "Klant", clean(customer.description))
        )
        top: list[str] = [role]
        processes_row: list[str] = []
        if one_line(customer.name):
            actor = self.element(
                Element(
                    "id.actor-klant",
                    "BusinessActor",
                    one_line(customer.name),
                    props=[("soort", customer.type.value)],
                )
            )
            self.relate("Assignment", actor, role)
            top.append(actor)

        service_process: dict[str, str] = {}
        activity_ids = {n.id: ncname("id-", n.id) for n in self.flow.nodes}
        for s in variant.services:
            _svc, proc = self._service(s, role, top, processes_row, activity_ids)
            service_process[s.id] = proc

        # journey steps and activities: one triggering chain, placed in lane rows
        for node in self.flow.nodes:
            eid = activity_ids[node.id]
            props = [("klantreis-id", node.id), ("soort", KIND_LABELS[node.kind])]
            if node.step is not None:
                props.append(("uitvoerder", ACTOR_LABELS[node.step.actor]))
                if node.step.actor is Actor.KLANT:
                    self.relate("Assignment", role, eid, view=False)
            else:
                props.append(("zwembaan", node.lane.value))
            if node.channel is not None:
                props.append(("kanaal", node.channel.value))
            if node.activity is not None:
                props += gemma_props(node.activity.gemma_reference)
            source = node.step or node.activity
            doc = clean(source.description) if source is not None else ""
            self.element(
                Element(eid, "BusinessProcess", one_line(node.name) or "naamloos", doc, props)
            )
        for a, b in self.flow.edges:
            self.relate("Triggering", activity_ids[a], activity_ids[b])

        main_process = service_process.get(variant.services[0].id) if variant.services else None
        for r in m.related_processes:
            own = service_process.get(r.service_id or "", main_process)
            if own is None:
                continue
            other = service_process.get(r.related_service_id or "")
            if other is None:
                other = self.element(
                    Element(
                        ncname("id-", r.id),
                        "BusinessProcess",
                        one_line(r.name) or "Gerelateerd proces",
                        clean(r.description),
                        [
                            ("klantreis-id", r.id),
                            ("hergebruikte-gegevens", "; ".join(r.reused_data)),
                        ],
                    )
                )
                processes_row.append(other)
            if other == own:
                continue
            if r.relation is RelationKind.VOORAFGAAND:
                self.relate("Triggering", other, own)
            elif r.relation is RelationKind.VOLGEND:
                self.relate("Triggering", own, other)
            else:
                self.relate("Association", own, other)

        for p in m.supporting_processes:
            sp = self.element(
                Element(
                    ncname("id-", p.id),
                    "BusinessProcess",
                    one_line(p.name) or "Ondersteunend proces",
                    clean(p.description),
                    [
                        ("klantreis-id", p.id),
                        ("soort", p.kind.value),
                        ("bedrijfsfunctie", p.bedrijfsfunctie),
                        ("interne-klant", p.internal_customer),
                        *gemma_props(p.gemma_reference),
                    ],
                )
            )
            ds = self.element(
                Element(
                    ncname("id.deelservice-", p.id),
                    "BusinessService",
                    one_line(p.deelservice) or f"Deelservice {one_line(p.name)}".strip(),
                    props=[("interne-klant", p.internal_customer)],
                )
            )
            processes_row.append(sp)
            top.append(ds)
            self.relate("Realization", sp, ds)
            served = [service_process[i] for i in p.serves_service_ids if i in service_process]
            for target in served or list(service_process.values()):
                self.relate("Serving", ds, target)

        self._place(top, processes_row)

    def _service(
        self,
        s: Bedrijfsservice,
        role: str,
        top: list[str],
        processes_row: list[str],
        activity_ids: dict[str, str],
    ) -> tuple[str, str]:
        svc = self.element(
            Element(
                ncname("id-", s.id),
                "BusinessService",
                one_line(s.name) or "Bedrijfsservice",
                clean(s.description),
                [("klantreis-id", s.id)],
            )
        )
        proc_name = one_line(s.process.name) or f"Bedrijfsproces {one_line(s.name)}".strip()
        proc = self.element(
            Element(
                ncname("id.proces-", s.id),
                "BusinessProcess",
                proc_name,
                props=[
                    *gemma_props(s.process.gemma_reference),
                    ("bedrijfsfunctie", s.process.bedrijfsfunctie),
                ],
            )
        )
        top.append(svc)
        processes_row.append(proc)
        self.relate("Realization", proc, svc)
        self.relate("Serving", svc, role)

        deelproces: dict[str, str] = {}
        for d in s.deelservices:
            ds = self.element(
                Element(
                    ncname("id-", d.id),
                    "BusinessService",
                    one_line(d.name) or "Deelservice",
                    props=[
                        ("klantreis-id", d.id),
                        ("soort", d.kind.value),
                        *gemma_props(d.gemma_reference),
                    ],
                )
            )
            top.append(ds)
            self.relate("Aggregation", svc, ds)
            if one_line(d.realised_by):
                dp = self.element(
                    Element(
                        ncname("id.deelproces-", d.id), "BusinessProcess", one_line(d.realised_by)
                    )
                )
                processes_row.append(dp)
                deelproces[d.id] = dp
                self.relate("Realization", dp, ds)
                self.relate("Composition", proc, dp)

        intake_reader = proc
        for act in s.activities:
            eid = activity_ids[act.id]
            if act.lane is Lane.KLANT:
                self.relate("Assignment", role, eid, view=False)
            else:
                parent = deelproces.get(act.deelservice_id or "", proc)
                self.relate("Composition", parent, eid, view=False)
            if act.kind is ActivityKind.INTAKE and intake_reader == proc:
                intake_reader = eid

        acts = {a.id: a for a in s.activities}
        deelservice_ids = {d.id for d in s.deelservices}
        for melding in s.statusmeldingen:
            event = self.element(
                Element(
                    ncname("id-", melding.id),
                    "BusinessEvent",
                    one_line(melding.name) or "Statusmelding",
                    props=[("klantreis-id", melding.id), ("soort", "statusmelding")]
                    + ([("kanaal", melding.channel.value)] if melding.channel else []),
                )
            )
            after = acts.get(melding.after_activity_id or "")
            if after is not None:
                self.relate("Triggering", activity_ids[after.id], event)
                self.cells[event] = (-1, -1)  # placed under its activity in _place
            owner = svc
            if after is not None and after.deelservice_id in deelservice_ids:
                owner = ncname("id-", after.deelservice_id or "")
            self.relate("Association", owner, event)

        for doc in s.intake.documents:
            obj = self.element(
                Element(
                    ncname("id-", doc.id),
                    "BusinessObject",
                    one_line(doc.name) or "Stuk",
                    props=[
                        ("klantreis-id", doc.id),
                        ("aangeleverd-door", ACTOR_LABELS[doc.provided_by]),
                        ("bron", doc.source),
                        ("basisregistratie", doc.basisregistratie),
                    ],
                )
            )
            self.relate("Access", intake_reader, obj, access="Read")
        return svc, proc

    # --- the view ---------------------------------------------------------------------

    def _place(self, top: list[str], processes_row: list[str]) -> None:
        """Rows: services and roles; processes; one row per lane for the chain;
        statusmeldingen; documents. Columns in flow order for the chain."""
        for col, eid in enumerate(dict.fromkeys(top)):
            self.cells[eid] = (col, 0)
        for col, eid in enumerate(dict.fromkeys(processes_row)):
            self.cells[eid] = (col, 1)
        lanes = [lane for lane in LANE_ORDER if lane in self.flow.lanes_used()]
        lane_row = {lane: 2 + i for i, lane in enumerate(lanes)}
        column: dict[str, int] = {}
        for col, node in enumerate(self.flow.nodes):
            eid = ncname("id-", node.id)
            self.cells[eid] = (col, lane_row[node.lane])
            column[eid] = col
        event_row = 2 + len(lanes)
        used_event_cols: set[int] = set()
        for rel in self.relations.values():
            if rel.type == "Triggering" and self.elements[rel.target].type == "BusinessEvent":
                col = column.get(rel.source, 0)
                while col in used_event_cols:
                    col += 1
                used_event_cols.add(col)
                self.cells[rel.target] = (col, event_row)
        doc_row = event_row + 1
        others = [e for e in self.elements if e not in self.cells or self.cells[e] == (-1, -1)]
        objects = [e for e in others if self.elements[e].type == "BusinessObject"]
        rest = [e for e in others if self.elements[e].type != "BusinessObject"]
        for col, eid in enumerate(objects):
            self.cells[eid] = (col, doc_row)
        for col, eid in enumerate(rest):
            self.cells[eid] = (col, doc_row + 1)

    def box(self, eid: str) -> Box:
        col, row = self.cells[eid]
        return Box(MARGIN + col * COL_W, MARGIN + row * ROW_H, NODE_W, NODE_H)

    # --- XML --------------------------------------------------------------------------

    def xml(self) -> bytes:
        self.build()
        m = self.model
        root = etree.Element(q("model"), nsmap={None: NS, "xsi": XSI})
        root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
        root.set("identifier", ncname("id.model-", m.metadata.id))
        journey = one_line(m.journey.name) or "Klantreis"
        self._text(root, "name", f"{journey} – {one_line(self.flow.variant.name)}")
        if clean(m.journey.customer_goal):
            self._text(root, "documentation", clean(m.journey.customer_goal))

        used_props = {k for e in self.elements.values() for k, v in e.props if one_line(v)}
        prop_ids = {k: f"propid-{k}" for k, _ in PROPERTIES}

        elements = etree.SubElement(root, q("elements"))
        for e in self.elements.values():
            el = etree.SubElement(elements, q("element"), identifier=e.id)
            el.set(f"{{{XSI}}}type", e.type)
            self._text(el, "name", e.name)
            if e.doc:
                self._text(el, "documentation", e.doc)
            self._props(el, e.props, prop_ids)

        relationships = etree.SubElement(root, q("relationships"))
        for r in self.relations.values():
            el = etree.SubElement(
                relationships, q("relationship"), identifier=r.id, source=r.source, target=r.target
            )
            el.set(f"{{{XSI}}}type", r.type)
            if r.access:
                el.set("accessType", r.access)

        if used_props:
            defs = etree.SubElement(root, q("propertyDefinitions"))
            for key, name in PROPERTIES:
                if key in used_props:
                    pd = etree.SubElement(
                        defs, q("propertyDefinition"), identifier=prop_ids[key], type="string"
                    )
                    self._text(pd, "name", name)

        views = etree.SubElement(root, q("views"))
        diagrams = etree.SubElement(views, q("diagrams"))
        view = etree.SubElement(diagrams, q("view"), identifier="id.view-klant-tot-klantproces")
        view.set(f"{{{XSI}}}type", "Diagram")
        self._text(view, "name", f"Klant-tot-klantproces – {one_line(self.flow.variant.name)}")
        node_ids: dict[str, str] = {}
        boxes = {eid: self.box(eid) for eid in self.elements}
        for eid in self.elements:
            b = boxes[eid]
            node_ids[eid] = "id.n-" + eid
            node = etree.SubElement(
                view,
                q("node"),
                identifier=node_ids[eid],
                elementRef=eid,
                x=str(int(b.x)),
                y=str(int(b.y)),
                w=str(int(b.w)),
                h=str(int(b.h)),
            )
            node.set(f"{{{XSI}}}type", "Element")
        chain = {ncname("id-", n.id) for n in self.flow.nodes}
        obstacles = [boxes[e] for e in chain]
        for r in self.relations.values():
            if not r.in_view:
                continue
            conn = etree.SubElement(
                view,
                q("connection"),
                identifier="id.c-" + r.id.removeprefix("id.r-"),
                relationshipRef=r.id,
                source=node_ids[r.source],
                target=node_ids[r.target],
            )
            conn.set(f"{{{XSI}}}type", "Relationship")
            if r.source in chain and r.target in chain:
                src, dst = boxes[r.source], boxes[r.target]
                if dst.x > src.right:
                    for x, y in _bends(route(src, dst, obstacles, COL_W - NODE_W, 12)):
                        etree.SubElement(conn, q("bendpoint"), x=str(int(x)), y=str(int(y)))
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    @staticmethod
    def _text(parent: etree._Element, tag: str, value: str) -> None:
        el = etree.SubElement(parent, q(tag))
        el.set(XML_LANG, "nl")
        el.text = value

    def _props(
        self, parent: etree._Element, props: list[tuple[str, str]], prop_ids: dict[str, str]
    ) -> None:
        values = [(k, one_line(v)) for k, v in props if one_line(v)]
        if not values:
            return
        container = etree.SubElement(parent, q("properties"))
        for key, value in values:
            prop = etree.SubElement(container, q("property"), propertyDefinitionRef=prop_ids[key])
            self._text(prop, "value", value)


def _bends(points: list[Point]) -> list[Point]:
    # Archi draws from the node's edge itself; only the inner corners are bendpoints
    return points[1:-1]


def render_archimate(model: ProcessModel) -> bytes:
    return Builder(model).xml()


register(
    Exporter(
        "archimate",
        ".archimate.xml",
        "application/xml",
        "ArchiMate 3.1 (Open Exchange, Archi)",
        render_archimate,
    )
)

__all__ = ["LANE_LABELS", "render_archimate"]
