"""Hostile-input sweep of ``klantreis import`` and ``klantreis export``: numbers JSON does
not have, and output paths that are no ordinary file."""

from __future__ import annotations

import json
import math
import os
import stat
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.export import export
from assistant.model import Activity, Bedrijfsservice, ProcessModel, Variant
from tests.conftest import MODELS_DIR

FESTIVAL = MODELS_DIR / "straatfestival.json"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _strict(data: bytes) -> object:
    def refuse(token: str) -> None:
        raise AssertionError(f"not JSON: {token}")

    return json.loads(data, parse_constant=refuse)


def _model_text(duration: str) -> str:
    # written by hand: json.dumps cannot write these numbers as the tokens under test
    activity = f'{{"id": "a1", "name": "Toetsen", "duration_days": {duration}}}'
    return f'{{"variants": [{{"id": "v1", "services": [{{"id": "s1", "activities": [{activity}]}}]}}]}}'


@pytest.mark.parametrize("number", ["Infinity", "-Infinity", "NaN", "1e400"])
def test_import_refuses_numbers_json_does_not_have(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, number: str
) -> None:
    path = tmp_path / "model.json"
    path.write_text(_model_text(number), encoding="utf-8")
    code, _, err = _run(capsys, "import", str(path))
    assert code == 2
    assert err.count("\n") == 1 and "$.variants[0].services[0].activities[0].duration_days" in err
    code, out, _ = _run(capsys, "sessions", "list", "--json")
    assert code == 0 and json.loads(out) == []


def test_import_of_an_integer_with_thousands_of_digits_is_a_dutch_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "groot.json"
    path.write_text(f'{{"metadata": {{"version": {"9" * 5000}}}}}', encoding="utf-8")
    code, _, err = _run(capsys, "import", str(path))
    assert code == 2 and err.startswith("Fout: ") and "te veel cijfers" in err


def test_json_and_markdown_exports_of_an_infinite_duration_stay_valid() -> None:
    # a model built in code (or a session stored earlier) can still hold infinity
    service = Bedrijfsservice(
        lead_time_days=math.inf,
        activities=[Activity(id="a1", name="Toetsen", duration_days=math.inf)],
    )
    model = ProcessModel(variants=[Variant(id="v1", services=[service])])
    data = _strict(export(model, "json"))
    assert isinstance(data, dict)
    assert data["variants"][0]["services"][0]["activities"][0]["duration_days"] is None
    report = export(model, "md").decode("utf-8")
    assert "inf" not in report.replace("informatie", "")


def test_json_export_of_an_ordinary_model_is_still_its_canonical_json() -> None:
    model = ProcessModel.model_validate_json(FESTIVAL.read_text(encoding="utf-8"))
    assert export(model, "json") == model.to_json().encode("utf-8")


def test_export_into_a_fifo_writes_through_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # the same holds for /dev/null and /dev/stdout, which a test cannot safely risk
    fifo = tmp_path / "pijp"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        code, _, err = _run(capsys, "export", str(FESTIVAL), "-f", "csv", "-o", str(fifo))
        received = os.read(reader, 1 << 16)
    finally:
        os.close(reader)
    assert code == 0, err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received.startswith("\ufeffVariant;".encode())


def test_export_through_a_symlink_keeps_the_link(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "echt.bpmn"
    target.write_bytes(b"oud")
    link = tmp_path / "link.bpmn"
    link.symlink_to(target.name)
    code, _, err = _run(capsys, "export", str(FESTIVAL), "-f", "bpmn", "-o", str(link))
    assert code == 0, err
    assert link.is_symlink() and target.read_bytes().startswith(b"<?xml")


def test_export_dash_is_stdout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run(capsys, "export", str(FESTIVAL), "-f", "mermaid", "-o", "-")
    assert code == 0 and "```mermaid" in out and not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    ("out", "says"),
    [
        ("", "dat is een map"),
        ("{model}/x.md", "een deel van het pad is geen map"),
        ("{model}/x/y.md", "een deel van het pad is geen map"),
    ],
)
def test_export_to_an_impossible_path_is_one_dutch_line(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    out: str,
    says: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    model = tmp_path / "model.json"
    model.write_bytes(FESTIVAL.read_bytes())
    code, _, err = _run(capsys, "export", str(model), "-f", "md", "-o", out.format(model=model))
    assert code == 3 and err.count("\n") == 1 and says in err
    assert model.read_bytes() == FESTIVAL.read_bytes()
