"""``klantreis oefen``: practice cases for trainees and trainers.

This is an edge: it builds the embedder from the settings, loads cases from the shipped
folder and ``practice_cases_dir``, prints and writes files. Checking itself is
``assistant.training.check``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from assistant.cli.common import (
    console,
    err_console,
    get_settings,
    get_store,
    load_model_source,
    print_json,
    write_output,
)
from assistant.config import Settings
from assistant.model import ProcessModel
from assistant.training.cases import Case, CaseLibrary, load_cases
from assistant.training.check import CheckDeps, CheckResult, check
from assistant.training.concepts import CONCEPTS, GOALS
from assistant.training.hints import hint
from assistant.training.results import TraineeResult, results_csv
from assistant.training.similarity import Embedder

oefen_app = typer.Typer(
    help="Oefenen met casussen: list, show, check, hint, results.", no_args_is_help=True
)


def default_embedder(settings: Settings) -> Embedder | None:
    """The configured embedder from knowledge/, or None (lexical matching only)."""
    try:
        from knowledge.embedders import make_embedder  # type: ignore[import-not-found,unused-ignore]

        embedder: Embedder = make_embedder(settings.embedding_backend, settings.embedding_model)
        return embedder
    except Exception as exc:  # no embedder is a weaker check, not a failed one
        err_console.print(
            f"Let op: geen embeddingmodel ({exc}); alleen woordvergelijking.", markup=False
        )
        return None


def _library() -> CaseLibrary:
    library = load_cases(get_settings().practice_cases_dir)
    for error in library.errors:
        err_console.print(f"Waarschuwing: {error}", markup=False)
    return library


def _deps() -> CheckDeps:
    return CheckDeps(default_embedder(get_settings()))


def _load(case: Case, source: str) -> tuple[ProcessModel, str | None]:
    """The trainee's model; warns (one Dutch line) when a practice session is for another case."""
    model, session_id = load_model_source(source)
    if session_id is not None:
        kind = get_store().info(session_id).kind
        if kind.startswith("oefening:") and kind != f"oefening:{case.id}":
            other = kind.removeprefix("oefening:")
            err_console.print(
                f"Let op: sessie '{source}' hoort bij oefencasus '{other}', niet bij '{case.id}'.",
                markup=False,
            )
    return model, session_id


def _trainee_name(source: str, model_author: str, session_id: str | None) -> str:
    if model_author.strip():
        return model_author.strip()
    if session_id is not None:
        return get_store().info(session_id).name
    return Path(source).stem


@oefen_app.command("list")
def list_cmd(as_json: Annotated[bool, typer.Option("--json", help="Als JSON.")] = False) -> None:
    """Alle oefencasussen met hun leerdoelen."""
    library = _library()
    rows: list[dict[str, Any]] = [
        {"id": c.id, "title": c.title, "learning_goals": list(c.learning_goals)}
        for c in sorted(library.cases.values(), key=lambda c: c.id)
    ]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "titel", "leerdoelen", title="Oefencasussen")
    for row in rows:
        table.add_row(Text(row["id"]), Text(row["title"]), ", ".join(row["learning_goals"]))
    console.print(table)


@oefen_app.command("show")
def show_cmd(
    case_id: Annotated[str, typer.Argument(metavar="CASE", help="Id van de casus.")],
    as_json: Annotated[bool, typer.Option("--json", help="Als JSON.")] = False,
    solution: Annotated[
        bool, typer.Option("--oplossing/--geen-oplossing", help="Toon de uitwerking (trainer).")
    ] = True,
) -> None:
    """De casusbeschrijving, leerdoelen en (voor de trainer) de uitgewerkte oplossing."""
    case = _library().get(case_id)
    if as_json:
        print_json(case.to_dict())
        return
    console.print(f"[bold]{escape(case.title)}[/bold] ({escape(case.id)})\n")
    console.print(case.description, markup=False)
    console.print(
        "\n[bold]Leerdoelen:[/bold] " + ", ".join(GOALS[g].label for g in case.learning_goals)
    )
    if solution:
        console.print("\n[bold]Uitwerking[/bold] (procesmodel-JSON):")
        console.print(case.solution.to_json(), markup=False)


def _print_result(case: Case, result: CheckResult) -> None:
    console.print(f"[bold]{escape(case.title)}[/bold]: totaal {result.overall:.0%}")
    for goal, score in result.per_goal.items():
        console.print(f"  {GOALS[goal].label}: {score:.0%}", markup=False)
    table = Table("", "onderdeel", "oordeel", "uitleg", "bron")
    for r in result.concepts:
        table.add_row(
            r.status.symbol,
            CONCEPTS[r.concept].label,
            r.status.label,
            Text(r.explanation),
            Text(r.source.url),
        )
    console.print(table)


@oefen_app.command("check")
def check_cmd(
    case_id: Annotated[str, typer.Argument(metavar="CASE", help="Id van de casus.")],
    source: Annotated[str, typer.Argument(help="MODEL.json of id/naam van een sessie.")],
    as_json: Annotated[bool, typer.Option("--json", help="Als JSON.")] = False,
) -> None:
    """Vergelijk een model met de uitwerking, onderdeel voor onderdeel."""
    case = _library().get(case_id)
    model, _ = _load(case, source)
    result = check(case, model, _deps())
    if as_json:
        print_json(result.to_dict())
    else:
        _print_result(case, result)


@oefen_app.command("hint")
def hint_cmd(
    case_id: Annotated[str, typer.Argument(metavar="CASE", help="Id van de casus.")],
    source: Annotated[str, typer.Argument(help="MODEL.json of id/naam van een sessie.")],
    as_json: Annotated[bool, typer.Option("--json", help="Als JSON.")] = False,
) -> None:
    """Eén hint zonder de oplossing te verklappen (zoals /hint in het gesprek)."""
    case = _library().get(case_id)
    model, _ = _load(case, source)
    found = hint(case, model, _deps())
    if as_json:
        print_json(found.to_dict())
        return
    console.print(found.text, markup=False)
    if found.source:
        console.print(f"Bron: {found.source.title} — {found.source.url}", markup=False)


@oefen_app.command("results")
def results_cmd(
    sources: Annotated[
        list[str], typer.Argument(help="Modellen (JSON-bestanden) of sessies van de cursisten.")
    ],
    case_id: Annotated[str, typer.Option("--case", help="Id van de casus.")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="CSV-bestand; leeg = stdout.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Als JSON in plaats van CSV.")] = False,
) -> None:
    """Groepsresultaten als CSV: cursist, casus, score per leerdoel en totaal."""
    case = _library().get(case_id)
    deps = _deps()
    rows = []
    for source in sources:
        model, session_id = _load(case, source)
        name = _trainee_name(source, model.metadata.author, session_id)
        rows.append(TraineeResult(name, check(case, model, deps)))
    if as_json:
        data: list[dict[str, Any]] = [{"trainee": r.trainee, **r.result.to_dict()} for r in rows]
        write_output((json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode(), out)
        return
    write_output(results_csv(rows), out)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    app.add_typer(oefen_app, name="oefen")
