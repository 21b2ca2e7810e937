"""The knowledge commands through the real CLI entry point (hash embedder, tmp data dir)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json_without_prior_ingest(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "search",
        "wie verzamelt de benodigde stukken bij een aanvraag",
        "--json",
        "--k",
        "3",
    )
    assert code == 0
    results = json.loads(out)
    assert len(results) == 3
    for r in results:
        assert set(r) >= {"title", "section", "url", "source", "element_id", "score", "text"}
    assert any("klant-tot-klantproces" in r["url"].lower() for r in results)


def test_search_queries_file_one_line_per_query(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    queries = tmp_path / "vragen.txt"
    queries.write_text("wat is een deelservice\n\nwelke processen zijn sturend\n", "utf-8")
    code, out, _ = _run(capsys, "search", "--queries", str(queries), "--json", "--k", "2")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["query"] for line in lines] == [
        "wat is een deelservice",
        "welke processen zijn sturend",
    ]
    assert all(len(line["results"]) == 2 for line in lines)
    assert lines[0]["results"][0]["url"].startswith("https://")


def test_search_queries_file_with_hostile_lines_answers_every_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    queries = tmp_path / "vragen.txt"
    queries.write_bytes(
        b"wat is een deelservice\n\xff\xfe kapotte bytes \x00 hier\n"
        + b"x" * 200_000
        + b"\n"
        + ("deelservice " * 5_000).encode()
        + b"\n!!!???\n"
    )
    code, out, err = _run(capsys, "search", "--queries", str(queries), "--json", "--k", "2")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 5
    assert len(lines[2]["query"]) == 200_000  # echoed as given
    assert all(isinstance(line["results"], list) for line in lines)
    assert lines[3]["results"], "a long question is cut, not dropped"
    assert "ingekort tot de eerste 2000 tekens" in err and "Traceback" not in err


def test_search_plain_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "search", "serviceformule")
    assert code == 0 and "1. Serviceformule" in out and "gemmaonline.nl" in out


def test_search_plain_output_names_the_gemma_terms_it_also_searched(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(capsys, "search", "iemand is het niet eens met een besluit")
    assert code == 0 and "Ook gezocht op de GEMMA-termen:" in out and "bezwaar" in out
    code, out, _ = _run(capsys, "search", "serviceformule")
    assert code == 0 and "GEMMA-termen" not in out


def test_search_without_query_is_a_dutch_input_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "search")
    assert code == 2 and "zoekvraag" in err
    code, _, err = _run(capsys, "search", "--queries", "bestaat-niet.txt", "--json")
    assert code == 2 and "niet gevonden" in err


def test_ingest_twice_then_nothing_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "bron"
    folder.mkdir()
    (folder / "pagina.md").write_text(
        "# Pagina\n\nOver de intake van een kapvergunning in het park.\n", "utf-8"
    )
    (folder / "kapot.jsonl").write_text("{kapot\n", "utf-8")
    code, out, _ = _run(capsys, "ingest", str(folder))
    assert code == 0
    assert "ingelezen: bron/pagina.md" in out and "overgeslagen: bron/kapot.jsonl" in out
    code, out, _ = _run(capsys, "ingest", str(folder))
    assert code == 0 and "Niets te doen" in out
    code, out, _ = _run(capsys, "ingest", str(folder), "--json")
    report = json.loads(out)
    assert report["ingested"] == [] and report["unchanged"] == ["bron/pagina.md"]
    code, out, _ = _run(capsys, "search", "kapvergunning park", "--json", "--k", "1")
    assert json.loads(out)[0]["source"] == "bron/pagina.md"


def test_queries_file_with_a_bom_and_a_bad_byte_answers_every_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    queries = tmp_path / "vragen.txt"
    queries.write_bytes(
        b"\xef\xbb\xbfwat is een deelservice\nstuk\xff kapot\nwelke processen zijn sturend"
    )
    code, out, _ = _run(capsys, "search", "--queries", str(queries), "--json", "--k", "1")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 3
    assert lines[0]["query"] == "wat is een deelservice"  # no BOM in the first query
    assert lines[1]["query"] == "stuk\ufffd kapot"
    assert all(len(line["results"]) == 1 for line in lines)


def test_search_with_the_municipalitys_word_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    words = tmp_path / "woorden.yaml"
    words.write_text("- termen: [balie]\n  woorden: [wijkpunt de linde]\n", "utf-8")
    monkeypatch.setenv("KLANTREIS_THESAURUS_FILE", str(words))
    code, out, err = _run(capsys, "search", "openingstijden van wijkpunt De Linde")
    assert code == 0 and "Ook gezocht op de GEMMA-termen: balie" in out and not err
    words.write_text("- termen: [balie\n", "utf-8")
    code, out, err = _run(capsys, "search", "openingstijden van wijkpunt De Linde")
    assert code == 0 and "1. " in out
    assert "Eigen woordenlijst niet gebruikt: woorden.yaml is geen geldige YAML" in err


def test_eval_linking_reports_top1_top3_and_misses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = tmp_path / "koppelingen.jsonl"
    items.write_text(
        "\n".join(
            json.dumps(item, ensure_ascii=False)
            for item in (
                {
                    "id": "a",
                    "text": "we behandelen aanvragen voor een terrasvergunning",
                    "expected": ["Behandelen aanvraag vergunning of ontheffing"],
                },
                {
                    "id": "b",
                    "text": "bezwaarschriften tegen besluiten",
                    "expected": ["Behandelen bezwaar"],
                },
                {
                    "id": "c",
                    "text": "bezwaarschriften tegen besluiten",
                    "expected": ["Bestaat niet"],
                },
            )
        ),
        "utf-8",
    )
    report = tmp_path / "linking.md"
    code, out, _ = _run(capsys, "eval", "linking", "--dataset", str(items), "-o", str(report))
    assert code == 0
    table = report.read_text("utf-8")
    assert table in out + "\n" or table.strip() in out
    row = next(line for line in table.splitlines() if "(standaard)" in line)
    top1, top3 = (float(x) for x in row.split("|")[2:4])
    assert top1 == pytest.approx(2 / 3, abs=0.005) and top3 == pytest.approx(2 / 3, abs=0.005)
    assert "c (-): bezwaarschriften tegen besluiten → verwacht Bestaat niet" in table


def test_eval_linking_names_a_bad_dataset_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = tmp_path / "kapot.jsonl"
    items.write_text('{"id": "a", "text": "x"}\n', "utf-8")
    code, _, err = _run(
        capsys, "eval", "linking", "--dataset", str(items), "-o", str(tmp_path / "o.md")
    )
    assert code == 1
    assert "kapot.jsonl regel 1" in err and "Traceback" not in err
    assert not (tmp_path / "o.md").exists()


def test_a_document_title_that_looks_like_rich_markup_is_printed_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "z.md"
    page.write_text(
        "# Zeppelinhaven [/] [red]\n\nDe zeppelinhaven verhuurt ligplaatsen.\n", "utf-8"
    )
    assert _run(capsys, "ingest", str(page))[0] == 0
    code, out, _ = _run(capsys, "search", "zeppelinhaven ligplaatsen", "--k", "1")
    assert code == 0 and "Zeppelinhaven [/] [red]" in out


def test_a_file_name_with_control_characters_stays_one_report_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "bron"
    folder.mkdir()
    (folder / "twee\nregels\x1b[31m.md").write_text("# Kop\n\nTekst over de haven.\n", "utf-8")
    code, out, _ = _run(capsys, "ingest", str(folder))
    assert code == 0
    (line,) = [ln for ln in out.splitlines() if ln.startswith("ingelezen:")]
    assert line == "ingelezen: bron/twee\\nregels\\x1b[31m.md"
    assert "\x1b" not in out


def test_eval_with_an_unusable_dataset_names_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "vragen.jsonl"
    bad.write_text('{"id": "a", "question": "wat is intake"}\n', "utf-8")
    code, _, err = _run(capsys, "eval", "retrieval", "--dataset", str(bad), "--backends", "hash")
    assert code == 1 and "Fout: vragen.jsonl regel 1: ongeldige vraag" in err
    code, _, err = _run(capsys, "eval", "linking", "--dataset", str(tmp_path / "weg.jsonl"))
    err = " ".join(err.split())  # the console wraps long lines
    assert code == 1 and "Fout: linking-dataset" in err and "weg.jsonl bestaat niet" in err
