"""Fakes for the interview tests: a retriever with the knowledge-base shape, a scripted
chat model, and a loopback HTTP server that speaks the OpenAI and Ollama chat APIs."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from assistant.interview import Deps, InterviewState, start, turn
from assistant.interview.engine import TurnResult
from assistant.interview.protocol import EVENT_KEYS
from assistant.model import ProcessModel
from tests.cli_env import start_chat_jsonl


@dataclass(frozen=True)
class FakePassage:
    chunk_id: str
    title: str
    section: str
    url: str
    source: str
    element_id: str
    score: float
    text: str


@dataclass(frozen=True)
class FakeReference:
    element_id: str
    name: str
    kind: str
    score: float
    url: str
    path: str
    bedrijfsfunctie: str | None


@dataclass
class FakeRetriever:
    """Satisfies the Retriever protocol; counts calls so caching can be checked."""

    calls: list[str] = field(default_factory=list)

    def search(self, query: str, k: int = 5) -> list[FakePassage]:
        self.calls.append(f"search:{query}")
        return [
            FakePassage(
                "c1",
                "Procesarchitectuur",
                "Klantreis",
                "https://example.test/p",
                "gemma",
                "",
                0.9,
                f"Over {query}.",
            )
        ][:k]

    def explain(self, term: str, k: int = 3) -> list[FakePassage]:
        self.calls.append(f"explain:{term}")
        if "deelservice" in term:
            return [
                FakePassage(
                    "c2",
                    "Deelservice",
                    "Begrip",
                    "https://example.test/d",
                    "cards",
                    "",
                    0.95,
                    "Een deelservice is een dienst aan een interne klant.",
                )
            ]
        return []

    def suggest_references(self, text: str, k: int = 3) -> list[FakeReference]:
        self.calls.append(f"suggest:{text}")
        return [
            FakeReference(
                "id-1",
                "Behandelen aanvraag vergunning of ontheffing",
                "bedrijfsproces",
                0.8,
                "https://example.test/r1",
                "Primair",
                "Vergunningverlening",
            ),
            FakeReference(
                "id-2",
                "Beantwoorden vraag",
                "bedrijfsproces",
                0.3,
                "https://example.test/r2",
                "Primair",
                None,
            ),
        ][:k]


@pytest.fixture
def retriever() -> FakeRetriever:
    return FakeRetriever()


@pytest.fixture
def deps(retriever: FakeRetriever) -> Deps:
    return Deps(retriever=retriever)


class Conversation:
    """Drives the pure engine like a front end does."""

    def __init__(self, deps: Deps, model: ProcessModel | None = None) -> None:
        self.deps = deps
        result = start(InterviewState(), model or ProcessModel(), deps)
        self.state, self.model = result.state, result.model
        self.events = [e.to_dict() for e in result.events]
        self.all_events = list(self.events)

    @property
    def slot(self) -> str | None:
        questions = [e for e in self.events if e["type"] == "question"]
        return questions[-1]["slot"] if questions else None

    def say(self, text: str) -> TurnResult:
        result = turn(self.state, self.model, text, self.deps)
        self.state, self.model = result.state, result.model
        self.events = [e.to_dict() for e in result.events]
        self.all_events.extend(self.events)
        return result

    def notices(self) -> list[str]:
        return [e["text"] for e in self.events if e["type"] == "notice"]

    def answer_until(self, slot: str, facts: dict[str, str]) -> None:
        for _ in range(60):
            if self.slot == slot or self.slot is None:
                return
            self.say(facts.get(self.slot, "weet ik niet"))
        raise AssertionError(f"slot {slot} never asked")


@pytest.fixture
def conversation(deps: Deps) -> Conversation:
    return Conversation(deps)


# --- scripted chat model ------------------------------------------------------------------


class ScriptedChat(FakeMessagesListChatModel):
    """Replays scripted replies; an Exception in the script is raised instead.

    ``bind_tools`` returns the model itself, so the reader's tool-calling path runs
    unchanged against it (langchain's own fakes raise there).
    """

    responses: list[Any]  # messages, or exceptions to raise
    seen: ClassVar[list[list[BaseMessage]]] = []

    def bind_tools(self, tools: Any, **kwargs: Any) -> ScriptedChat:  # type: ignore[override]
        return self

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        self.seen.append(list(messages))
        if self.i >= len(self.responses):
            raise AssertionError("script exhausted")
        reply = self.responses[self.i]
        self.i += 1
        if isinstance(reply, Exception):
            raise reply
        return ChatResult(generations=[ChatGeneration(message=reply)])


def tool_reply(args: dict[str, Any], name: str = "AnswerPatch") -> AIMessage:
    return AIMessage(
        content="",
        tool_calls=[
            {"name": name, "args": args, "id": f"call-{time.monotonic_ns()}", "type": "tool_call"}
        ],
    )


@pytest.fixture
def scripted() -> type[ScriptedChat]:
    ScriptedChat.seen = []
    return ScriptedChat


# --- loopback HTTP server -----------------------------------------------------------------


@dataclass
class Scripted:
    status: int = 200
    body: Any = None  # dict → JSON; bytes → raw
    delay: float = 0.0
    content_type: str = "application/json"


class FakeLlmServer:
    """Speaks POST /v1/chat/completions (OpenAI) and POST /api/chat (Ollama)."""

    def __init__(self) -> None:
        self.script: list[Scripted] = []
        self.requests: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    payload = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    payload = {}
                server.requests.append({"path": self.path, "json": payload})
                step = (
                    server.script.pop(0)
                    if server.script
                    else Scripted(500, {"error": "script leeg"})
                )
                if step.delay:
                    time.sleep(step.delay)
                body = step.body if isinstance(step.body, bytes) else json.dumps(step.body).encode()
                try:
                    self.send_response(step.status)
                    self.send_header("Content-Type", step.content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def step(self, status: int = 200, body: Any = None, delay: float = 0.0) -> Scripted:
        return Scripted(status, body, delay)

    def openai_tool(self, args: dict[str, Any], name: str = "AnswerPatch") -> Scripted:
        return Scripted(
            200,
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "created": 0,
                "model": "fake",
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "tool_calls",
                        "message": {
                            "role": "assistant",
                            "content": None,
                            "tool_calls": [
                                {
                                    "id": "call_1",
                                    "type": "function",
                                    "function": {"name": name, "arguments": json.dumps(args)},
                                }
                            ],
                        },
                    }
                ],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            },
        )

    def openai_stream(self, pieces: list[str]) -> Scripted:
        """A streamed chat completion (server-sent events), one chunk per piece."""

        def event(delta: dict[str, Any], finish: str | None = None) -> bytes:
            chunk = {
                "id": "chatcmpl-s",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": "fake",
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }
            return b"data: " + json.dumps(chunk).encode() + b"\n\n"

        body = event({"role": "assistant", "content": ""})
        body += b"".join(event({"content": piece}) for piece in pieces)
        body += event({}, "stop") + b"data: [DONE]\n\n"
        return Scripted(200, body, content_type="text/event-stream")

    def ollama_tool(self, args: dict[str, Any], name: str = "AnswerPatch") -> Scripted:
        return Scripted(
            200,
            {
                "model": "fake",
                "created_at": "2026-01-01T00:00:00Z",
                "message": {
                    "role": "assistant",
                    "content": "",
                    "tool_calls": [{"function": {"name": name, "arguments": args}}],
                },
                "done": True,
                "done_reason": "stop",
                "total_duration": 1,
                "load_duration": 1,
                "prompt_eval_count": 1,
                "prompt_eval_duration": 1,
                "eval_count": 1,
                "eval_duration": 1,
            },
        )


@pytest.fixture
def llm_server() -> Iterator[FakeLlmServer]:
    server = FakeLlmServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def make_conversation() -> type[Conversation]:
    return Conversation


@pytest.fixture
def retriever_cls() -> type[FakeRetriever]:
    return FakeRetriever


# --- the JSONL protocol driven like the held-out check ------------------------------------

SOURCE_KEYS = {"title", "section", "url", "source", "element_id"}


def drive_jsonl(tmp_path: Path, facts: dict[str, str], script: dict[int, str]) -> dict[str, Any]:
    """Answer each question from ``facts`` by slot id ("weet ik niet" otherwise); at the
    n-th input send ``script[n]`` instead. Checks every event against the protocol and
    returns the questions per input, the non-answer inputs and the final model."""
    proc = start_chat_jsonl(tmp_path, stderr=subprocess.DEVNULL)
    assert proc.stdin is not None and proc.stdout is not None
    asked: list[tuple[str, str]] = []  # (slot, the input that led to the question)
    sent = ""
    final = None
    for n in range(1, 120):
        turn_events = []
        while True:  # zero or more notices/answers, then exactly one question or done
            event = json.loads(proc.stdout.readline())
            assert set(event) == EVENT_KEYS[event["type"]], event
            for source in event.get("sources", []):
                assert set(source) - {"score"} == SOURCE_KEYS, source
            turn_events.append(event)
            if event["type"] in ("question", "done"):
                break
            assert event["type"] in ("notice", "answer"), event
        last = turn_events[-1]
        if last["type"] == "done":
            final = last["model"]
            break
        asked.append((last["slot"], sent))
        sent = script.get(n, facts.get(last["slot"], "weet ik niet"))
        proc.stdin.write(json.dumps({"text": sent}) + "\n")
        proc.stdin.flush()
    proc.stdin.close()
    proc.wait(timeout=60)
    assert proc.returncode == 0 and final is not None
    return {"asked": asked, "model": final}
