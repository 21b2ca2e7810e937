"""Loaders: files a GEMMA user has -> chunks that follow the document's own structure.

* plain text / Markdown: page -> section (headings) -> paragraph; the GEMMA wiki ``.txt``
  files start with ``title:``/``url:`` header lines;
* HTML (GEMMA Online pages saved from a browser): title, canonical URL, h2/h3 sections;
* Archi CSV export (``elements.csv`` + ``relations.csv`` + ``properties.csv``);
* ArchiMate Open Exchange Format XML (DTDs refused: no entities, no external references);
* the JSONL files of the GEMMA model (elements with resolved relations, and views).

A model element becomes one chunk with its documentation and relations; the same element
gets the same text whichever format it came from, so the embedding cache serves both.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.errors import CorruptFile, UnsupportedFile
from knowledge.types import GEMMA_LICENCE

# Bump when a loader's output changes: sources ingested by an older version are read again.
LOADER_VERSION = "6"
GEMMA_ELEMENT_URL = "https://www.gemmaonline.nl/index.php/GEMMA/"
MAX_CHUNK_CHARS = 1500
MAX_RELATIONS = 25
TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".xml", ".csv", ".jsonl"}
# Files that describe a folder of sources rather than being knowledge themselves; their
# summaries of every page would crowd out the pages in search results.
META_NAMES = {"readme.md", "index.md", "source.md", "license", "license.md", "licence.md"}
_HEADER = re.compile(r"^(title|titel|url|retrieved-from|text|bron|source):\s*(.*)$", re.I)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ELEMENT_ID = re.compile(r"\bid: (id-[0-9a-fA-F-]+)")


@dataclass
class Piece:
    """A chunk before it gets its id: text and citation metadata."""

    text: str
    title: str
    section: str = ""
    url: str = ""
    element_id: str = ""
    element_type: str = ""
    licence: str = ""
    group: str = ""
    embed: str = ""
    index: str = ""


ELEMENT_EMBED_CHARS = 200
# Views and overview sections list many element names; the dense model gets their name and
# the start of the text, the lexical index gets all of it.
OVERVIEW_EMBED_CHARS = 240


def element_embed_text(name: str, element_type: str, documentation: str) -> str:
    """The dense-model text of a model element: name, type and the start of its
    documentation. Identical for the CSV, JSONL and Markdown digest of the same element,
    so the embedding cache embeds each element once."""
    doc = " ".join(documentation.split())
    return f"{' '.join(name.split())} ({element_type}). {doc}"[:ELEMENT_EMBED_CHARS].strip()


@dataclass
class SourceUnit:
    """One thing to ingest: a file, or the three files of an Archi CSV export."""

    key: str  # absolute path of the main file
    display: str  # what citations show as "source"
    files: list[Path] = field(default_factory=list)
    loader: Callable[[SourceUnit], list[Piece]] | None = None


# --- helpers -----------------------------------------------------------------------------


def read_text(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise CorruptFile("binair bestand, geen tekst")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorruptFile(f"geen geldige UTF-8-tekst (byte {exc.start})") from None


def _split_long(text: str, limit: int = MAX_CHUNK_CHARS) -> list[str]:
    """Split at paragraph, then sentence boundaries so no chunk exceeds ``limit``."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    units = re.split(r"\n\s*\n", text)
    if len(units) == 1:
        units = re.split(r"(?<=[.!?])\s+", text)
    for unit in units:
        unit = unit.strip()
        if not unit:
            continue
        if len(unit) > limit:
            if current:
                parts.append(current)
                current = ""
            parts.extend(unit[i : i + limit] for i in range(0, len(unit), limit))
            continue
        if current and len(current) + len(unit) + 2 > limit:
            parts.append(current)
            current = unit
        else:
            current = f"{current}\n\n{unit}" if current else unit
    if current:
        parts.append(current)
    return parts


def _squash(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text).strip()


def _is_gemma(name: str) -> bool:
    return "gemma" in name.lower()


# --- plain text and Markdown ---------------------------------------------------------------


def _headers(text: str) -> tuple[dict[str, str], str]:
    meta: dict[str, str] = {}
    lines = text.splitlines()
    n = 0
    while n < len(lines) and n < 12:
        m = _HEADER.match(lines[n])
        if not m:
            break
        meta[m.group(1).lower()] = m.group(2).strip()
        n += 1
    if not meta:
        return {}, text
    return meta, "\n".join(lines[n:])


def _title_from_name(path: Path) -> str:
    return path.stem.replace("-", " ").replace("_", " ").strip().capitalize()


_EDIT_MARK = re.compile(r"\s*\[(bewerken|bron bewerken|edit)\]\s*$", re.I)
_WIKI_FOOTER = re.compile(r"^(Deze pagina is het laatst bewerkt|This page was last edited)", re.I)
GEMMA_WIKI_URL = "https://www.gemmaonline.nl/index.php/"


def load_text(unit: SourceUnit) -> list[Piece]:
    path = unit.files[0]
    meta, body = _headers(read_text(path))
    title = meta.get("title") or meta.get("titel") or ""
    url = meta.get("url", "")
    if path.suffix.lower() in (".md", ".markdown"):
        licence = GEMMA_LICENCE if "gemmaonline.nl" in url else ""
        return _markdown(body, title, url, licence, unit.display)
    blocks = [b.strip() for b in re.split(r"\n\s*\n", body) if b.strip()]
    # Text copied from a wiki page: first line is the page title, headings carry an
    # edit marker ("Begin en eind[bewerken]"), the last line is the edit footer.
    is_wiki_copy = any(_EDIT_MARK.search(b) for b in blocks)
    if (
        not title
        and blocks
        and len(blocks[0]) < 120
        and "\n" not in blocks[0]
        and not blocks[0].endswith(".")
    ):
        title = blocks.pop(0)
    title = title or _title_from_name(path)
    if not url and is_wiki_copy and "gemma" in body.lower():
        url = GEMMA_WIKI_URL + title.replace(" ", "_")
    licence = GEMMA_LICENCE if "gemmaonline.nl" in url else ""
    pieces: list[Piece] = []
    heading = ""
    pending = ""
    for block in blocks:
        if _WIKI_FOOTER.match(block):
            continue
        if _EDIT_MARK.search(block) and "\n" not in block:
            heading = _EDIT_MARK.sub("", block).strip()
            continue
        para = _squash(block.replace("\n", " "))
        if len(para) < 60:  # a stray heading-like line belongs with what follows
            pending = f"{pending} {para}".strip()
            continue
        if pending:
            para, pending = f"{pending} {para}", ""
        section = heading
        if not section:
            lead = re.match(r"^([^.!?:]{3,60})[.:]\s", para)
            section = lead.group(1) if lead and len(lead.group(1).split()) <= 7 else ""
        for part in _split_long(para):
            pieces.append(Piece(part, title, section, url, licence=licence, group=unit.display))
    if pending:
        pieces.append(Piece(pending, title, heading, url, licence=licence, group=unit.display))
    return _with_page_piece(pieces, title, url, licence, unit.display)


PAGE_PIECE_MAX_CHARS = 4000


def _with_page_piece(
    pieces: list[Piece], title: str, url: str, licence: str, display: str
) -> list[Piece]:
    """Add the whole page as one more chunk when it is short: a question about what a
    page is about is answered by the page as a whole better than by any one paragraph
    (the paragraphs stay, for precise citations; results keep one per page)."""
    whole = "\n\n".join(p.text for p in pieces)
    if len(pieces) < 2 or len(whole) > PAGE_PIECE_MAX_CHARS:
        return pieces
    page = Piece(whole, title, "", url, licence=licence, group=display, embed=f"{title}. {whole}")
    return [page, *pieces]


_HEADING_TYPE = re.compile(r"\(([A-Z][a-z]+(?:[A-Z][a-z]+)+)\b[^)]*\)\s*$")


def _type_from_headings(heads: list[str]) -> str:
    """The ArchiMate type named by the nearest enclosing heading, e.g. "(BusinessFunction)"."""
    for head in reversed(heads[:-1]):
        m = _HEADING_TYPE.search(head)
        if m:
            return m.group(1)
    return ""


def _markdown(body: str, title: str, url: str, licence: str, display: str) -> list[Piece]:
    sections: list[tuple[list[str], list[str]]] = []  # (heading path, lines)
    path: list[str] = []
    lines: list[str] = []
    in_code = False
    for line in body.splitlines():
        if line.strip().startswith("```"):
            in_code = not in_code
        m = None if in_code else _MD_HEADING.match(line)
        if m:
            sections.append((list(path), lines))
            level, text = len(m.group(1)), m.group(2).strip()
            if level == 1 and not title:
                title = text
            path = [*path[: level - 1], text]
            path += [""] * 0
            lines = []
        else:
            lines.append(line)
    sections.append((list(path), lines))
    title = title or display
    if not licence and _is_gemma(title):
        licence = GEMMA_LICENCE
    pieces: list[Piece] = []
    for heading_path, section_lines in sections:
        text = "\n".join(section_lines).strip()
        if not text:
            continue
        heads = [h for h in heading_path if h]
        section = " > ".join(heads[-2:]) if heads else ""
        name = heads[-1] if heads else title
        m = _ELEMENT_ID.search(text)
        element_id = m.group(1) if m else ""
        group = element_id or f"{display}#{' > '.join(heads)}"
        embed = ""
        element_type = ""
        if element_id:
            # digest layout: bullet lines with type/id/relations, then the documentation
            kind = re.search(r"ArchiMate-type: (\w+)", text)
            # Sections without a type line take it from their chapter ("## 4.
            # Bedrijfsfuncties (BusinessFunction)"), so that the dense text is the same as
            # the CSV/JSONL copy of the element and is embedded once.
            element_type = kind.group(1) if kind else _type_from_headings(heads)
            doc = "\n".join(ln for ln in text.splitlines() if not ln.startswith("- ")).strip()
            embed = element_embed_text(name, element_type, doc)
        else:
            embed = " ".join(f"{name}. {text}".split())[:OVERVIEW_EMBED_CHARS]
        for part in _split_long(text):
            pieces.append(
                Piece(
                    text=f"{name}\n{part}" if heads else part,
                    title=title,
                    section=section,
                    url=url,
                    element_id=element_id,
                    element_type=element_type,
                    licence=licence,
                    group=group,
                    embed=embed,
                )
            )
    return pieces


# --- HTML ----------------------------------------------------------------------------------

_BLOCK_TAGS = {"p", "li", "dd", "dt", "td", "th", "pre", "blockquote"}
_DROP_CLASSES = ("mw-editsection", "toc", "navbox", "printfooter", "catlinks", "noprint")


def load_html(unit: SourceUnit) -> list[Piece]:
    from lxml import etree
    from lxml import html as lxml_html

    raw = unit.files[0].read_bytes()
    if b"\x00" in raw[:8192]:
        raise CorruptFile("binair bestand, geen HTML")
    try:
        # lxml's HTML parser never fetches anything and does not expand external entities.
        parser = lxml_html.HTMLParser(no_network=True, remove_comments=True)
        doc = lxml_html.fromstring(raw, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise CorruptFile(f"HTML niet leesbaar: {exc}") from None
    title = ""
    heading = doc.xpath("//*[@id='firstHeading']")
    if heading:
        title = _squash(heading[0].text_content())
    if not title:
        t = doc.xpath("//title")
        title = _squash(t[0].text_content()) if t else ""
        title = re.sub(r"\s+[-–|]\s+GEMMA Online.*$", "", title)
    title = title or _title_from_name(unit.files[0])
    url = ""
    for xp in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        found = doc.xpath(xp)
        if found:
            url = str(found[0]).strip()
            break
    for bad in doc.xpath("//script|//style|//nav|//footer|//header|//noscript"):
        bad.drop_tree()
    for cls in _DROP_CLASSES:
        for bad in doc.xpath(
            f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]"
        ):
            bad.drop_tree()
    for bad in doc.xpath("//*[@id='toc']"):
        bad.drop_tree()
    roots = doc.xpath("//*[@id='mw-content-text']") or doc.xpath("//main") or doc.xpath("//body")
    root = roots[0] if roots else doc
    licence = GEMMA_LICENCE if "gemmaonline" in (url + title).lower() else ""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("h2", "h3", "h4"):
            sections.append((_squash(el.text_content()), []))
        elif tag in _BLOCK_TAGS:
            # skip blocks nested in other blocks (li inside td...), their text is counted once
            if any(isinstance(a.tag, str) and a.tag in _BLOCK_TAGS for a in el.iterancestors()):
                continue
            text = _squash(el.text_content())
            if text:
                sections[-1][1].append(text)
    pieces: list[Piece] = []
    for section, paras in sections:
        text = "\n\n".join(paras).strip()
        if not text:
            continue
        for part in _split_long(text):
            pieces.append(Piece(part, title, section, url, licence=licence, group=unit.display))
    return _with_page_piece(pieces, title, url, licence, unit.display)


# --- model elements (shared by CSV, JSONL and XML) -----------------------------------------

_KEEP_PROPS = ("GEMMA type", "Toelichting", "Alternate name", "Afkorting")


def _rel_type(name: str) -> str:
    return name.removesuffix("Relationship")


def element_piece(
    *,
    element_id: str,
    element_type: str,
    name: str,
    documentation: str,
    properties: dict[str, str],
    relations: Iterable[
        tuple[str, str, str, str]
    ],  # (direction in/out, type, other type, other name)
    model_name: str,
    section: str = "",
) -> Piece | None:
    """The chunk of one model element; None when it would add nothing (no text at all)."""
    name = _squash(name or "")
    documentation = (documentation or "").strip()
    rels = sorted({(d, _rel_type(t), ot, on) for d, t, ot, on in relations if on})
    props = {k: v.strip() for k, v in properties.items() if k in _KEEP_PROPS and v and v.strip()}
    if not name or (not documentation and not rels and not props):
        return None
    head = f"{name} ({element_type}"
    if props.get("GEMMA type"):
        head += f", GEMMA-type {props['GEMMA type']}"
    lines = [head + ")."]
    if documentation:
        lines.append(documentation)
    for key in ("Toelichting", "Alternate name", "Afkorting"):
        if props.get(key):
            lines.append(f"{key}: {props[key]}")
    if rels:
        shown = [
            f'{t} {"→" if d == "out" else "←"} {ot} "{on}"' for d, t, ot, on in rels[:MAX_RELATIONS]
        ]
        more = f" (en {len(rels) - MAX_RELATIONS} meer)" if len(rels) > MAX_RELATIONS else ""
        lines.append("Relaties: " + "; ".join(shown) + more + ".")
    gemma = _is_gemma(model_name)
    url = properties.get("GEMMA URL", "").strip()
    if not url and model_name.strip() == "GEMMA":
        url = GEMMA_ELEMENT_URL + element_id
    return Piece(
        text="\n".join(lines),
        title=name,
        section=section,
        url=url,
        element_id=element_id,
        element_type=element_type,
        licence=GEMMA_LICENCE if gemma else "",
        group=element_id,
        embed=element_embed_text(name, element_type, documentation),
        index="" if documentation else "lexical",
    )


# --- Archi CSV export ------------------------------------------------------------------------


def _csv_rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    text = read_text(path)
    try:
        reader = csv.DictReader(io.StringIO(text))
        fields = reader.fieldnames or []
        missing = [c for c in required if c not in fields]
        if missing:
            raise CorruptFile(f"kolommen ontbreken in {path.name}: {', '.join(missing)}")
        return [dict(row) for row in reader]
    except csv.Error as exc:
        raise CorruptFile(f"CSV niet leesbaar ({path.name}): {exc}") from None


def csv_parts(elements_csv: Path) -> tuple[Path, Path]:
    prefix = elements_csv.name[: -len("elements.csv")]
    return (
        elements_csv.with_name(prefix + "relations.csv"),
        elements_csv.with_name(prefix + "properties.csv"),
    )


def load_archi_csv(unit: SourceUnit) -> list[Piece]:
    elements_path = unit.files[0]
    rows = _csv_rows(elements_path, ("ID", "Type", "Name"))
    relations_path, properties_path = csv_parts(elements_path)
    relations = (
        _csv_rows(relations_path, ("ID", "Type", "Source", "Target"))
        if relations_path.exists()
        else []
    )
    props_rows = (
        _csv_rows(properties_path, ("ID", "Key", "Value")) if properties_path.exists() else []
    )
    props: dict[str, dict[str, str]] = {}
    for row in props_rows:
        props.setdefault(row["ID"], {}).setdefault(row["Key"] or "", row["Value"] or "")
    by_id = {r["ID"]: r for r in rows}
    model_name = next((r["Name"] for r in rows if r["Type"] == "ArchimateModel"), "")
    rels: dict[str, list[tuple[str, str, str, str]]] = {}
    for rel in relations:
        src, tgt = by_id.get(rel["Source"]), by_id.get(rel["Target"])
        if src is None or tgt is None:
            continue
        rels.setdefault(src["ID"], []).append(("out", rel["Type"], tgt["Type"], tgt["Name"]))
        rels.setdefault(tgt["ID"], []).append(("in", rel["Type"], src["Type"], src["Name"]))
    pieces = []
    for row in rows:
        if row["Type"] == "ArchimateModel":
            continue
        piece = element_piece(
            element_id=row["ID"],
            element_type=row["Type"],
            name=row["Name"],
            documentation=row.get("Documentation") or "",
            properties=props.get(row["ID"], {}),
            relations=rels.get(row["ID"], []),
            model_name=model_name,
        )
        if piece is not None:
            pieces.append(piece)
    return pieces


# --- JSONL ----------------------------------------------------------------------------------


def _view_piece(view: dict[str, Any], model_name: str) -> Piece | None:
    name = _squash(str(view.get("name") or ""))
    if not name:
        return None
    elements = [e.get("name") for e in view.get("elements") or [] if e.get("name")]
    rels = view.get("relationships") or []
    lines = [f"View {name}."]
    if view.get("documentation"):
        lines.append(str(view["documentation"]).strip())
    if elements:
        lines.append("Elementen: " + "; ".join(sorted(set(elements))[:60]) + ".")
    shown = [
        f'"{r.get("source_name") or r.get("source")}" —{_rel_type(str(r.get("type", "")))}→ '
        f'"{r.get("target_name") or r.get("target")}"'
        for r in rels[:40]
    ]
    if shown:
        lines.append("Relaties: " + "; ".join(shown) + ".")
    vid = str(view.get("id") or "")
    folder = str(view.get("folder") or "")
    return Piece(
        text="\n".join(lines),
        title=name,
        section=f"View ({folder})" if folder else "View",
        url=GEMMA_ELEMENT_URL + vid if vid and model_name == "GEMMA" else "",
        element_id=vid,
        element_type=str(view.get("type") or "View"),
        licence=GEMMA_LICENCE if _is_gemma(model_name) else "",
        group=vid or name,
        embed=" ".join("\n".join(lines[:2]).split())[:OVERVIEW_EMBED_CHARS],
    )


def load_jsonl(unit: SourceUnit) -> list[Piece]:
    text = read_text(unit.files[0])
    pieces: list[Piece] = []
    bad = 0
    lines = [line for line in text.splitlines() if line.strip()]
    for line in lines:
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, RecursionError):  # nested deeper than Python's stack
            bad += 1
            continue
        if not isinstance(obj, dict):
            bad += 1
            continue
        folder = str(obj.get("folder") or "")
        model_name = "GEMMA" if folder.startswith("GEMMA/") else ""
        piece: Piece | None
        if "elements" in obj and ("relationships" in obj or "Diagram" in str(obj.get("type"))):
            piece = _view_piece(obj, model_name)
        elif "type" in obj and "name" in obj and "id" in obj:
            props = {
                str(p.get("key")): str(p.get("value") or "")
                for p in obj.get("properties") or []
                if isinstance(p, dict)
            }
            relations = [
                (
                    str(r.get("direction")),
                    str(r.get("relation_type")),
                    str(r.get("other_type")),
                    str(r.get("other_name") or ""),
                )
                for r in obj.get("relations") or []
                if isinstance(r, dict)
            ]
            piece = element_piece(
                element_id=str(obj["id"]),
                element_type=str(obj["type"]),
                name=str(obj.get("name") or ""),
                documentation=str(obj.get("documentation") or ""),
                properties=props,
                relations=relations,
                model_name=model_name,
                section=folder.removeprefix("GEMMA/"),
            )
        else:
            body = obj.get("text") or obj.get("documentation") or obj.get("content")
            title = obj.get("title") or obj.get("name") or unit.display
            piece = (
                Piece(
                    str(body),
                    str(title),
                    str(obj.get("section") or ""),
                    str(obj.get("url") or ""),
                    group=f"{unit.display}#{title}",
                )
                if body
                else None
            )
            if piece is None:
                bad += 1
        if piece is not None:
            pieces.append(piece)
    if not pieces and (bad or lines):
        raise CorruptFile(f"geen bruikbare JSON-regels ({bad} van {len(lines)} onleesbaar)")
    return pieces


# --- ArchiMate Open Exchange Format ----------------------------------------------------------

_XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _lang_text(parent: Any, tag: str) -> str:
    """Text of the child ``tag``, preferring Dutch when several languages are present."""
    found = [c for c in parent if isinstance(c.tag, str) and c.tag.endswith("}" + tag)]
    for child in found:
        if (child.get(_XML_LANG) or "").lower().startswith("nl"):
            return (child.text or "").strip()
    return (found[0].text or "").strip() if found else ""


def parse_xml_safely(data: bytes) -> Any:
    """Parse untrusted XML: any DTD is refused, so no entity expansion (billion laughs)
    and no external entities (XXE); nothing is fetched from the network."""
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise CorruptFile(f"onveilige XML geweigerd ({type(exc).__name__})") from None
    except SafeET.ParseError as exc:
        raise CorruptFile(f"XML niet leesbaar: {exc}") from None


def load_oef_xml(unit: SourceUnit) -> list[Piece]:
    root = parse_xml_safely(unit.files[0].read_bytes())
    if not (isinstance(root.tag, str) and root.tag.endswith("}model") and "archimate" in root.tag):
        raise UnsupportedFile("XML-bestand is geen ArchiMate Open Exchange-model")
    ns = root.tag[: root.tag.index("}") + 1]
    model_name = _lang_text(root, "name")
    prop_names = {
        d.get("identifier"): _lang_text(d, "name") for d in root.iter(f"{ns}propertyDefinition")
    }

    def props_of(el: Any) -> dict[str, str]:
        out: dict[str, str] = {}
        for p in el.iter(f"{ns}property"):
            key = prop_names.get(p.get("propertyDefinitionRef"), "")
            if key:
                out.setdefault(key, _lang_text(p, "value"))
        return out

    elements: dict[str, tuple[str, str, Any]] = {}
    container = root.find(f"{ns}elements")
    for el in container if container is not None else []:
        eid = el.get("identifier") or ""
        elements[eid] = (el.get(_XSI_TYPE) or "", _lang_text(el, "name"), el)
    rels: dict[str, list[tuple[str, str, str, str]]] = {}
    rel_container = root.find(f"{ns}relationships")
    for rel in rel_container if rel_container is not None else []:
        src, tgt = elements.get(rel.get("source") or ""), elements.get(rel.get("target") or "")
        rtype = rel.get(_XSI_TYPE) or ""
        if src is None or tgt is None:
            continue
        rels.setdefault(rel.get("source") or "", []).append(("out", rtype, tgt[0], tgt[1]))
        rels.setdefault(rel.get("target") or "", []).append(("in", rtype, src[0], src[1]))
    pieces: list[Piece] = []
    for eid, (etype, name, el) in elements.items():
        piece = element_piece(
            element_id=eid,
            element_type=etype,
            name=name,
            documentation=_lang_text(el, "documentation"),
            properties=props_of(el),
            relations=rels.get(eid, []),
            model_name=model_name,
            section=model_name,
        )
        if piece is not None:
            pieces.append(piece)
    for view in root.iter(f"{ns}view"):
        names = sorted(
            {
                elements[n.get("elementRef") or ""][1]
                for n in view.iter(f"{ns}node")
                if (n.get("elementRef") or "") in elements
            }
        )
        vname = _lang_text(view, "name")
        doc = _lang_text(view, "documentation")
        if not vname or not (doc or names):
            continue
        text = f"View {vname}." + (f"\n{doc}" if doc else "")
        if names:
            text += "\nElementen: " + "; ".join(names[:60]) + "."
        vid = view.get("identifier") or vname
        pieces.append(
            Piece(
                text,
                vname,
                f"View ({model_name})",
                "",
                vid,
                "View",
                GEMMA_LICENCE if _is_gemma(model_name) else "",
                vid,
                embed=" ".join(text.split())[:OVERVIEW_EMBED_CHARS],
            )
        )
    return pieces


# --- discovery -------------------------------------------------------------------------------


def _csv_kind(path: Path) -> str:
    name = path.name.lower()
    for kind in ("elements", "relations", "properties"):
        if name.endswith(f"{kind}.csv"):
            return kind
    return ""


def discover(paths: list[Path]) -> tuple[list[SourceUnit], list[tuple[str, str]]]:
    """Expand files and folders into source units; returns (units, skipped with reason)."""
    units: list[SourceUnit] = []
    skipped: list[tuple[str, str]] = []
    seen: set[str] = set()
    for arg in paths:
        if not arg.exists():
            skipped.append((str(arg), "bestaat niet"))
            continue
        base = arg.resolve().parent
        files = sorted(p for p in arg.rglob("*") if p.is_file()) if arg.is_dir() else [arg]
        for path in files:
            if any(part.startswith(".") for part in path.relative_to(arg).parts if arg.is_dir()):
                continue  # hidden files and folders (.git, .DS_Store)
            resolved = path.resolve()
            key = str(resolved)
            if key in seen:
                continue
            seen.add(key)
            try:
                display = str(resolved.relative_to(base))
            except ValueError:
                display = path.name
            suffix = path.suffix.lower()
            if path.name.lower() in META_NAMES:
                skipped.append((display, "beschrijving van de bronmap, geen kennisinhoud"))
                continue
            if suffix not in SUPPORTED_SUFFIXES:
                skipped.append(
                    (display, f"bestandstype {suffix or '(geen)'} wordt niet ondersteund")
                )
                continue
            unit = SourceUnit(key=key, display=display, files=[resolved])
            if suffix in TEXT_SUFFIXES:
                unit.loader = load_text
            elif suffix in HTML_SUFFIXES:
                unit.loader = load_html
            elif suffix == ".jsonl":
                unit.loader = load_jsonl
            elif suffix == ".xml":
                unit.loader = load_oef_xml
            else:
                kind = _csv_kind(path)
                if kind == "elements":
                    unit.files += [p for p in csv_parts(resolved) if p.exists()]
                    unit.loader = load_archi_csv
                elif kind in ("relations", "properties"):
                    prefix = path.name[: -len(f"{kind}.csv")]
                    if not path.with_name(prefix + "elements.csv").exists():
                        skipped.append(
                            (display, "hoort bij een Archi-CSV-export, maar elements.csv ontbreekt")
                        )
                    continue  # read together with its elements.csv
                else:
                    skipped.append((display, "CSV-bestand is geen Archi-export (elements.csv)"))
                    continue
            units.append(unit)
    return units, skipped


def load_unit(unit: SourceUnit) -> list[Piece]:
    if unit.loader is None:
        raise UnsupportedFile(f"geen lezer voor {unit.display}")
    try:
        return unit.loader(unit)
    except (CorruptFile, UnsupportedFile):
        raise
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise CorruptFile(f"kon niet gelezen worden ({type(exc).__name__}: {exc})") from None
