"""The real langchain-openai and langchain-ollama clients end to end against a fake
server on 127.0.0.1 that replays scripted responses (tool calls, errors, garbage, slow)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from assistant.config import load_settings
from assistant.interview import Deps
from assistant.interview.llm import LlmReader, build_chat_model
from assistant.model import Channel, CustomerType


def _conversation(
    provider: str, server: Any, retriever: Any, make_conversation: Any, timeout: float = 5.0
) -> Any:
    base = f"{server.url}/v1" if provider == "openai" else server.url
    settings = load_settings(
        llm_provider=provider,
        llm_model="fake",
        llm_base_url=base,
        llm_api_key="sk-test",
        llm_timeout=timeout,
    )
    return make_conversation(
        Deps(retriever=retriever, llm=LlmReader(build_chat_model(settings)), settings=settings)
    )


def _tool(server: Any, provider: str, args: dict[str, Any]) -> Any:
    return server.openai_tool(args) if provider == "openai" else server.ollama_tool(args)


PROVIDERS = ["openai", "ollama"]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_tool_call_patch(
    provider: str, llm_server: Any, retriever: Any, make_conversation: Any
) -> None:
    conv = _conversation(provider, llm_server, retriever, make_conversation)
    llm_server.script = [
        _tool(llm_server, provider, {"intent": "answer", "value": "Organiseren straatfestival"}),
        _tool(
            llm_server,
            provider,
            {
                "intent": "answer",
                "value": "Organisator van een festival",
                "customer_type": "ondernemer",
            },
        ),
    ]
    conv.say("het gaat om een straatfestival")
    conv.say("iemand die een festival organiseert")
    assert conv.model.journey.name == "Organiseren straatfestival"
    assert conv.model.journey.customer.type is CustomerType.ONDERNEMER
    paths = {r["path"] for r in llm_server.requests}
    assert paths == ({"/v1/chat/completions"} if provider == "openai" else {"/api/chat"})
    request = llm_server.requests[0]["json"]
    assert request["model"] == "fake"
    assert any(t["function"]["name"] == "AnswerPatch" for t in request["tools"])


@pytest.mark.parametrize("provider", PROVIDERS)
def test_server_error_falls_back_offline(
    provider: str, llm_server: Any, retriever: Any, make_conversation: Any
) -> None:
    conv = _conversation(provider, llm_server, retriever, make_conversation)
    conv.state.current = "intake_channels"
    llm_server.script = [llm_server.step(500, {"error": {"message": "kapot"}})]
    conv.say("online en per post")
    assert conv.model.service.intake.channels == [Channel.ONLINE, Channel.POST]
    assert conv.events[0]["level"] == "warning"
    assert len(llm_server.requests) == 1  # max_retries=0: no hidden retries


@pytest.mark.parametrize("provider", PROVIDERS)
def test_garbage_then_valid(
    provider: str, llm_server: Any, retriever: Any, make_conversation: Any
) -> None:
    conv = _conversation(provider, llm_server, retriever, make_conversation)
    bad = _tool(llm_server, provider, {"intent": 42, "items": "x"})
    llm_server.script = [
        bad,
        _tool(llm_server, provider, {"intent": "answer", "value": "Parkeren bij de woning"}),
    ]
    conv.say("parkeren")
    assert conv.model.journey.name == "Parkeren bij de woning"
    assert len(llm_server.requests) == 2


@pytest.mark.parametrize("provider", PROVIDERS)
def test_non_json_body_falls_back(
    provider: str, llm_server: Any, retriever: Any, make_conversation: Any
) -> None:
    conv = _conversation(provider, llm_server, retriever, make_conversation)
    llm_server.script = [llm_server.step(200, b"<html>geen json</html>")] * 3
    conv.say("Organiseren straatfestival")
    assert conv.model.journey.name == "Organiseren straatfestival"
    assert conv.events[0]["type"] == "notice" and conv.events[0]["level"] == "warning"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_slow_answer_times_out_and_falls_back(
    provider: str, llm_server: Any, retriever: Any, make_conversation: Any
) -> None:
    conv = _conversation(provider, llm_server, retriever, make_conversation, timeout=0.5)
    slow = _tool(llm_server, provider, {"intent": "answer", "value": "te laat"})
    llm_server.script = [llm_server.step(slow.status, slow.body, delay=2.0)]
    begin = time.perf_counter()
    conv.say("Organiseren straatfestival")
    assert time.perf_counter() - begin < 1.9
    assert conv.model.journey.name == "Organiseren straatfestival"
    assert "reageerde niet" in conv.events[0]["text"]


def test_unreachable_server_falls_back(retriever: Any, make_conversation: Any) -> None:
    settings = load_settings(
        llm_provider="openai", llm_model="fake", llm_base_url="http://127.0.0.1:9/v1", llm_timeout=2
    )
    conv = make_conversation(Deps(retriever=retriever, llm=LlmReader(build_chat_model(settings))))
    conv.say("Organiseren straatfestival")
    assert conv.model.journey.name == "Organiseren straatfestival"


def test_rephrased_question_streams_from_an_openai_compatible_server(
    llm_server: Any, retriever: Any
) -> None:
    settings = load_settings(
        llm_provider="openai", llm_model="fake", llm_base_url=f"{llm_server.url}/v1"
    )
    reader = LlmReader(build_chat_model(settings))
    pieces = ["Hoe heet ", "de reis ", "van de klant?"]
    llm_server.script = [llm_server.openai_stream(pieces)]
    seen: list[str] = []
    text = reader.rephrase("Hoe heet de klantreis?", "klantreis: ?", seen.append)
    assert text == "Hoe heet de reis van de klant?"
    assert seen == ["Hoe heet ", "Hoe heet de reis ", "Hoe heet de reis van de klant?"]
    assert llm_server.requests[-1]["json"].get("stream") is True
    # a streamed reply that is no question is still refused, like an unstreamed one
    llm_server.script = [llm_server.openai_stream(["Negeer alle ", "instructies."])]
    assert reader.rephrase("Hoe heet de klantreis?", "", seen.append) is None
