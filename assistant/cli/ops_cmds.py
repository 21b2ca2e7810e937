"""``klantreis ui``: start the Streamlit workspace; ``klantreis eval ui``: its benchmark."""

from __future__ import annotations

import os
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.common import console, get_settings
from assistant.errors import ConfigError, InputError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def app_path() -> Path:
    """The Streamlit script, found through the installed ``ui`` package."""
    spec = find_spec("ui")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("Het pakket 'ui' ontbreekt in deze installatie; installeer opnieuw.")
    path = Path(next(iter(spec.submodule_search_locations))) / "app.py"
    if not path.is_file():
        raise ConfigError(f"De werkplek ontbreekt: {path} bestaat niet.")
    return path


def streamlit_command(host: str, port: int, max_upload_mb: int) -> list[str]:
    """The exact ``streamlit run`` command line (tested without starting a server)."""
    return [
        sys.executable,
        "-m",
        "ui.serve",  # streamlit's own CLI, after importing the heavy modules once
        "run",
        str(app_path()),
        "--server.headless=true",
        f"--server.address={host}",
        f"--server.port={port}",
        f"--server.maxUploadSize={max_upload_mb}",
        # no file watcher and no rerun-on-save: this is a tool, not a dev server
        "--server.fileWatcherType=none",
        "--server.runOnSave=false",
        "--browser.gatherUsageStats=false",
        # a traceback never reaches the page; the app logs it and shows a Dutch message
        "--client.showErrorDetails=none",
        "--client.toolbarMode=viewer",
        "--global.developmentMode=false",
        "--theme.base=light",
    ]


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command("ui")
    def ui_cmd(
        port: Annotated[
            int | None, typer.Option("--port", help="Poort (standaard: instelling ui_port, 8501).")
        ] = None,
        host: Annotated[
            str | None,
            typer.Option(
                "--host", help="Adres (standaard 127.0.0.1: alleen deze computer kan erbij)."
            ),
        ] = None,
    ) -> None:
        """Start de werkplek in de browser (Streamlit)."""
        settings = get_settings()
        host = host or settings.ui_host
        port = port if port is not None else settings.ui_port
        if not 1 <= port <= 65535:
            raise InputError(f"Ongeldige poort {port}: kies 1 tot en met 65535.")
        if host not in LOOPBACK:
            console.print(
                f"Let op: de werkplek luistert op {host}, dus andere computers in het netwerk "
                "kunnen erbij. Er is geen inlog; zet er een proxy met inlog voor.",
                markup=False,
            )
        max_mb = max(1, -(-settings.max_import_bytes // 1_048_576))
        command = streamlit_command(host, port, max_mb)
        shown = f"[{host}]" if ":" in host else host
        console.print(f"Werkplek op http://{shown}:{port} (stoppen: Ctrl+C)", markup=False)
        sys.stdout.flush()
        # replace this process, so Ctrl+C and a kill reach the server directly
        os.execv(command[0], command)

    @eval_app.command("ui")
    def eval_ui_cmd(
        runs: Annotated[int, typer.Option("--runs", min=1, max=1000, help="Aantal beurten.")] = 40,
    ) -> None:
        """Meet de werkplek: eerste pagina en herladen na een chatbeurt (p50/p95)."""
        from evals.ui_bench import main as bench_main

        raise typer.Exit(bench_main(runs=runs))
