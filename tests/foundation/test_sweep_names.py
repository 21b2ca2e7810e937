"""Session names and error lines from hostile command-line input: bytes that are no UTF-8
(lone surrogates after surrogateescape), line breaks and terminal escape sequences."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli import main
from assistant.config import load_settings
from assistant.store import SessionStore, session_name
from tests.conftest import MODELS_DIR


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("caf\udce9", "caf\ufffd"),
        ("feest\n2027\tzomer", "feest 2027 zomer"),
        ("  a\x1b[31m  b ", "a [31m b"),
        ("gewoon", "gewoon"),
    ],
)
def test_session_names_are_one_encodable_line(raw: str, expected: str) -> None:
    assert session_name(raw) == expected


def test_import_and_rename_with_a_name_that_was_no_utf8(
    capsys: pytest.CaptureFixture[str],
) -> None:
    model = MODELS_DIR / "straatfestival.json"
    assert main(["import", str(model), "--name", "caf\udce9\nfeest"]) == 0
    store = SessionStore(load_settings().effective_database_url)
    names = [s.name for s in store.list_sessions()]
    assert names == ["caf\ufffd feest"]
    # looked up by the same argument, the session is found, and renamed
    assert main(["sessions", "rename", "caf\udce9 feest", "zomer\udcff"]) == 0
    assert [s.name for s in store.list_sessions()] == ["zomer\ufffd"]
    _, err = capsys.readouterr()
    assert "Onverwachte fout" not in err


def test_error_lines_stay_one_line_without_escape_sequences(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = main(["sessions", "show", "Rood\x1b[31m\nfeest"])
    _, err = capsys.readouterr()
    assert code != 0
    assert err.startswith("Fout: Sessie 'Rood\\x1b[31m\\nfeest' bestaat niet")
    assert "\x1b" not in err and err.count("\n") == 1
