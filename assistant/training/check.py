"""Feedback on a trainee's model: concept by concept against the worked solution.

Each checked concept (see :mod:`assistant.training.concepts`) gets a status — ``right``,
``missing`` (the trainee has nothing for it), ``different`` (something, but not what the
solution has) or ``extra`` (more than the solution) — a score in [0, 1], one Dutch
sentence and the GEMMA source. Ids never matter, only content; order matters only for
closing activities (they come after the levering).

Names are compared with :class:`~assistant.training.similarity.Similarity`; set-valued
concepts (documents, data, closing activities, related and supporting processes) pair
the trainee's items with the solution's by best one-to-one assignment. A trainee item
that lost the assignment but still resembles a solution item (a split: "naam" and
"telefoonnummer" for "naam en contactgegevens") is not counted as extra.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from assistant.model import (
    ActivityKind,
    Actor,
    Bedrijfsservice,
    Lane,
    ProcessModel,
    Variant,
    VariantStatus,
)
from assistant.training.cases import Case
from assistant.training.concepts import CONCEPTS, GOALS, Source, concept_source
from assistant.training.similarity import (
    Embedder,
    Similarity,
    Thresholds,
    best_assignment,
    contained,
    pair_items,
    shares_word,
    token_similarity,
    tokens,
)


class Status(StrEnum):
    RIGHT = "right"
    MISSING = "missing"
    DIFFERENT = "different"
    EXTRA = "extra"

    @property
    def label(self) -> str:
        """Dutch word shown next to the symbol; the UI never relies on colour alone."""
        return {"right": "goed", "missing": "ontbreekt", "different": "anders", "extra": "extra"}[
            self.value
        ]

    @property
    def symbol(self) -> str:
        return {"right": "✓", "missing": "✗", "different": "≠", "extra": "+"}[self.value]


_WORST = [Status.MISSING, Status.DIFFERENT, Status.EXTRA, Status.RIGHT]
_ACTOR = {Actor.KLANT: "de klant", Actor.GEMEENTE: "de gemeente", Actor.DERDE: "een derde"}


@dataclass(frozen=True)
class ConceptResult:
    concept: str
    status: Status
    score: float
    explanation: str
    source: Source
    details: tuple[str, ...] = ()

    @property
    def goal(self) -> str:
        return CONCEPTS[self.concept].goal

    def to_dict(self) -> dict[str, Any]:
        return {
            "concept": self.concept,
            "goal": self.goal,
            "label": CONCEPTS[self.concept].label,
            "status": self.status.value,
            "explanation": self.explanation,
            "source": self.source.to_dict(),
            "score": round(self.score, 3),
            "details": list(self.details),
        }


@dataclass(frozen=True)
class CheckResult:
    case: str
    overall: float
    per_goal: dict[str, float]
    concepts: list[ConceptResult]

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "overall": round(self.overall, 3),
            "per_goal": {k: round(v, 3) for k, v in self.per_goal.items()},
            "concepts": [c.to_dict() for c in self.concepts],
        }

    def wrong(self) -> set[str]:
        return {c.concept for c in self.concepts if c.status is not Status.RIGHT}

    def by_concept(self, concept: str) -> ConceptResult | None:
        return next((c for c in self.concepts if c.concept == concept), None)


@dataclass
class CheckDeps:
    """What the checker needs from outside; tests pass a fake embedder or none."""

    embedder: Embedder | None = None
    thresholds: Thresholds = field(default_factory=Thresholds)

    def similarity(self) -> Similarity:
        return Similarity(self.embedder, self.thresholds)


# --- small helpers -----------------------------------------------------------------------


def _result(concept: str, status: Status, score: float, text: str, *details: str) -> ConceptResult:
    return ConceptResult(
        concept, status, max(0.0, min(1.0, score)), text, concept_source(concept), details
    )


def _quote(names: Sequence[str], limit: int = 3) -> str:
    shown = [f"'{n}'" for n in names[:limit]]
    more = len(names) - limit
    return ", ".join(shown) + (f" en nog {more}" if more > 0 else "")


def split_variants(model: ProcessModel) -> tuple[Variant, Variant | None]:
    """(current variant, improved variant or None), found by status and not by position."""
    variants = model.variants
    current = next((v for v in variants if v.status is VariantStatus.HUIDIG), variants[0])
    rest = [v for v in variants if v is not current]
    improved = next((v for v in rest if v.status is VariantStatus.GEWENST), None)
    if improved is None and rest:
        improved = rest[0]
    return current, improved


def _lenient(sim: Similarity, a: str, b: str) -> float:
    """For one-thing-each fields (a result, a customer) one side may be more specific:
    "vergunning" is covered by "evenementenvergunning (besluit)"."""
    if not a.strip() or not b.strip():
        return 0.0
    sym = sim.score(a, b)
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return sym
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    covered = sum(max(token_similarity(x, y) for y in long_) for x in short) / len(short)
    return max(sym, (sym + covered) / 2)


def _same_single(sim: Similarity, a: str, b: str) -> bool:
    """The levering's result: the lenient score reaches ``match``, or ``single`` with a
    shared content word ("Bericht dat de paal weer werkt" for "Terugkoppeling dat de
    lantaarnpaal is hersteld"). Not used for the internal customer: "Afdeling
    Belastingen" shares "afdeling" with "Afdeling Vergunningen" and is still wrong."""
    score = _lenient(sim, a, b)
    t = sim.thresholds
    return score >= t.match or (score >= t.single and shares_word(a, b, (), t.anchor))


@dataclass
class _SetMatch:
    pairs: list[tuple[int, int, float]]
    missing: list[int]
    extra: list[int]


def _match_sets(
    sim: Similarity,
    sol: Sequence[str],
    tr: Sequence[str],
    anchored: Callable[[int, int], bool] | None = None,
) -> _SetMatch:
    scores, pairs = pair_items(sim, sol, tr, anchored)
    used_sol = {i for i, _, _ in pairs}
    used_tr = {j for _, j, _ in pairs}
    missing = [i for i in range(len(sol)) if i not in used_sol]
    # a leftover trainee item that resembles some solution item is a split, not an extra
    extra = [
        j
        for j in range(len(tr))
        if j not in used_tr
        and not (
            len(sol)
            and max(max(scores[i, j], contained(tr[j], sol[i])) for i in range(len(sol)))
            >= sim.thresholds.match
        )
    ]
    return _SetMatch(pairs, missing, extra)


def _set_concept(
    concept: str,
    sim: Similarity,
    sol: Sequence[str],
    tr: Sequence[str],
    what: str,
    attribute: Callable[[int, int], str | None] | None = None,
    anchored: Callable[[int, int], bool] | None = None,
) -> ConceptResult:
    """Generic closed-set comparison; ``attribute(i, j)`` says what differs in a pair,
    ``anchored(i, j)`` is evidence besides the names that two items are the same."""
    if not sol and not tr:
        return _result(concept, Status.RIGHT, 1.0, f"Geen {what} nodig, en je noemt er ook geen.")
    if not tr:
        return _result(
            concept,
            Status.MISSING,
            0.0,
            f"Je model noemt geen {what}; de oplossing heeft er {len(sol)}.",
        )
    if not sol:
        return _result(
            concept,
            Status.EXTRA,
            0.5,
            f"De oplossing heeft geen {what}, jouw model wel: {_quote(list(tr))}.",
        )
    m = _match_sets(sim, sol, tr, anchored)
    wrong_attr: list[str] = []
    for i, j, _ in m.pairs:
        problem = attribute(i, j) if attribute else None
        if problem:
            wrong_attr.append(problem)
    good = len(m.pairs) - len(wrong_attr)
    score = (good + 0.5 * len(wrong_attr)) / (len(sol) + 0.5 * len(m.extra))
    details = [
        *(f"ontbreekt: {sol[i]}" for i in m.missing),
        *wrong_attr,
        *(f"extra: {tr[j]}" for j in m.extra),
    ]
    if not m.missing and not wrong_attr and not m.extra:
        return _result(concept, Status.RIGHT, 1.0, f"Alle {what} uit de oplossing staan erin.")
    if not m.missing and not wrong_attr:
        return _result(
            concept,
            Status.EXTRA,
            score,
            f"Je noemt meer {what} dan nodig: {_quote([tr[j] for j in m.extra])}.",
            *details,
        )
    parts = []
    if m.missing:
        parts.append(f"{len(m.missing)} van de {len(sol)} {what} uit de oplossing ontbreken")
    if wrong_attr:
        parts.append(
            wrong_attr[0] + (f" (en {len(wrong_attr) - 1} meer)" if len(wrong_attr) > 1 else "")
        )
    if m.extra:
        parts.append(f"{len(m.extra)} extra")
    text = "; ".join(parts)
    return _result(concept, Status.DIFFERENT, score, text[0].upper() + text[1:] + ".", *details)


# --- journey and customer ----------------------------------------------------------------


def _journey_steps(
    concept: str, sim: Similarity, sol: list[str], tr: list[str], where: str
) -> ConceptResult:
    """Open concept: every solution step must be covered; more steps are fine."""
    if not sol:
        return _result(concept, Status.RIGHT, 1.0, f"De oplossing noemt geen stappen {where}.")
    if not tr:
        return _result(
            concept,
            Status.MISSING,
            0.0,
            f"Je model noemt geen stappen van de klant {where}; zonder die context weet je niet "
            "hoe het proces moet beginnen of eindigen.",
        )
    covered = _covered_steps(sim, sol, tr)
    missing = [s for s, ok in zip(sol, covered, strict=True) if not ok]
    if not missing:
        return _result(
            concept, Status.RIGHT, 1.0, f"De stappen {where} sluiten aan op de oplossing."
        )
    return _result(
        concept,
        Status.DIFFERENT,
        sum(covered) / len(sol),
        f"Van de {len(sol)} stappen {where} in de oplossing mis je er {len(missing)}.",
        *(f"ontbreekt: {s}" for s in missing),
    )


def _covered_steps(sim: Similarity, sol: list[str], tr: list[str]) -> list[bool]:
    """Which solution steps a trainee step covers. One trainee step may cover several
    (at ``match``); a step left over pairs as in :func:`pair_items` with a trainee step
    that covers nothing else."""
    t = sim.thresholds
    scores = sim.matrix(sol, tr)
    covered = [bool(scores[i].max() >= t.match) for i in range(len(sol))]
    used = {
        int(j) for i in range(len(sol)) if covered[i] for j in np.nonzero(scores[i] >= t.match)[0]
    }
    rows = [i for i in range(len(sol)) if not covered[i]]
    cols = [j for j in range(len(tr)) if j not in used]
    if rows and cols:
        _, pairs = pair_items(sim, [sol[i] for i in rows], [tr[j] for j in cols])
        for r, _, _ in pairs:
            covered[rows[r]] = True
    return covered


def _enum_concept(
    concept: str, sol: str, accepted: frozenset[str], tr: str, what: str
) -> ConceptResult:
    allowed = {sol, *accepted}
    if tr == "onbekend":
        return _result(concept, Status.MISSING, 0.0, f"Je hebt {what} nog niet bepaald.")
    if tr in allowed:
        return _result(concept, Status.RIGHT, 1.0, f"{what[0].upper()}{what[1:]} klopt: {tr}.")
    return _result(
        concept,
        Status.DIFFERENT,
        0.0,
        f"Je kiest '{tr}' als {what}, de oplossing '{sol}'.",
    )


# --- per bedrijfsservice -----------------------------------------------------------------

# Words that name the municipality's own work: a service named with them is named from the
# inside ("behandelen vergunningaanvraag"), not from the customer's side ("regelen vergunning").
_INSIDE_WORDS = frozenset(
    [
        "behandelen",
        "behandeling",
        "afhandelen",
        "afhandeling",
        "verwerken",
        "verwerking",
        "beoordelen",
        "beoordeling",
        "toetsen",
        "toetsing",
        "verlenen",
        "verlening",
        "verstrekken",
        "verstrekking",
        "heffen",
        "innen",
        "inning",
        "opleggen",
        "registreren",
        "registratie",
        "besluiten",
        "beslissen",
        "uitvoeren",
        "beheren",
        "beheer",
        "leveren",
        "uitgeven",
        "afgeven",
        "afgifte",
        "vaststellen",
        "handhaven",
    ]
)
_INSIDE_SUFFIXES = ("behandeling", "afhandeling", "verlening", "verstrekking", "verwerking")
# Verbs that only say who acts; stripped to compare what a service is about.
_PERSPECTIVE_WORDS = _INSIDE_WORDS | frozenset(
    [
        "regelen",
        "aanvragen",
        "aanvraag",
        "krijgen",
        "ontvangen",
        "verkrijgen",
        "vragen",
        "melden",
        "doorgeven",
        "betalen",
        "laten",
        "indienen",
    ]
)


def named_from_inside(name: str) -> bool:
    words = [w for w, _ in tokens(name)]
    return any(w in _INSIDE_WORDS or w.endswith(_INSIDE_SUFFIXES) for w in words)


def _topic(name: str) -> str:
    words = [w for w, _ in tokens(name) if w not in _PERSPECTIVE_WORDS]
    return " ".join(words) or name


def _service_identity(s: Bedrijfsservice) -> list[str]:
    return [t for t in (s.name, s.process.name, s.levering.result) if t.strip()]


def _service_similarity(sim: Similarity, a: Bedrijfsservice, b: Bedrijfsservice) -> float:
    best = 0.0
    for x in _service_identity(a):
        for y in _service_identity(b):
            best = max(best, _lenient(sim, _topic(x), _topic(y)))
    return best


def _check_service_name(
    sim: Similarity, sol: Bedrijfsservice, tr: Bedrijfsservice
) -> ConceptResult:
    c = "bedrijfsservice"
    if not tr.name.strip():
        return _result(c, Status.MISSING, 0.0, "Je bedrijfsservice heeft nog geen naam.")
    targets = [_topic(t) for t in _service_identity(sol)]
    same_topic = any(_lenient(sim, _topic(tr.name), t) >= sim.thresholds.topic for t in targets)
    if named_from_inside(tr.name):
        return _result(
            c,
            Status.DIFFERENT,
            0.5 if same_topic else 0.0,
            f"'{tr.name}' is de naam van binnenuit (wat de gemeente doet); noem de "
            "bedrijfsservice zoals de klant het ziet.",
        )
    if not same_topic:
        return _result(
            c,
            Status.DIFFERENT,
            0.0,
            f"'{tr.name}' gaat over iets anders dan de bedrijfsservice in de oplossing ('{sol.name}').",
        )
    return _result(
        c, Status.RIGHT, 1.0, f"'{tr.name}' is vanuit de klant genoemd en dekt de dienst."
    )


def _check_channels(sol: list[str], tr: list[str]) -> ConceptResult:
    c = "intake.kanalen"
    s, t = set(sol), set(tr)
    if s == t:
        return _result(
            c,
            Status.RIGHT,
            1.0,
            "De kanalen van de intake kloppen." if s else "Geen intakekanaal, terecht.",
        )
    if not t:
        return _result(
            c, Status.MISSING, 0.0, f"Je noemt geen intakekanalen; de oplossing heeft er {len(s)}."
        )
    if not s:
        return _result(
            c,
            Status.EXTRA,
            0.5,
            "De klant dient hier niets in, dus de intake heeft geen klantkanaal.",
        )
    if s < t:
        return _result(
            c,
            Status.EXTRA,
            len(s) / (len(s) + 0.5 * len(t - s)),
            f"Extra kanaal ten opzichte van de oplossing: {', '.join(sorted(t - s))}.",
        )
    return _result(
        c,
        Status.DIFFERENT,
        len(s & t) / len(s | t),
        f"Kanalen wijken af: oplossing {', '.join(sorted(s))}, jij {', '.join(sorted(t))}.",
    )


def _check_data(sim: Similarity, sol: Bedrijfsservice, tr: Bedrijfsservice) -> ConceptResult:
    sd, td = sol.intake.data_asked, tr.intake.data_asked

    def attribute(i: int, j: int) -> str | None:
        if sd[i].provided_by is td[j].provided_by:
            return None
        return (
            f"'{td[j].name}' komt in de oplossing van {_ACTOR[sd[i].provided_by]}, "
            f"bij jou van {_ACTOR[td[j].provided_by]}"
        )

    return _set_concept(
        "intake.gegevens", sim, [d.name for d in sd], [d.name for d in td], "gegevens", attribute
    )


def _check_documents(sim: Similarity, sol: Bedrijfsservice, tr: Bedrijfsservice) -> ConceptResult:
    sd, td = sol.intake.documents, tr.intake.documents

    def attribute(i: int, j: int) -> str | None:
        if sd[i].provided_by is td[j].provided_by:
            return None
        return (
            f"'{td[j].name}' wordt in de oplossing verzameld door {_ACTOR[sd[i].provided_by]}, "
            f"bij jou door {_ACTOR[td[j].provided_by]}"
        )

    return _set_concept(
        "intake.stukken", sim, [d.name for d in sd], [d.name for d in td], "stukken", attribute
    )


def _levering_text(s: Bedrijfsservice) -> str:
    if s.levering.result.strip():
        return s.levering.result
    acts = [a.name for a in s.activities if a.kind is ActivityKind.LEVERING]
    return acts[0] if acts else ""


def _check_levering(sim: Similarity, sol: Bedrijfsservice, tr: Bedrijfsservice) -> ConceptResult:
    c = "levering"
    result = _levering_text(tr)
    if not result:
        return _result(
            c, Status.MISSING, 0.0, "Je model zegt niet wat de klant aan het eind krijgt."
        )
    if not _same_single(sim, sol.levering.result, result):
        return _result(
            c,
            Status.DIFFERENT,
            0.0,
            f"Je levert '{result}', de oplossing levert '{sol.levering.result}'.",
        )
    s, t = set(sol.levering.channels), set(tr.levering.channels)
    if s and t and not s & t:
        return _result(
            c,
            Status.DIFFERENT,
            0.5,
            f"Het resultaat klopt, maar het kanaal niet: oplossing {', '.join(sorted(s))}, "
            f"jij {', '.join(sorted(t))}.",
        )
    return _result(c, Status.RIGHT, 1.0, f"De levering ('{result}') klopt.")


def _closing(service: Bedrijfsservice) -> tuple[list[str], list[str]]:
    """(closing activities, closing activities placed before the levering)."""
    acts = service.activities
    lever = [i for i, a in enumerate(acts) if a.kind is ActivityKind.LEVERING]
    first, last = (lever[0], lever[-1]) if lever else (None, None)
    closing, early = [], []
    for i, a in enumerate(acts):
        if a.kind is ActivityKind.AFSLUITEND:
            closing.append(a.name)
            if first is not None and i < first:
                early.append(a.name)
        elif last is not None and i > last and a.lane is not Lane.KLANT:
            # after the levering only closing work is left, whatever kind the trainee chose
            closing.append(a.name)
    return closing, early


def _check_closing(sim: Similarity, sol: Bedrijfsservice, tr: Bedrijfsservice) -> ConceptResult:
    c = "afsluitende_activiteiten"
    sol_names, _ = _closing(sol)
    tr_names, early = _closing(tr)
    result = _set_concept(c, sim, sol_names, tr_names, "afsluitende activiteiten")
    if early and result.status in (Status.RIGHT, Status.EXTRA):
        return _result(
            c,
            Status.DIFFERENT,
            result.score * 0.5,
            f"{_quote(early)} staat vóór de levering; afsluitende activiteiten komen erna.",
            *result.details,
        )
    return result


def _service_concepts(
    sim: Similarity, case: Case, sol: Bedrijfsservice, tr: Bedrijfsservice
) -> list[ConceptResult]:
    return [
        _enum_concept(
            "aanleiding",
            sol.aanleiding.kind.value,
            case.accept.get("aanleiding", frozenset()),
            tr.aanleiding.kind.value,
            "de soort aanleiding",
        ),
        _check_service_name(sim, sol, tr),
        _check_channels(
            [ch.value for ch in sol.intake.channels], [ch.value for ch in tr.intake.channels]
        ),
        _check_data(sim, sol, tr),
        _check_documents(sim, sol, tr),
        _check_levering(sim, sol, tr),
        _check_closing(sim, sol, tr),
    ]


_SERVICE_CONCEPTS = (
    "aanleiding",
    "bedrijfsservice",
    "intake.kanalen",
    "intake.gegevens",
    "intake.stukken",
    "levering",
    "afsluitende_activiteiten",
)


def _merge(concept: str, results: list[ConceptResult]) -> ConceptResult:
    if len(results) == 1:
        return results[0]
    status = min((r.status for r in results), key=_WORST.index)
    first = next(r for r in results if r.status is status)
    return ConceptResult(
        concept,
        status,
        sum(r.score for r in results) / len(results),
        first.explanation,
        first.source,
        tuple(d for r in results for d in r.details),
    )


def _pair_services(
    sim: Similarity, sol: Sequence[Bedrijfsservice], tr: Sequence[Bedrijfsservice]
) -> list[tuple[int, int, float]]:
    scores = np.array([[_service_similarity(sim, s, t) for t in tr] for s in sol]).reshape(
        len(sol), len(tr)
    )
    # every solution service is paired with some trainee service if there is one left:
    # a badly named service is still the trainee's attempt at it
    return best_assignment(scores + 1.0, 0.0)


def _variant_concepts(
    sim: Similarity,
    case: Case,
    sol: Variant,
    tr: Variant,
    ignore_names: Sequence[str] = (),
) -> dict[str, ConceptResult]:
    """Service-level concepts of one variant against the solution's variant."""
    sol_services, tr_services = sol.services, tr.services
    pairs = _pair_services(sim, sol_services, tr_services)
    per: dict[str, list[ConceptResult]] = {c: [] for c in _SERVICE_CONCEPTS}
    paired_sol = {i for i, _, _ in pairs}
    for i, j, _ in pairs:
        for r in _service_concepts(sim, case, sol_services[i], tr_services[j]):
            per[r.concept].append(r)
    for i, s in enumerate(sol_services):
        if i not in paired_sol:
            for c in _SERVICE_CONCEPTS:
                per[c].append(
                    _result(
                        c,
                        Status.MISSING,
                        0.0,
                        f"De bedrijfsservice '{s.name}' ontbreekt in je model.",
                    )
                )
    merged = {c: _merge(c, rs) for c, rs in per.items()}
    paired_tr = {j for _, j, _ in pairs}
    # a service whose data another service reuses is an earlier, related process
    sources = {d.reused_from for t in tr_services for d in t.intake.data_asked} | {
        t.aanleiding.from_related_process_id for t in tr_services
    }
    extra = [
        t.name
        for j, t in enumerate(tr_services)
        if j not in paired_tr
        and not (ignore_names and t.id in sources)
        and not any(_lenient(sim, t.name, n) >= sim.thresholds.match for n in ignore_names)
    ]
    bs = merged["bedrijfsservice"]
    if extra and bs.status is Status.RIGHT:
        merged["bedrijfsservice"] = _result(
            "bedrijfsservice",
            Status.EXTRA,
            len(sol_services) / (len(sol_services) + 0.5 * len(extra)),
            f"Je model heeft een bedrijfsservice die niet in de oplossing staat: {_quote(extra)}.",
        )
    return merged


# --- related and supporting processes, variants ------------------------------------------


def _check_related(sim: Similarity, sol: ProcessModel, tr: ProcessModel) -> ConceptResult | None:
    c = "gerelateerde_processen"
    sol_rps = sol.related_processes
    tr_current, _ = split_variants(tr)
    # a trainee may model the earlier process as a second service instead of a relation
    tr_items: list[tuple[str, list[str], str | None]] = []
    for rp in tr.related_processes:
        reused = list(rp.reused_data)
        for service in tr_current.services:
            reused += [d.name for d in service.intake.data_asked if d.reused_from == rp.id]
        tr_items.append((rp.name, reused, rp.relation.value))
    if not sol_rps and not tr_items:
        return None
    sol_current, _ = split_variants(sol)
    main_names = [s.name for s in sol_current.services]
    main = tr_current.services[:1]
    for service in tr_current.services[1:] if sol_rps else []:
        if not any(_lenient(sim, service.name, n) >= sim.thresholds.match for n in main_names[:1]):
            reused = [
                d.name for m in main for d in m.intake.data_asked if d.reused_from == service.id
            ]
            tr_items.append((service.name, reused, None))

    def reused_pairs(i: int, j: int) -> tuple[list[str], int]:
        want = list(sol_rps[i].reused_data)
        _, pairs = pair_items(sim, want, tr_items[j][1])
        paired = {p for p, _, _ in pairs}
        return [d for k, d in enumerate(want) if k not in paired], len(pairs)

    def attribute(i: int, j: int) -> str | None:
        want = sol_rps[i]
        name, _, relation = tr_items[j]
        if relation is not None and relation != want.relation.value:
            return (
                f"'{name}' is in de oplossing een {want.relation.value} proces, bij jou {relation}"
            )
        missing, _ = reused_pairs(i, j)
        if missing:
            return f"bij '{name}' mis je hergebruik van {_quote(missing)}"
        return None

    def anchored(i: int, j: int) -> bool:
        # the process the trainee's data is reused from is the related process, whatever
        # its name ("Telefonische vraag" for "Informatie krijgen over een dakkapel")
        return reused_pairs(i, j)[1] > 0

    return _set_concept(
        c,
        sim,
        [rp.name for rp in sol_rps],
        [name for name, _, _ in tr_items],
        "gerelateerde processen",
        attribute,
        anchored,
    )


def _check_supporting(sim: Similarity, sol: ProcessModel, tr: ProcessModel) -> ConceptResult | None:
    c = "ondersteunende_processen"
    sps, tps = sol.supporting_processes, tr.supporting_processes
    if not sps and not tps:
        return None

    def attribute(i: int, j: int) -> str | None:
        want, got = sps[i], tps[j]
        if want.internal_customer and not got.internal_customer.strip():
            return f"bij '{got.name}' ontbreekt de interne klant"
        if (
            want.internal_customer
            and _lenient(sim, want.internal_customer, got.internal_customer) < sim.thresholds.match
        ):
            return f"'{got.name}' levert in de oplossing aan '{want.internal_customer}', bij jou aan '{got.internal_customer}'"
        if want.deelservice and not got.deelservice.strip():
            return f"bij '{got.name}' ontbreekt de deelservice aan de interne klant"
        if (
            want.deelservice
            and _lenient(sim, want.deelservice, got.deelservice) < sim.thresholds.match
        ):
            return f"de deelservice van '{got.name}' is in de oplossing '{want.deelservice}', bij jou '{got.deelservice}'"
        if want.kind is not got.kind:
            return f"'{got.name}' is in de oplossing {want.kind.value}, bij jou {got.kind.value}"
        return None

    def names(p: Any) -> str:
        return str(p.name)

    return _set_concept(
        c,
        sim,
        [names(p) for p in sps],
        [names(p) for p in tps],
        "ondersteunende processen",
        attribute,
    )


def _check_variants(
    sim: Similarity, case: Case, sol: ProcessModel, tr: ProcessModel
) -> ConceptResult | None:
    c = "procesvarianten"
    sol_current, sol_improved = split_variants(sol)
    tr_current, tr_improved = split_variants(tr)
    if sol_improved is None:
        if tr_improved is None:
            return None
        # an improvement the solution does not ask for is welcome, not a fault
        return _result(
            c, Status.EXTRA, 1.0, "Je werkt een extra variant uit; de oplossing heeft er één."
        )
    if tr_improved is None:
        return _result(
            c,
            Status.MISSING,
            0.0,
            "De oplossing heeft naast de huidige een verbeterde variant; jouw model heeft er één.",
        )
    # only what the solution changes between its variants is the improvement
    delta = [
        k
        for k, r in _variant_concepts(sim, case, sol_current, sol_improved).items()
        if r.status is not Status.RIGHT
    ]
    got = _variant_concepts(sim, case, sol_improved, tr_improved)
    wrong: list[tuple[str, list[str]]] = []
    for k in delta:
        if k in _ITEMS:
            # only the items the improvement changes: a document the trainee forgot in
            # both variants is an intake fault, not a missing improvement
            problems = _changed_items(
                sim, k, (sol_current, sol_improved), (tr_current, tr_improved)
            )
            if problems:
                wrong.append((k, problems))
        elif got[k].status is not Status.RIGHT:
            wrong.append((k, [got[k].explanation]))
    if not wrong:
        return _result(
            c, Status.RIGHT, 1.0, "Je verbeterde variant bevat de verbetering uit de oplossing."
        )
    return _result(
        c,
        Status.DIFFERENT,
        1 - len(wrong) / max(1, len(delta)),
        "Je verbeterde variant mist de verbetering bij "
        + ", ".join(CONCEPTS[k].label.lower() for k, _ in wrong)
        + ".",
        *(f"{CONCEPTS[k].label}: {p}" for k, problems in wrong for p in problems),
    )


_ITEMS: dict[str, Callable[[Bedrijfsservice], list[tuple[str, Actor]]]] = {
    "intake.stukken": lambda s: [(d.name, d.provided_by) for d in s.intake.documents],
    "intake.gegevens": lambda s: [(d.name, d.provided_by) for d in s.intake.data_asked],
}


def _changed_items(
    sim: Similarity, concept: str, sol: tuple[Variant, Variant], tr: tuple[Variant, Variant]
) -> list[str]:
    """What the trainee's improved variant gets wrong of the items the solution changes
    between its variants (who provides them, added or dropped), and items the trainee's
    improvement moves although the solution leaves them as they were."""
    items = _ITEMS[concept]
    problems: list[str] = []
    sol_current, sol_improved = sol
    tr_current, tr_improved = tr

    def items_of(variant: Variant, i: int) -> list[tuple[str, Actor]]:
        pairs = _pair_services(sim, sol_improved.services, variant.services)
        paired = {a: b for a, b, _ in pairs}
        return items(variant.services[paired[i]]) if i in paired else []

    def matched(
        new: list[tuple[str, Actor]], other: list[tuple[str, Actor]]
    ) -> dict[int, tuple[str, Actor]]:
        _, pairs = pair_items(sim, [n for n, _ in new], [n for n, _ in other])
        return {a: other[b] for a, b, _ in pairs}

    for i, service in enumerate(sol_improved.services):
        new = items(service)
        old = items_of(sol_current, i)
        was = matched(new, old)
        changed = {k for k, (_, who) in enumerate(new) if k not in was or was[k][1] is not who}
        kept = {n for n, _ in was.values()}
        dropped = [n for n, _ in old if n not in kept]
        mine = items_of(tr_improved, i)
        got = matched(new, mine)
        had = matched(new, items_of(tr_current, i))
        for k, (name, who) in enumerate(new):
            if k in changed and k not in got:
                problems.append(f"'{name}' ontbreekt in je verbeterde variant")
            elif k in changed and got[k][1] is not who:
                problems.append(
                    f"'{got[k][0]}' komt in de verbeterde oplossing van {_ACTOR[who]}, "
                    f"bij jou van {_ACTOR[got[k][1]]}"
                )
            elif (
                k not in changed
                and k in got
                and k in had
                and got[k][1] is not who
                and had[k][1] is who
            ):
                problems.append(
                    f"'{got[k][0]}' blijft in de oplossing bij {_ACTOR[who]}, in je verbeterde "
                    f"variant komt het van {_ACTOR[got[k][1]]}"
                )
        for name in dropped:
            if any(sim.same(name, n) for n, _ in mine):
                problems.append(f"'{name}' is in de verbeterde oplossing niet meer nodig")
    return problems


# --- entry point -------------------------------------------------------------------------


def check(case: Case, model: ProcessModel, deps: CheckDeps | None = None) -> CheckResult:
    """Compare a trainee's model with the case's worked solution."""
    sim = (deps or CheckDeps()).similarity()
    sol = case.solution
    sol_current, _ = split_variants(sol)
    tr_current, _ = split_variants(model)
    results: dict[str, ConceptResult] = {}
    results["klantreis.voor"] = _journey_steps(
        "klantreis.voor",
        sim,
        [s.name for s in sol.journey.steps_before],
        [s.name for s in model.journey.steps_before],
        "vóór het gemeentelijke deel",
    )
    results["klantreis.na"] = _journey_steps(
        "klantreis.na",
        sim,
        [s.name for s in sol.journey.steps_after],
        [s.name for s in model.journey.steps_after],
        "na het gemeentelijke deel",
    )
    results["klant"] = _enum_concept(
        "klant",
        sol.journey.customer.type.value,
        case.accept.get("klant", frozenset()),
        model.journey.customer.type.value,
        "de soort klant",
    )
    ignore = [rp.name for rp in sol.related_processes] + list(sol.other_services)
    results.update(_variant_concepts(sim, case, sol_current, tr_current, ignore))
    for extra in (
        _check_related(sim, sol, model),
        _check_supporting(sim, sol, model),
        _check_variants(sim, case, sol, model),
    ):
        if extra is not None:
            results[extra.concept] = extra
    ordered = [results[c] for c in CONCEPTS if c in results]
    overall = sum(r.score for r in ordered) / len(ordered)
    per_goal: dict[str, float] = {}
    for goal in case.learning_goals:
        scores = [r.score for r in ordered if r.goal == goal]
        per_goal[goal] = sum(scores) / len(scores) if scores else 1.0
    return CheckResult(case.id, overall, per_goal, ordered)


def goal_label(goal: str) -> str:
    return GOALS[goal].label
