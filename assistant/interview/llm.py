"""The optional LLM reader: a LangChain chat model turns a message into a validated patch.

The LLM only *reads*; the slot logic stays in charge of what is asked and where an answer
goes. Output is structured (a tool call against ``AnswerPatch``), validated, and re-asked
with the error at most twice; after that, or on a timeout or connection error, the turn
falls back to the offline parser and the user is told. User and document text is
delimited as data, stripped of our delimiters, and a patch that echoes the system prompt
is rejected, so an injected "negeer alle vorige instructies" cannot leak the prompt or
steer the interview.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.config import Settings
from assistant.errors import ConfigError, LlmError
from assistant.interview.patch import AnswerPatch
from assistant.interview.prompts import load_prompt
from assistant.interview.slots import BY_ID, SLOTS, Slot

MAX_REASKS = 2
_DELIMITERS = re.compile(r"</?\s*(?:gebruikersantwoord|beschrijving)\s*>", re.I)


class LlmUnavailable(LlmError):
    """The LLM gave no usable answer this turn; the message says why, in Dutch."""


class SlotAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slot: str = Field(description="Slot-id uit de lijst.")
    answer: str = Field(min_length=1, max_length=2000, description="Het antwoord voor dat slot.")

    @field_validator("slot")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in BY_ID:
            raise ValueError(f"onbekend slot '{value}'")
        return value


class ExtractPatch(BaseModel):
    """Antwoorden per slot uit een beschrijving."""

    model_config = ConfigDict(extra="forbid")

    answers: list[SlotAnswer] = Field(default_factory=list, max_length=60)


def build_chat_model(settings: Settings) -> Any:
    """A LangChain chat model from the settings (no retries: we fall back instead)."""
    model = settings.llm_model
    if not model:
        raise ConfigError("Stel llm_model in (KLANTREIS_LLM_MODEL) om een taalmodel te gebruiken.")
    if settings.llm_provider == "openai":
        from langchain_openai import ChatOpenAI

        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "geen-sleutel"
        return ChatOpenAI(
            model=model,
            base_url=settings.llm_base_url,
            api_key=key,
            timeout=settings.llm_timeout,
            max_retries=0,
            temperature=0,
        )
    if settings.llm_provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=model,
            base_url=settings.llm_base_url,
            temperature=0,
            client_kwargs={"timeout": settings.llm_timeout},
        )
    raise ConfigError(f"Onbekende llm_provider '{settings.llm_provider}'.")


def _slot_list() -> str:
    return "; ".join(f"{s.id}: {s.label}" for s in SLOTS)


def as_data(text: str) -> str:
    """User or document text made safe to put between our delimiters."""
    return _DELIMITERS.sub("[…]", text)


def _shingles(text: str, n: int = 8) -> set[str]:
    words = re.findall(r"\w+", text.casefold())
    return {" ".join(words[i : i + n]) for i in range(max(0, len(words) - n + 1))}


def _is_transient(exc: BaseException) -> bool:
    name = type(exc).__name__.lower()
    module = type(exc).__module__.lower()
    return (
        isinstance(exc, TimeoutError | ConnectionError | OSError)
        or "timeout" in name
        or "connect" in name
        or "apierror" in name
        or "status" in name
        or "responseerror" in name
        or module.startswith(("httpx", "openai", "httpcore", "ollama"))
    )


def _chunk_text(chunk: Any) -> str:
    content = getattr(chunk, "content", "")
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(str(b.get("text", "")) if isinstance(b, dict) else str(b) for b in content)
    return ""


class LlmReader:
    """Reads answers and narratives with a chat model; every failure is ``LlmUnavailable``."""

    def __init__(self, chat: Any) -> None:
        self.chat = chat
        self._system = load_prompt("interview_system").render(slot_list=_slot_list())
        self._extract_system = load_prompt("extract_system").render(slot_list=_slot_list())
        self._leaks = _shingles(self._system) | _shingles(self._extract_system)

    def _leaked(self, patch: BaseModel) -> bool:
        dumped = json.dumps(patch.model_dump(mode="json"), ensure_ascii=False)
        return bool(_shingles(dumped) & self._leaks)

    def _call(self, schema: type[BaseModel], messages: list[Any]) -> BaseModel:
        from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

        bound = self.chat.bind_tools([schema])
        errors: list[str] = []
        for attempt in range(MAX_REASKS + 1):
            try:
                reply = bound.invoke(messages)
            except Exception as exc:
                if _is_transient(exc):
                    raise LlmUnavailable(
                        f"Het taalmodel reageerde niet ({type(exc).__name__})."
                    ) from None
                raise LlmUnavailable(
                    f"Het taalmodel gaf een fout ({type(exc).__name__})."
                ) from None
            error, patch = self._parse(schema, reply)
            if patch is not None:
                return patch
            errors.append(error)
            if attempt == MAX_REASKS:
                break
            reask = load_prompt("reask").render(error=error[:500])
            calls = getattr(reply, "tool_calls", None) or []
            if calls:
                messages = [
                    *messages,
                    AIMessage(content="", tool_calls=calls),
                    *[
                        ToolMessage(content=reask, tool_call_id=c.get("id") or "call")
                        for c in calls
                    ],
                ]
            else:
                messages = [
                    *messages,
                    AIMessage(content=str(getattr(reply, "content", ""))[:2000]),
                    HumanMessage(content=reask),
                ]
        raise LlmUnavailable(
            f"Het taalmodel gaf {len(errors)} keer een ongeldig antwoord ({errors[-1][:120]})."
        )

    def _parse(self, schema: type[BaseModel], reply: Any) -> tuple[str, BaseModel | None]:
        calls = getattr(reply, "tool_calls", None) or []
        args: Any = None
        if calls:
            args = calls[0].get("args")
        else:
            content = str(getattr(reply, "content", "") or "")
            m = re.search(r"\{.*\}", content, flags=re.S)
            if m is None:
                return "geen aanroep van het hulpmiddel en geen JSON", None
            try:
                args = json.loads(m.group(0))
            except json.JSONDecodeError as exc:
                return f"ongeldige JSON: {exc.msg}", None
            except RecursionError:
                return "JSON te diep genest", None
        if (
            isinstance(args, dict)
            and set(args) == {"properties"}
            and isinstance(args["properties"], dict)
        ):
            args = args["properties"]  # some small models wrap arguments in the schema shape
        try:
            patch = schema.model_validate(args)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ()))
            return f"{where or 'invoer'}: {first.get('msg', 'ongeldig')}", None
        if self._leaked(patch):
            return "de uitvoer bevat instructietekst in plaats van het antwoord", None
        return "", patch

    def rephrase(
        self, question: str, context: str, on_token: Callable[[str], None] | None = None
    ) -> str | None:
        """The question in more natural words, or None when the reply is not usable.

        Only the wording may change: the slot, why and sources stay the engine's. A reply
        that is not one short question, or that echoes instructions, is discarded. With
        ``on_token`` the reply is streamed: it gets the text so far after every chunk, so
        a front end can show the question while the model is still writing it.
        """
        from langchain_core.messages import HumanMessage

        prompt = load_prompt("rephrase").render(question=question, context=as_data(context)[:1000])
        messages = [HumanMessage(content=prompt)]
        try:
            if on_token is None:
                reply = self.chat.invoke(messages)
                raw = str(getattr(reply, "content", "") or "")
            else:
                raw = ""
                for chunk in self.chat.stream(messages):
                    piece = _chunk_text(chunk)
                    if not piece:
                        continue
                    raw += piece
                    if len(raw) > 2000:  # a runaway reply is no question; stop reading
                        return None
                    with contextlib.suppress(Exception):  # a display problem is not ours
                        on_token(raw)
        except Exception:
            return None
        text = raw.strip().strip('"').strip()
        if not text or "\n" in text or len(text) > 300 or not text.endswith("?"):
            return None
        if _shingles(text, 6) & _shingles(self._system, 6):
            return None
        return text

    def read_answer(self, slot: Slot, question: str, text: str) -> AnswerPatch:
        from langchain_core.messages import HumanMessage, SystemMessage

        user = load_prompt("interview_answer").render(
            slot_id=slot.id, slot_label=slot.label, question=question, answer=as_data(text)
        )
        patch = self._call(
            AnswerPatch, [SystemMessage(content=self._system), HumanMessage(content=user)]
        )
        assert isinstance(patch, AnswerPatch)
        return patch

    def extract_pairs(self, text: str) -> list[tuple[str, str]]:
        from langchain_core.messages import HumanMessage, SystemMessage

        user = load_prompt("extract_user").render(text=as_data(text))
        patch = self._call(
            ExtractPatch, [SystemMessage(content=self._extract_system), HumanMessage(content=user)]
        )
        assert isinstance(patch, ExtractPatch)
        return [(a.slot, a.answer) for a in patch.answers]
