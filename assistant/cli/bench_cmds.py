"""``klantreis bench``: the performance bench of issue 9 (runner in ``evals/bench.py``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer


def bench_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Resultaten als JSON op stdout.")] = False,
    quick: Annotated[
        bool,
        typer.Option("--quick", help="Kleine run voor CI: alleen de wiki-pagina's, 1× en 10×."),
    ] = False,
    corpus: Annotated[
        Path | None,
        typer.Option("--corpus", help="Map om in te lezen; standaard ../shared/gemma."),
    ] = None,
) -> None:
    """Meet ingest, zoeken op 1×/10×/100×, interviewbeurt, exports en UI-geheugen.

    Schrijft evals/results/bench.md en evals/results/bench.json.
    """
    from evals.bench import run, to_markdown

    report = run(quick=quick, corpus=corpus)
    if as_json:
        sys.stdout.write(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(to_markdown(report))


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    app.command("bench")(bench_cmd)
    eval_app.command("bench")(bench_cmd)
