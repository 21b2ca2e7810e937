"""The CLI: advise, variant, compare and eval advice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from tests.advice.conftest import MODELS

V1 = "Variant 1: klant verzamelt stukken"
V2 = "Variant 2: gemeente verzamelt stukken"
FESTIVAL = str(MODELS / "straatfestival.json")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_advise_json_on_both_variants(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "advise", str(MODELS / "straatfestival-variant1.json"), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["variant"] == V1
    (f,) = [f for f in data["findings"] if f["check"] == "gemeente-verzamelt-stukken"]
    assert f["sources"] and f["sources"][0]["title"] and f["message"] and f["suggestion"]
    assert {"id", "check", "severity", "element_ids"} <= f.keys()
    code, out, _ = run(capsys, "advise", FESTIVAL, "--json", "--variant", V2)
    assert code == 0
    data = json.loads(out)
    assert data["variant"] == V2
    assert all(f["check"] != "gemeente-verzamelt-stukken" for f in data["findings"])


def test_advise_table_and_bad_variant(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "advise", FESTIVAL)
    assert code == 0 and "Adviezen voor" in out and "waarschuwing" in out
    code, _, err = run(capsys, "advise", FESTIVAL, "--variant", "Variant 7")
    assert code == 2 and "bestaat niet" in err


def test_compare_prints_table_and_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", FESTIVAL, V1, V2, "--json")
    assert code == 0
    data = json.loads(out)
    assert "1 activiteit minder" in data["sentence"] and "2 stukken minder" in data["sentence"]
    code, out, _ = run(capsys, "compare", FESTIVAL, V1, V2)
    assert code == 0 and "Klantactiviteiten" in out and "stukken minder" in " ".join(out.split())


def test_variant_names_that_look_like_rich_markup_are_printed_as_they_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(Path(FESTIVAL).read_text("utf-8"))
    data["variants"][0]["name"] = "Huidig [/] [bold"
    data["variants"][1]["name"] = "Nieuw [/red]"
    model = tmp_path / "model.json"
    model.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    code, out, _ = run(capsys, "advise", str(model), "--variant", "Huidig [/] [bold")
    assert code == 0 and "Adviezen voor 'Huidig [/] [bold'" in out
    code, out, _ = run(capsys, "compare", str(model), "Huidig [/] [bold", "Nieuw [/red]")
    assert code == 0 and "Nieuw [/red]" in out


def test_variant_apply_saves_new_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "import", str(MODELS / "straatfestival-variant1.json"), "--name", "fest", "--json"
    )
    assert code == 0
    code, out, _ = run(
        capsys,
        "variant",
        "fest",
        "--from",
        V1,
        "--name",
        "Gemeente haalt op",
        "--apply",
        "gemeente-verzamelt-stukken:v1-bs-vergunning",
        "--json",
    )
    assert code == 0, out
    data = json.loads(out)
    assert data["version"] == 2 and data["applied_findings"] == [
        "gemeente-verzamelt-stukken:v1-bs-vergunning"
    ]
    code, out, _ = run(capsys, "advise", "fest", "--json")
    assert json.loads(out)["variant"] == "Gemeente haalt op"
    assert all(f["check"] != "gemeente-verzamelt-stukken" for f in json.loads(out)["findings"])
    code, out, _ = run(capsys, "compare", "fest", V1, "Gemeente haalt op", "--json")
    assert "minder" in json.loads(out)["sentence"]
    code, out, _ = run(capsys, "variant", "fest", "--from", V1, "--name", "Kopie")
    assert code == 0 and "versie 3" in out


def test_eval_advice_meets_targets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from evals.advice import main as eval_main

    out_file = tmp_path / "advice.md"
    assert eval_main(["--output", str(out_file), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["precision"] >= 0.9 and scores["recall"] >= 0.9 and scores["cases"] >= 12
    assert "| **overall** |" in out_file.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "eval", "--help")
    assert code == 0 and "advice" in out
