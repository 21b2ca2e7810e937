"""The interview state: everything the conversation knows besides the process model.

It is a plain pydantic model so it round-trips through the session store's state dict
(``to_dict`` / ``from_dict``). The undo history lives here too, so ``/terug`` works the
same in the CLI, the JSONL protocol and the UI without touching the store.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

STATE_VERSION = 1
MAX_HISTORY = 40


class InterviewState(BaseModel):
    model_config = ConfigDict(extra="ignore")

    kind: str = Field(default="interview", description="Soort sessiestatus.")
    state_version: int = STATE_VERSION
    current: str | None = Field(default=None, description="Slot van de openstaande vraag.")
    answered: list[str] = Field(default_factory=list, description="Beantwoorde slots.")
    unknown: list[str] = Field(default_factory=list, description="Slots met 'weet ik niet'.")
    skipped: list[str] = Field(default_factory=list, description="Overgeslagen slots.")
    asked: list[str] = Field(default_factory=list, description="Gestelde vragen, in volgorde.")
    last_slot: str | None = Field(default=None, description="Slot van het laatste antwoord.")
    last_ids: list[str] = Field(
        default_factory=list, description="Elementen die het laatste antwoord aanmaakte."
    )
    pending: dict[str, Any] = Field(
        default_factory=dict, description="Gegevens voor vervolgvragen (kandidaten, focus)."
    )
    history: list[dict[str, Any]] = Field(
        default_factory=list, description="Momentopnamen (state + model) voor /terug."
    )
    done: bool = False
    llm_failures: int = 0

    @property
    def questions(self) -> int:
        return len(self.asked)

    def closed(self) -> set[str]:
        """Slots that must not be asked again."""
        return {*self.answered, *self.skipped, *self.unknown}

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> InterviewState:
        """A state from the store; an unreadable or foreign state starts afresh."""
        if not data or data.get("kind", "interview") != "interview":
            return cls()
        try:
            return cls.model_validate(data)
        except ValidationError:
            return cls()

    def snapshot(self) -> dict[str, Any]:
        """This state without its history, for an undo entry."""
        return self.model_dump(mode="json", exclude={"history"})
