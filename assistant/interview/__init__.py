"""The guided interview: slots, state, turns, offline parsing and the optional LLM reader."""

from assistant.interview.deps import Deps, Retriever
from assistant.interview.engine import TurnResult, next_slot, start, turn
from assistant.interview.state import InterviewState

__all__ = ["Deps", "InterviewState", "Retriever", "TurnResult", "next_slot", "start", "turn"]
