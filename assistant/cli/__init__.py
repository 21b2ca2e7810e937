"""The ``klantreis`` command line. Errors become one Dutch line and an exit code here."""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import sys
import traceback
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from assistant import __version__
from assistant.cli.common import (
    console,
    get_settings,
    get_store,
    load_model_source,
    print_json,
    shown,
    write_output,
)
from assistant.cli.usage import ABORTS, CLICK_ERRORS, EXITS, NO_ARGS, usage_line
from assistant.errors import KlantreisError
from assistant.model import json_schema
from assistant.model_io import load_model_file

app = typer.Typer(
    name="klantreis",
    help="Klantreis-assistent: breng een klantreis en het klant-tot-klantproces in kaart met GEMMA.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
sessions_app = typer.Typer(
    help="Sessies beheren: list, show, rename, delete.", no_args_is_help=True
)
eval_app = typer.Typer(
    help="Evaluaties draaien (retrieval, interview, advice, exports …).", no_args_is_help=True
)
app.add_typer(sessions_app, name="sessions")
app.add_typer(eval_app, name="eval")

# Command modules owned by other parts of the product; each exposes register(app, eval_app).
COMMAND_MODULES = (
    "assistant.cli.knowledge_cmds",
    "assistant.cli.interview_cmds",
    "assistant.cli.advice_cmds",
    "assistant.cli.training_cmds",
    "assistant.cli.ops_cmds",
    "assistant.cli.bench_cmds",
    "assistant.cli.export_cmds",
    "assistant.cli.reliability_cmds",
)


def _version(value: bool) -> None:
    if value:
        console.print(f"klantreis-assistent {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Toon de versie."),
    ] = False,
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="Datamap (overschrijft KLANTREIS_DATA_DIR)."),
    ] = None,
) -> None:
    """Klantreis-assistent."""
    if data_dir is not None:
        # The CLI is the edge: an option here becomes the environment the settings read.
        os.environ["KLANTREIS_DATA_DIR"] = str(data_dir)
        get_settings.cache_clear()
        get_store.cache_clear()


@app.command("config")
def config_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Als JSON.")] = False,
) -> None:
    """Toon de effectieve instellingen (geheimen gemaskeerd)."""
    data = get_settings().masked()
    if as_json:
        print_json(data)
        return
    table = Table("instelling", "waarde", title="Effectieve instellingen")
    for key, value in data.items():
        table.add_row(key, Text("" if value is None else str(value)))
    console.print(table)


@app.command("schema")
def schema_cmd() -> None:
    """Print het JSON Schema van het procesmodel."""
    print_json(json_schema())


@sessions_app.command("list")
def sessions_list(
    as_json: Annotated[bool, typer.Option("--json", help="Als JSON.")] = False,
) -> None:
    """Alle sessies, meest recent eerst."""
    infos = get_store().list_sessions()
    if as_json:
        print_json([i.to_dict() for i in infos])
        return
    if not infos:
        console.print("Nog geen sessies. Start er een met 'klantreis chat' of 'klantreis import'.")
        return
    table = Table("id", "naam", "versie", "beurten", "gewijzigd")
    for i in infos:
        # names and texts are the user's: never read as Rich markup ("[/]" would crash)
        table.add_row(
            i.id,
            Text(shown(i.name)),
            str(i.version),
            str(i.turns),
            f"{i.updated_at:%Y-%m-%d %H:%M}",
        )
    console.print(table)


@sessions_app.command("show")
def sessions_show(
    session: Annotated[str, typer.Argument(help="Id of naam van de sessie.")],
    as_json: Annotated[bool, typer.Option("--json", help="Als JSON.")] = False,
) -> None:
    """Details, versies en gesprek van een sessie."""
    store = get_store()
    info = store.info(session)
    history = store.history(session)
    transcript = store.transcript(session)
    if as_json:
        print_json(
            {
                **info.to_dict(),
                "history": history,
                "transcript": [
                    {"role": t.role, "text": t.text, "at": t.created_at.isoformat()}
                    for t in transcript
                ],
            }
        )
        return
    console.print(
        f"[bold]{escape(shown(info.name))}[/bold] ({info.id}) — versie {info.version}, "
        f"{info.turns} beurten"
    )
    for h in history:
        mark = "→" if h["head"] else " "
        console.print(f" {mark} v{h['version']} {h['created_at'][:19]} {h['note']}", markup=False)
    for t in transcript[-20:]:
        console.print(f"[dim]{t.role}:[/dim] {escape(shown(t.text[:200]))}")


@sessions_app.command("rename")
def sessions_rename(
    session: Annotated[str, typer.Argument(help="Id of naam van de sessie.")],
    new_name: Annotated[str, typer.Argument(help="De nieuwe naam.")],
) -> None:
    """Geef een sessie een andere naam."""
    info = get_store().rename(session, new_name)
    console.print(f"Sessie {info.id} heet nu '{info.name}'.", markup=False)


@sessions_app.command("delete")
def sessions_delete(
    session: Annotated[str, typer.Argument(help="Id of naam van de sessie.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Niet om bevestiging vragen.")] = False,
) -> None:
    """Verwijder een sessie volledig: alle versies en het hele gesprek."""
    store = get_store()
    info = store.info(session)
    if not yes and not typer.confirm(f"Sessie '{info.name}' en alle versies verwijderen?"):
        raise typer.Exit(1)
    store.delete(info.id)
    console.print(f"Sessie '{info.name}' is verwijderd.", markup=False)


@app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="Een procesmodel als JSON.")],
    name: Annotated[str | None, typer.Option("--name", help="Naam van de nieuwe sessie.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Resultaat als JSON.")] = False,
) -> None:
    """Importeer een procesmodel (JSON) als nieuwe sessie."""
    model = load_model_file(file, get_settings().max_import_bytes)
    info = get_store().create(
        name or model.journey.name or file.stem, model, note=f"import {file.name}"
    )
    if as_json:
        print_json(info.to_dict())
    else:
        console.print(f"Geïmporteerd als sessie '{info.name}' (id {info.id}).", markup=False)


@app.command("export")
def export_cmd(
    source: Annotated[str, typer.Argument(help="MODEL.json of id/naam van een sessie.")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="json, md, csv, mermaid, svg, bpmn, archimate.")
    ] = "json",
    out: Annotated[
        Path | None, typer.Option("--output", "-o", help="Uitvoerbestand; leeg = stdout.")
    ] = None,
    variant: Annotated[
        str | None, typer.Option("--variant", help="Variant (id of naam) om te exporteren.")
    ] = None,
) -> None:
    """Exporteer een model naar een bestandsformaat."""
    from assistant.export import export

    model, _ = load_model_source(source, variant)
    write_output(export(model, fmt), out)


def _register_modules() -> None:
    for name in COMMAND_MODULES:
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        module.register(app, eval_app)


_register_modules()


def _log_unexpected() -> Path | None:
    try:
        log_dir = get_settings().data_dir / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / "klantreis.log"
        logging.basicConfig(filename=path, level=logging.ERROR)
        logging.getLogger("klantreis").error("onverwachte fout\n%s", traceback.format_exc())
        return path
    except Exception:
        return None


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="klantreis", standalone_mode=False)
    except ABORTS:
        sys.stderr.write("Afgebroken.\n")
        return 1
    except EXITS as exc:
        return int(getattr(exc, "exit_code", 0) or 0)
    except NO_ARGS as exc:  # a group called without a subcommand: its help
        exc.show()  # type: ignore[attr-defined]
        return int(getattr(exc, "exit_code", 2) or 2)
    except CLICK_ERRORS as exc:
        sys.stderr.write(usage_line(exc) + "\n")
        return int(getattr(exc, "exit_code", 2) or 2)
    except KlantreisError as exc:
        # messages quote names from files and sessions: one line, no escape sequences
        sys.stderr.write(f"Fout: {shown(str(exc))}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("Onderbroken.\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        path = _log_unexpected()
        where = f" Details staan in {path}." if path else ""
        sys.stderr.write(f"Onverwachte fout ({type(exc).__name__}).{where}\n")
        return 1
    return int(result) if isinstance(result, int) else 0


__all__ = ["app", "eval_app", "main"]
