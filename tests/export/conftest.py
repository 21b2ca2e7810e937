"""Fixtures for the export tests: the official schemas (loaded once per session), a
street-festival model with GEMMA's two variants built here, and every example model under
evals/datasets/ (files that are no process model are skipped)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.export.verify import Schemas
from assistant.model import (
    Activity,
    ActivityKind,
    Actor,
    Bedrijfsservice,
    Channel,
    Deelservice,
    DeelserviceKind,
    Document,
    Intake,
    Journey,
    JourneyStep,
    Lane,
    Levering,
    Metadata,
    ProcessModel,
    Statusmelding,
    Variant,
)
from evals.exports import dataset_models, per_variant
from tests.conftest import shared_dir

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def example_cases() -> list[tuple[str, ProcessModel]]:
    cases: list[tuple[str, ProcessModel]] = []
    for name, model in dataset_models():
        cases += per_variant(name, model)
    return cases


EXAMPLES = example_cases()
EXAMPLE_IDS = [name for name, _ in EXAMPLES]


@pytest.fixture(scope="session")
def schemas() -> Schemas:
    folder = shared_dir() / "schemas"
    assert (folder / "bpmn" / "BPMN20.xsd").is_file(), (
        f"the official XSDs are expected in {folder} (set KLANTREIS_SHARED_DIR)"
    )
    return Schemas.load(folder)


def _service(prefix: str, customer_gathers: bool) -> Bedrijfsservice:
    def act(
        key: str, name: str, lane: Lane, kind: ActivityKind = ActivityKind.TAAK, **kw: object
    ) -> Activity:
        return Activity(id=f"{prefix}-act-{key}", name=name, lane=lane, kind=kind, **kw)  # type: ignore[arg-type]

    gather_lane = Lane.KLANT if customer_gathers else Lane.BACKOFFICE
    gather = act("verzamelen", "Verzamelen stukken", gather_lane)
    activities = [
        act("invullen", "Invullen aanvraagformulier", Lane.KLANT, channel=Channel.ONLINE),
        *([gather] if customer_gathers else []),
        act("indienen", "Indienen aanvraag", Lane.KLANT, channel=Channel.ONLINE),
        act(
            "intake",
            "Intake",
            Lane.FRONTOFFICE,
            ActivityKind.INTAKE,
            deelservice_id=f"{prefix}-ds-intake",
        ),
        *([] if customer_gathers else [gather]),
        act("toetsen", "Toetsen aanvraag", Lane.BACKOFFICE, ActivityKind.BEHANDELING),
        act("advies", "Advies hulpdiensten", Lane.KETENPARTNER, ActivityKind.BEHANDELING),
        act("besluiten", "Besluiten", Lane.BACKOFFICE, ActivityKind.BESLUIT),
        act("leveren", "Leveren", Lane.FRONTOFFICE, ActivityKind.LEVERING, channel=Channel.EMAIL),
        act("factureren", "Factureren leges", Lane.BACKOFFICE, ActivityKind.AFSLUITEND),
        act("archiveren", "Archiveren", Lane.ONDERSTEUNEND, ActivityKind.AFSLUITEND),
    ]
    provider = Actor.KLANT if customer_gathers else Actor.GEMEENTE
    return Bedrijfsservice(
        id=f"{prefix}-bs",
        name="Regelen vergunning",
        intake=Intake(
            channels=[Channel.ONLINE],
            documents=[
                Document(
                    id=f"{prefix}-stuk-kvk",
                    name="KvK-uittreksel",
                    provided_by=provider,
                    basisregistratie="HR",
                ),
                Document(
                    id=f"{prefix}-stuk-tekening", name="Situatietekening", provided_by=Actor.KLANT
                ),
            ],
        ),
        levering=Levering(result="Evenementenvergunning", channels=[Channel.EMAIL]),
        activities=activities,
        deelservices=[
            Deelservice(
                id=f"{prefix}-ds-intake",
                name="Deelservice Intake",
                kind=DeelserviceKind.INTAKE,
                realised_by="Intaken",
            ),
        ],
        statusmeldingen=[
            Statusmelding(
                id=f"{prefix}-status-ontvangst",
                name="Ontvangstbevestiging",
                after_activity_id=f"{prefix}-act-intake",
            )
        ],
    )


def festival_model() -> ProcessModel:
    """GEMMA's street festival: variant 1 the customer gathers the documents before
    submitting, variant 2 the municipality gathers them after the intake."""
    return ProcessModel(
        metadata=Metadata(id="model-festival-test", created_at=T0, updated_at=T0),
        journey=Journey(
            name="Organiseren straatfestival",
            steps_before=[
                JourneyStep(id="stap-sponsors", name="Sponsoring regelen"),
                JourneyStep(id="stap-voorbereiden", name="Voorbereiden"),
            ],
            steps_after=[
                JourneyStep(id="stap-vervolg", name="Vervolg"),
                JourneyStep(id="stap-catering", name="Catering regelen", actor=Actor.DERDE),
            ],
        ),
        variants=[
            Variant(id="var-1", name="Variant 1: klant verzamelt", services=[_service("v1", True)]),
            Variant(
                id="var-2", name="Variant 2: gemeente verzamelt", services=[_service("v2", False)]
            ),
        ],
        active_variant_id="var-1",
    )


@pytest.fixture
def festival() -> ProcessModel:
    return festival_model()
