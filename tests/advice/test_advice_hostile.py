"""`advise --json` and `compare` on odd and hostile models: clean output or a Dutch error on
stderr with exit code 2, never a traceback, and always valid JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main

LONG = "Behandelen " + "ä" * 480  # just under the model's 500-character limit


def _write(tmp_path: Path, name: str, content: object) -> str:
    path = tmp_path / name
    text = content if isinstance(content, str) else json.dumps(content)
    path.write_text(text, encoding="utf-8")
    return str(path)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _strict_json(text: str) -> dict:
    def refuse(token: str) -> None:
        raise AssertionError(f"not JSON: {token}")

    data = json.loads(text, parse_constant=refuse)
    assert isinstance(data, dict)
    return data


def _two_empty_variants() -> dict:
    return {
        "variants": [
            {"id": "v1", "name": "A", "services": []},
            {"id": "v2", "name": "B", "services": []},
        ]
    }


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("", "Geen geldige JSON"),
        ("[]", "geen procesmodel"),
        ('{"variants": []}', "mag niet leeg"),
        ("[" * 50000 + "]" * 50000, "te diep"),
    ],
)
def test_advise_refuses_non_models_in_dutch(
    content: str, says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "advise", _write(tmp_path, "m.json", content), "--json")
    assert code == 2 and out == "" and says in err


def test_advise_on_an_empty_model_and_variants_without_services(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "advise", _write(tmp_path, "leeg.json", {}), "--json")
    assert code == 0
    checks = {f["check"] for f in _strict_json(out)["findings"]}
    assert {"intake-ontbreekt", "levering-ontbreekt", "klantreis-context"} <= checks
    code, out, _ = _run(
        capsys, "advise", _write(tmp_path, "geen.json", _two_empty_variants()), "--json"
    )
    data = _strict_json(out)
    assert code == 0 and [f["check"] for f in data["findings"]] == ["klantreis-context"]
    assert data["findings"][0]["element_ids"] and data["findings"][0]["sources"]


def test_advise_on_long_names_and_absurd_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    service = {
        "id": "s",
        "name": LONG,
        "lead_time_days": 1e308,
        "levering": {"moment": "binnen " + "9" * 400 + " weken"},
        "intake": {
            "documents": [{"id": f"d{i}", "name": "Uittreksel KvK " + "x" * 400} for i in range(30)]
        },
        "activities": [
            {"id": "a1", "name": LONG, "kind": "levering", "duration_days": 1e308},
            {"id": "a2", "name": LONG, "duration_days": 1e308},
        ],
    }
    model = {
        "journey": {"name": LONG},
        "variants": [{"id": "v1", "name": LONG, "services": [service]}],
    }
    code, out, _ = _run(capsys, "advise", _write(tmp_path, "lang.json", model), "--json")
    assert code == 0
    findings = _strict_json(out)["findings"]
    (gather,) = [f for f in findings if f["check"] == "gemeente-verzamelt-stukken"]
    assert len(gather["element_ids"]) == 30 and "nog 22 andere" in gather["message"]
    assert all(len(f["message"]) < 3000 for f in findings)
    (status,) = [f for f in findings if f["check"] == "statusmelding-ontbreekt"]
    assert "meer dan tien jaar" in status["message"]
    code, out, _ = _run(capsys, "advise", _write(tmp_path, "lang.json", model))
    assert code == 0 and "Adviezen" in out


def test_compare_on_variants_without_services(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "geen.json", _two_empty_variants())
    code, out, _ = _run(capsys, "compare", path, "A", "B", "--json")
    data = _strict_json(out)
    assert code == 0 and "nog geen bedrijfsservices" in data["sentence"]
    code, out, _ = _run(capsys, "compare", path, "A", "A")
    assert code == 0 and "met zichzelf" in out
    code, out, err = _run(capsys, "compare", path, "A", "Onbekend")
    assert code == 2 and "bestaat niet" in err and "'A', 'B'" in err


def test_compare_with_infinite_durations_stays_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = {"name": "x", "duration_days": 1e308, "lane": "klant"}
    service = {"id": "s", "activities": [{**big, "id": "a1"}, {**big, "id": "a2"}]}
    model = {
        "variants": [{"id": "v1", "name": "A", "services": [service]}, {"id": "v2", "name": "B"}]
    }
    code, out, _ = _run(capsys, "compare", _write(tmp_path, "inf.json", model), "A", "B", "--json")
    data = _strict_json(out)
    assert code == 0 and data["a"]["lead_time_days"] is None and data["a"]["customer_days"] is None
    code, out, _ = _run(capsys, "compare", _write(tmp_path, "inf.json", model), "A", "B")
    assert code == 0 and "nan" not in out and "inf" not in out
