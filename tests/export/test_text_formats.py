"""CSV, Markdown and Mermaid: structure and escaping."""

from __future__ import annotations

import csv
import io
import re

from assistant.export import export
from assistant.export.fmt_csv import HEADER
from assistant.export.fmt_markdown import esc
from assistant.export.fmt_mermaid import label
from assistant.model import ProcessModel


def rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_has_bom_semicolons_header_and_a_row_per_activity(festival: ProcessModel) -> None:
    table = rows(export(festival, "csv"))
    assert table[0] == HEADER
    per_variant: dict[str, list[list[str]]] = {}
    for row in table[1:]:
        per_variant.setdefault(row[0], []).append(row)
    assert len(per_variant) == 2
    for variant in festival.variants:
        got = per_variant[variant.name]
        journey = len(festival.journey.steps_before) + len(festival.journey.steps_after)
        assert len(got) == journey + len(variant.services[0].activities)
        assert [r[1] for r in got][:2] == ["voor", "voor"] and got[-1][1] == "na"
        assert [int(r[2]) for r in got] == list(range(1, len(got) + 1))


def test_csv_keeps_newlines_and_separators_inside_quoted_cells(festival: ProcessModel) -> None:
    service = festival.variants[0].services[0]
    act = service.activities[0].model_copy(update={"name": 'Regel 1;\n"Regel 2"'})
    service = service.model_copy(update={"activities": [act, *service.activities[1:]]})
    variant = festival.variants[0].model_copy(update={"services": [service]})
    model = festival.model_copy(update={"variants": [variant, festival.variants[1]]})
    table = rows(export(model, "csv"))
    assert 'Regel 1;\n"Regel 2"' in [r[4] for r in table]
    assert {len(r) for r in table} == {len(HEADER)}


def test_csv_defuses_formulas(festival: ProcessModel) -> None:
    journey = festival.journey.model_copy(
        update={
            "steps_before": [
                festival.journey.steps_before[0].model_copy(update={"name": "=HYPERLINK(1)"})
            ]
        }
    )
    table = rows(export(festival.model_copy(update={"journey": journey}), "csv"))
    assert "'=HYPERLINK(1)" in [r[4] for r in table]


def test_markdown_report_sections(festival: ProcessModel) -> None:
    text = export(festival, "md").decode("utf-8")
    for heading in (
        "# Klantreis",
        "## Klantreis",
        "## Varianten",
        "### Klantinspanning per variant",
        "#### Intake",
        "#### Levering",
        "#### Activiteiten per zwembaan",
    ):
        assert heading in text
    for variant in festival.variants:
        assert variant.name in text
    # effort table: one column per variant
    row = next(line for line in text.splitlines() if line.startswith("| Klantactiviteiten"))
    assert row.count("|") == 2 + len(festival.variants)


def test_markdown_escapes_user_text() -> None:
    assert esc("*vet* [link](x) <b> # | $5 @ref") == r"\*vet\* \[link\](x) \<b\> \# \| \$5 \@ref"
    assert esc("1. eerste") == r"1\. eerste"
    assert esc("- item") == r"\- item"
    assert esc("regel\nnieuw") == "regel nieuw"
    assert esc("&amp; en & ") == r"\&amp; en &"


def test_markdown_converts_with_pandoc_if_available(festival: ProcessModel, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil
    import subprocess

    import pytest

    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc not installed")
    source = tmp_path / "r.md"
    source.write_bytes(export(festival, "md"))
    subprocess.run([pandoc, str(source), "-o", str(tmp_path / "r.docx")], check=True, timeout=60)


def test_mermaid_has_a_journey_and_a_flowchart_with_lane_subgraphs(festival: ProcessModel) -> None:
    text = export(festival, "mermaid").decode("utf-8")
    blocks = re.findall(r"```mermaid\n(.*?)```", text, re.S)
    assert len(blocks) == 2
    journey, flowchart = blocks
    assert journey.startswith("journey\n") and "section Vóór" in journey and "section Na" in journey
    assert "Verzamelen stukken: 3: Klant" in journey
    assert flowchart.startswith("flowchart LR\n")
    subgraphs = re.findall(r'subgraph (\w+)\["([^"]+)"\]', flowchart)
    assert [name for _, name in subgraphs] == [
        "Klant",
        "Frontoffice",
        "Backoffice",
        "Ketenpartner",
        "Ondersteunend",
    ]
    assert flowchart.count("subgraph") == flowchart.count("    end")
    # every edge connects declared nodes
    declared = set(re.findall(r"^\s+([ns]_\w+)[\[\(\{>]", flowchart, re.M))
    for a, b in re.findall(r"^\s+(\w+) -\.?-?> (\w+)$", flowchart, re.M):
        assert a in declared and b in declared


def test_mermaid_labels_have_no_syntax_characters() -> None:
    value = label('Zeg "hoi" #1; a:b <c> [d] {e} (f) | `g` %% h\nregel')
    assert not re.search(r'["\n;:<>\[\]{}()|`%]', value.replace("#", "").replace(";", ""))
    assert "#34;" in value and "#35;" in value and "#59;" in value
