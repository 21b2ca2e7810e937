"""Fixtures for the advice tests: a clean model that no check objects to, the example
models, and fakes for the knowledge dependencies."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.advice import AdviceDeps
from assistant.model import ProcessModel
from assistant.model_io import load_model_file

REPO = Path(__file__).resolve().parents[2]
MODELS = REPO / "evals" / "datasets" / "models"


@dataclass(frozen=True)
class FakePassage:
    title: str
    section: str = ""
    url: str = ""
    source: str = "fake"
    element_id: str = ""
    score: float = 1.0
    text: str = ""
    chunk_id: str = "c1"


@dataclass(frozen=True)
class FakeReference:
    element_id: str
    name: str
    kind: str = "bedrijfsproces"
    score: float = 0.8
    url: str = ""
    path: str = ""
    bedrijfsfunctie: str | None = None


class FakeRetriever:
    """Returns fixed passages and reference suggestions, and records the queries."""

    def __init__(
        self,
        passages: Sequence[FakePassage] = (),
        references: Sequence[FakeReference] = (),
    ) -> None:
        self._passages = list(passages)
        self._references = list(references)
        self.queries: list[str] = []

    def search(self, query: str, k: int = 5) -> list[FakePassage]:
        self.queries.append(query)
        return self._passages[:k]

    def suggest_references(self, text: str, k: int = 3) -> list[FakeReference]:
        return self._references[:k]


def clean_data() -> dict:
    """A model every check accepts: journey context, intake, levering, statusmelding,
    customer-side name, aanleiding, GEMMA reference, documents the customer writes."""
    return {
        "metadata": {"id": "model-schoon"},
        "journey": {
            "name": "Organiseren buurtfeest",
            "customer": {"name": "Bewonersvereniging", "type": "instelling"},
            "steps_before": [{"id": "stap-voor", "name": "Buurt enthousiasmeren"}],
            "steps_after": [{"id": "stap-na", "name": "Feest vieren"}],
        },
        "variants": [
            {
                "id": "var-a",
                "name": "Huidig",
                "services": [
                    {
                        "id": "bs-a",
                        "name": "Regelen ontheffing",
                        "process": {
                            "name": "Behandelen aanvraag ontheffing",
                            "gemma_reference": {
                                "element_id": "id-85fdb525-85a2-40d0-b90c-f4cfd4306ef7",
                                "name": "Behandelen aanvraag vergunning of ontheffing",
                            },
                        },
                        "aanleiding": {"kind": "aanvraag", "description": "Aanvraag ontheffing"},
                        "intake": {
                            "channels": ["online"],
                            "data_asked": [
                                {
                                    "id": "gegeven-locatie",
                                    "name": "Locatie (adres)",
                                    "source": "BAG",
                                },
                                {"id": "gegeven-datum", "name": "Datum van het feest"},
                            ],
                            "documents": [
                                {
                                    "id": "stuk-tekening",
                                    "name": "Situatietekening",
                                    "source": "Aanvrager",
                                },
                                {
                                    "id": "stuk-kvk",
                                    "name": "KvK-uittreksel",
                                    "provided_by": "gemeente",
                                    "basisregistratie": "HR",
                                },
                            ],
                        },
                        "levering": {"result": "Ontheffing", "channels": ["email"]},
                        "activities": [
                            {
                                "id": "act-indienen",
                                "name": "Aanvraag indienen",
                                "lane": "klant",
                                "channel": "online",
                            },
                            {
                                "id": "act-intake",
                                "name": "Aanvraag registreren",
                                "lane": "frontoffice",
                                "kind": "intake",
                            },
                            {
                                "id": "act-toetsen",
                                "name": "Toetsen",
                                "lane": "backoffice",
                                "kind": "behandeling",
                            },
                            {
                                "id": "act-leveren",
                                "name": "Ontheffing sturen",
                                "lane": "frontoffice",
                                "kind": "levering",
                                "channel": "email",
                            },
                            {
                                "id": "act-archiveren",
                                "name": "Archiveren",
                                "lane": "ondersteunend",
                                "kind": "afsluitend",
                            },
                        ],
                        "statusmeldingen": [
                            {
                                "id": "status-ontvangst",
                                "name": "Ontvangstbevestiging",
                                "after_activity_id": "act-intake",
                            }
                        ],
                        "lead_time_days": 28,
                    }
                ],
            }
        ],
    }


@pytest.fixture
def clean() -> Callable[[], dict]:
    return clean_data


def build(data: dict) -> ProcessModel:
    return ProcessModel.model_validate(data)


@pytest.fixture
def straatfestival() -> ProcessModel:
    return load_model_file(MODELS / "straatfestival.json")


@pytest.fixture
def deps() -> AdviceDeps:
    """Offline deps with the knowledge basisregistratie table when it is there."""
    from assistant.advice.deps import knowledge_concepts, knowledge_registry

    return AdviceDeps(registry=knowledge_registry(), concept=knowledge_concepts())
