"""The workspace driven through Streamlit's AppTest: the flows a designer actually uses."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from defusedxml import ElementTree as SafeET
from streamlit.testing.v1 import AppTest

from assistant.export import all_exporters
from assistant.model_io import model_from_json
from assistant.store import SessionStore
from tests.conftest import MODELS_DIR
from ui import bridge
from ui.state import STATE_KEY, UiState

# --- helpers --------------------------------------------------------------------------------


def ui(at: AppTest) -> UiState:
    state = at.session_state[STATE_KEY]
    assert isinstance(state, UiState)
    return state


def no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def new_session(at: AppTest, name: str = "test") -> None:
    at.text_input(key="new_session_name").input(name)
    next(b for b in at.button if b.label == "Nieuwe sessie").click().run()
    no_errors(at)


def open_example(at: AppTest) -> None:
    at.button(key="example_btn").click().run()
    no_errors(at)


def say(at: AppTest, message: str) -> None:
    at.chat_input[0].set_value(message).run()
    no_errors(at)


def open_tab(at: AppTest, label: str) -> None:
    at.session_state["model_tab"] = label
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def assistant_texts(at: AppTest) -> list[str]:
    return [m.markdown[0].value for m in at.chat_message if m.name == "assistant" and m.markdown]


def last_question(at: AppTest) -> dict[str, Any]:
    return next(line.meta for line in reversed(ui(at).chat) if line.meta.get("type") == "question")


needs_interview = pytest.mark.skipif(
    not bridge.interview_available(), reason="interview engine (issue 4) not in this build"
)

# --- first page and sessions ----------------------------------------------------------------


def test_first_start_builds_the_index_with_a_progress_bar(fresh_index: None) -> None:
    import os
    from pathlib import Path

    from tests.ui.conftest import APP

    manifest = Path(os.environ["KLANTREIS_DATA_DIR"]) / "index" / "manifest.json"
    assert not manifest.exists()
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    no_errors(at)
    assert manifest.exists()
    open_example(at)
    at.text_input(key="explain_term").input("deelservice")
    next(b for b in at.button if b.label == "Leg uit").click().run()
    no_errors(at)
    assert ui(at).explanation and "eelservice" in ui(at).explanation[0]["title"]


def test_first_page_offers_to_start_and_shows_llm_status(app: AppTest) -> None:
    no_errors(app)
    assert any("offline" in c.value for c in app.sidebar.caption)
    assert any("Nog geen sessie" in i.value for i in app.info)


@needs_interview
def test_a_few_interview_turns_fill_the_model(app: AppTest) -> None:
    new_session(app, "straatfeest")
    first = last_question(app)
    assert first["slot"] == "journey_name" and first["why"]
    say(app, "Organiseren straatfestival")
    say(app, "de organisator van het festival, een ondernemer")
    say(app, "een veilig en gezellig feest in de eigen straat")
    state = ui(app)
    assert state.model is not None
    assert state.model.journey.name.lower() == "organiseren straatfestival"
    assert state.model.journey.customer_goal
    assert last_question(app)["slot"] == "steps_before"
    assert state.progress > 0
    # every turn is a stored version with the transcript, so nothing is lost
    store = SessionStore(f"sqlite:///{_data_dir()}/sessions.sqlite3")
    snap = store.load(state.session_id or "")
    assert snap.model.journey.name == state.model.journey.name
    assert sum(1 for e in store.transcript(snap.session_id) if e.role == "user") == 3
    # the why-expander of a question is on the page
    assert any(e.label.startswith("Waarom") for e in app.expander)


@needs_interview
def test_table_edit_is_respected_by_the_next_question(app: AppTest) -> None:
    new_session(app)
    for answer in ("Organiseren straatfestival", "organisator, ondernemer", "een mooi feest"):
        say(app, answer)
    assert last_question(app)["slot"] == "steps_before"
    state = ui(app)
    key = f"ed_steps_before_{state.session_id}_{state.version}"
    app.session_state[key] = {
        "edited_rows": {},
        "added_rows": [
            {"name": "Sponsoring regelen", "actor": "klant"},
            {"name": "Artiesten boeken", "actor": "klant"},
        ],
        "deleted_rows": [],
    }
    app.run()
    no_errors(app)
    state = ui(app)
    assert state.model is not None
    assert [s.name for s in state.model.journey.steps_before] == [
        "Sponsoring regelen",
        "Artiesten boeken",
    ]
    assert "steps_before" in state.interview["answered"]
    # the chat moved on at once, and the next turn does not ask for the steps again
    assert last_question(app)["slot"] == "steps_after"
    say(app, "boekingen bevestigen en catering regelen")
    state = ui(app)
    assert [s.name.lower() for s in state.model.journey.steps_after][:1] == ["boekingen bevestigen"]
    asked = state.interview["asked"]
    assert asked.count("steps_before") == 1


def test_invalid_table_edit_gives_a_dutch_message_and_keeps_the_version(app: AppTest) -> None:
    open_example(app)
    before = ui(app).version
    n = len(ui(app).model.journey.steps_before)  # type: ignore[union-attr]
    key = f"ed_steps_before_{ui(app).session_id}_{before}"
    app.session_state[key] = {
        "edited_rows": {},
        "added_rows": [{"description": "een stap zonder naam"}],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception
    assert any(
        f"Verplicht veld 'Stap' is leeg op $.journey.steps_before[{n}].name" in e.value
        for e in app.error
    )
    assert ui(app).version == before


def test_form_edit_and_undo(app: AppTest) -> None:
    open_example(app)
    open_tab(app, "Intake & levering")
    version = ui(app).version
    app.text_input(key=f"f_levering_result_{version}").input("evenementenvergunning")
    form_buttons = [b for b in app.button if b.label == "Opslaan"]
    levering_button = form_buttons[-1]
    levering_button.click().run()
    no_errors(app)
    state = ui(app)
    assert (
        state.model is not None and state.model.service.levering.result == "evenementenvergunning"
    )
    assert state.version == version + 1
    app.button(key="undo_btn").click().run()
    no_errors(app)
    assert ui(app).version == version
    assert ui(app).model.service.levering.result != "evenementenvergunning"  # type: ignore[union-attr]


def test_the_gemma_reference_process_is_picked_from_a_list(app: AppTest) -> None:
    open_example(app)
    open_tab(app, "Blauwdruk")
    version = ui(app).version
    box = app.selectbox(key=f"f_service_process.gemma_reference_{version}")
    # the knowledge base's suggestions for the process come first, marked as such
    assert box.options[0] == "— geen —"
    assert box.options[1].endswith(" · voorgesteld"), box.options[:4]
    assert "Verstrekken subsidie" in box.options
    box.select("Verstrekken subsidie")
    form_buttons = [b for b in app.button if b.label == "Opslaan"]
    form_buttons[0].click().run()
    no_errors(app)
    model = ui(app).model
    assert model is not None and ui(app).version == version + 1
    ref = model.service.process.gemma_reference
    assert ref is not None and ref.name == "Verstrekken subsidie" and ref.element_id


def test_a_deelservice_links_a_procesbouwsteen_in_its_table(app: AppTest) -> None:
    open_example(app)
    open_tab(app, "Samenhang")
    state = ui(app)
    assert state.model is not None
    n = len(state.model.service.deelservices)
    app.session_state[f"ed_deelservices_{state.session_id}_{state.version}"] = {
        "edited_rows": {},
        "added_rows": [
            {"name": "Ontvangst melden", "kind": "intake", "gemma_reference": "Deelservice Intake"}
        ],
        "deleted_rows": [],
    }
    app.run()
    no_errors(app)
    model = ui(app).model
    assert model is not None and ui(app).version == state.version + 1
    ref = model.service.deelservices[n].gemma_reference
    assert (
        ref is not None and ref.name == "Deelservice Intake" and ref.kind.value == "procesbouwsteen"
    )


def test_switching_variants_and_effort_comparison(app: AppTest) -> None:
    open_example(app)
    open_tab(app, "Varianten")
    state = ui(app)
    assert state.model is not None
    first, second = (v.id for v in state.model.variants[:2])
    assert state.model.active.id == first
    if bridge.effort_available():
        sentences = [
            m.value for m in app.markdown if m.value.startswith("**") and "klant" in m.value
        ]
        assert sentences, "the comparison says what changes for the customer in one sentence"
        assert app.dataframe
    radio = app.radio(key=f"variant_pick_{state.session_id}_{state.version}")
    radio.set_value(second).run()
    no_errors(app)
    state = ui(app)
    assert state.model is not None and state.model.active.id == second
    assert any("Variant 2" in m.value for m in app.markdown if m.value.startswith("###"))


@pytest.mark.skipif(
    not (bridge.advice_available() and bridge.variants_available()),
    reason="advice and variants (issue 5) not in this build",
)
def test_apply_advice_as_variant(app: AppTest) -> None:
    open_example(app)
    open_tab(app, "Advies")
    before = len(ui(app).model.variants)  # type: ignore[union-attr]
    buttons = [b for b in app.button if b.label == "Pas toe als variant"]
    assert buttons, "the street festival variant 1 has advice to apply"
    buttons[0].click().run()
    no_errors(app)
    model = ui(app).model
    assert model is not None and len(model.variants) == before + 1
    assert model.active.applied_findings


def _valid(name: str, data: bytes) -> None:
    text = data.decode("utf-8")
    if name == "json":
        model_from_json(data)
    elif name in ("svg", "bpmn", "archimate"):
        SafeET.fromstring(data)
    elif name == "csv":
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        assert len(rows) > 1
    else:  # md, mermaid
        assert text.strip()


def test_every_download_button_serves_a_valid_file(
    app: AppTest, served_files: dict[str, bytes]
) -> None:
    open_example(app)
    open_tab(app, "Export")
    buttons = app.download_button
    assert len(buttons) == len(all_exporters())
    for exporter, button in zip(all_exporters(), buttons, strict=True):
        file_id = button.proto.url.rsplit("/", 1)[-1].split(".")[0]
        data = served_files[file_id]
        assert data == exporter.render(ui(app).model), exporter.name  # type: ignore[arg-type]
        _valid(exporter.name, data)


def test_invalid_upload_is_refused_in_dutch_with_the_json_path(app: AppTest) -> None:
    bad = json.loads((MODELS_DIR / "straatfestival.json").read_text())
    bad["journey"]["steps_before"][0]["actor"] = "buurman"
    uploader = app.sidebar.file_uploader[0]
    uploader.set_value(("kapot.json", json.dumps(bad).encode(), "application/json")).run()
    app.button(key="import_btn").click().run()
    assert not app.exception
    messages = [e.value for e in app.error]
    assert any("$.journey.steps_before[0].actor" in m and "Ongeldige waarde" in m for m in messages)
    assert ui(app).session_id is None


def test_upload_with_a_number_json_cannot_hold_is_refused(app: AppTest) -> None:
    text = (MODELS_DIR / "straatfestival.json").read_text()
    data = json.loads(text)
    data["variants"][0]["services"][0]["activities"][0]["duration_days"] = 7
    # 1e400 reads as infinity in Python and would export as invalid JSON
    raw = json.dumps(data).replace('"duration_days": 7', '"duration_days": 1e400', 1)
    app.sidebar.file_uploader[0].set_value(("oneindig.json", raw.encode(), "application/json"))
    app.run()
    app.button(key="import_btn").click().run()
    assert not app.exception
    messages = [e.value for e in app.error]
    assert any("$.variants[0].services[0].activities[0].duration_days" in m for m in messages)
    assert ui(app).session_id is None


def test_oversized_upload_is_refused(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KLANTREIS_MAX_IMPORT_BYTES", "100")
    import streamlit as st

    st.cache_resource.clear()
    app.run()
    data = (MODELS_DIR / "straatfestival.json").read_bytes()
    app.sidebar.file_uploader[0].set_value(("groot.json", data, "application/json")).run()
    app.button(key="import_btn").click().run()
    assert any("te groot" in e.value for e in app.error)


def test_valid_upload_becomes_a_session(app: AppTest) -> None:
    data = (MODELS_DIR / "afvalstoffenheffing.json").read_bytes()
    app.sidebar.file_uploader[0].set_value(("heffing.json", data, "application/json")).run()
    app.button(key="import_btn").click().run()
    no_errors(app)
    assert ui(app).model is not None and ui(app).session_id is not None


def test_rename_duplicate_and_delete_with_confirmation(app: AppTest) -> None:
    open_example(app)
    sid = ui(app).session_id
    app.text_input(key=f"rename_{sid}").input("Festival Oost")
    app.button(key="rename_btn").click().run()
    no_errors(app)
    assert ui(app).session_name == "Festival Oost"
    app.button(key="duplicate_btn").click().run()
    no_errors(app)
    copy = ui(app)
    assert copy.session_id != sid and copy.session_name == "Festival Oost (variant)"
    app.button(key="delete_btn").click().run()
    assert any("verwijderen?" in w.value for w in app.sidebar.warning)
    assert ui(app).session_id == copy.session_id  # nothing deleted before confirming
    app.button(key="delete_no").click().run()
    assert ui(app).session_id == copy.session_id
    app.button(key="delete_btn").click().run()
    app.button(key="delete_yes").click().run()
    no_errors(app)
    assert ui(app).session_id is None
    names = list(app.selectbox(key="session_pick_None").options)
    assert not any("(variant)" in n for n in names)


def test_two_browser_sessions_stay_apart(app: AppTest, new_app: Any) -> None:
    other = new_app()
    open_example(app)
    new_session(other, "eigen sessie")
    a, b = ui(app), ui(other)
    assert a.session_id != b.session_id
    assert a.model is not None and b.model is not None
    assert b.model.journey.name == ""
    # an edit in one browser does not show up in the other's open model or conversation
    open_tab(app, "Intake & levering")
    version = ui(app).version
    app.text_input(key=f"f_levering_result_{version}").input("alleen in A")
    [b for b in app.button if b.label == "Opslaan"][-1].click().run()
    other.run()
    assert ui(other).model.service.levering.result == ""  # type: ignore[union-attr]
    assert all("Dit is het voorbeeld" not in line.text for line in ui(other).chat)
    assert not ui(other).model.journey.steps_before  # type: ignore[union-attr]


def test_reopening_the_page_restores_the_session(app: AppTest, new_app: Any) -> None:
    open_example(app)
    sid = ui(app).session_id
    assert app.query_params.get("sessie") == [sid] or app.query_params.get("sessie") == sid
    fresh = AppTest.from_file(app._script_path, default_timeout=60)
    fresh.query_params["sessie"] = sid
    fresh.run()
    no_errors(fresh)
    assert ui(fresh).session_id == sid and ui(fresh).model is not None


def test_projector_mode_shows_chat_and_blueprint_only(app: AppTest) -> None:
    open_example(app)
    app.toggle(key="projector_toggle").set_value(True).run()
    no_errors(app)
    assert not app.tabs
    assert ui(app).projector
    if "svg" in {e.name for e in all_exporters()}:
        assert any("data:image/svg+xml;base64," in h.proto.body for h in app.get("html"))


def test_english_switch(app: AppTest) -> None:
    app.button_group(key="lang_choice").set_value("en").run()
    no_errors(app)
    assert ui(app).lang == "en"
    assert any(b.label == "New session" for b in app.button)
    app.button_group(key="lang_choice").set_value("nl").run()
    assert ui(app).lang == "nl"


def test_explain_answers_from_the_knowledge_base(app: AppTest) -> None:
    open_example(app)
    app.text_input(key="explain_term").input("deelservice")
    next(b for b in app.button if b.label == "Leg uit").click().run()
    assert not app.exception
    no_errors(app)
    passages = ui(app).explanation
    assert passages and "deelservice" in passages[0]["title"].lower()
    assert any(m.value.startswith("**") and "eelservice" in m.value for m in app.markdown)


def test_an_exporter_failure_is_a_message_not_a_traceback(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant import export

    def boom(_model: Any) -> bytes:
        raise RuntimeError("kapot")

    export.all_exporters()
    monkeypatch.setitem(
        export.EXPORTERS, "kapot", export.Exporter("kapot", ".x", "text/plain", "Kapot", boom)
    )
    open_example(app)
    open_tab(app, "Export")
    assert not app.exception
    assert any("Kapot" in e.value and "RuntimeError" in e.value for e in app.error)
    assert len(app.download_button) == len(export.all_exporters()) - 1


def _data_dir() -> str:
    import os

    return os.environ["KLANTREIS_DATA_DIR"]


@pytest.mark.skipif(not bridge.training_available(), reason="training (issue 10) not in build")
def test_practice_case_feedback_per_concept_with_symbols(app: AppTest) -> None:
    app.toggle(key="practice_toggle").set_value(True).run()
    no_errors(app)
    app.selectbox(key="case_pick").set_value("straatfestival").run()
    app.button(key="case_start").click().run()
    no_errors(app)
    state = ui(app)
    assert state.practice_case == "straatfestival" and state.session_name.startswith("Oefening")
    # tutoring: the "why" names the concept the question exercises; /hint answers
    assert last_question(app)["why"].startswith("Oefenbegrip")
    say(app, "Organiseren straatfestival")
    say(app, "/hint")
    assert any(line.text.startswith("Hint: ") for line in ui(app).chat)
    app.button(key="case_check").click().run()
    no_errors(app)
    feedback = ui(app).practice_feedback
    assert feedback and all(item["icon"] and item["label"] for item in feedback)
    shown = [m.value for m in app.markdown if "-badge[" in m.value]
    assert any("✓ goed" in m for m in shown) or any("✗ ontbreekt" in m for m in shown)


@needs_interview
def test_llm_failure_is_a_dutch_notice_and_the_turn_continues_offline(
    monkeypatch: pytest.MonkeyPatch, new_app: Any
) -> None:
    from evals.browser import free_port

    # an OpenAI-compatible server that is not there: connection refused on loopback
    monkeypatch.setenv("KLANTREIS_LLM_PROVIDER", "openai")
    monkeypatch.setenv("KLANTREIS_LLM_MODEL", "test-model")
    monkeypatch.setenv("KLANTREIS_LLM_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    monkeypatch.setenv("KLANTREIS_LLM_TIMEOUT", "2")
    at = new_app()
    assert any("openai" in c.value for c in at.sidebar.caption)
    new_session(at, "met taalmodel")
    say(at, "Organiseren straatfestival")
    state = ui(at)
    assert state.model is not None and state.model.journey.name == "Organiseren straatfestival"
    warnings = [w.value for m in at.chat_message for w in m.warning]
    assert any("offline" in w for w in warnings), warnings


@needs_interview
def test_with_an_llm_the_next_question_streams_into_the_chat(
    monkeypatch: pytest.MonkeyPatch, new_app: Any
) -> None:
    from tests.interview.conftest import FakeLlmServer, Scripted

    server = FakeLlmServer()
    server.thread.start()
    try:
        monkeypatch.setenv("KLANTREIS_LLM_PROVIDER", "openai")
        monkeypatch.setenv("KLANTREIS_LLM_MODEL", "fake")
        monkeypatch.setenv("KLANTREIS_LLM_BASE_URL", f"{server.url}/v1")
        first = {
            "id": "c0",
            "object": "chat.completion",
            "created": 0,
            "model": "fake",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": "Hoe heet de reis van de klant?"},
                }
            ],
        }
        server.script = [
            Scripted(200, first),  # the opening question, rephrased in one piece
            server.openai_tool({"intent": "answer", "value": "Organiseren straatfestival"}),
            server.openai_stream(["Wie is ", "de klant ", "van deze reis?"]),
        ]
        at = new_app()
        new_session(at, "streaming")
        say(at, "Organiseren straatfestival")
        state = ui(at)
        assert state.pending_message is None
        assert state.model is not None and state.model.journey.name == "Organiseren straatfestival"
        questions = [line for line in state.chat if line.meta.get("type") == "question"]
        assert questions[-1].text == "Wie is de klant van deze reis?"
        assert questions[-1].meta["slot"] == "customer"
        assert server.requests[-1]["json"].get("stream") is True
        # stored like any turn: the page can be reopened from the database
        assert "Wie is de klant van deze reis?" in assistant_texts(at)
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


def test_open_another_session_from_the_sidebar(app: AppTest) -> None:
    new_session(app, "eerste")
    first = ui(app).session_id
    open_example(app)
    assert ui(app).session_id != first
    app.selectbox(key=f"session_pick_{ui(app).session_id}").set_value(first).run()
    app.button(key="open_btn").click().run()
    no_errors(app)
    assert ui(app).session_id == first and ui(app).session_name == "eerste"


@pytest.mark.skipif(
    "svg" not in {e.name for e in all_exporters()}, reason="SVG export (issue 6) not in build"
)
def test_blueprint_tab_shows_the_svg_service_blueprint(app: AppTest) -> None:
    open_example(app)
    open_tab(app, "Blauwdruk")
    no_errors(app)
    import base64
    import re

    bodies = [h.proto.body for h in app.get("html")]
    images = [m for b in bodies for m in re.findall(r"base64,([A-Za-z0-9+/=]+)", b)]
    assert images, bodies
    svg = base64.b64decode(images[0]).decode("utf-8")
    assert "<svg" in svg and "Service blueprint" in svg
