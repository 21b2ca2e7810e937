"""Hostile-input sweep of ``advise``, ``compare`` and ``variant``: names with terminal
escape sequences and backslashes, and variant names the model cannot hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from tests.conftest import MODELS_DIR

ESC_NAME = "Rood\x1b[31m [/]\\"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def escaped_model(tmp_path: Path) -> Path:
    data = json.loads((MODELS_DIR / "straatfestival.json").read_text(encoding="utf-8"))
    data["variants"][0]["name"] = ESC_NAME
    path = tmp_path / "esc.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_compare_and_advise_write_no_escape_sequence_and_keep_backslashes(
    capsys: pytest.CaptureFixture[str], escaped_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    code, out, _ = _run(capsys, "compare", str(escaped_model), "var-initieel", "var-verbeterd")
    assert code == 0 and "\x1b" not in out
    # the header shows the name as it is: one backslash, not the doubled one of escape()
    assert "Rood\\x1b[31m [/]\\ " in out and "[/]\\\\" not in out
    code, out, _ = _run(capsys, "advise", str(escaped_model), "--variant", "var-initieel")
    assert code == 0 and "\x1b" not in out and "Rood\\x1b[31m [/]\\'" in out


def test_variant_output_and_errors_write_no_escape_sequence(
    capsys: pytest.CaptureFixture[str], escaped_model: Path
) -> None:
    assert _run(capsys, "import", str(escaped_model), "--name", "esc")[0] == 0
    code, out, _ = _run(
        capsys, "variant", "esc", "--from", "var-initieel", "--name", "Nieuw\x1b[2J"
    )
    assert code == 0 and "\x1b" not in out and "Nieuw\\x1b[2J" in out
    code, _, err = _run(capsys, "variant", "esc", "--from", "geen", "--name", "x")
    assert code == 2 and "\x1b" not in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("name", "says"),
    [("x" * 600, "te lang (600 tekens; maximaal 500)"), ("a\udcffb", "geen geldige UTF-8")],
)
def test_variant_name_the_model_cannot_hold_is_a_dutch_error_and_saves_nothing(
    capsys: pytest.CaptureFixture[str], name: str, says: str
) -> None:
    assert _run(capsys, "import", str(MODELS_DIR / "straatfestival.json"), "--name", "f")[0] == 0
    code, _, err = _run(capsys, "variant", "f", "--from", "var-initieel", "--name", name)
    assert code == 2 and says in err and err.count("\n") == 1
    code, out, _ = _run(capsys, "sessions", "show", "f", "--json")
    assert code == 0 and json.loads(out)["version"] == 1


def test_variant_name_with_a_line_break_becomes_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _run(capsys, "import", str(MODELS_DIR / "straatfestival.json"), "--name", "g")[0] == 0
    code, out, _ = _run(
        capsys, "variant", "g", "--from", "var-initieel", "--name", "Gewenst\nna\tintake", "--json"
    )
    assert code == 0 and json.loads(out)["variant"] == "Gewenst na intake"
