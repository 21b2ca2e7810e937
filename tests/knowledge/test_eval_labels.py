"""How the retrieval eval reads its question files and judges a result against a
question's labels."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evals.retrieval import is_relevant, load_questions
from knowledge.types import Passage


def _passage(source: str, url: str = "", element_id: str = "") -> Passage:
    return Passage("c1", "t", "", url, source, element_id, 0.5, "tekst")


def test_a_card_label_is_met_by_the_card_and_by_the_gemma_source_it_is_based_on() -> None:
    label = ("kaart:proceseigenaar",)  # based on Procesarchitectuur_Eigenaarschap
    card = _passage("klantreis-assistent/begrippen", element_id="kaart:proceseigenaar")
    page = _passage(
        "gemma/wiki/procesarchitectuur-eigenaarschap.txt",
        url="https://www.gemmaonline.nl/wiki/Procesarchitectuur_Eigenaarschap",
    )
    other = _passage(
        "gemma/wiki/procesarchitectuur-visie.txt",
        url="https://www.gemmaonline.nl/wiki/Procesarchitectuur_Visie",
    )
    assert is_relevant(card, label) and is_relevant(page, label)
    assert not is_relevant(other, label)
    assert not is_relevant(_passage("x.txt"), label)  # no URL, no element: nothing to match


def test_a_card_based_on_a_model_element_is_met_by_that_element() -> None:
    label = ("kaart:intake",)  # based on the GEMMA element page of the intake building block
    element = _passage(
        "gemma/gemma-model/elements.csv", element_id="id-518b851f-5629-4eb2-8f5d-f421eb70e6a3"
    )
    assert is_relevant(element, label)
    assert not is_relevant(_passage("gemma/gemma-model/elements.csv", element_id="id-1"), label)


def test_wiki_and_element_labels() -> None:
    page = _passage("gemma/wiki/gemma-basisprocessen.txt")
    assert is_relevant(page, ("wiki:gemma-basisprocessen.txt",))
    assert not is_relevant(page, ("wiki:basisprocessen.txt",))
    assert is_relevant(_passage("elements.csv", element_id="id-9"), ("id-9",))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'{"id": "a", "question": "wat is intake"}\n',
            "regel 1: ongeldige vraag (ontbreekt 'relevant')",
        ),
        (
            b'\n{"id": "a", "question": "", "relevant": []}\n',
            "regel 2: ongeldige vraag ('question'",
        ),
        (b'{"id": "a", "question": "x", "relevant": "kaart:x"}\n', "'relevant' moet een lijst"),
        (b"geen json\n", "regel 1: ongeldige vraag"),
        (b"[" * 100_000 + b"]" * 100_000 + b"\n", "regel 1: ongeldige vraag"),
        (b"\xff\xfe", "geen UTF-8-tekst"),
        (b"\n\n", "bevat geen vragen"),
    ],
)
def test_a_question_file_that_cannot_be_used_is_named_with_its_line(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "vragen.jsonl"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=re.escape(message)) as raised:
        load_questions(path)
    assert str(raised.value).startswith("vragen.jsonl ")  # the file is named


def test_a_missing_question_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="bestaat niet"):
        load_questions(tmp_path / "weg.jsonl")
