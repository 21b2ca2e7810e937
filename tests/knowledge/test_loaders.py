"""Each loader on small files made here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.errors import CorruptFile, UnsupportedFile
from knowledge.loaders import discover, load_unit
from knowledge.types import GEMMA_LICENCE


def _load(path: Path):  # type: ignore[no-untyped-def]
    units, skipped = discover([path])
    assert not skipped, skipped
    assert len(units) == 1
    return load_unit(units[0])


def test_wiki_text_with_headers(tmp_path: Path) -> None:
    f = tmp_path / "pagina.txt"
    f.write_text(
        "title: Procesarchitectuur Voorbeeld\nurl: https://www.gemmaonline.nl/index.php/Voorbeeld\n"
        "retrieved-from: test\n\n"
        "Eerste alinea. Hier staat uitleg over de intake van een aanvraag die lang genoeg is.\n\n"
        "Tweede alinea over de levering van het besluit aan de klant, ook lang genoeg.\n",
        "utf-8",
    )
    page, *pieces = _load(f)
    assert len(pieces) == 2  # the paragraphs, after the whole (short) page
    assert page.section == "" and "Eerste alinea" in page.text and "Tweede alinea" in page.text
    assert page.embed.startswith("Procesarchitectuur Voorbeeld. ")
    assert {p.title for p in pieces} == {"Procesarchitectuur Voorbeeld"}
    assert pieces[0].url == "https://www.gemmaonline.nl/index.php/Voorbeeld"
    assert pieces[0].section == "Eerste alinea"
    assert pieces[0].licence == GEMMA_LICENCE
    assert "retrieved-from" not in pieces[0].text
    assert {p.group for p in (page, *pieces)} == {"pagina.txt"}


def test_markdown_sections_follow_headings(tmp_path: Path) -> None:
    f = tmp_path / "notities.md"
    f.write_text(
        "# Mijn notities\n\nInleiding over het proces.\n\n## Intake\n\nDe klant vult een formulier in.\n\n"
        "### Stukken\n\nDe gemeente haalt de stukken op.\n\n## Levering\n\nHet besluit per post.\n",
        "utf-8",
    )
    pieces = _load(f)
    sections = [p.section for p in pieces]
    assert sections == [
        "Mijn notities",
        "Mijn notities > Intake",
        "Intake > Stukken",
        "Mijn notities > Levering",
    ]
    assert all(p.title == "Mijn notities" for p in pieces)
    assert "haalt de stukken op" in pieces[2].text
    assert len({p.group for p in pieces}) == 4


def test_long_sections_are_split(tmp_path: Path) -> None:
    f = tmp_path / "lang.md"
    f.write_text(
        "# Lang\n\n" + "\n\n".join(f"Zin nummer {i} met wat tekst erbij." * 8 for i in range(30)),
        "utf-8",
    )
    pieces = _load(f)
    assert len(pieces) > 1
    assert all(len(p.text) <= 1600 for p in pieces)


def test_html_page_saved_from_browser(tmp_path: Path) -> None:
    f = tmp_path / "pagina.html"
    f.write_text(
        """<html><head><title>Procesarchitectuur X - GEMMA Online</title>
        <link rel="canonical" href="https://www.gemmaonline.nl/index.php/Procesarchitectuur_X">
        <script>var x = "niet indexeren";</script></head>
        <body><nav>menu</nav><div id="mw-content-text">
        <p>Inleiding van de pagina.</p>
        <h2><span class="mw-editsection">bewerken</span>Intake</h2>
        <p>Over de intake.</p><ul><li>Kanaal</li><li>Formulier</li></ul>
        <h2>Levering</h2><p>Over de levering.</p></div></body></html>""",
        "utf-8",
    )
    page, *pieces = _load(f)
    assert [p.section for p in pieces] == ["", "Intake", "Levering"]
    assert "Over de intake" in page.text and "Over de levering" in page.text
    assert pieces[0].title == "Procesarchitectuur X"
    assert pieces[0].url == "https://www.gemmaonline.nl/index.php/Procesarchitectuur_X"
    text = " ".join(p.text for p in pieces)
    assert "Kanaal" in pieces[1].text and "niet indexeren" not in text and "menu" not in text
    assert "bewerken" not in text


def _write_csv_triple(folder: Path) -> None:
    (folder / "elements.csv").write_text(
        '"ID","Type","Name","Documentation","Specialization"\n'
        '"m1","ArchimateModel","GEMMA","model",""\n'
        '"p1","BusinessProcess","Behandelen aanvraag","Een aanvraag afhandelen.",""\n'
        '"p2","BusinessProcess","Intake","",""\n'
        '"x1","BusinessActor","Leeg","",""\n',
        "utf-8",
    )
    (folder / "relations.csv").write_text(
        '"ID","Type","Name","Documentation","Source","Target","Specialization"\n'
        '"r1","AggregationRelationship","","","p1","p2",""\n',
        "utf-8",
    )
    (folder / "properties.csv").write_text(
        '"ID","Key","Value"\n"p1","GEMMA type","Bedrijfsproces"\n', "utf-8"
    )


def test_archi_csv_triple_is_one_source(tmp_path: Path) -> None:
    _write_csv_triple(tmp_path)
    units, skipped = discover([tmp_path])
    assert skipped == [] and len(units) == 1 and len(units[0].files) == 3
    pieces = {p.element_id: p for p in load_unit(units[0])}
    assert set(pieces) == {"p1", "p2"}  # the model row and the empty actor add nothing
    p1 = pieces["p1"]
    assert "Een aanvraag afhandelen." in p1.text and "GEMMA-type Bedrijfsproces" in p1.text
    assert 'Aggregation → BusinessProcess "Intake"' in p1.text
    assert 'Aggregation ← BusinessProcess "Behandelen aanvraag"' in pieces["p2"].text
    assert p1.url.endswith("/GEMMA/p1") and p1.licence == GEMMA_LICENCE


def test_relations_csv_without_elements_is_skipped_by_name(tmp_path: Path) -> None:
    (tmp_path / "relations.csv").write_text('"ID","Type","Source","Target"\n', "utf-8")
    units, skipped = discover([tmp_path])
    assert units == []
    assert skipped[0][0].endswith("relations.csv") and "elements.csv" in skipped[0][1]


def test_same_element_gets_same_embed_text_from_csv_and_jsonl(tmp_path: Path) -> None:
    _write_csv_triple(tmp_path)
    row = {
        "id": "p1",
        "type": "BusinessProcess",
        "gemma_type": "Bedrijfsproces",
        "name": "Behandelen aanvraag",
        "documentation": "Een aanvraag afhandelen.",
        "folder": "GEMMA/Business",
        "properties": [{"key": "GEMMA type", "value": "Bedrijfsproces"}],
        "relations": [
            {
                "direction": "out",
                "relation_type": "AggregationRelationship",
                "other_type": "BusinessProcess",
                "other_name": "Intake",
            }
        ],
    }
    jl = tmp_path / "sub"
    jl.mkdir()
    (jl / "elements.jsonl").write_text(json.dumps(row) + "\n", "utf-8")
    csv_piece = next(p for p in _load(tmp_path / "elements.csv") if p.element_id == "p1")
    json_piece = _load(jl / "elements.jsonl")[0]
    assert csv_piece.embed == json_piece.embed
    assert csv_piece.text == json_piece.text
    assert json_piece.section == "Business"


def test_jsonl_views_and_generic_lines(tmp_path: Path) -> None:
    f = tmp_path / "views.jsonl"
    view = {
        "id": "v1",
        "type": "ArchimateDiagramModel",
        "name": "Klant-tot-klantproces - verbeterd",
        "documentation": None,
        "folder": "GEMMA/Views",
        "elements": [{"id": "a", "type": "BusinessProcess", "name": "Intake"}],
        "relationships": [
            {
                "type": "TriggeringRelationship",
                "source_name": "Intake",
                "target_name": "Verzamelen stukken",
            }
        ],
    }
    f.write_text(
        json.dumps(view) + "\n" + json.dumps({"title": "Notitie", "text": "Losse tekst."}) + "\n",
        "utf-8",
    )
    pieces = _load(f)
    assert pieces[0].title == "Klant-tot-klantproces - verbeterd"
    assert '"Intake" —Triggering→ "Verzamelen stukken"' in pieces[0].text
    assert pieces[1].title == "Notitie" and pieces[1].text == "Losse tekst."


def test_jsonl_with_only_garbage_is_corrupt(tmp_path: Path) -> None:
    f = tmp_path / "kapot.jsonl"
    f.write_text("{niet json\n[1, 2]\n", "utf-8")
    units, _ = discover([f])
    with pytest.raises(CorruptFile):
        load_unit(units[0])


OEF = """<?xml version="1.0" encoding="UTF-8"?>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"
       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m">
  <name xml:lang="nl">Over GEMMA</name>
  <elements>
    <element identifier="e1" xsi:type="BusinessProcess">
      <name xml:lang="en">Business process</name><name xml:lang="nl">Bedrijfsproces</name>
      <documentation xml:lang="nl">Reeks activiteiten met een resultaat voor de klant.</documentation>
      <properties><property propertyDefinitionRef="p1"><value xml:lang="nl">Bedrijfsproces</value></property></properties>
    </element>
    <element identifier="e2" xsi:type="BusinessProcess"><name xml:lang="nl">Deelproces</name></element>
  </elements>
  <relationships>
    <relationship identifier="r1" source="e1" target="e2" xsi:type="Aggregation"/>
  </relationships>
  <propertyDefinitions>
    <propertyDefinition identifier="p1" type="string"><name xml:lang="nl">GEMMA type</name></propertyDefinition>
  </propertyDefinitions>
  <views><diagrams>
    <view identifier="v1" xsi:type="Diagram"><name xml:lang="nl">Proceshiërarchie</name>
      <node identifier="n1" elementRef="e1" xsi:type="Element"/></view>
  </diagrams></views>
</model>
"""


def test_open_exchange_xml(tmp_path: Path) -> None:
    f = tmp_path / "model.xml"
    f.write_text(OEF, "utf-8")
    pieces = {p.element_id: p for p in _load(f)}
    assert pieces["e1"].title == "Bedrijfsproces"  # the Dutch name wins
    assert "Reeks activiteiten" in pieces["e1"].text
    assert 'Aggregation → BusinessProcess "Deelproces"' in pieces["e1"].text
    assert "GEMMA-type Bedrijfsproces" in pieces["e1"].text
    assert pieces["e1"].licence == GEMMA_LICENCE
    assert "Bedrijfsproces" in pieces["v1"].text and pieces["v1"].title == "Proceshiërarchie"


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"><name>&lol3;</name></model>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE model [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"><name>&xxe;</name></model>
"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_hostile_xml_is_rejected(tmp_path: Path, payload: str) -> None:
    f = tmp_path / "boos.xml"
    f.write_text(payload, "utf-8")
    units, _ = discover([f])
    with pytest.raises(CorruptFile, match="onveilige XML"):
        load_unit(units[0])


def test_xml_that_is_not_archimate_is_unsupported(tmp_path: Path) -> None:
    f = tmp_path / "ander.xml"
    f.write_text("<root><a>tekst</a></root>", "utf-8")
    units, _ = discover([f])
    with pytest.raises(UnsupportedFile):
        load_unit(units[0])


def test_discovery_reports_unsupported_and_meta_files(tmp_path: Path) -> None:
    (tmp_path / "plaatje.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "INDEX.md").write_text("# Index", "utf-8")
    (tmp_path / "goed.txt").write_text(
        "Een alinea die lang genoeg is om een fragment te worden, echt waar.", "utf-8"
    )
    (tmp_path / ".verborgen.txt").write_text("geheim", "utf-8")
    units, skipped = discover([tmp_path, tmp_path / "bestaat-niet"])
    assert [u.display for u in units] == [f"{tmp_path.name}/goed.txt"]
    reasons = dict(skipped)
    assert "niet ondersteund" in reasons[f"{tmp_path.name}/plaatje.png"]
    assert f"{tmp_path.name}/INDEX.md" in reasons
    assert reasons[str(tmp_path / "bestaat-niet")] == "bestaat niet"


def test_binary_and_non_utf8_text_are_corrupt(tmp_path: Path) -> None:
    for name, data in (("bin.txt", b"abc\x00def"), ("latin.txt", "café".encode("latin-1"))):
        f = tmp_path / name
        f.write_bytes(data)
        units, _ = discover([f])
        with pytest.raises(CorruptFile):
            load_unit(units[0])


def test_text_copied_from_a_wiki_page(tmp_path: Path) -> None:
    f = tmp_path / "kopie.txt"
    f.write_text(
        "Procesarchitectuur Voorbeeldpagina\n\n\nInleiding[bewerken]\n\n"
        "Dit is een alinea over GEMMA en de intake van een aanvraag, lang genoeg voor een fragment.\n\n"
        "Levering[bewerken]\n\nHier gaat het over de levering van het besluit aan de aanvrager zelf.\n\n"
        "Deze pagina is het laatst bewerkt op 6 okt 2023 om 04:26.\n",
        "utf-8",
    )
    pieces = _load(f)[1:]  # after the whole-page chunk
    assert [p.section for p in pieces] == ["Inleiding", "Levering"]
    assert pieces[0].title == "Procesarchitectuur Voorbeeldpagina"
    assert (
        pieces[0].url == "https://www.gemmaonline.nl/index.php/Procesarchitectuur_Voorbeeldpagina"
    )
    assert all("laatst bewerkt" not in p.text for p in pieces)


def test_digest_element_without_type_line_takes_the_chapter_type(tmp_path: Path) -> None:
    # The same element must get the same dense text from the digest as from the CSV, so
    # that it is embedded once; the digest names the type only in the chapter heading.
    from knowledge.loaders import element_embed_text

    md = tmp_path / "digest.md"
    md.write_text(
        "# Overzicht\n\n## 4. Bedrijfsfuncties (BusinessFunction)\n\n### Ondersteuning\n\n"
        "#### Poetsen\n\n- GEMMA type: None; id: id-1234abcd-0000\n\n"
        "Het schoon houden van ruimtes.\n",
        "utf-8",
    )
    units, _ = discover([md])
    pieces = [p for p in load_unit(units[0]) if p.element_id == "id-1234abcd-0000"]
    assert pieces and pieces[0].embed == element_embed_text(
        "Poetsen", "BusinessFunction", "Het schoon houden van ruimtes."
    )
    # and it carries the type, so "welke bedrijfsfunctie …" favours it as it does the CSV copy
    assert {p.element_type for p in pieces} == {"BusinessFunction"}
