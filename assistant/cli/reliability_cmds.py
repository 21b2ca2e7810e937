"""``klantreis eval reliability``: the bounded fault-injection campaign (evals/reliability.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.common import console, err_console


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @eval_app.command("reliability")
    def eval_reliability_cmd(
        out: Annotated[
            Path | None,
            typer.Option(
                "--out", help="Rapport (Markdown); standaard evals/results/reliability.md."
            ),
        ] = None,
        quick: Annotated[
            bool, typer.Option("--quick", help="Halve omvang: een snelle rookproef.")
        ] = False,
    ) -> None:
        """Foutinjectie: gelijktijdige sessies, SIGKILL, volle schijf, kapotte index,
        haperend taalmodel en vijandige invoer; tabel met verloren beurten en fouten."""
        from evals.reliability import DEFAULT_OUT, run

        target = out or DEFAULT_OUT
        report, passed = run(target, quick=quick)
        console.print(report, markup=False, soft_wrap=True)
        err_console.print(f"Geschreven: {target}", markup=False)
        if not passed:
            raise typer.Exit(1)
