"""Eval of the exports: validity, determinism and generation time of every format.

Runs every registered format over every process model under ``evals/datasets/`` (each
variant) plus a generated 200-activity model, and reports:
- validity: XSD (bpmn, archimate, from ``../shared/schemas``), the DI and reference rules
  bpmn.io and Archi need, well-formedness and the layout rules for svg, a CSV parse, a
  non-empty Markdown file (assistant/export/verify.py);
- determinism: the same model rendered twice gives the same bytes;
- generation time: median of several renders of the 200-activity model, per format
  (target ≤ 200 ms).

Run: ``klantreis eval exports`` or ``python -m evals.exports``. Writes
``evals/results/exports.md``; exits 1 when a file is invalid, not deterministic, or a format
misses the time target.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from assistant.export import all_exporters
from assistant.export.verify import Schemas, problems
from assistant.model import (
    Activity,
    ActivityKind,
    Actor,
    Bedrijfsproces,
    Bedrijfsservice,
    Channel,
    DataItem,
    Deelservice,
    DeelserviceKind,
    Document,
    GemmaReference,
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
from assistant.model_io import load_model_file

ROOT = Path(__file__).resolve().parent
DATASETS = ROOT / "datasets"
RESULT = ROOT / "results" / "exports.md"
TARGET_MS = 200.0
BIG = 200
FIXED_TIME = datetime(2026, 1, 1, tzinfo=UTC)

_NAMES = (
    "Controleren volledigheid",
    "Toetsen aan de Algemene Plaatselijke Verordening",
    "Advies vragen aan brandweer en politie",
    "Aansprakelijkheidsverzekeringsbewijs beoordelen",
    "Registreren",
    "Opstellen conceptbesluit met voorschriften",
    "Afstemmen met de wijkregisseur",
    "Zaak aanmaken in het zaaksysteem",
)


def synthetic_model(
    n: int, *, variants: int = 1, name: str = "Gegenereerde klantreis"
) -> ProcessModel:
    """A deterministic model with ``n`` activities per variant spread over every lane and
    kind, three deelservices, statusmeldingen, documents and journey steps."""
    steps_before = [
        JourneyStep(id="stap-voor-1", name="Plannen en voorbereiden"),
        JourneyStep(
            id="stap-voor-2", name="Informatie zoeken op de website", channel=Channel.ONLINE
        ),
    ]
    steps_after = [
        JourneyStep(id="stap-na-1", name="Vervolg"),
        JourneyStep(id="stap-na-2", name="Leveranciers inlichten", actor=Actor.DERDE),
    ]
    out: list[Variant] = []
    for v in range(variants):
        p = f"v{v + 1}-"
        ds = [
            Deelservice(
                id=f"{p}ds-intake",
                name="Deelservice Intake",
                kind=DeelserviceKind.INTAKE,
                realised_by="Intaken",
            ),
            Deelservice(
                id=f"{p}ds-behandeling",
                name="Deelservice Behandeling",
                kind=DeelserviceKind.BEHANDELING,
                realised_by="Behandelen inhoudelijk",
            ),
            Deelservice(
                id=f"{p}ds-levering",
                name="Deelservice Levering",
                kind=DeelserviceKind.LEVERING,
                realised_by="Besluiten & leveren",
                gemma_reference=GemmaReference(
                    element_id="id-levering", name="Leveren", kind="procesbouwsteen"
                ),
            ),
        ]
        acts: list[Activity] = []
        for i in range(n):
            frac = i / max(n - 1, 1)
            if n == 1:
                kind, lane, dsi = ActivityKind.INTAKE, Lane.FRONTOFFICE, 0
            elif i == 0:
                kind, lane, dsi = ActivityKind.TAAK, Lane.KLANT, -1
            elif i == 1:
                kind, lane, dsi = ActivityKind.INTAKE, Lane.FRONTOFFICE, 0
            elif frac < 0.8:
                kind = ActivityKind.BESLUIT if i % 9 == 0 else ActivityKind.BEHANDELING
                lane = (Lane.BACKOFFICE, Lane.KETENPARTNER, Lane.BACKOFFICE, Lane.KLANT)[i % 4]
                dsi = 1
            elif i == int(0.8 * (n - 1)) + 1 or (frac >= 0.8 and i == n - 1 and n < 5):
                kind, lane, dsi = ActivityKind.LEVERING, Lane.FRONTOFFICE, 2
            else:
                kind = ActivityKind.AFSLUITEND
                lane = (Lane.BACKOFFICE, Lane.ONDERSTEUNEND)[i % 2]
                dsi = -1
            acts.append(
                Activity(
                    id=f"{p}act-{i + 1:03d}",
                    name=f"{_NAMES[i % len(_NAMES)]} {i + 1}",
                    lane=lane,
                    kind=kind,
                    channel=Channel.ONLINE
                    if lane is Lane.KLANT or kind is ActivityKind.LEVERING
                    else None,
                    deelservice_id=ds[dsi].id if dsi >= 0 else None,
                    duration_days=float(i % 3),
                )
            )
        meldingen = [
            Statusmelding(
                id=f"{p}status-{i + 1:03d}", name=f"Stand van zaken {i + 1}", after_activity_id=a.id
            )
            for i, a in enumerate(acts)
            if a.lane is not Lane.KLANT and i % 7 == 1
        ]
        service = Bedrijfsservice(
            id=f"{p}bs-1",
            name="Regelen vergunning",
            process=Bedrijfsproces(
                name="Behandelen vergunningaanvraag",
                gemma_reference=GemmaReference(
                    element_id="id-85fdb525-85a2-40d0-b90c-f4cfd4306ef7",
                    name="Behandelen aanvraag vergunning of ontheffing",
                ),
            ),
            intake=Intake(
                channels=[Channel.ONLINE],
                data_asked=[DataItem(id=f"{p}gegeven-1", name="Adres")],
                documents=[
                    Document(
                        id=f"{p}stuk-{k}",
                        name=f"Stuk {k}",
                        provided_by=Actor.KLANT if k % 2 else Actor.GEMEENTE,
                    )
                    for k in range(1, 5)
                ],
            ),
            levering=Levering(result="Vergunning", channels=[Channel.EMAIL]),
            activities=acts,
            deelservices=ds,
            statusmeldingen=meldingen,
        )
        out.append(Variant(id=f"var-{v + 1}", name=f"Variant {v + 1}", services=[service]))
    return ProcessModel(
        metadata=Metadata(
            id=f"model-gegenereerd-{n}", created_at=FIXED_TIME, updated_at=FIXED_TIME
        ),
        journey=Journey(name=name, steps_before=steps_before, steps_after=steps_after),
        variants=out,
    )


def dataset_models(root: Path = DATASETS) -> list[tuple[str, ProcessModel]]:
    """Every process model under ``root`` (other JSON files are skipped), by relative path."""
    found = []
    for path in sorted(root.rglob("*.json")):
        try:
            model = load_model_file(path)
        except Exception:
            continue  # expectations, scenarios and other non-model JSON
        found.append((str(path.relative_to(root)), model))
    return found


def per_variant(name: str, model: ProcessModel) -> list[tuple[str, ProcessModel]]:
    if len(model.variants) == 1:
        return [(name, model)]
    return [
        (f"{name} [{v.name}]", model.model_copy(update={"active_variant_id": v.id}))
        for v in model.variants
    ]


@dataclass
class FormatResult:
    files: int = 0
    invalid: list[str] = field(default_factory=list)
    nondeterministic: list[str] = field(default_factory=list)
    big_ms: float = 0.0
    big_bytes: int = 0


def shared_dir() -> Path:
    return Path(os.environ.get("KLANTREIS_SHARED_DIR", ROOT.parent.parent / "shared")).resolve()


def run(runs: int = 5, big: int = BIG) -> dict[str, FormatResult]:
    schemas = Schemas.load(shared_dir() / "schemas")
    cases: list[tuple[str, ProcessModel]] = []
    for name, model in dataset_models():
        cases += per_variant(name, model)
    big_model = synthetic_model(big)
    cases.append((f"gegenereerd ({big} activiteiten)", big_model))
    results: dict[str, FormatResult] = {}
    for exporter in all_exporters():
        res = results.setdefault(exporter.name, FormatResult())
        for name, model in cases:
            first = exporter.render(model)
            res.files += 1
            if exporter.render(model) != first:
                res.nondeterministic.append(name)
            found = problems(exporter.name, first, schemas)
            if found:
                res.invalid.append(f"{name}: {found[0]}")
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            data = exporter.render(big_model)
            timings.append((time.perf_counter() - start) * 1000)
        res.big_ms = statistics.median(timings)
        res.big_bytes = len(data)
    return results


def report(results: dict[str, FormatResult], runs: int, big: int) -> str:
    files = next(iter(results.values())).files if results else 0
    lines = [
        "# Eval: exports",
        "",
        f"Gegenereerd door `klantreis eval exports`: elk formaat over {files - 1} modellen/varianten "
        f"uit `evals/datasets/` plus een gegenereerd model met {big} activiteiten. Geldigheid: XSD "
        "(bpmn, archimate) plus de DI- en verwijzingsregels van bpmn.io en Archi; svg: goedgevormd, "
        "geen script of externe verwijzingen, geen overlappende kaders of tekst buiten een kader, "
        "tekst ≥ 14 px; csv: BOM, `;`, gelijke kolommen; md/mermaid: niet leeg. Tijd: mediaan van "
        f"{runs} keer renderen van het grote model (doel ≤ {TARGET_MS:g} ms).",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        "| formaat | bestanden | geldig | deterministisch | ms (200 act., mediaan) | bytes (200 act.) | doel gehaald |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, r in results.items():
        ok = r.big_ms <= TARGET_MS
        lines.append(
            f"| {name} | {r.files} | {r.files - len(r.invalid)} | {r.files - len(r.nondeterministic)} "
            f"| {r.big_ms:.1f} | {r.big_bytes:,} | {'ja' if ok else 'nee'} |".replace(",", ".")
        )
    problems_found = [
        f"- {name}: {msg}"
        for name, r in results.items()
        for msg in [*r.invalid, *r.nondeterministic]
    ]
    lines += ["", "## Problemen", ""]
    lines += problems_found or ["Geen: elk bestand is geldig en deterministisch."]
    return "\n".join(lines) + "\n"


def failed(results: dict[str, FormatResult]) -> bool:
    return any(r.invalid or r.nondeterministic or r.big_ms > TARGET_MS for r in results.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="klantreis eval exports")
    parser.add_argument("--runs", type=int, default=5, help="Metingen per formaat (mediaan).")
    parser.add_argument(
        "--activities", type=int, default=BIG, help="Grootte van het gegenereerde model."
    )
    parser.add_argument("--json", action="store_true", help="Resultaat als JSON.")
    parser.add_argument("--output", type=Path, default=RESULT, help="Markdown-rapport.")
    args = parser.parse_args(argv)
    results = run(args.runs, args.activities)
    text = report(results, args.runs, args.activities)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    if args.json:
        data = {
            name: {
                "files": r.files,
                "invalid": r.invalid,
                "nondeterministic": r.nondeterministic,
                "ms_median": round(r.big_ms, 1),
                "bytes": r.big_bytes,
            }
            for name, r in results.items()
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(text)
    return 1 if failed(results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
