from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def session_count(capsys: pytest.CaptureFixture[str]) -> int:
    code, out, _ = run(capsys, "sessions", "list", "--json")
    assert code == 0
    return len(json.loads(out))


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and "klantreis-assistent" in out
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "sessions" in out and "import" in out


def test_config_masks_secrets(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KLANTREIS_LLM_API_KEY", "sk-geheim-123")
    monkeypatch.setenv("KLANTREIS_DATABASE_URL", "postgresql+psycopg://ka:wachtwoord@db/klantreis")
    code, out, _ = run(capsys, "config", "--json")
    assert code == 0
    data = json.loads(out)
    assert "sk-geheim-123" not in out and "wachtwoord" not in out
    assert data["llm_api_key"] == "********"
    assert data["llm_provider"] == "offline"


def test_invalid_setting_is_one_dutch_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KLANTREIS_LLM_PROVIDER", "chatgpt")
    code, _, err = run(capsys, "config")
    assert code == 2
    assert err.strip().count("\n") == 0
    assert "llm_provider" in err and "offline" in err and "ollama" in err


def test_toml_settings_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    toml = tmp_path / "klantreis.toml"
    toml.write_text('llm_provider = "ollama"\nllm_model = "llama3"\n', encoding="utf-8")
    monkeypatch.setenv("KLANTREIS_CONFIG", str(toml))
    code, out, _ = run(capsys, "config", "--json")
    assert code == 0 and json.loads(out)["llm_model"] == "llama3"


def test_schema_is_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and "Bedrijfsservice" in schema["$defs"]


def test_import_export_roundtrip_is_byte_stable(
    capsys: pytest.CaptureFixture[str], example_model_paths: list[Path], tmp_path: Path
) -> None:
    for path in example_model_paths:
        code, out, err = run(capsys, "import", str(path), "--json")
        assert code == 0, err
        sid = json.loads(out)["id"]
        target = tmp_path / f"{path.stem}.out.json"
        code, _, err = run(capsys, "export", sid, "--format", "json", "-o", str(target))
        assert code == 0, err
        assert target.read_bytes() == path.read_bytes(), path.name
        # and once more through the file-based route
        code, out, _ = run(capsys, "export", str(target), "--format", "json")
        assert out.encode("utf-8") == path.read_bytes()


def test_sessions_commands(
    capsys: pytest.CaptureFixture[str], example_model_paths: list[Path]
) -> None:
    run(capsys, "import", str(example_model_paths[0]), "--name", "eerste")
    code, out, _ = run(capsys, "sessions", "show", "eerste", "--json")
    assert code == 0 and json.loads(out)["name"] == "eerste"
    code, _, _ = run(capsys, "sessions", "rename", "eerste", "tweede")
    assert code == 0
    code, _, err = run(capsys, "sessions", "show", "eerste")
    assert code == 2 and "bestaat niet" in err
    code, _, _ = run(capsys, "sessions", "delete", "tweede", "--yes")
    assert code == 0 and session_count(capsys) == 0


def test_names_that_look_like_rich_markup_are_printed_as_they_are(
    capsys: pytest.CaptureFixture[str], example_model_paths: list[Path]
) -> None:
    # "[/]" closes no tag: read as console markup it would crash the command
    name = "feest [/] [bold"
    assert run(capsys, "import", str(example_model_paths[0]), "--name", name)[0] == 0
    code, out, _ = run(capsys, "sessions", "list")
    assert code == 0 and name in out
    code, out, _ = run(capsys, "sessions", "show", name)
    assert code == 0 and name in out


BAD_INPUTS = {
    "geen-json.json": (b"dit is geen json {", "Geen geldige JSON"),
    "verkeerd-schema.json": (b'{"reis": {"naam": "x"}}', "$.reis"),
    "onbekende-versie.json": (b'{"schema_version": 7}', "$.schema_version"),
    "verkeerd-type.json": (
        b'{"journey": {"steps_before": "sponsoring"}}',
        "$.journey.steps_before",
    ),
    "lijst.json": (b"[1, 2, 3]", "$"),
    "binair.json": (b"\xff\xfe\x00\x01", "UTF-8"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_import_is_rejected_in_dutch_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    content, expected = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(content)
    code, _, err = run(capsys, "import", str(path))
    assert code == 2
    assert expected in err
    assert err.startswith("Fout: ")
    assert "Traceback" not in err
    assert session_count(capsys) == 0


def test_huge_import_is_refused_before_reading(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "groot.json"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing 50 MB
    code, _, err = run(capsys, "import", str(path))
    assert code == 2 and "te groot" in err and "max_import_bytes" in err
    assert session_count(capsys) == 0


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "import", str(tmp_path / "nergens.json"))
    assert code == 2 and "niet gevonden" in err


def test_unknown_export_format(
    capsys: pytest.CaptureFixture[str], example_model_paths: list[Path]
) -> None:
    code, _, err = run(capsys, "export", str(example_model_paths[0]), "--format", "docx")
    assert code == 2 and "Onbekend exportformaat" in err


def test_console_script_entry_point(tmp_path: Path) -> None:
    # `python -m assistant` is the same program as the `klantreis` script
    out = subprocess.run(
        [sys.executable, "-m", "assistant", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("klantreis-assistent ")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["export"], "Ontbrekend argument"),
        (["bestaat-niet"], "Onbekend commando 'bestaat-niet'"),
        (["export", "x.json", "--bogus"], "Onbekende optie: --bogus"),
        (["search", "test", "-k", "0"], "moet minstens 1 zijn"),
        (["search", "test", "-k", "veel"], "moet een geheel getal zijn"),
        (["export", "x.json", "--format"], "heeft een waarde nodig"),
        (["export", "x.json", "-f", "json", "extra"], "Onverwachte extra argumenten: extra"),
        (["eval", "exports", "--runs", "0"], "moet minstens 1 zijn"),
        (["eval", "exports", "--activities", "100000000"], "mag hoogstens 5000 zijn"),
        (["eval", "ui", "--runs", "0"], "moet minstens 1 zijn"),
    ],
)
def test_usage_mistakes_are_one_dutch_line_with_exit_code_2(
    capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    assert main(args) == 2
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fout: ") and expected in lines[0]
    assert "--help" in lines[0] and "Traceback" not in err and out == ""


def test_a_group_without_subcommand_shows_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["sessions"])
    out, err = capsys.readouterr()
    assert code in (0, 2)
    assert "list" in out + err and "Onverwachte fout" not in out + err
