"""CLI: ``eval exports`` (the ``export`` command itself lives in assistant.cli)."""

from __future__ import annotations

import importlib
from typing import Annotated

import typer


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @eval_app.command("exports")
    def eval_exports_cmd(
        runs: Annotated[
            int, typer.Option("--runs", min=1, max=100, help="Metingen per formaat (mediaan).")
        ] = 5,
        activities: Annotated[
            int,
            typer.Option(
                "--activities", min=1, max=5000, help="Grootte van het gegenereerde model."
            ),
        ] = 200,
        as_json: Annotated[bool, typer.Option("--json", help="Resultaat als JSON.")] = False,
    ) -> None:
        """Geldigheid, determinisme en snelheid van alle exportformaten (evals/results/exports.md)."""
        runner = importlib.import_module("evals.exports")
        args = ["--runs", str(runs), "--activities", str(activities)]
        code = runner.main([*args, "--json"] if as_json else args)
        if code:
            raise typer.Exit(code)
