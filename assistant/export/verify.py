"""Checks on exported files, shared by the tests and ``klantreis eval exports``.

Each function takes the exported bytes and returns a list of Dutch problem descriptions
(empty = fine). XSD validation needs the official schemas, which live beside the
repository (``../shared/schemas``); they are loaded once per ``Schemas`` object.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from lxml import etree

from assistant.export.layout import Box, text_width

ARCHIMATE_NS = "http://www.opengroup.org/xsd/archimate/3.0/"
DC_NS = "http://purl.org/dc/elements/1.1/"
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_BPMN_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"
SVG_NS = "http://www.w3.org/2000/svg"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
NCNAME = re.compile(r"^[A-Za-z_][\w.\-]*$")

MIN_FONT_PX = 14.0


def safe_parse(data: bytes) -> etree._Element:
    """Parse without entity expansion or network access (exports are untrusted input here)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    return etree.fromstring(data, parser)


# --- XSD --------------------------------------------------------------------------------


class _Offline(etree.Resolver):
    def __init__(self, local: dict[str, Path]) -> None:
        super().__init__()
        self.local = local

    def resolve(self, url: str | None, pubid: str | None, context: Any) -> Any:
        if url in self.local:
            return self.resolve_filename(str(self.local[url]), context)
        return None


@dataclass
class Schemas:
    bpmn: etree.XMLSchema
    archimate: etree.XMLSchema

    @classmethod
    def load(cls, schemas_dir: Path) -> Schemas:
        """The BPMN 2.0 and ArchiMate 3.1 (Diagram + Dublin Core) schemas, offline."""
        am = schemas_dir / "archimate"
        xml_xsd = am / "xml.xsd"
        parser = etree.XMLParser(no_network=True)
        parser.resolvers.add(
            _Offline(
                {
                    "http://www.w3.org/2001/xml.xsd": xml_xsd,
                    "http://www.w3.org/2001/03/xml.xsd": xml_xsd,
                }
            )
        )
        bpmn = etree.XMLSchema(etree.parse(str(schemas_dir / "bpmn" / "BPMN20.xsd"), parser))
        driver = etree.XML(
            '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
            f'<xs:import namespace="{ARCHIMATE_NS}" schemaLocation="archimate3_Diagram.xsd"/>'
            f'<xs:import namespace="{DC_NS}" schemaLocation="dc.xsd"/>'
            "</xs:schema>",
            parser,
            base_url=(am / "driver.xsd").resolve().as_uri(),
        )
        return cls(bpmn=bpmn, archimate=etree.XMLSchema(driver))

    def problems(self, fmt: str, data: bytes) -> list[str]:
        schema = {"bpmn": self.bpmn, "archimate": self.archimate}[fmt]
        try:
            doc = safe_parse(data)
        except etree.XMLSyntaxError as exc:
            return [f"geen goedgevormde XML: {exc}"]
        if schema.validate(doc):
            return []
        return [f"XSD: {e.message} (regel {e.line})" for e in list(schema.error_log)[:10]]


# --- BPMN -------------------------------------------------------------------------------

_FLOW_NODES = {
    "startEvent",
    "endEvent",
    "intermediateCatchEvent",
    "intermediateThrowEvent",
    "boundaryEvent",
    "task",
    "userTask",
    "manualTask",
    "serviceTask",
    "sendTask",
    "receiveTask",
    "scriptTask",
    "businessRuleTask",
    "subProcess",
    "callActivity",
    "exclusiveGateway",
    "parallelGateway",
    "inclusiveGateway",
    "eventBasedGateway",
    "complexGateway",
}


def _bounds(shape: etree._Element) -> Box:
    b = shape.find(f"{{{DC_BPMN_NS}}}Bounds")
    assert b is not None
    return Box(*(float(b.get(k, "0")) for k in ("x", "y", "width", "height")))


def bpmn_problems(data: bytes) -> list[str]:
    """The faults bpmn.io refuses or shows wrongly: missing DI, lanes pointing outside
    their process, ids that are no NCName, edges not attached to their shapes."""
    root = safe_parse(data)
    problems: list[str] = []
    ids = [el.get("id") for el in root.iter() if isinstance(el.tag, str) and el.get("id")]
    for i in ids:
        if i is None or not NCNAME.match(i):
            problems.append(f"id '{i}' is geen NCName")
    if len(ids) != len(set(ids)):
        problems.append("ids zijn niet uniek")
    shapes = {s.get("bpmnElement"): s for s in root.iter(f"{{{BPMNDI_NS}}}BPMNShape")}
    edges = {e.get("bpmnElement"): e for e in root.iter(f"{{{BPMNDI_NS}}}BPMNEdge")}
    node_process: dict[str, str] = {}
    for proc in root.iter(f"{{{BPMN_NS}}}process"):
        for el in proc:
            local = etree.QName(el).localname
            if local in _FLOW_NODES:
                node_process[el.get("id", "")] = proc.get("id", "")
                if el.get("id") not in shapes:
                    problems.append(f"{local} {el.get('id')} heeft geen BPMNShape")
        for lane in proc.iter(f"{{{BPMN_NS}}}lane"):
            shape = shapes.get(lane.get("id"))
            if shape is None or shape.get("isHorizontal") != "true":
                problems.append(f"lane {lane.get('id')} heeft geen horizontale BPMNShape")
            for ref in lane.iter(f"{{{BPMN_NS}}}flowNodeRef"):
                if node_process.get(ref.text or "") != proc.get("id"):
                    problems.append(
                        f"lane {lane.get('id')} verwijst naar {ref.text} buiten het proces"
                    )
    for part in root.iter(f"{{{BPMN_NS}}}participant"):
        shape = shapes.get(part.get("id"))
        if shape is None or shape.get("isHorizontal") != "true":
            problems.append(f"participant {part.get('id')} heeft geen horizontale BPMNShape")
    flows = [*root.iter(f"{{{BPMN_NS}}}sequenceFlow"), *root.iter(f"{{{BPMN_NS}}}messageFlow")]
    for flow in flows:
        fid, src, dst = flow.get("id"), flow.get("sourceRef"), flow.get("targetRef")
        local = etree.QName(flow).localname
        if local == "sequenceFlow" and node_process.get(src or "") != node_process.get(dst or ""):
            problems.append(f"sequenceFlow {fid} verbindt twee processen")
        edge = edges.get(fid)
        if edge is None:
            problems.append(f"{local} {fid} heeft geen BPMNEdge")
            continue
        points = [
            (float(p.get("x", "0")), float(p.get("y", "0")))
            for p in edge.iter(f"{{{DI_NS}}}waypoint")
        ]
        if len(points) < 2:
            problems.append(f"{local} {fid} heeft minder dan twee waypoints")
            continue
        for end, ref in ((points[0], src), (points[-1], dst)):
            shape = shapes.get(ref)
            if shape is None:
                problems.append(f"{local} {fid}: {ref} heeft geen shape")
            elif not _bounds(shape).on_border(end, tolerance=1.0):
                problems.append(f"{local} {fid}: waypoint {end} ligt niet op de rand van {ref}")
    return problems


# --- ArchiMate --------------------------------------------------------------------------

# (relation, source type, target type) as GEMMA's own model uses them, all allowed in the
# ArchiMate 3.1 relationship table.
ALLOWED_RELATIONS = {
    ("Assignment", "BusinessActor", "BusinessRole"),
    ("Assignment", "BusinessRole", "BusinessProcess"),
    ("Serving", "BusinessService", "BusinessRole"),
    ("Serving", "BusinessService", "BusinessProcess"),
    ("Realization", "BusinessProcess", "BusinessService"),
    ("Aggregation", "BusinessService", "BusinessService"),
    ("Composition", "BusinessProcess", "BusinessProcess"),
    ("Triggering", "BusinessProcess", "BusinessProcess"),
    ("Triggering", "BusinessProcess", "BusinessEvent"),
    ("Association", "BusinessService", "BusinessEvent"),
    ("Association", "BusinessProcess", "BusinessProcess"),
    ("Access", "BusinessProcess", "BusinessObject"),
}


def archimate_problems(data: bytes) -> list[str]:
    """What Archi's importer needs beyond the XSD: resolvable, type-correct references."""
    root = safe_parse(data)
    ns = {"a": ARCHIMATE_NS}
    problems: list[str] = []
    ids = [el.get("identifier") for el in root.iter() if isinstance(el.tag, str)]
    ids = [i for i in ids if i is not None]
    if len(ids) != len(set(ids)):
        problems.append("identifiers zijn niet uniek")
    for i in ids:
        if not NCNAME.match(i):
            problems.append(f"identifier '{i}' is geen xs:ID")
    types = {
        e.get("identifier"): e.get(XSI_TYPE) for e in root.iterfind("a:elements/a:element", ns)
    }
    rels = {}
    for r in root.iterfind("a:relationships/a:relationship", ns):
        rid, kind = r.get("identifier"), r.get(XSI_TYPE)
        src, dst = r.get("source"), r.get("target")
        rels[rid] = (src, dst)
        if src not in types or dst not in types:
            problems.append(f"relatie {rid} verwijst naar een onbekend element")
        elif (kind, types[src], types[dst]) not in ALLOWED_RELATIONS:
            problems.append(f"relatie {rid}: {kind} van {types[src]} naar {types[dst]}")
    for view in root.iterfind("a:views/a:diagrams/a:view", ns):
        nodes = {}
        for node in view.iter(f"{{{ARCHIMATE_NS}}}node"):
            ref = node.get("elementRef")
            if ref not in types:
                problems.append(f"knoop {node.get('identifier')} verwijst naar onbekend {ref}")
            nodes[node.get("identifier")] = ref
        for conn in view.iter(f"{{{ARCHIMATE_NS}}}connection"):
            rel = rels.get(conn.get("relationshipRef"))
            ends = (nodes.get(conn.get("source")), nodes.get(conn.get("target")))
            if rel is None or ends != rel:
                problems.append(f"verbinding {conn.get('identifier')} past niet bij haar relatie")
    return problems


def triggering_chains(data: bytes) -> list[list[str]]:
    """Names along the Triggering relations between BusinessProcesses, from each start."""
    root = safe_parse(data)
    ns = {"a": ARCHIMATE_NS}
    names = {
        e.get("identifier"): e.findtext("a:name", namespaces=ns)
        for e in root.iterfind("a:elements/a:element", ns)
        if e.get(XSI_TYPE) == "BusinessProcess"
    }
    succ: dict[str, list[str]] = {}
    targets: set[str] = set()
    for r in root.iterfind("a:relationships/a:relationship", ns):
        src, dst = r.get("source") or "", r.get("target") or ""
        if r.get(XSI_TYPE) == "Triggering" and src in names and dst in names:
            succ.setdefault(src, []).append(dst)
            targets.add(dst)
    chains = []
    for start in (n for n in names if n in succ and n not in targets):
        chain, current = [start], start
        while succ.get(current):
            current = succ[current][0]
            chain.append(current)
        chains.append([names[i] or "" for i in chain])
    return chains


# --- SVG --------------------------------------------------------------------------------


def _svg(tag: str) -> str:
    return f"{{{SVG_NS}}}{tag}"


def _text_extent(text: etree._Element) -> Box:
    size = float(text.get("font-size", "16"))
    bold = text.get("font-weight") == "bold"
    width = text_width(text.text or "", size, bold)
    x, y = float(text.get("x", "0")), float(text.get("y", "0"))
    anchor = text.get("text-anchor", "start")
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    # DejaVu: ascent 0.93 em, descent 0.24 em
    return Box(left, y - 0.93 * size, width, 1.17 * size)


def _rect(el: etree._Element) -> Box:
    return Box(*(float(el.get(k, "0")) for k in ("x", "y", "width", "height")))


def svg_problems(data: bytes) -> list[str]:
    """Self-containedness and the layout rules: no overlapping boxes, every text line of a
    box inside it, no other text over a box, all text at least 14 px, all inside the
    picture."""
    root = safe_parse(data)
    problems: list[str] = []
    if root.tag != _svg("svg"):
        return ["geen <svg>-wortel"]
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        local = etree.QName(el).localname
        if local in ("script", "foreignObject", "image", "use", "iframe", "style"):
            problems.append(f"element <{local}> is niet toegestaan")
        for name, value in el.attrib.items():
            lname = etree.QName(name).localname
            if lname.startswith("on"):
                problems.append(f"attribuut {lname} (script) op <{local}>")
            if lname == "href" and not value.startswith("#"):
                problems.append(f"externe verwijzing {value}")
            if "url(" in value and not re.fullmatch(r"url\(#[\w.\-]+\)", value.strip()):
                problems.append(f"externe url in {lname}")
    view = root.get("viewBox", "0 0 0 0").split()
    canvas = Box(0, 0, float(view[2]), float(view[3]))
    boxes: list[tuple[str, Box]] = []
    for node in root.iter(_svg("g")):
        if node.get("class") != "node":
            continue
        rect = next((r for r in node.iter(_svg("rect")) if r.get("class") == "box"), None)
        if rect is None:
            problems.append(f"knoop {node.get('id')} zonder kader")
            continue
        box = _rect(rect)
        boxes.append((node.get("id", ""), box))
        if box.x < canvas.x or box.right > canvas.right or box.bottom > canvas.bottom:
            problems.append(f"kader {node.get('id')} valt buiten de afbeelding")
        for text in node.iter(_svg("text")):
            ext = _text_extent(text)
            if ext.x < box.x or ext.right > box.right or ext.y < box.y or ext.bottom > box.bottom:
                problems.append(f"tekst '{text.text}' loopt uit kader {node.get('id')}")
    for (a_id, a), (b_id, b) in combinations(boxes, 2):
        if a.overlaps(b):
            problems.append(f"kaders {a_id} en {b_id} overlappen")
    box_list = [b for _, b in boxes]
    for text in root.iter(_svg("text")):
        size = float(text.get("font-size", "0"))
        if size < MIN_FONT_PX:
            problems.append(f"tekst '{text.text}' is kleiner dan {MIN_FONT_PX:g} px")
        ext = _text_extent(text)
        if ext.x < canvas.x - 0.5 or ext.right > canvas.right + 0.5:
            problems.append(f"tekst '{text.text}' valt buiten de afbeelding")
        parent = text.getparent()
        if parent is not None and parent.get("class") == "node":
            continue
        if any(ext.overlaps(b) for b in box_list):
            problems.append(f"tekst '{text.text}' ligt over een kader")
    return problems


# --- CSV / Markdown ---------------------------------------------------------------------


def csv_problems(data: bytes) -> list[str]:
    if not data.startswith(b"\xef\xbb\xbf"):
        return ["CSV begint niet met een UTF-8-BOM"]
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    if not rows:
        return ["CSV is leeg"]
    width = len(rows[0])
    bad = [i for i, r in enumerate(rows) if len(r) != width]
    return [f"CSV-rij {i + 1} heeft een ander aantal kolommen" for i in bad[:5]]


def markdown_problems(data: bytes) -> list[str]:
    text = data.decode("utf-8")
    if not text.strip():
        return ["Markdown is leeg"]
    return [] if text.startswith("# ") else ["Markdown begint niet met een titel"]


def problems(fmt: str, data: bytes, schemas: Schemas | None = None) -> list[str]:
    """All checks for one format; XSD checks only when ``schemas`` is given."""
    try:
        if fmt == "bpmn":
            found = bpmn_problems(data)
        elif fmt == "archimate":
            found = archimate_problems(data)
        elif fmt == "svg":
            found = svg_problems(data)
        elif fmt == "csv":
            found = csv_problems(data)
        elif fmt in ("md", "mermaid"):
            found = markdown_problems(data)
        else:
            found = []
    except etree.XMLSyntaxError as exc:
        return [f"geen goedgevormde XML: {exc}"]
    if schemas is not None and fmt in ("bpmn", "archimate"):
        found += schemas.problems(fmt, data)
    return found
