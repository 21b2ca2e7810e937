"""CLI: ``advise``, ``variant``, ``compare`` and ``eval advice``.

The edge: settings and knowledge are built here and passed to the pure functions in
assistant.advice, assistant.variants and assistant.effort.
"""

from __future__ import annotations

import importlib
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from assistant.advice import AdviceDeps, advice_json, advise, default_deps, pick_variant
from assistant.cli.common import (
    console,
    get_settings,
    get_store,
    load_model_source,
    print_json,
    shown,
)
from assistant.effort import Comparison, compare_variants
from assistant.errors import InputError
from assistant.model import Finding, ProcessModel, VariantStatus
from assistant.variants import apply_finding, derive_variant

_SEVERITY_STYLE = {"fout": "bold red", "waarschuwing": "yellow", "suggestie": "cyan", "info": "dim"}


def _block(text: str) -> str:
    """Text from the model for a table cell: line breaks kept, every other control
    character written out, so a name with an escape sequence cannot restyle the terminal."""
    return "\n".join(shown(line) for line in text.split("\n"))


def build_deps() -> AdviceDeps:
    s = get_settings()
    return default_deps(
        s.index_dir,
        embedding_backend=s.embedding_backend,
        embedding_model=s.embedding_model,
        chroma_url=s.chroma_url,
        thesaurus_file=s.thesaurus_file,
    )


def _print_findings(findings: list[Finding], variant_name: str) -> None:
    if not findings:
        console.print(
            Text(
                f"Geen adviezen voor '{shown(variant_name)}': het ontwerp volgt de GEMMA-controles."
            )
        )
        return
    table = Table(
        "ernst",
        "advies",
        "voorstel",
        "bronnen",
        title=Text(f"Adviezen voor '{shown(variant_name)}'"),
    )
    for f in findings:
        sources = "\n".join(
            f"{s.title}{' – ' + s.section if s.section else ''}" for s in f.sources[:3]
        )
        table.add_row(
            Text(f.severity.value, style=_SEVERITY_STYLE.get(f.severity.value, "")),
            Text(f"{_block(f.message)}\n[{f.id}]"),
            Text(_block(f.suggestion)),
            Text(_block(sources)),
        )
    console.print(table)
    console.print(
        Text(
            "Pas een advies toe met: klantreis variant SESSIE --from VARIANT --name NAAM --apply ID"
        )
    )


def _print_comparison(c: Comparison) -> None:
    table = Table(title="Klantinspanning")
    table.add_column("klantinspanning")
    # user names as Text, not escape()d markup: that shows a trailing backslash doubled
    table.add_column(Text(shown(c.a.variant_name)))
    table.add_column(Text(shown(c.b.variant_name)))
    table.add_column("verschil")
    for row in c.rows:
        table.add_row(
            row.label,
            "–" if row.a is None else f"{row.a:g}",
            "–" if row.b is None else f"{row.b:g}",
            "–" if row.difference is None else f"{row.difference:+g}" if row.difference else "0",
        )
    console.print(table)
    console.print(Text(_block(c.sentence)))


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command("advise")
    def advise_cmd(
        source: Annotated[str, typer.Argument(help="MODEL.json of id/naam van een sessie.")],
        as_json: Annotated[bool, typer.Option("--json", help="Als JSON.")] = False,
        variant: Annotated[
            str | None, typer.Option("--variant", help="Variant (id of naam); leeg = de actieve.")
        ] = None,
    ) -> None:
        """GEMMA-ontwerpadvies voor een procesmodel, met bronnen."""
        model, _ = load_model_source(source)
        chosen = pick_variant(model, variant)
        findings = advise(model, build_deps(), variant=chosen.id)
        if as_json:
            print_json(advice_json(model, findings, chosen))
        else:
            _print_findings(findings, chosen.name)

    @app.command("variant")
    def variant_cmd(
        session: Annotated[str, typer.Argument(help="Id of naam van de sessie.")],
        from_variant: Annotated[
            str, typer.Option("--from", help="Variant (id of naam) om van af te leiden.")
        ],
        name: Annotated[str, typer.Option("--name", help="Naam van de nieuwe variant.")],
        apply: Annotated[
            str | None, typer.Option("--apply", help="Id van het advies dat je wilt toepassen.")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Resultaat als JSON.")] = False,
    ) -> None:
        """Leid een nieuwe variant af, eventueel met een advies toegepast; slaat op in de sessie."""
        store = get_store()
        snap = store.load(session)
        base: ProcessModel = snap.model
        source = base.variant(from_variant)
        if source is None:
            names = ", ".join(f"'{shown(v.name)}'" for v in base.variants)
            raise InputError(f"Variant '{shown(from_variant)}' bestaat niet (wel: {names}).")
        if apply:
            # The finding is looked up in the --from variant: ids are anchored per variant.
            focused = base.model_copy(update={"active_variant_id": source.id})
            new_model = apply_finding(focused, apply, name, deps=build_deps())
            note = f"variant '{name}' met advies {apply}"
        else:
            new_model = derive_variant(base, source.id, name, status=VariantStatus.GEWENST)
            note = f"variant '{name}' afgeleid van '{source.name}'"
        version = store.save(snap.session_id, new_model.touched(), note=note)
        created = new_model.active
        ideas = [i.text for i in new_model.improvement_ideas if apply and i.finding_id == apply]
        if as_json:
            print_json(
                {
                    "session_id": snap.session_id,
                    "version": version,
                    "variant": created.name,
                    "variant_id": created.id,
                    "derived_from": created.derived_from,
                    "applied_findings": created.applied_findings,
                    "improvement_ideas": ideas,
                }
            )
            return
        console.print(
            Text(
                f"Variant '{shown(created.name)}' ({shown(created.id)}) "
                f"opgeslagen als versie {version}."
            )
        )
        if apply and ideas:
            console.print(
                Text(
                    "Niet automatisch toe te passen; vastgelegd als verbeteridee: "
                    + _block(ideas[-1])
                )
            )
        elif apply:
            console.print(
                Text(f"Advies {shown(apply)} is toegepast; pas de variant verder aan waar nodig.")
            )

    @app.command("compare")
    def compare_cmd(
        source: Annotated[str, typer.Argument(help="MODEL.json of id/naam van een sessie.")],
        variant_a: Annotated[str, typer.Argument(help="Eerste variant (id of naam).")],
        variant_b: Annotated[str, typer.Argument(help="Tweede variant (id of naam).")],
        as_json: Annotated[bool, typer.Option("--json", help="Als JSON.")] = False,
    ) -> None:
        """Vergelijk de klantinspanning van twee varianten."""
        model, _ = load_model_source(source)
        comparison = compare_variants(model, variant_a, variant_b)
        if as_json:
            print_json(comparison.to_dict())
        else:
            _print_comparison(comparison)

    @eval_app.command("advice")
    def eval_advice_cmd(
        as_json: Annotated[bool, typer.Option("--json", help="Scores als JSON.")] = False,
    ) -> None:
        """Precisie en recall van de ontwerpadviezen op evals/datasets/advice/."""
        runner = importlib.import_module("evals.advice")
        code = runner.main(["--json"] if as_json else [])
        if code:
            raise typer.Exit(code)
