"""Hostile and malformed input: the answer parsers, the loaders (any bytes as any
supported file), every exporter (hostile names and texts), XML bombs and XXE through
`klantreis ingest`, and pastes over the size cap in `chat --jsonl`."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.cli import main
from assistant.export import all_exporters
from assistant.interview import parse
from evals.reliability import BILLION_LAUGHS, HOSTILE, XXE, check_export, hostile_model

TIME_BOUND = 2.0  # seconds per example: a regex that backtracks badly fails here

PARSERS: list[Callable[[str], Any]] = [
    parse.norm,
    parse.clean_text,
    parse.is_dont_know,
    parse.yes_no,
    parse.is_question,
    parse.question_term,
    parse.asks_why,
    parse.correction_body,
    parse.split_list,
    parse.parse_actor,
    parse.parse_lane,
    parse.parse_channels,
    parse.parse_customer_type,
    parse.parse_trigger_kind,
    parse.parse_activity_kind,
    parse.parse_relation,
    parse.strip_role,
    parse.clean_value,
]

hostile_text = (
    st.sampled_from(HOSTILE)
    | st.text(max_size=400)
    | st.builds(lambda parts: " ".join(parts), st.lists(st.sampled_from(HOSTILE[:11]), max_size=4))
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_answer_parsers_never_crash_and_stay_fast(text: str) -> None:
    for fn in PARSERS:
        started = time.perf_counter()
        fn(text)
        assert time.perf_counter() - started < TIME_BOUND, fn.__name__
    assert all(len(item) <= parse.MAX_ITEM + 1 for item in parse.split_list(text)), (
        "list items are capped"
    )


def test_parsers_on_a_one_megabyte_paste_stay_fast() -> None:
    paste = ("Eerst de aanvraag, daarna de toets en tot slot het besluit. " * 17_000)[:1_000_000]
    for fn in PARSERS:
        started = time.perf_counter()
        fn(paste)
        assert time.perf_counter() - started < 5 * TIME_BOUND, fn.__name__


@pytest.fixture(scope="module")
def knowledge_base() -> Any:
    from knowledge.base import KnowledgeBase

    kb = KnowledgeBase.in_memory()
    kb.ensure_ready(progress=False)
    return kb


SUFFIXES = [".txt", ".md", ".html", ".csv", ".xml", ".jsonl"]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(SUFFIXES),
            st.binary(max_size=3000)
            | hostile_text.map(lambda s: s.encode("utf-8", "surrogatepass")),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_loaders_ingest_or_report_any_bytes(
    tmp_path_factory: pytest.TempPathFactory, knowledge_base: Any, files: list[tuple[str, bytes]]
) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    for i, (suffix, raw) in enumerate(files):
        (folder / f"f{i}{suffix}").write_bytes(raw)
    started = time.perf_counter()
    report = knowledge_base.ingest([folder], progress=False)
    assert time.perf_counter() - started < 10 * TIME_BOUND
    handled = {*report.ingested, *(path for path, _ in report.skipped)}
    assert len(handled) == len(files), report  # every file ingested or reported
    for _, reason in report.skipped:
        assert reason and "Traceback" not in reason


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_query_understanding_never_crashes_and_stays_fast(text: str) -> None:
    """What search does to a question before retrieving (thesaurus, type of answer,
    URL keys) with any text."""
    from knowledge.intent import wanted_types
    from knowledge.thesaurus import shipped
    from knowledge.urls import element_key, page_key

    started = time.perf_counter()
    terms = shipped().expand(text)
    shipped().matches(text * 50)  # long input: phrase matching is linear in its length
    wanted_types(text)
    page_key(text)
    element_key(text)
    assert time.perf_counter() - started < TIME_BOUND
    assert all(isinstance(term, str) and term for term in terms)


EXPORTERS = [e.name for e in all_exporters()]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_every_exporter_stays_valid_with_hostile_names(text: str) -> None:
    model = hostile_model(text)
    for name in EXPORTERS:
        exporter = next(e for e in all_exporters() if e.name == name)
        started = time.perf_counter()
        data = exporter.render(model)
        assert time.perf_counter() - started < 5 * TIME_BOUND, name
        assert check_export(name, data) == [], name


@pytest.mark.parametrize("payload", HOSTILE)
def test_every_exporter_with_each_known_hostile_string(payload: str) -> None:
    model = hostile_model(payload)
    for exporter in all_exporters():
        assert check_export(exporter.name, exporter.render(model)) == [], exporter.name


def test_check_export_catches_live_script() -> None:
    """The checks themselves can fail: a script in SVG and a javascript: link in Markdown."""
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><a href="javascript:x"/></svg>'
    assert len(check_export("svg", svg)) == 2
    assert check_export("md", b"[klik](javascript:alert(1))")
    assert check_export("svg", b"<svg><unclosed></svg>")


def test_ingest_refuses_billion_laughs_and_xxe_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "boos"
    folder.mkdir()
    (folder / "lachen.xml").write_text(BILLION_LAUGHS, "utf-8")
    (folder / "xxe.xml").write_text(XXE, "utf-8")
    (folder / "goed.md").write_text(
        "# Goed\n\nEen gewone pagina over de klantreis en de bedrijfsservice.\n", "utf-8"
    )
    started = time.perf_counter()
    assert main(["ingest", str(folder), "--json"]) == 0
    assert time.perf_counter() - started < 60
    report = json.loads(capsys.readouterr().out)
    reasons = {s["path"].rsplit("/", 1)[-1]: s["reason"] for s in report["skipped"]}
    assert "onveilige XML" in reasons["lachen.xml"]
    assert "onveilige XML" in reasons["xxe.xml"]
    assert report["ingested"] == ["boos/goed.md"]
    assert main(["search", "passwd root", "--json"]) == 0
    assert "root:" not in capsys.readouterr().out  # /etc/passwd never entered the index


def test_paste_over_the_cap_in_chat_jsonl_gives_a_notice(tmp_path: Path) -> None:
    from assistant.cli.interview_cmds import run_jsonl
    from assistant.config import load_settings

    settings = load_settings(max_message_chars=1000)
    lines = ["x" * 5000, json.dumps({"text": "y" * 5000}), "Organiseren straatfestival"]
    out = io.StringIO()
    run_jsonl(io.StringIO("\n".join(lines) + "\n"), out, settings, "cap", None)
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    too_long = [e for e in events if e["type"] == "notice" and "te lang" in e["text"]]
    assert len(too_long) == 2 and all("1000" in e["text"] for e in too_long)
    from assistant.cli.common import get_store

    stored = [t.text for t in get_store().transcript("cap") if t.role == "user"]
    assert stored == ["Organiseren straatfestival"]  # the oversized pastes were not kept
    # an endless last line without a newline is refused too, and the input ends cleanly
    out = io.StringIO()
    run_jsonl(io.StringIO("z" * 50_000), out, settings, "cap2", None)
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    assert any(e["type"] == "notice" and "te lang" in e["text"] for e in events)
    assert events[-1]["type"] == "done"


def test_size_caps_are_settings() -> None:
    from assistant.config import Settings

    fields = Settings.model_fields
    assert fields["max_import_bytes"].default == 10 * 1024 * 1024
    assert fields["max_message_chars"].default == 100_000


def test_chat_jsonl_output_stays_one_event_per_line_with_unicode_line_breaks() -> None:
    """The bug this found: U+2028 in an answer split an event over two lines for any
    reader that uses str.splitlines() (and for older JavaScript)."""
    from assistant.cli.interview_cmds import run_jsonl
    from assistant.config import load_settings

    out = io.StringIO()
    lines = ["Organiseren\u2028straatfestival\u2029nu\x85echt", "Organisator (ondernemer)"]
    run_jsonl(io.StringIO("\n".join(lines) + "\n"), out, load_settings(), "scheiding", None)
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [e["type"] for e in events].count("question") >= 3
    assert any("\u2028" in e.get("text", "") for e in events)  # kept, only escaped
