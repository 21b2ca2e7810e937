"""The Streamlit workspace: the conversation on the left, the live model on the right.

This script only renders and wires widgets to actions (``ui.actions``) that call the core.
State lives in one ``UiState`` per browser session (``ui.runtime``); shared resources are
the settings and the knowledge base (``ui.services``). Any failure becomes a Dutch message
and a line in the log, never a traceback on the page.
"""

from __future__ import annotations

import logging
import math
import time
from typing import Any

import pandas as pd
import streamlit as st

from assistant import editing
from assistant.config import Settings
from assistant.model import ProcessModel
from ui import actions, bridge, services, views
from ui.i18n import TAB_KEYS, t
from ui.runtime import dispatch, get_state, put_state, widget_value
from ui.state import UiState

log = logging.getLogger("klantreis.ui")
CHAT_WINDOW = 20


# --- shared resources -----------------------------------------------------------------------


def knowledge(settings: Settings) -> Any:
    """The knowledge base, or None when it cannot be opened (the interview falls back)."""
    try:
        return services.knowledge_for(settings)
    except Exception:
        log.exception("kennisbank kon niet worden geopend")
        return None


def prepare_index(settings: Settings, state: UiState) -> None:
    """Build the GEMMA index with a progress bar the first time the app runs here.

    The knowledge base reports no fraction while it builds, so the bar follows the time
    spent against the usual duration (about a minute with the default embedder) and says
    so; it completes when the index is ready.
    """
    if not services.index_missing(settings):
        return
    kb = knowledge(settings)
    if kb is None:
        return
    thread = services.build_index_in_background(kb)
    bar = st.progress(0.0, text=t(state.lang, "index_building"))
    start = time.monotonic()
    while thread.is_alive():
        elapsed = time.monotonic() - start
        fraction = 1.0 - math.exp(-elapsed / 25.0)  # approaches 1; never claims done early
        bar.progress(
            min(0.95, fraction), text=f"{t(state.lang, 'index_building')} ({elapsed:.0f} s)"
        )
        thread.join(timeout=0.5)
    bar.empty()
    if services.index_missing(settings):
        st.warning(t(state.lang, "index_failed", error="zie het logboek"))
    else:
        st.toast(t(state.lang, "index_ready"))


# --- sidebar --------------------------------------------------------------------------------


def sidebar(settings: Settings, state: UiState) -> None:
    lang = state.lang
    sb = st.sidebar
    sb.title(t(lang, "title"))
    sb.segmented_control(
        t(lang, "language"),
        ["nl", "en"],
        default=lang,
        key="lang_choice",
        on_change=lambda: dispatch(actions.set_lang, widget_value("lang_choice") or "nl"),
    )
    provider = settings.llm_provider
    if provider == "offline":
        sb.caption(f"🤖 {t(lang, 'llm_status')}: {t(lang, 'llm_offline')}")
    else:
        _, problem = views.memo(state, "llm", lambda: bridge.llm_reader(settings))
        if problem:
            sb.warning(f"🤖 {t(lang, 'llm_status')}: {t(lang, 'llm_broken', error=problem)}")
        else:
            online = t(lang, "llm_online", provider=provider, model=settings.llm_model or "?")
            sb.caption(f"🤖 {t(lang, 'llm_status')}: {online}")
    sb.toggle(
        t(lang, "projector"),
        value=state.projector,
        key="projector_toggle",
        on_change=lambda: dispatch(actions.set_projector, widget_value("projector_toggle")),
    )
    sb.toggle(
        t(lang, "mode_practice"),
        value=state.practice,
        key="practice_toggle",
        on_change=lambda: dispatch(actions.set_practice, widget_value("practice_toggle")),
    )

    sb.subheader(t(lang, "sessions"))
    store = state.store
    infos = store.list_sessions() if store is not None else []
    if infos:
        labels = {i.id: f"{i.name} · v{i.version}" for i in infos}
        ids = list(labels)
        current = ids.index(state.session_id) if state.session_id in ids else 0
        chosen = sb.selectbox(
            t(lang, "open_session"),
            ids,
            index=current,
            format_func=lambda sid: labels.get(sid, sid),
            # keyed by the open session, so the list follows when another action opens one
            key=f"session_pick_{state.session_id}",
        )
        sb.button(
            t(lang, "open"),
            key="open_btn",
            on_click=dispatch,
            args=(actions.open_session, settings, chosen),
            disabled=chosen == state.session_id,
        )
    with sb.form("new_session_form", clear_on_submit=True, border=False):
        name = st.text_input(t(lang, "new_session_name"), key="new_session_name")
        if st.form_submit_button(t(lang, "new_session")):
            dispatch(actions.new_session, settings, knowledge(settings), name)
            st.rerun()
    sb.button(
        t(lang, "example"),
        key="example_btn",
        on_click=dispatch,
        args=(actions.open_example, settings),
    )

    if state.session_id is not None:
        sb.caption(f"**{state.session_name}** · {t(lang, 'version', version=state.version)}")
        sb.button(
            f"↶ {t(lang, 'undo')}", key="undo_btn", on_click=dispatch, args=(actions.undo, settings)
        )
        with sb.expander(t(lang, "rename")):
            rename_key = f"rename_{state.session_id}"
            st.text_input(t(lang, "rename_to"), value=state.session_name, key=rename_key)
            st.button(
                t(lang, "rename"),
                key="rename_btn",
                # read the field in the callback: it holds what was typed before the click
                on_click=lambda: dispatch(
                    actions.rename_session, settings, widget_value(rename_key) or ""
                ),
            )
        sb.button(
            t(lang, "duplicate"),
            key="duplicate_btn",
            on_click=dispatch,
            args=(actions.duplicate_as_variant, settings),
        )
        if state.confirm_delete:
            sb.warning(t(lang, "delete_confirm", name=state.session_name))
            c1, c2 = sb.columns(2)
            c1.button(
                t(lang, "delete_yes"),
                key="delete_yes",
                type="primary",
                on_click=dispatch,
                args=(actions.delete_session, settings),
            )
            c2.button(
                t(lang, "cancel"), key="delete_no", on_click=dispatch, args=(actions.cancel_delete,)
            )
        else:
            sb.button(
                f"🗑️ {t(lang, 'delete')}",
                key="delete_btn",
                on_click=dispatch,
                args=(actions.ask_delete,),
            )

    # a new key after every import (the session changes) empties the uploader
    uploaded = sb.file_uploader(
        t(lang, "import"), type=["json"], key=f"import_file_{state.session_id}"
    )
    if uploaded is not None and sb.button(t(lang, "import_button"), key="import_btn"):
        dispatch(actions.import_model, settings, uploaded.name, uploaded.getvalue())
        st.rerun()


# --- conversation -----------------------------------------------------------------------------


def source_links(sources: list[Any]) -> str:
    lines = []
    for raw in sources:
        ref = bridge.source_ref(raw)
        if ref is None:
            continue
        label = ref.title + (f" — {ref.section}" if ref.section else "")
        lines.append(f"- [{label}]({ref.url})" if ref.url else f"- {label}")
    return "\n".join(lines)


def chat_panel(settings: Settings, state: UiState) -> None:
    lang = state.lang
    st.subheader(f"💬 {t(lang, 'chat')}")
    if state.session_id is None:
        st.info(t(lang, "no_session"))
        return
    st.progress(state.progress, text=t(lang, "progress", pct=round(state.progress * 100)))
    if not bridge.interview_available():
        st.info(t(lang, "interview_missing"))
    box = st.container(height=360 if state.projector else 520)
    with box:
        # a long workshop conversation would make every rerun slower; older lines stay in
        # the store and one click shows them
        lines = state.chat if state.show_all_chat else state.chat[-CHAT_WINDOW:]
        if len(lines) < len(state.chat):
            st.button(
                t(lang, "show_older", n=len(state.chat) - len(lines)),
                key="show_older",
                on_click=dispatch,
                args=(actions.show_all_chat,),
            )
        for line in lines:
            if line.role == "system":
                st.caption(f"↶ {line.text}")
                continue
            role = "user" if line.role == "user" else "assistant"
            with st.chat_message(role):
                level = line.meta.get("level")
                if line.meta.get("type") == "notice" and level in ("warning", "error"):
                    # e.g. "the LLM did not answer; this answer was read offline"
                    st.warning(line.text, icon="⚠️")
                else:
                    st.markdown(line.text)
                why = line.meta.get("why")
                sources = line.meta.get("sources") or []
                if line.meta.get("type") == "question" and (why or sources):
                    with st.expander(t(lang, "why")):
                        if why:
                            st.markdown(str(why))
                        if sources:
                            st.markdown(source_links(sources))
                elif sources:
                    with st.expander(t(lang, "sources")):
                        st.markdown(source_links(sources))
        if state.pending_message is not None:
            stream_turn(settings, state.pending_message)
    st.chat_input(
        t(lang, "chat_placeholder"),
        key="chat_input",
        max_chars=settings.max_message_chars,
        on_submit=lambda: submit_message(settings, widget_value("chat_input") or ""),
    )
    explain_box(settings, state)


def submit_message(settings: Settings, message: str) -> None:
    """Offline a turn takes milliseconds and runs in the callback; with an LLM it runs
    while the page renders, so the next question can stream into the chat."""
    if settings.llm_provider == "offline":
        dispatch(actions.chat_turn, settings, knowledge(settings), message)
    else:
        dispatch(actions.queue_message, message)


def stream_turn(settings: Settings, message: str) -> None:
    """Show the user's message, let the LLM's question grow in place, then rerun."""
    if message:
        with st.chat_message("user"):
            st.markdown(message)
    with st.chat_message("assistant"):
        placeholder = st.empty()
        placeholder.markdown("…")

        def show(text: str) -> None:
            placeholder.markdown(text + " ▌")

        dispatch(actions.take_pending, settings, knowledge(settings), show)
    st.rerun()


def explain_box(settings: Settings, state: UiState) -> None:
    lang = state.lang
    with st.expander(f"📖 {t(lang, 'explain')}", expanded=bool(state.explanation)):
        with st.form("explain_form", border=False):
            term = st.text_input(
                t(lang, "explain_term"), value=state.explained_term, key="explain_term"
            )
            if st.form_submit_button(t(lang, "explain")):
                dispatch(actions.explain, knowledge(settings), term)
                st.rerun()
        for passage in state.explanation:
            title = passage.get("title", "") + (
                f" — {passage['section']}" if passage.get("section") else ""
            )
            st.markdown(f"**{title}**")
            st.markdown(passage.get("text", "")[:1200])
            if passage.get("url"):
                st.markdown(f"[{passage['url']}]({passage['url']})")


# --- editors ----------------------------------------------------------------------------------


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def table_editor(settings: Settings, state: UiState, table: str) -> None:
    """A data_editor for one table; a change becomes an edit, validated and saved."""
    assert state.model is not None
    spec = editing.TABLES[table]
    rows = editing.table_rows(state.model, table)
    columns = ["id", *(c.field for c in spec.columns)]
    frame = pd.DataFrame(rows, columns=columns)
    config: dict[str, Any] = {"id": None}
    for c in spec.columns:
        if c.kind in ("choice", "optional_choice"):
            config[c.field] = st.column_config.SelectboxColumn(
                c.label, options=list(c.choices), required=c.kind == "choice"
            )
        elif c.kind == "reference":
            # a linked name outside the reference model stays selectable, so it is kept
            names = editing.reference_names(c.reference_kinds)
            foreign = [r[c.field] for r in rows if r[c.field] and r[c.field] not in names]
            config[c.field] = st.column_config.SelectboxColumn(
                c.label, options=list(dict.fromkeys(foreign)) + names, required=False
            )
        elif c.kind == "bool":
            config[c.field] = st.column_config.CheckboxColumn(c.label, default=True)
        elif c.kind == "number":
            config[c.field] = st.column_config.NumberColumn(c.label, min_value=0)
        else:
            config[c.field] = st.column_config.TextColumn(c.label, required=c.required)
    st.markdown(f"**{spec.label}**")
    # the version in the key gives a fresh editor after every save, so an edit is never
    # applied twice on top of the new data
    edited = st.data_editor(
        frame,
        key=f"ed_{table}_{state.session_id}_{state.version}",
        column_config=config,
        column_order=[c.field for c in spec.columns],
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
    )
    new_rows = [{k: _clean(v) for k, v in row.items()} for row in edited.to_dict("records")]
    old_rows = [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict("records")]
    if new_rows != old_rows:
        dispatch(
            actions.apply_edit, editing.TableEdit(table, new_rows), settings, knowledge(settings)
        )
        after = get_state()
        if after.version != state.version:
            st.rerun()
        # refused (invalid): the message goes right under the table, and the table keeps
        # the designer's input so it can be corrected; no rerun, or we would loop
        inline_flashes(after)


def form_editor(settings: Settings, state: UiState, form: str) -> None:
    assert state.model is not None
    spec = editing.FORMS[form]
    values = editing.form_values(state.model, form)
    suggested: list[str] = []
    if any(f.kind == "reference" for f in spec.fields):
        model = state.model
        suggested = views.memo(
            state,
            "reference_suggestions",
            lambda: bridge.reference_suggestions(model, knowledge(settings)),
        )

    def reference_label(name: str) -> str:
        if name in suggested:
            return f"{name} · {t(state.lang, 'suggested')}"
        return name or t(state.lang, "no_reference")

    with st.form(f"form_{form}_{state.session_id}_{state.version}"):
        st.markdown(f"**{spec.label}**")
        new: dict[str, Any] = {}
        for f in spec.fields:
            key = f"f_{form}_{f.field}_{state.version}"
            value = values.get(f.field)
            if f.kind == "choice":
                options = list(f.choices)
                index = options.index(value) if value in options else 0
                new[f.field] = st.selectbox(f.label, options, index=index, key=key)
            elif f.kind == "reference":
                options = editing.reference_options(value or "", suggested)
                new[f.field] = st.selectbox(
                    f.label,
                    options,
                    index=options.index(value or ""),
                    key=key,
                    format_func=reference_label,
                )
            elif f.kind == "multichoice":
                new[f.field] = st.multiselect(
                    f.label,
                    list(f.choices),
                    default=[v for v in value or [] if v in f.choices],
                    key=key,
                )
            elif f.kind == "number":
                new[f.field] = st.number_input(
                    f.label,
                    min_value=0.0,
                    value=float(value) if value is not None else None,
                    key=key,
                )
            elif f.kind == "longtext":
                new[f.field] = st.text_area(f.label, value=value or "", key=key, height=80)
            else:
                new[f.field] = st.text_input(f.label, value=value or "", key=key)
        if st.form_submit_button(t(state.lang, "save")):
            dispatch(actions.apply_edit, editing.FormEdit(form, new), settings, knowledge(settings))
            st.rerun()


# --- tabs -------------------------------------------------------------------------------------


def tab_journey(settings: Settings, state: UiState, model: ProcessModel) -> None:
    labels = {k: t(state.lang, k) for k in ("before", "municipal", "after", "empty")}
    st.markdown(views.timeline_html(model, labels), unsafe_allow_html=True)
    form_editor(settings, state, "journey")
    table_editor(settings, state, "steps_before")
    table_editor(settings, state, "steps_after")


def tab_blueprint(settings: Settings, state: UiState, model: ProcessModel) -> None:
    svg = views.memo(state, "svg", lambda: views.blueprint_svg(model))
    if svg is None:
        st.info(t(state.lang, "blueprint_missing"))
    else:
        st.html(views.blueprint_html(svg, 520 if state.projector else 460))
    if not state.projector:
        form_editor(settings, state, "service")
        st.markdown(f"##### {t(state.lang, 'activities')}")
        table_editor(settings, state, "activities")


def tab_intake(settings: Settings, state: UiState, model: ProcessModel) -> None:
    form_editor(settings, state, "aanleiding")
    form_editor(settings, state, "intake")
    table_editor(settings, state, "data_asked")
    table_editor(settings, state, "documents")
    form_editor(settings, state, "levering")
    closing = model.service.closing_activities
    if closing:
        st.markdown(f"**{t(state.lang, 'closing')}**")
        st.markdown("\n".join(f"- {a.name}" for a in closing))


def tab_coherence(settings: Settings, state: UiState, model: ProcessModel) -> None:
    table_editor(settings, state, "deelservices")
    status = views.statusmeldingen_rows(model)
    if status:
        st.markdown("**Statusmeldingen**")
        st.dataframe(pd.DataFrame(status), hide_index=True, width="stretch")
    table_editor(settings, state, "related_processes")
    table_editor(settings, state, "supporting_processes")
    if model.other_services:
        st.markdown("**Andere diensten in dezelfde reis**")
        st.markdown("\n".join(f"- {s}" for s in model.other_services))


def tab_advice(settings: Settings, state: UiState, model: ProcessModel) -> None:
    if not bridge.advice_available():
        st.info(t(state.lang, "advice_missing"))
        return
    findings = views.memo(state, "findings", lambda: bridge.findings(model, knowledge(settings)))
    if not findings:
        st.success(t(state.lang, "no_findings"))
    for finding in findings:
        with st.container(border=True):
            st.markdown(f"**{views.severity_label(finding.severity)}** · {finding.check}")
            st.markdown(finding.message)
            if finding.suggestion:
                st.markdown(f"➜ {finding.suggestion}")
            if finding.sources:
                with st.expander(t(state.lang, "sources")):
                    st.markdown(source_links([s.model_dump() for s in finding.sources]))
            if bridge.variants_available():
                st.button(
                    t(state.lang, "apply_variant"),
                    key=f"apply_{finding.id}_{state.version}",
                    on_click=dispatch,
                    args=(actions.apply_finding_as_variant, finding.id, knowledge(settings)),
                )


def tab_variants(state: UiState, model: ProcessModel) -> None:
    lang = state.lang
    rows = views.variant_summary(model)
    ids = [r["id"] for r in rows]
    names = {r["id"]: r["Variant"] for r in rows}
    choice = st.radio(
        t(lang, "active_variant"),
        ids,
        index=ids.index(model.active.id),
        format_func=lambda vid: names[vid],
        key=f"variant_pick_{state.session_id}_{state.version}",
        horizontal=True,
    )
    if choice != model.active.id:
        dispatch(actions.apply_edit, editing.SwitchVariant(choice))
        if get_state().version != state.version:
            st.rerun()
        inline_flashes(get_state())
    cols = st.columns(max(1, len(model.variants)))
    for col, variant in zip(cols, model.variants, strict=False):
        with col, st.container(border=True):
            active = " ✅" if variant.id == model.active.id else ""
            st.markdown(f"**{variant.name}**{active}  \n_{variant.status.value}_")
            if variant.description:
                st.caption(variant.description)
            service = variant.services[0] if variant.services else None
            if service is not None:
                docs = [f"- {d.name} ({d.provided_by.value})" for d in service.intake.documents]
                st.markdown(f"**{len(service.activities)}** activiteiten")
                if docs:
                    st.markdown("\n".join(docs))
    if bridge.variants_available():
        st.button(
            t(lang, "derive_variant"),
            key=f"derive_{state.version}",
            on_click=dispatch,
            args=(actions.derive_variant,),
        )
    else:
        st.info(t(lang, "variants_missing"))
    if len(model.variants) >= 2:
        if not bridge.effort_available():
            st.info(t(lang, "effort_missing"))
            return
        st.markdown(f"##### {t(lang, 'effort')}")
        c1, c2 = st.columns(2)
        a = c1.selectbox("A", ids, index=0, format_func=lambda vid: names[vid], key="cmp_a")
        b = c2.selectbox("B", ids, index=1, format_func=lambda vid: names[vid], key="cmp_b")
        comparison = views.memo(state, f"effort:{a}:{b}", lambda: bridge.compare(model, a, b))
        st.dataframe(
            pd.DataFrame(views.effort_table(comparison, names[a], names[b])),
            hide_index=True,
            width="stretch",
        )
        if comparison.sentence:
            st.markdown(f"**{comparison.sentence}**")


def tab_sources(settings: Settings, state: UiState, model: ProcessModel) -> None:
    findings = (
        views.memo(state, "findings", lambda: bridge.findings(model, knowledge(settings)))
        if bridge.advice_available()
        else []
    )
    sources = actions.sources_used(state, findings)
    if not sources:
        st.info(t(state.lang, "no_sources"))
        return
    for ref in sources:
        label = ref.title + (f" — {ref.section}" if ref.section else "")
        st.markdown(f"- [{label}]({ref.url})" if ref.url else f"- {label}")
        if ref.excerpt:
            st.caption(ref.excerpt[:300])


def tab_export(state: UiState, model: ProcessModel) -> None:
    files = views.memo(
        state,
        "exports",
        lambda: views.export_files(model, model.journey.name or state.session_name),
    )
    for f in files:
        if f.data is None:
            st.error(t(state.lang, "export_failed", label=f.label, error=f.error))
            continue
        st.download_button(
            t(state.lang, "download", label=f.label),
            data=f.data,
            file_name=f.file_name,
            mime=f.mime,
            key=f"dl_{f.name}",
            on_click="ignore",
        )


def model_panel(settings: Settings, state: UiState) -> None:
    model = state.model
    if model is None:
        st.markdown(f"### {t(state.lang, 'title')}")
        st.markdown(t(state.lang, "subtitle"))
        return
    st.markdown(f"### {model.journey.name or state.session_name} · _{model.active.name}_")
    labels = [t(state.lang, k) for k in TAB_KEYS]
    # only the open tab runs, so a rerun after a chat turn stays fast
    tabs = st.tabs(labels, key="model_tab", on_change="rerun")
    renderers = (
        lambda: tab_journey(settings, state, model),
        lambda: tab_blueprint(settings, state, model),
        lambda: tab_intake(settings, state, model),
        lambda: tab_coherence(settings, state, model),
        lambda: tab_advice(settings, state, model),
        lambda: tab_variants(state, model),
        lambda: tab_sources(settings, state, model),
        lambda: tab_export(state, model),
    )
    for tab, render in zip(tabs, renderers, strict=True):
        if tab.open is False:
            continue
        with tab:
            render()


def projector_panel(settings: Settings, state: UiState) -> None:
    """Blueprint across the full width, large type; the chat goes underneath."""
    model = state.model
    if model is None:
        return
    st.markdown(f"## {model.journey.name or state.session_name} · _{model.active.name}_")
    tab_blueprint(settings, state, model)


STATUS_BADGE = {"right": "green", "missing": "red", "different": "orange", "extra": "blue"}


def practice_panel(settings: Settings, state: UiState) -> None:
    lang = state.lang
    st.markdown(f"### 🎓 {t(lang, 'practice')}")
    if not bridge.training_available():
        st.info(t(lang, "practice_missing"))
        return
    cases = views.memo(state, "cases", lambda: bridge.practice_cases(settings))
    ids = [c["id"] for c in cases]
    titles = {c["id"]: c["title"] for c in cases}
    current = ids.index(state.practice_case) if state.practice_case in ids else 0
    pick = st.selectbox(
        t(lang, "practice_pick"),
        ids,
        index=current,
        format_func=lambda cid: titles[cid],
        key="case_pick",
    )
    case = next(c for c in cases if c["id"] == pick)
    with st.expander(case["title"], expanded=state.practice_case != pick):
        st.markdown(case["text"])
    if state.practice_case != pick:
        st.button(
            t(lang, "practice_start"),
            key="case_start",
            on_click=dispatch,
            args=(actions.start_practice, settings, knowledge(settings), pick),
        )
        return
    st.button(
        t(lang, "practice_check"),
        key="case_check",
        on_click=dispatch,
        args=(actions.check_practice, settings, knowledge(settings)),
    )
    for item in state.practice_feedback:
        # symbol and word carry the verdict; the colour only repeats it
        colour = STATUS_BADGE.get(item["status"], "violet")
        st.markdown(
            f":{colour}-badge[{item['icon']} {item['label']}] **{item['concept']}** · {item['text']}"
        )
        for detail in item.get("details", [])[:4]:
            st.caption(detail)
        source = item.get("source") or {}
        if source.get("url"):
            st.caption(f"Bron: [{source.get('title', source['url'])}]({source['url']})")


# --- page -------------------------------------------------------------------------------------


def inline_flashes(state: UiState) -> None:
    flashes(state)


def flashes(state: UiState) -> None:
    for flash in state.flashes:
        {"error": st.error, "warning": st.warning, "info": st.info, "success": st.success}[
            flash.kind
        ](flash.text)
    if state.flashes:
        put_state(actions.clear_flashes(state))


def main() -> None:
    st.set_page_config(page_title="Klantreis-assistent", page_icon="🧭", layout="wide")
    st.markdown(views.CSS, unsafe_allow_html=True)
    settings = services.get_settings()
    state = get_state()
    if state.store is None:
        # first run of this browser session: reopen the session named in the address, so
        # a reload or a new browser window continues where the designer was
        state, _ = actions.store_of(state, settings)
        put_state(state)
        wanted = st.query_params.get("sessie")
        if wanted:
            dispatch(actions.open_session, settings, wanted)
            state = get_state()
    prepare_index(settings, state)
    sidebar(settings, state)
    state = get_state()
    if state.session_id is not None:
        st.query_params["sessie"] = state.session_id
    elif "sessie" in st.query_params:
        del st.query_params["sessie"]
    flashes(state)
    if state.projector:
        st.markdown(views.PROJECTOR_CSS, unsafe_allow_html=True)
    if state.projector:
        # a workshop around a projector: the blueprint across the width, the chat below it
        projector_panel(settings, state)
        # inside a container the chat input stays under the chat instead of being pinned
        # to the bottom of the window (which also scrolls the blueprint out of sight)
        with st.container():
            chat_panel(settings, state)
        return
    left, right = st.columns([2, 3], gap="medium")
    with left:
        chat_panel(settings, state)
    with right:
        if state.practice:
            practice_panel(settings, state)
            model_panel(settings, state)
        else:
            model_panel(settings, state)


try:
    main()
except Exception as exc:  # the last line of defence: no traceback reaches the page
    log.exception("onverwachte fout in de pagina")
    st.error(t(get_state().lang, "error_unexpected", kind=type(exc).__name__))
