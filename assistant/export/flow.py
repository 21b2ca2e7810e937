"""The order of a klantreis as one flow: the shared skeleton of svg, bpmn, mermaid and
archimate.

The model holds no explicit sequence flows, so the flow is derived from order:
journey.steps_before, then each bedrijfsservice's activities in list order, then
journey.steps_after. Two GEMMA rules shape it:

- Levering is not necessarily the last activity: closing activities (facturatie,
  archivering) may follow it. The customer's journey continues from the levering, so the
  steps after the municipal part follow the *last levering activity*; the activities
  listed after it form a side branch that ends on its own. This gives GEMMA's chain
  "… → Leveren → Vervolg".
- Several bedrijfsservices in one variant (information first, then the application) run
  one after the other: the next service starts where the previous one delivered.

Phases (the blueprint's columns): voor, intake, behandeling, levering, na. An activity's
phase follows its kind; a plain ``taak`` inherits the phase reached so far, and phases never
go back within a service, so every phase is one contiguous block of columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from assistant.model import (
    Activity,
    ActivityKind,
    Actor,
    Bedrijfsservice,
    Channel,
    JourneyStep,
    Lane,
    ProcessModel,
    Variant,
)


class Phase(IntEnum):
    VOOR = 0
    INTAKE = 1
    BEHANDELING = 2
    LEVERING = 3
    NA = 4

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]


PHASE_LABELS = {
    Phase.VOOR: "Vóór",
    Phase.INTAKE: "Intake",
    Phase.BEHANDELING: "Behandeling",
    Phase.LEVERING: "Levering",
    Phase.NA: "Na",
}

_KIND_PHASE = {
    ActivityKind.TAAK: Phase.INTAKE,  # lowest municipal phase: a taak never moves it on
    ActivityKind.INTAKE: Phase.INTAKE,
    ActivityKind.BEHANDELING: Phase.BEHANDELING,
    ActivityKind.BESLUIT: Phase.BEHANDELING,
    ActivityKind.LEVERING: Phase.LEVERING,
    ActivityKind.AFSLUITEND: Phase.LEVERING,  # closing work belongs to the service's end
}

LANE_LABELS = {
    Lane.KLANT: "Klant",
    Lane.FRONTOFFICE: "Frontoffice",
    Lane.BACKOFFICE: "Backoffice",
    Lane.KETENPARTNER: "Ketenpartner",
    Lane.ONDERSTEUNEND: "Ondersteunend",
}
# Top to bottom, as in a service blueprint: customer, front stage, back stage, support.
LANE_ORDER = (Lane.KLANT, Lane.FRONTOFFICE, Lane.BACKOFFICE, Lane.KETENPARTNER, Lane.ONDERSTEUNEND)

KIND_LABELS = {
    "stap": "klantstap",
    ActivityKind.TAAK.value: "taak",
    ActivityKind.INTAKE.value: "intake",
    ActivityKind.BEHANDELING.value: "behandeling",
    ActivityKind.BESLUIT.value: "besluit",
    ActivityKind.LEVERING.value: "levering",
    ActivityKind.AFSLUITEND.value: "afsluitend",
}
ACTOR_LABELS = {Actor.KLANT: "klant", Actor.GEMEENTE: "gemeente", Actor.DERDE: "derde"}


@dataclass(frozen=True)
class FlowNode:
    """A journey step or an activity, at its place in the flow."""

    id: str
    name: str
    lane: Lane
    phase: Phase
    kind: str  # "stap" for journey steps, else the ActivityKind value
    order: int
    channel: Channel | None = None
    service: Bedrijfsservice | None = None
    service_index: int = -1
    activity: Activity | None = None
    step: JourneyStep | None = None

    @property
    def is_step(self) -> bool:
        return self.step is not None


@dataclass(frozen=True)
class Flow:
    variant: Variant
    nodes: tuple[FlowNode, ...]
    edges: tuple[tuple[str, str], ...]

    def by_id(self) -> dict[str, FlowNode]:
        return {n.id: n for n in self.nodes}

    def lanes_used(self) -> list[Lane]:
        used = {n.lane for n in self.nodes}
        return [lane for lane in LANE_ORDER if lane in used]

    def successors(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {n.id: [] for n in self.nodes}
        for a, b in self.edges:
            out[a].append(b)
        return out

    def predecessors(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {n.id: [] for n in self.nodes}
        for a, b in self.edges:
            out[b].append(a)
        return out

    def main_chain(self) -> list[FlowNode]:
        """The customer's chain: from the first node, always the first successor."""
        if not self.nodes:
            return []
        succ = self.successors()
        by_id = self.by_id()
        chain = [self.nodes[0]]
        while succ[chain[-1].id]:
            # the main line is listed first: see build_flow
            chain.append(by_id[succ[chain[-1].id][0]])
        return chain


def _service_phases(service: Bedrijfsservice) -> list[Phase]:
    phases: list[Phase] = []
    current = Phase.INTAKE
    for activity in service.activities:
        current = max(current, _KIND_PHASE[activity.kind])
        phases.append(current)
    return phases


def split_at_levering(activities: list[Activity]) -> tuple[list[Activity], list[Activity]]:
    """(main line up to and including the last levering, the closing branch after it)."""
    last = max(
        (i for i, a in enumerate(activities) if a.kind is ActivityKind.LEVERING), default=None
    )
    if last is None:
        return list(activities), []
    return list(activities[: last + 1]), list(activities[last + 1 :])


def _step_node(step: JourneyStep, phase: Phase, order: int) -> FlowNode:
    return FlowNode(
        id=step.id,
        name=step.name,
        lane=Lane.KLANT,  # steps belong to the customer's journey, whoever performs them
        phase=phase,
        kind="stap",
        order=order,
        channel=step.channel,
        step=step,
    )


def build_flow(model: ProcessModel, variant: Variant | None = None) -> Flow:
    """The flow of ``variant`` (default: the active variant) with the journey around it."""
    variant = variant or model.active
    nodes: list[FlowNode] = []
    # Edges are appended main line first, so a node's first successor continues the
    # customer's chain and later ones are side branches (closing activities).
    main_edges: list[tuple[str, str]] = []
    branch_edges: list[tuple[str, str]] = []
    tail: str | None = None  # last node of the main line so far

    def link(node_id: str) -> None:
        nonlocal tail
        if tail is not None:
            main_edges.append((tail, node_id))
        tail = node_id

    for step in model.journey.steps_before:
        node = _step_node(step, Phase.VOOR, len(nodes))
        nodes.append(node)
        link(node.id)

    for index, service in enumerate(variant.services):
        phases = dict(
            zip((a.id for a in service.activities), _service_phases(service), strict=True)
        )
        main, closing = split_at_levering(service.activities)
        for activity in service.activities:
            nodes.append(
                FlowNode(
                    id=activity.id,
                    name=activity.name,
                    lane=activity.lane,
                    phase=phases[activity.id],
                    kind=activity.kind.value,
                    order=len(nodes),
                    channel=activity.channel,
                    service=service,
                    service_index=index,
                    activity=activity,
                )
            )
        for activity in main:
            link(activity.id)
        previous = tail
        for activity in closing:
            if previous is not None:
                branch_edges.append((previous, activity.id))
            previous = activity.id

    for step in model.journey.steps_after:
        node = _step_node(step, Phase.NA, len(nodes))
        nodes.append(node)
        link(node.id)

    # Stable order: all main-line edges before branch edges keeps main_chain() correct.
    return Flow(variant=variant, nodes=tuple(nodes), edges=(*main_edges, *branch_edges))


def statusmeldingen_by_activity(variant: Variant) -> dict[str, list[str]]:
    """Statusmelding names per activity id they follow (in model order)."""
    out: dict[str, list[str]] = {}
    for service in variant.services:
        for melding in service.statusmeldingen:
            if melding.after_activity_id:
                out.setdefault(melding.after_activity_id, []).append(melding.name)
    return out
