"""Hostile and malformed input to `import`: any bytes give a model or a clear Dutch error,
quickly, and never a crash or a half-stored session."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.cli import main
from assistant.errors import InputError
from assistant.model import ProcessModel
from assistant.model_io import model_from_json

HOSTILE_STRINGS = [
    "\x00\x01\x02 NUL en stuurtekens",
    "\u202eRTL-override\u202c en \u200f",
    "🎉🚀 emoji 👩‍👩‍👧",
    "<script>alert('x')</script>",
    "[klik](javascript:alert(1))",
    "]]><!ENTITY x SYSTEM 'file:///etc/passwd'>&x;",
    "a & b < c > d \" e ' f",
    "regel 1\nregel 2\r\nregel 3",
    "x" * 499,
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_model_or_a_clear_error(data: bytes) -> None:
    started = time.perf_counter()
    try:
        model = model_from_json(data)
    except InputError as exc:
        assert str(exc) and "Traceback" not in str(exc)
    else:
        assert isinstance(model, ProcessModel)
    assert time.perf_counter() - started < 2


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_any_json_gives_a_model_or_an_error_with_a_path(value: object) -> None:
    try:
        model_from_json(json.dumps(value))
    except InputError as exc:
        assert getattr(exc, "location", "$").startswith("$")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(HOSTILE_STRINGS) | st.text(max_size=200))
def test_hostile_names_round_trip_exactly(name: str) -> None:
    model = ProcessModel.model_validate(
        {"journey": {"name": name, "steps_before": [{"name": name}]}}
    )
    again = model_from_json(model.to_json())
    assert again == model and again.to_json() == model.to_json()


def test_deeply_nested_json_is_refused() -> None:
    depth = 100_000
    with pytest.raises(InputError):
        model_from_json("[" * depth + "]" * depth)


def test_huge_paste_in_a_field_is_refused_with_a_path() -> None:
    data = {"journey": {"name": "x" * 1_000_000}}
    with pytest.raises(InputError) as info:
        model_from_json(json.dumps(data))
    assert "$.journey.name" in str(info.value)


@pytest.mark.parametrize("payload", HOSTILE_STRINGS)
def test_cli_import_of_hostile_names_keeps_them(
    payload: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = ProcessModel.model_validate({"journey": {"name": payload}})
    path = tmp_path / "m.json"
    path.write_text(model.to_json(), encoding="utf-8")
    assert main(["import", str(path), "--json"]) == 0
    sid = json.loads(capsys.readouterr().out)["id"]
    out = tmp_path / "out.json"
    assert main(["export", sid, "--format", "json", "-o", str(out)]) == 0
    assert out.read_bytes() == path.read_bytes()
