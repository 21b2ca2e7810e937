"""``klantreis oefen``: list, show → check round trip, results CSV, bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.cli.common import get_store
from assistant.model_io import model_from_json
from tests.training.training_helpers import FLAWED, HELDOUT


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "oefen", "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) >= 6
    assert all(set(r) == {"id", "title", "learning_goals"} for r in rows)


def test_show_json_solution_checks_full(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "oefen", "show", "straatfestival", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"id", "title", "description", "learning_goals", "solution"}
    sol = tmp_path / "sol.json"
    sol.write_text(json.dumps(data["solution"]), encoding="utf-8")
    code, out, _ = run(capsys, "oefen", "check", "straatfestival", str(sol), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["case"] == "straatfestival" and result["overall"] == 1.0


def test_check_session_and_human_output(capsys: pytest.CaptureFixture[str]) -> None:
    model = FLAWED / "archief" / "geen-interne-klant.json"
    code, _, _ = run(capsys, "import", str(model), "--name", "Cursist Anna")
    assert code == 0
    code, out, _ = run(capsys, "oefen", "check", "archief", "Cursist Anna")
    assert code == 0
    assert "anders" in out and "goed" in out


def test_results_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "groep.csv"
    models = [str(FLAWED / "straatfestival" / f) for f in ("parafrase.json", "geen-klantreis.json")]
    code, _, _ = run(
        capsys, "oefen", "results", *models, "--case", "straatfestival", "--out", str(out_file)
    )
    assert code == 0
    raw = out_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["cursist", "casus"] and rows[0][-1] == "totaal"
    assert "klantreis" in rows[0]
    assert rows[1][0] == "Trainee Parafrase" and rows[1][-1] == "1,00"
    assert rows[2][0] == "Cursist geen-klantreis"
    assert float(rows[2][rows[0].index("klantreis")].replace(",", ".")) == 0.0


def test_unknown_case_and_broken_model(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "oefen", "show", "bestaat-niet")
    assert code == 2 and "bestaat niet" in err
    bad = tmp_path / "kapot.json"
    bad.write_text("{", encoding="utf-8")
    code, _, err = run(capsys, "oefen", "check", "straatfestival", str(bad))
    assert code == 2 and "Geen geldige JSON" in err


def test_trainer_folder_error_is_shown(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.cli import common

    (tmp_path / "kapot.yaml").write_text("id: x\n", encoding="utf-8")
    monkeypatch.setenv("KLANTREIS_PRACTICE_CASES_DIR", str(tmp_path))
    common.get_settings.cache_clear()
    code, out, err = run(capsys, "oefen", "list", "--json")
    assert code == 0 and len(json.loads(out)) >= 6
    assert "kapot.yaml" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("niet json", "Geen geldige JSON"),
        ("", "Geen geldige JSON"),
        ("[1, 2]", "geen procesmodel"),
        ('{"variants": []}', "mag niet leeg zijn"),
    ],
)
def test_check_odd_files_give_one_dutch_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
) -> None:
    bad = tmp_path / "model.json"
    bad.write_text(content, encoding="utf-8")
    for command in ("check", "hint"):
        code, out, err = run(capsys, "oefen", command, "straatfestival", str(bad), "--json")
        assert code == 2 and out == ""
        assert message in err and "Traceback" not in err
        assert len(err.strip().splitlines()) == 1


def test_check_missing_session_or_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "oefen", "check", "straatfestival", "sessie-die-er-niet-is")
    assert code == 2 and "bestaat niet" in err and "Traceback" not in err
    code, _, err = run(capsys, "oefen", "check", "straatfestival", "weg.json")
    assert code == 2 and "niet gevonden" in err


@pytest.mark.parametrize("content", ["{}", '{"variants": [{"name": "leeg", "services": []}]}'])
def test_check_empty_model_is_a_clean_result(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str
) -> None:
    empty = tmp_path / "leeg.json"
    empty.write_text(content, encoding="utf-8")
    code, out, _ = run(capsys, "oefen", "check", "straatfestival", str(empty), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["overall"] == 0.0
    assert {c["status"] for c in result["concepts"]} <= {"missing", "different"}
    code, out, _ = run(capsys, "oefen", "check", "straatfestival", str(empty))
    assert code == 0 and "ontbreekt" in out


def test_model_or_session_of_another_case(capsys: pytest.CaptureFixture[str]) -> None:
    other = HELDOUT / "dakkapel" / "fleur-parafrase.json"
    code, out, _ = run(capsys, "oefen", "check", "straatfestival", str(other), "--json")
    assert code == 0
    result = json.loads(out)
    assert set(result) == {"case", "overall", "per_goal", "concepts"}
    assert 0.0 < result["overall"] < 0.6
    store = get_store()
    store.create(
        "Cursist Fleur", model_from_json(other.read_text("utf-8")), kind="oefening:dakkapel"
    )
    code, _, err = run(capsys, "oefen", "check", "straatfestival", "Cursist Fleur")
    assert code == 0
    assert "hoort bij oefencasus 'dakkapel'" in err
    code, _, err = run(capsys, "oefen", "check", "dakkapel", "Cursist Fleur")
    assert code == 0 and "hoort bij" not in err
