"""Developer tool: rebuild ``knowledge/data/reference.json`` from the GEMMA model export.

Run by hand (``python -m knowledge.build_reference ../shared/gemma``) when a new GEMMA
release arrives; the product never runs it. It keeps only facts (ids, names, types,
hierarchy, relations); no documentation text is copied, our own descriptions live in
``knowledge/data/process_notes.yaml``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

URL_PREFIX = "https://www.gemmaonline.nl/index.php/GEMMA/"
LANDSCAPE = "GEMMA/Business/Procesarchitectuur/Processenlandschap"
FUNCTIONS = "GEMMA/Business/Bedrijfsfuncties"
BOUWSTENEN = (
    "GEMMA/Business/Procesarchitectuur/Procesbouwstenencatalogus",
    "GEMMA/Business/Procesarchitectuur/Klant-tot-klantproces",
)


def _parent(row: dict[str, Any], other_type: str) -> str | None:
    for rel in row["relations"]:
        if (
            rel["relation_type"] in ("AggregationRelationship", "CompositionRelationship")
            and rel["direction"] == "in"
            and rel["other_type"] == other_type
        ):
            return str(rel["other_id"])
    return None


def build(gemma_dir: Path) -> dict[str, Any]:
    rows = {
        r["id"]: r
        for r in map(json.loads, (gemma_dir / "gemma-model" / "elements.jsonl").open("rb"))
    }
    items: list[dict[str, Any]] = []
    for row in sorted(rows.values(), key=lambda r: r["name"]):
        folder = row["folder"]
        if row["type"] == "BusinessProcess" and folder == LANDSCAPE:
            kind = (
                "cluster" if row["gemma_type"] == "Bedrijfsproces (cluster)" else "bedrijfsproces"
            )
            parent = _parent(row, "BusinessProcess")
        elif row["type"] == "BusinessFunction" and folder.startswith(FUNCTIONS):
            kind, parent = "bedrijfsfunctie", _parent(row, "BusinessFunction")
        elif row["type"] == "BusinessService" and folder in BOUWSTENEN:
            kind, parent = "procesbouwsteen", _parent(row, "BusinessService")
        else:
            continue
        serving = sorted(
            rel["other_id"]
            for rel in row["relations"]
            if rel["relation_type"] == "ServingRelationship"
            and rel["other_type"] == "BusinessFunction"
            and kind != "bedrijfsfunctie"
        )
        realised_by = sorted(
            rel["other_id"]
            for rel in row["relations"]
            if rel["relation_type"] == "RealizationRelationship" and rel["direction"] == "in"
        )
        items.append(
            {
                "id": row["id"],
                "name": row["name"].strip(),
                "kind": kind,
                "archimate_type": row["type"],
                "parent_id": parent,
                "bedrijfsfunctie_ids": serving,
                "realised_by_ids": realised_by,
                "url": URL_PREFIX + row["id"],
            }
        )
    names = {r["id"]: r["name"] for r in rows.values()}
    for item in items:
        item["realised_by"] = [names[i] for i in item.pop("realised_by_ids") if i in names]
    return {
        "source": "GEMMA ArchiMate-model (VNG Realisatie), release 2026-06-30; EUPL",
        "items": items,
    }


def main(argv: list[str]) -> None:
    gemma_dir = Path(argv[1]) if len(argv) > 1 else Path("../shared/gemma")
    out = Path(__file__).with_name("data") / "reference.json"
    out.write_text(json.dumps(build(gemma_dir), ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"geschreven: {out}")


if __name__ == "__main__":
    main(sys.argv)
