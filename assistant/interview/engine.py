"""The interview turn: a pure function of (state, model, message, deps).

``start`` asks the first question; ``turn`` reads one user message and returns the new
state, the new model and the events to show. Nothing here does I/O besides what the
injected dependencies do (retrieval, an optional LLM); storage and rendering sit at the
edges (CLI, UI). Inputs are never mutated: a turn works on copies, so a failed turn
leaves the caller's state and model as they were.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from assistant.interview import normalise, parse
from assistant.interview.apply import (
    ACTOR_TARGETS,
    APPLIERS,
    ApplyContext,
    correct_actor,
    reference_candidate,
    says_none,
)
from assistant.interview.deps import Deps, Retriever, passage_source, passage_text
from assistant.interview.patch import AnswerPatch, offline_patch
from assistant.interview.protocol import (
    AnswerEvent,
    DoneEvent,
    Event,
    Level,
    NoticeEvent,
    QuestionEvent,
)
from assistant.interview.slots import SLOTS, Slot, extra_services, get_slot, main_service
from assistant.interview.state import MAX_HISTORY, InterviewState
from assistant.model import ProcessModel, SourceRef, TriggerKind

HELP = (
    "Beantwoord de vraag in je eigen woorden; een lijst mag met komma's of 'en'. "
    "Commando's: /terug (laatste antwoord ongedaan maken), /overslaan (deze vraag "
    "overslaan), /model (het model tot nu toe), /klaar (afronden), /help. Je kunt ook "
    "zelf een vraag stellen, bijvoorbeeld 'wat is een deelservice?', of een hele "
    "beschrijving plakken. In de oefenmodus geeft /hint een aanwijzing."
)


@dataclass(frozen=True)
class TurnResult:
    state: InterviewState
    model: ProcessModel
    events: list[Event] = field(default_factory=list)
    changed: bool = False
    note: str = ""

    @property
    def done(self) -> bool:
        return self.state.done


# --- choosing the next question ------------------------------------------------------------


# At most this many questions in one interview: an optional follow-up (customer type,
# document sources, reuse, an extra service's intake …) is asked only while every required
# question still open fits in what is left.
QUESTION_BUDGET = 30


def next_slot(model: ProcessModel, state: InterviewState) -> Slot | None:
    """The first slot, outside-in, that applies and is neither closed nor filled; an
    optional one only within the question budget."""
    closed = state.closed()
    left = QUESTION_BUDGET - len(state.asked)
    required_open: int | None = None
    for slot in SLOTS:
        if slot.id in closed or not slot.applies(model, state):
            continue
        if slot.filled(model, state):
            continue
        if not slot.required:
            if required_open is None:
                required_open = sum(
                    1
                    for s in SLOTS
                    if s.required
                    and s.id not in closed
                    and s.applies(model, state)
                    and not s.filled(model, state)
                )
            if required_open >= left:
                continue
        return slot
    return None


def progress(model: ProcessModel, state: InterviewState) -> float:
    if state.done or next_slot(model, state) is None:
        return 1.0  # nothing left to ask (optional follow-ups past the budget included)
    closed = state.closed()
    applicable = [s for s in SLOTS if s.follows is None or s.applies(model, state)]
    if not applicable:
        return 1.0
    done = sum(1 for s in applicable if s.id in closed or s.filled(model, state))
    return done / len(applicable)


def _sources(slot: Slot, deps: Deps) -> list[dict[str, Any]]:
    cached = deps.source_cache.get(slot.id)
    if cached is not None:
        return cached
    try:
        found = [passage_source(p) for p in deps.retriever.search(slot.query, k=2)]
    except Exception:  # retrieval trouble must not stop the interview
        found = []
    deps.source_cache[slot.id] = found
    return found


def _names(items: list[str]) -> str:
    quoted = [f"'{n}'" for n in items[:6]]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " en " + quoted[-1]


_REFERENCE_HINTS = {"aanvraag": "aanvraag", "melding": "melding", "vraag": "vraag"}
_GENERIC = {"behandelen", "afhandelen", "verwerken", "uitvoeren", "aanvraag", "verzoek", "regelen"}


def _shares_word(a: str, b: str) -> bool:
    """Whether two names share a telling word (not "behandelen", "aanvraag" …)."""
    words = [
        {w for w in re.findall(r"[a-z]+", parse.norm(x)) if len(w) >= 5} - _GENERIC for x in (a, b)
    ]
    return any(x[:6] == y[:6] for x in words[0] for y in words[1])


def reference_subject(model: ProcessModel) -> str:
    """What the GEMMA reference process is looked up by: the main service's process name,
    else the service's, else the journey's."""
    service = main_service(model)
    return service.process.name or service.name or model.journey.name


def reference_candidates(model: ProcessModel, retriever: Retriever) -> list[dict[str, Any]]:
    """The GEMMA reference processes the knowledge base suggests for the main service's
    process, best first (as ``reference_candidate`` dicts); used by the interview's
    question and the workspace's list. A failing retriever raises."""
    subject = reference_subject(model)
    # the kind of trigger is what a reference process is named after ("Behandelen
    # aanvraag …", "Behandelen melding"); it steers the search when the name is a compound
    hint = _REFERENCE_HINTS.get(main_service(model).aanleiding.kind.value, "")
    found = list(retriever.suggest_references(subject, k=3))
    # a name the search does not understand ("kapaanvraag") gets the trigger's help;
    # one it does ("behandelen klacht" → "Behandelen klacht") keeps its own result
    if hint and not (found and _shares_word(subject, str(getattr(found[0], "name", "")))):
        found = list(retriever.suggest_references(f"{subject} ({hint})", k=3))
    return [r for r in (reference_candidate(f) for f in found) if r["name"]]


def render_question(slot: Slot, model: ProcessModel, state: InterviewState, deps: Deps) -> str:
    """The question text, made specific with what the model already holds."""
    service = main_service(model)
    if slot.id == "customer_type":
        return f"Wat voor klant is '{model.journey.customer.name}': een inwoner, ondernemer, instelling, de maatschappij of een interne klant?"
    if slot.id == "intake_channels" and service.aanleiding.kind is TriggerKind.VERANTWOORDELIJKHEID:
        # no request, yet often something comes in: a tax return, a police report, a
        # report through the app
        return (
            "Dit proces start de gemeente zelf. Komt er toch iets binnen van de klant of een "
            "ander, zoals een aangifte, opgave, rapport of signaal? Via welk kanaal: online, "
            "balie, telefoon, e-mail, post of app? Zeg 'geen' als er niets binnenkomt."
        )
    if slot.id == "intake_channels" and state.pending.get("channels_tentative"):
        named = ", ".join(c.value for c in service.intake.channels)
        return f"Je noemde al: {named}. {slot.question}"
    if slot.id == "gemma_reference":
        subject = reference_subject(model)
        try:
            refs = reference_candidates(model, deps.retriever)
        except Exception:
            refs = []
        state.pending["reference_candidates"] = refs
        if not refs:
            return f"Welk GEMMA-referentieproces specialiseert '{subject}'? Noem de naam, of zeg 'geen'."
        options = "; ".join(
            f"{i}) {r['name']}"
            + (f" (bedrijfsfunctie {r['bedrijfsfunctie']})" if r["bedrijfsfunctie"] else "")
            for i, r in enumerate(refs, 1)
        )
        return (
            f"Welk GEMMA-referentieproces specialiseert '{subject}'? Mijn voorstel: {options}. "
            "Antwoord met een nummer, 'ja' voor het eerste voorstel, een andere naam, of 'geen'."
        )
    if slot.id == "document_providers":
        names = [
            d.name
            for d in service.intake.documents
            if d.id not in set(state.pending.get("docs_with_actor", []))
        ]
        return (
            f"Wie verzamelt en levert {_names(names)} aan: de klant zelf, de gemeente of een derde?"
        )
    if slot.id == "document_sources":
        names = [
            d.name
            for d in service.intake.documents
            if d.provided_by.value == "klant" and not d.source
        ]
        return (
            f"De klant moet {_names(names)} zelf aanleveren. Wie heeft dat nog meer in beheer "
            "(de bron), bijvoorbeeld 'de Kamer van Koophandel' of 'de politie'?"
        )
    if slot.id == "document_basisregistratie":
        cands = state.pending.get("registry_candidates", [])
        what = "; ".join(f"{c['name']} uit de {c['registry']}" for c in cands)
        return f"De gemeente kan mogelijk zelf ophalen: {what}. Kan de gemeente dat zelf uit de basisregistratie halen? (ja/nee)"
    if slot.id == "reuse":
        rel = next((r for r in model.related_processes if not r.reused_data), None)
        if rel is not None:
            return f"Welke gegevens uit '{rel.name}' kun je in dit proces hergebruiken, zodat de klant ze niet opnieuw hoeft te geven?"
    if slot.id == "supporting_details":
        proc = next(
            (p for p in model.supporting_processes if not (p.internal_customer and p.deelservice)),
            None,
        )
        if proc is not None:
            return (
                f"Wie is de interne klant van '{proc.name}', en welke deelservice levert het die "
                "klant? Bijvoorbeeld 'afdeling Vergunningen; deelservice archiveren dossier'."
            )
    if slot.id == "detail_services":
        return (
            f"Wil je {_names(model.other_services)} uitwerken als eigen dienst met een eigen "
            "intake en levering? Noem ze, zeg 'ja' voor allemaal, of 'nee'."
        )
    if slot.id in ("service_intake", "service_levering"):
        names = [s.name for s in extra_services(model)]
        if slot.id == "service_intake":
            return f"Via welk kanaal vraagt de klant {_names(names)} aan? Noem het per dienst als het verschilt, bijvoorbeeld 'naam: online; naam: e-mail'."
        return f"Wat leveren {_names(names)} de klant op, en via welk kanaal? Noem het per dienst als het verschilt."
    if slot.id == "data_asked" and service.aanleiding.kind.value == "verantwoordelijkheid":
        return "Welke gegevens gebruikt de gemeente om te beginnen, en uit welke bron (bijvoorbeeld BRP of WOZ)?"
    return slot.question


def _ask(
    state: InterviewState, model: ProcessModel, deps: Deps, *, repeat: bool = False
) -> list[Event]:
    """The next question (or ``done``); ``repeat`` re-shows the open question unchanged."""
    if repeat and state.current is not None and not state.done:
        slot = get_slot(state.current)
    else:
        found = next_slot(model, state)
        if found is None:
            state.done = True
            state.current = None
            return [
                NoticeEvent("Alle vragen zijn beantwoord; het model is compleet."),
                DoneEvent(model.model_dump(mode="json")),
            ]
        slot = found
        state.current = slot.id
        state.asked.append(slot.id)
    text = render_question(slot, model, state, deps)
    if deps.tutor is not None:
        # a tutoring problem leaves the question unscreened rather than unasked
        with contextlib.suppress(Exception):
            text = deps.tutor.screen(text, model) or text
    if deps.llm is not None and deps.rephrase_questions and not repeat:
        context = (
            f"klantreis: {model.journey.name or '?'}; dienst: {main_service(model).name or '?'}"
        )
        text = deps.llm.rephrase(text, context, deps.on_token) or text
    return [
        QuestionEvent(
            slot=slot.id,
            text=text,
            why=_why(slot, deps),
            sources=_sources(slot, deps),
            progress=progress(model, state),
        )
    ]


def _why(slot: Slot, deps: Deps) -> str:
    """The slot's own reason, or in practice mode the concept the question exercises."""
    if deps.tutor is None:
        return slot.why
    try:
        return deps.tutor.why(slot.id) or slot.why
    except Exception:  # a tutoring problem must not cost the trainee the question
        return slot.why


def _hint(state: InterviewState, model: ProcessModel, deps: Deps) -> TurnResult:
    if deps.tutor is None:
        text = (
            "Hints zijn er in de oefenmodus: start een oefencasus met 'klantreis chat "
            "--oefen CASUS' of kies er een onder Oefenen in de werkruimte."
        )
        return _with_question(state, model, deps, _notice(text))
    try:
        text, source = deps.tutor.hint(model)
    except Exception:  # the interview goes on without a hint
        problem = _notice(
            "Er kon nu geen hint worden gemaakt; probeer het later opnieuw.", "warning"
        )
        return _with_question(state, model, deps, problem)
    sources = [source] if source else []
    return _with_question(state, model, deps, AnswerEvent(f"Hint: {text}", sources), "/hint")


def _with_question(
    state: InterviewState, model: ProcessModel, deps: Deps, event: Event, note: str = ""
) -> TurnResult:
    """``event``, then the open question again (or ``done`` for a finished interview)."""
    events: list[Event] = [event]
    if state.done:
        events.append(DoneEvent(model.model_dump(mode="json")))
    else:
        events += _ask(state, model, deps, repeat=True)
    return TurnResult(state, model, events, note=note)


def reask(
    state: InterviewState, model: ProcessModel, deps: Deps, text: str, level: Level = "warning"
) -> TurnResult:
    """A notice (bad input line, storage trouble) followed by the open question again."""
    state = state.model_copy(deep=True)
    if state.done:
        return TurnResult(
            state, model, [_notice(text, level), DoneEvent(model.model_dump(mode="json"))]
        )
    return TurnResult(state, model, [_notice(text, level), *_ask(state, model, deps, repeat=True)])


def start(state: InterviewState, model: ProcessModel, deps: Deps) -> TurnResult:
    """The opening events: the first open question (again, when a session is resumed)."""
    state = state.model_copy(deep=True)
    if state.done:
        return TurnResult(state, model, [DoneEvent(model.model_dump(mode="json"))])
    repeat = state.current is not None and state.current not in state.closed()
    return TurnResult(state, model, _ask(state, model, deps, repeat=repeat))


# --- turns --------------------------------------------------------------------------------


def _notice(text: str, level: Level = "info") -> NoticeEvent:
    return NoticeEvent(text, level)


def _push_history(state: InterviewState, model: ProcessModel) -> None:
    state.history.append({"state": state.snapshot(), "model": model.model_dump(mode="json")})
    if len(state.history) > MAX_HISTORY:
        del state.history[: len(state.history) - MAX_HISTORY]


def summary(model: ProcessModel) -> str:
    """A short Dutch overview of the model so far (for /model)."""
    j = model.journey
    s = main_service(model)
    lines = [
        f"Klantreis: {j.name or '—'}; klant: {j.customer.name or '—'} ({j.customer.type.value}); doel: {j.customer_goal or '—'}",
        f"Vooraf: {', '.join(x.name for x in j.steps_before) or '—'}; erna: {', '.join(x.name for x in j.steps_after) or '—'}",
        f"Bedrijfsservice: {s.name or '—'}; proces: {s.process.name or '—'}"
        + (f" (GEMMA: {s.process.gemma_reference.name})" if s.process.gemma_reference else ""),
        f"Aanleiding: {s.aanleiding.kind.value}; intake via {', '.join(c.value for c in s.intake.channels) or '—'}",
        f"Gegevens: {', '.join(d.name for d in s.intake.data_asked) or '—'}; stukken: "
        + (", ".join(f"{d.name} ({d.provided_by.value})" for d in s.intake.documents) or "—"),
        f"Activiteiten: {', '.join(a.name for a in s.activities) or '—'}",
        f"Levering: {s.levering.result or '—'} via {', '.join(c.value for c in s.levering.channels) or '—'}",
        f"Varianten: {', '.join(v.name for v in model.variants)}",
    ]
    if model.related_processes:
        lines.append("Gerelateerd: " + ", ".join(r.name for r in model.related_processes))
    if model.supporting_processes:
        lines.append("Ondersteunend: " + ", ".join(p.name for p in model.supporting_processes))
    if model.other_services:
        lines.append("Andere diensten: " + ", ".join(model.other_services))
    return "\n".join(lines)


def _command(cmd: str, state: InterviewState, model: ProcessModel, deps: Deps) -> TurnResult:
    name = cmd.split()[0].lower()
    if name in ("/klaar", "/stop", "/einde"):
        state.done = True
        state.current = None
        return TurnResult(
            state,
            model,
            [
                _notice("Interview afgerond op jouw verzoek."),
                DoneEvent(model.model_dump(mode="json")),
            ],
            note="/klaar",
        )
    if name in ("/terug", "/undo"):
        if not state.history:
            return TurnResult(
                state,
                model,
                [
                    _notice("Er is nog niets om ongedaan te maken.", "warning"),
                    *_ask(state, model, deps, repeat=True),
                ],
            )
        entry = state.history[-1]
        restored = InterviewState.model_validate({**entry["state"], "history": state.history[:-1]})
        restored_model = ProcessModel.model_validate(entry["model"])
        undone = state.last_slot or "vorige antwoord"
        events: list[Event] = [_notice(f"Laatste antwoord ({undone}) ongedaan gemaakt.")]
        events += _ask(restored, restored_model, deps, repeat=True)
        return TurnResult(restored, restored_model, events, changed=True, note=f"/terug {undone}")
    if name == "/hint":
        return _hint(state, model, deps)
    if state.done:
        return TurnResult(
            state,
            model,
            [
                _notice(
                    "Het interview is al afgerond; gebruik /terug om iets te wijzigen.", "warning"
                ),
                DoneEvent(model.model_dump(mode="json")),
            ],
        )
    if name in ("/overslaan", "/skip", "/volgende"):
        if state.current is None:
            return TurnResult(state, model, _ask(state, model, deps))
        _push_history(state, model)
        skipped = state.current
        state.skipped.append(skipped)
        state.last_slot, state.last_ids = skipped, []
        return TurnResult(
            state,
            model,
            [
                _notice(f"Vraag '{get_slot(skipped).label}' overgeslagen."),
                *_ask(state, model, deps),
            ],
            changed=True,
            note=f"/overslaan {skipped}",
        )
    if name == "/model":
        return TurnResult(
            state, model, [_notice(summary(model)), *_ask(state, model, deps, repeat=True)]
        )
    if name in ("/help", "/?", "/hulp"):
        return TurnResult(state, model, [_notice(HELP), *_ask(state, model, deps, repeat=True)])
    return TurnResult(
        state,
        model,
        [
            _notice(f"Onbekend commando {name[:40]}. {HELP}", "warning"),
            *_ask(state, model, deps, repeat=True),
        ],
    )


def _answer_question(text: str, term: str, slot: Slot | None, deps: Deps) -> AnswerEvent:
    if slot is not None and parse.asks_why(text):
        return AnswerEvent(slot.why, _sources(slot, deps))
    try:
        passages = list(deps.retriever.explain(term, k=3)) or list(deps.retriever.search(text, k=3))
    except Exception:
        passages = []
    if not passages:
        return AnswerEvent(
            f"Daar heb ik geen uitleg over gevonden in de GEMMA-bronnen ('{term[:80]}').", []
        )
    body = passage_text(passages[0]).strip()
    if len(body) > 600:
        body = body[:600].rsplit(" ", 1)[0] + " …"
    return AnswerEvent(body or passages[0].title, [passage_source(p) for p in passages])


_STORY_MIN = 250


def looks_like_story(text: str) -> bool:
    """A pasted description rather than an answer: long, several sentences, not a bullet list."""
    if len(text) < _STORY_MIN:
        return False
    lines = [ln for ln in text.splitlines() if ln.strip()]
    bullets = sum(1 for ln in lines if re.match(r"^\s*(?:[-*•]|\d+[.)])\s", ln))
    if lines and bullets >= len(lines) / 2:
        return False
    return len(re.findall(r"[.!?](?:\s|$)", text)) >= 3


_BACK_REF = re.compile(
    r"\b(?:dat|die|dit|deze|het\s+vorige)\b.*\b(?:doet|doen|levert|leveren|regelt|regelen|haalt|"
    r"halen|verzamelt|verzamelen|heet|heten|bedoel\w*)\b"
)
_EXPLICIT = re.compile(
    r"^(?:correctie|sorry|oeps|dat\s+klopt\s+niet|ik\s+bedoel|dat\s+is\s+niet\s+goed|fout|verkeerd)"
)


def _is_correction(text: str, state: InterviewState, slot: Slot) -> str | None:
    """The corrected content when the message corrects the previous answer.

    Conservative on purpose: "nee, die zijn er niet" answers the open question. A message
    that was already taken as a correction once is an answer the second time, so a
    conversation can never get stuck on a misread correction.
    """
    if state.last_slot is None or state.pending.get("last_correction") == text:
        return None
    body = parse.correction_body(text)
    if body is None or not body.strip() or says_none(text):
        return None
    t = parse.norm(text)
    if _EXPLICIT.match(t):
        return body
    # "nee, dat …" answers a question that invites a no, or a follow-up on the previous
    # answer ("wie levert die stukken?" → "nee, die haalt de gemeente op"): only an
    # explicit correction ("correctie: …", "ik bedoel …") corrects then
    if _invites_no(slot) or slot.follows == state.last_slot:
        return None
    return body if _BACK_REF.search(t) else None


# what a user may write before a colon to say which question an answer is for
_LABEL_SYNONYMS = {
    "journey_name": {"reis", "naam", "journey", "titel"},
    "service_name": {"dienst", "service", "naam", "titel", "product"},
    "process_name": {"proces", "naam", "procesnaam"},
    "levering_result": {"levering", "product", "uitkomst"},
    "levering_channels": {"kanalen", "kanaal"},
    "intake_channels": {"kanalen", "kanaal"},
    "documents": {"documenten", "bijlagen"},
    "statusmeldingen": {"meldingen", "status"},
    "aanleiding": {"trigger", "start"},
    "legal_basis": {"grondslag", "wettelijk", "verordening"},
    "customer_type": {"soort", "type"},
}
# structured answers whose colons carry meaning ("interne klant: …; deelservice: …")
_STRUCTURED = {
    "document_providers",
    "document_sources",
    "supporting_details",
    "service_intake",
    "service_levering",
}


def _label_words(slot: Slot) -> set[str]:
    if slot.id in _STRUCTURED:
        return set()
    words = {w for w in re.findall(r"[a-z]+", parse.norm(f"{slot.label} {slot.id}")) if len(w) >= 4}
    return words | _LABEL_SYNONYMS.get(slot.id, set())


def _invites_no(slot: Slot) -> bool:
    return slot.kind in ("yesno", "choice") or "'nee'" in slot.question or "'geen'" in slot.question


def _read(
    slot: Slot, text: str, state: InterviewState, model: ProcessModel, deps: Deps
) -> tuple[AnswerPatch, list[Event]]:
    """The answer patch: from the LLM when configured (falling back offline), else offline."""
    if deps.llm is None:
        return offline_patch(text), []
    from assistant.interview.llm import LlmUnavailable

    try:
        question = render_question(slot, model, state.model_copy(deep=True), deps)
        return _complete(deps.llm.read_answer(slot, question, text), text), []
    except LlmUnavailable as exc:
        state.llm_failures += 1
        return offline_patch(text), [_notice(f"{exc} Dit antwoord is offline gelezen.", "warning")]


def _complete(patch: AnswerPatch, text: str) -> AnswerPatch:
    """Fill what the LLM left empty from the offline reading, so nothing said is lost."""
    if patch.intent != "answer":
        return patch
    offline = offline_patch(text)
    updates: dict[str, Any] = {}
    for name in (
        "value",
        "items",
        "channels",
        "actor",
        "customer_type",
        "trigger_kind",
        "yes",
        "choice",
        "moment",
    ):
        if getattr(patch, name) in (None, "", []) and getattr(offline, name) not in (None, "", []):
            updates[name] = getattr(offline, name)
    return patch.model_copy(update=updates) if updates else patch


def _apply_slot(
    slot: Slot,
    text: str,
    patch: AnswerPatch,
    state: InterviewState,
    model: ProcessModel,
    deps: Deps,
) -> tuple[ProcessModel, str, list[str]]:
    work = model.model_copy(deep=True)
    ctx = ApplyContext(deps=deps, state=state, raw=text)
    echo = APPLIERS[slot.id](work, patch, ctx)
    if slot.id == "document_providers":
        ctx.created = [d.id for d in main_service(work).intake.documents]
    # re-validate the whole model: cross-field rules (unique ids) hold after every answer
    checked = ProcessModel.model_validate(work.model_dump())
    return checked, echo, ctx.created


def _cite(model: ProcessModel, sources: list[dict[str, Any]]) -> None:
    """Keep the GEMMA passages behind an answered question in ``model.sources``."""
    seen = {(s.title, s.section, s.url) for s in model.sources}
    added = []
    for src in sources:
        ref = SourceRef(
            title=str(src.get("title") or "GEMMA")[:500],
            section=str(src.get("section") or "")[:500],
            url=str(src.get("url") or "")[:500],
            source=str(src.get("source") or "")[:500],
            element_id=str(src.get("element_id") or "")[:500],
        )
        if (ref.title, ref.section, ref.url) not in seen:
            seen.add((ref.title, ref.section, ref.url))
            added.append(ref)
    if added:
        model.sources = [*model.sources, *added]


MAX_LAST_ANSWER = 4_000  # the answer just before, kept in the session state, so bounded


def _all_names(data: Any) -> list[str]:
    """Every name in a dumped model, normalised, for telling an added item from a repeat."""
    if isinstance(data, dict):
        own = [parse.norm(str(data["name"]))] if isinstance(data.get("name"), str) else []
        return own + [n for key, v in data.items() if key != "metadata" for n in _all_names(v)]
    if isinstance(data, list):
        return [n for v in data for n in _all_names(v)]
    return []


def _said_before(slot: Slot, state: InterviewState, model: ProcessModel, deps: Deps) -> TurnResult:
    """ "Heb ik al gezegd." The answer just before this one (or one of its sentences), read
    for this question, is the answer when it adds something new (not an item the model
    already holds); when it does not, what was said is already in the model and the
    question is closed."""
    before = model.model_dump(mode="json")
    before.pop("metadata", None)
    known = set(_all_names(before))
    # (only the answer just before: that is where a designer says what comes next; two
    # answers back, a list question took the aanleiding's words as items)
    last = str(state.pending.get("last_answer", ""))
    # the whole answer, else one of its sentences: "1. … 4. … Daarna archiveren we het
    # dossier." answers the question about closing activities in its last sentence
    candidates = [last, *reversed(parse.split_sentences(last)[1:])] if last else []
    for earlier in candidates:
        trial = state.model_copy(deep=True)
        try:
            found, _, _ = _apply_slot(slot, earlier, offline_patch(earlier), trial, model, deps)
        except (ValidationError, ValueError, KeyError, TypeError):
            continue
        after = found.model_dump(mode="json")
        after.pop("metadata", None)
        added = Counter(_all_names(after)) - Counter(_all_names(before))
        if after != before and not any(name in known for name in added):
            return _record_answer(
                slot, earlier, offline_patch(earlier), state, model, deps, "Uit je eerdere antwoord"
            )
    _push_history(state, model)
    state.answered.append(slot.id)
    state.last_slot, state.last_ids = slot.id, []
    events: list[Event] = [
        _notice(
            f"Genoteerd — '{slot.label}' staat al in wat je eerder zei; er is niets nieuws bij."
        )
    ]
    events += _ask(state, model, deps)
    return TurnResult(state, model, events, changed=True, note=f"al gezegd {slot.id}")


def _record_answer(
    slot: Slot,
    text: str,
    patch: AnswerPatch,
    state: InterviewState,
    model: ProcessModel,
    deps: Deps,
    prefix: str = "Vastgelegd",
) -> TurnResult:
    _push_history(state, model)
    new_model, echo, created = _apply_slot(slot, text, patch, state, model, deps)
    _cite(new_model, deps.source_cache.get(slot.id, []))
    # what was said may answer a later question too ("Heb ik al gezegd.")
    state.pending["last_answer"] = text[:MAX_LAST_ANSWER]
    state.answered.append(slot.id)
    state.last_slot, state.last_ids = slot.id, created
    events: list[Event] = [_notice(f"{prefix} — {echo}")]
    events += _ask(state, new_model, deps)
    return TurnResult(state, new_model, events, changed=True, note=f"antwoord {slot.id}")


def _correct(
    body: str, state: InterviewState, model: ProcessModel, deps: Deps
) -> TurnResult | None:
    last = state.last_slot
    if last is None or last not in APPLIERS:
        return None
    actor = parse.parse_actor(body)
    if actor is not None and last in ACTOR_TARGETS and len(body) < 120:
        _push_history(state, model)
        work = model.model_copy(deep=True)
        changed = correct_actor(work, state.last_ids, actor)
        if changed:
            events: list[Event] = [_notice(f"Gecorrigeerd — {', '.join(changed)}: {actor.value}")]
            events += _ask(state, work, deps, repeat=True)
            return TurnResult(state, work, events, changed=True, note=f"correctie {last}")
        state.history.pop()
    # a new value for the previous slot: undo that answer and apply the correction instead
    if not state.history:
        return None
    current = state.current
    entry = state.history[-1]
    restored = InterviewState.model_validate({**entry["state"], "history": state.history[:-1]})
    restored_model = ProcessModel.model_validate(entry["model"])
    slot = get_slot(last)
    patch = offline_patch(body)
    del current
    return _record_answer(slot, body, patch, restored, restored_model, deps, prefix="Gecorrigeerd")


def turn(state: InterviewState, model: ProcessModel, message: str, deps: Deps) -> TurnResult:
    """One user message in, the new state, model and events out. Never raises on input."""
    original_state, original_model = state, model
    state = state.model_copy(deep=True)
    try:
        return _turn(state, model, message, deps)
    except (
        ValidationError,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        AttributeError,
        RecursionError,
    ) as exc:
        # a rule that trips over odd input must not end the session; keep what we had.
        # The same failing text twice closes the slot as unknown, so nothing can loop.
        state = original_state.model_copy(deep=True)
        slot_id = state.current
        events: list[Event] = []
        if slot_id is not None and state.pending.get("failed") == [slot_id, message[:2000]]:
            _push_history(state, original_model)
            state.unknown.append(slot_id)
            state.last_slot, state.last_ids = slot_id, []
            events.append(
                _notice(f"Ook nu niet verwerkt; '{get_slot(slot_id).label}' blijft open.", "error")
            )
            events += _ask(state, original_model, deps)
            return TurnResult(state, original_model, events, changed=True)
        state.pending["failed"] = [slot_id, message[:2000]]
        events.append(
            _notice(
                f"Dat antwoord kon ik niet verwerken ({type(exc).__name__}); formuleer het anders of gebruik /overslaan.",
                "error",
            )
        )
        events += _ask(state, original_model, deps, repeat=True)
        return TurnResult(state, original_model, events)


def _turn(state: InterviewState, model: ProcessModel, message: str, deps: Deps) -> TurnResult:
    limit = deps.settings.max_message_chars if deps.settings is not None else 100_000
    if len(message) > limit:
        return TurnResult(
            state,
            model,
            [
                _notice(f"Bericht te lang ({len(message)} tekens; maximaal {limit}).", "error"),
                *_ask(state, model, deps, repeat=True),
            ],
        )
    # (cells pasted from a spreadsheet are read before tabs become spaces)
    text = parse.clean_text(normalise.tab_rows(message))
    if not text:
        return TurnResult(
            state,
            model,
            [
                _notice("Leeg bericht; beantwoord de vraag of typ /help.", "warning"),
                *_ask(state, model, deps, repeat=True),
            ],
        )
    if text.startswith("/"):
        return _command(text, state, model, deps)
    if state.done:
        return TurnResult(
            state,
            model,
            [
                _notice(
                    "Het interview is al afgerond; gebruik /terug om iets te wijzigen.", "warning"
                ),
                DoneEvent(model.model_dump(mode="json")),
            ],
        )
    if state.current is None or state.current in state.closed():
        found = next_slot(model, state)
        if found is None:
            return TurnResult(state, model, _ask(state, model, deps))
        state.current = found.id
        state.asked.append(found.id)
    slot = get_slot(state.current)

    # what the speaker settled on, however it was typed, dictated or pasted ("Binnen 2
    # weken... nee, 4 weken", "Petra: … / Jan: nee, … Dus: …"); "o ja, over de kanalen
    # nog: …" is kept apart for the question it answers
    text, asides = normalise.settle(text, slot.id, _label_words(slot))
    if looks_like_story(text) and state.pending.get("last_story") != [slot.id, text]:
        pasted = _paste(text, state, model, deps)
        if pasted is not None:
            extra, with_asides = _record_asides(asides, pasted.state, pasted.model, deps)
            if extra:
                return TurnResult(
                    pasted.state, with_asides, [*extra, *pasted.events], True, pasted.note
                )
            return pasted
    restated = normalise.said_before(text)
    if restated == "":
        # "Heb ik al gezegd.": read the answers before this one for this question
        return _said_before(slot, state, model, deps)
    if restated is not None:
        text = restated  # "Zie hierboven, dus …": what it restates is the answer
    text = parse.drop_label(parse.drop_hedge(text), _label_words(slot))
    body = _is_correction(text, state, slot)
    if body is not None:
        corrected = _correct(body, state, model, deps)
        if corrected is not None:
            corrected.state.pending["last_correction"] = text
            return corrected
    # the same "question" twice for one slot is an answer that merely looks like a question
    repeated = state.pending.get("last_question") == [slot.id, text]
    if parse.is_question(text) and not repeated:
        state.pending["last_question"] = [slot.id, text]
        event = _answer_question(text, parse.question_term(text), slot, deps)
        return TurnResult(state, model, [event, *_ask(state, model, deps, repeat=True)])

    patch, notices = _read(slot, text, state, model, deps)
    if patch.intent == "question" and not repeated:
        state.pending["last_question"] = [slot.id, text]
        event = _answer_question(text, patch.question or parse.question_term(text), slot, deps)
        return TurnResult(state, model, [*notices, event, *_ask(state, model, deps, repeat=True)])
    if patch.intent == "correction" and state.last_slot is not None:
        corrected = _correct(parse.correction_body(text) or text, state, model, deps)
        if corrected is not None:
            return TurnResult(
                corrected.state,
                corrected.model,
                [*notices, *corrected.events],
                True,
                corrected.note,
            )
    if (patch.intent == "dont_know" or parse.is_dont_know(text)) and not (
        slot.kind == "list" and says_none(text)
    ):
        _push_history(state, model)
        state.unknown.append(slot.id)
        state.last_slot, state.last_ids = slot.id, []
        events: list[Event] = [*notices, _notice(f"Genoteerd: '{slot.label}' is nog onbekend.")]
        events += _ask(state, model, deps)
        return TurnResult(state, model, events, changed=True, note=f"onbekend {slot.id}")
    result = _record_answer(slot, text, patch, state, model, deps)
    extra, with_asides = _record_asides(asides, result.state, result.model, deps)
    notices += extra
    if notices:
        # the model handed over when the interview ends holds what the asides added
        later = [
            DoneEvent(with_asides.model_dump(mode="json")) if isinstance(e, DoneEvent) else e
            for e in result.events
        ]
        return TurnResult(
            result.state, with_asides, [*notices, *later], result.changed, result.note
        )
    return result


# The question an aside is about, by the word it names it with ("bij de stukken vergat ik
# nog …", "mijn antwoord over de bedrijfsservice corrigeren: …"); first match wins.
_ASIDE_TOPICS: tuple[tuple[str, str], ...] = (
    ("kana", "intake_channels"),
    ("stuk", "documents"),
    ("docu", "documents"),
    ("bijlage", "documents"),
    ("gegeven", "data_asked"),
    ("bedrijfsservice", "service_name"),
    ("dienst", "service_name"),
    ("bedrijfsproces", "process_name"),
    ("proces", "process_name"),
    ("klantreis", "journey_name"),
    ("activiteit", "activities"),
    ("statusmelding", "statusmeldingen"),
    ("resultaat", "levering_result"),
    ("doel", "customer_goal"),
    ("knelpunt", "pain_points"),
    ("aanleiding", "aanleiding"),
    ("grondslag", "legal_basis"),
    ("ondersteun", "supporting_processes"),
    ("afsluit", "closing_activities"),
)


def _aside_slot(topic: str) -> Slot | None:
    slot_id = next((sid for stem, sid in _ASIDE_TOPICS if topic.startswith(stem)), None)
    return get_slot(slot_id) if slot_id else None


def _record_asides(
    asides: list[parse.Aside], state: InterviewState, model: ProcessModel, deps: Deps
) -> tuple[list[Event], ProcessModel]:
    """What an answer said in passing about another question. A correction of an earlier
    answer ("eigenlijk moet ik mijn antwoord over de kanalen corrigeren: …") replaces it;
    an addition to an earlier list ("o ja, bij de stukken vergat ik nog de plattegrond")
    joins it; channels join the intake's; notes on the intake or the levering go in its
    description. Anything else is named, so the user can give it at its own question."""
    events: list[Event] = []
    for topic, text, correction in asides:
        if not text:
            continue
        slot = _aside_slot(topic)
        # only an answer given before can be corrected or added to; a list is added to, a
        # name, a choice or the channels are corrected (channels told in addition join the
        # intake's below)
        fits = slot is not None and (slot.kind == "list") != correction
        if slot is not None and fits and slot.id in state.answered:
            try:
                model, echo, _ = _apply_slot(slot, text, offline_patch(text), state, model, deps)
            except (ValidationError, ValueError, KeyError, TypeError):
                echo = ""
            if echo:
                label = "Verbeterd" if correction else "Ook vastgelegd"
                events.append(_notice(f"{label} — {echo}"))
                continue
        service = main_service(model)
        if topic.startswith("kana") and not correction:
            found = [c for c in parse.parse_channels(text) if c not in service.intake.channels]
            if found:
                service.intake.channels = [*service.intake.channels, *found]
                names = ", ".join(c.value for c in found)
                events.append(_notice(f"Ook vastgelegd — Kanalen intake: {names}"))
                continue
        if topic.startswith(("lever", "intake")):
            part = service.levering if topic.startswith("lever") else service.intake
            part.description = f"{part.description} {text}".strip()[:2000]
            events.append(_notice(f"Ook vastgelegd — toelichting bij de {topic}: {text}"))
            continue
        events.append(
            _notice(
                f"Terloops genoemd over '{topic}': '{text}'. Dat staat nog niet in het model; "
                "geef het bij die vraag, of met /terug.",
                "warning",
            )
        )
    return events, model


def _paste(text: str, state: InterviewState, model: ProcessModel, deps: Deps) -> TurnResult | None:
    """A pasted description fills what it can; ``None`` when it is a long answer instead.

    A long message that fills at least three other slots, or the open slot and another, is
    a description (a story told as the answer to one question often touches two others in
    passing: "het begint met …, daarna …"). One that fills less is a long answer to the open question (a pain point
    told as a story), so it is read as that answer: otherwise the question would come back
    and the same answer would loop. One that fills only the open slot is read whole as its
    answer too, since the description rules keep only the sentence they match (a chatty
    list of steps lost all but its first sentence). The same description twice for one slot
    is an answer too.
    """
    from assistant.interview.extract import extract_into

    current_slot = get_slot(state.current) if state.current else None
    trial_state = state.model_copy(deep=True)
    outcome = extract_into(model, text, deps, trial_state)
    others = [s for s in outcome.slots if current_slot is None or s != current_slot.id]
    fills_current = current_slot is not None and (
        current_slot.id in outcome.slots or current_slot.filled(outcome.model, trial_state)
    )
    is_description = len(others) >= 3 or (fills_current and len(others) >= 1)
    if current_slot is not None and not is_description:
        return None
    _push_history(state, model)
    state.pending = trial_state.pending
    if current_slot is not None:
        state.pending["last_story"] = [current_slot.id, text]
    state.answered.extend(s for s in outcome.slots if s not in state.answered)
    state.last_slot, state.last_ids = None, []
    if outcome.slots:
        lines = "\n".join(f"- {line}" for line in outcome.lines)
        events: list[Event] = [
            _notice(f"Uit je beschrijving vastgelegd ({len(outcome.slots)} onderdelen):\n{lines}")
        ]
    else:
        state.history.pop()
        events = [
            _notice(
                "In deze beschrijving herkende ik geen nieuwe onderdelen van het model.", "warning"
            )
        ]
    events += outcome.notices
    current = get_slot(state.current) if state.current else None
    if current is None or current.id in state.closed() or current.filled(outcome.model, state):
        events += _ask(state, outcome.model, deps)
    else:
        events += _ask(state, outcome.model, deps, repeat=True)
    return TurnResult(
        state, outcome.model, events, changed=bool(outcome.slots), note="beschrijving geplakt"
    )
