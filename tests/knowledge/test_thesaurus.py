"""The thesaurus from everyday Dutch to GEMMA terms: phrase matching and the shipped list."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from knowledge.thesaurus import Thesaurus, load_file, parse, shipped


def small() -> Thesaurus:
    return parse(
        [
            {"termen": ["bezwaar"], "woorden": ["niet eens met een besluit", "besluit aanvechten"]},
            {"termen": ["klantinspanning"], "woorden": ["gedoe", "moeite voor de klant"]},
            {"termen": ["sanctie", "handhaving"], "woorden": ["straf", "boete opleggen"]},
        ]
    )


def test_a_phrase_matches_with_inflections_and_words_in_between() -> None:
    t = small()
    assert t.expand("Iemand is het niet eens met het genomen besluit") == ["bezwaar"]
    assert t.expand("hoe vecht je besluiten aan") == []  # word order differs: no match
    assert t.expand("wie wil een besluit aanvechten") == ["bezwaar"]
    assert t.expand("welke straffen kan de gemeente geven") == ["sanctie", "handhaving"]


def test_gaps_are_limited() -> None:
    t = small()
    # "niet eens" ... four words ... "met": too far apart to be one phrase
    assert t.expand("niet eens iets gezegd over wat er met het besluit gebeurt") == []


def test_terms_the_query_already_uses_are_not_added() -> None:
    t = small()
    assert t.expand("wanneer leidt handhaving tot een boete opleggen") == ["sanctie"]
    assert t.expand("bezwaar maken als je het niet eens bent met een besluit") == []


def test_no_phrase_no_expansion() -> None:
    t = small()
    assert t.expand("") == []
    assert t.expand("wat is een deelservice") == []


@pytest.mark.parametrize(
    "raw",
    [{"termen": []}, [{"woorden": ["x"]}], [{"termen": ["a"], "woorden": "x"}], ["a"]],
)
def test_a_malformed_file_is_refused_in_dutch(raw: object) -> None:
    with pytest.raises(ValueError, match="thesaurus"):
        parse(raw)


def test_the_shipped_thesaurus_is_sizeable_and_its_terms_are_gemma_words() -> None:
    t = shipped()
    assert len(t) >= 150
    phrases = [p for e in t.entries for p in e.phrases]
    assert len(phrases) >= 3 * len(t)
    # every phrase is specific: no entry fires on a bare generic question
    generic = "hoe werkt het proces van een aanvraag bij de gemeente voor een burger"
    assert t.expand(generic) == []


def test_every_thesaurus_term_is_a_word_gemma_uses() -> None:
    """A term that GEMMA's texts do not contain cannot help a search (a typo, or a term
    from another model)."""
    from tests.conftest import shared_dir

    root = shared_dir() / "gemma"
    corpus = " ".join(
        p.read_text("utf-8", errors="replace").lower()
        for p in root.rglob("*")
        if p.is_file() and p.suffix in (".txt", ".md", ".jsonl", ".csv", ".xml")
    )
    absent = [t for e in shipped().entries for t in e.terms if t.lower() not in corpus]
    assert not absent, absent[:10]


# --- a municipality's own word list --------------------------------------------------------

LOCAL = """\
# onze eigen woorden
- termen: [balie, publiekszaken]
  woorden: [wijkpunt de linde, het loket in de bibliotheek]
- termen: [schuldhulpverlening]
  woorden: [geldzorgenpunt]
"""


def test_a_local_word_list_is_added_to_ours(tmp_path: Path) -> None:
    path = tmp_path / "woorden.yaml"
    path.write_text(LOCAL, "utf-8")
    both = shipped().merged(load_file(path))
    assert len(both) == len(shipped()) + 2
    assert both.expand("openingstijden van wijkpunt De Linde") == ["balie", "publiekszaken"]
    assert "bezwaar" in both.expand("niet eens met een besluit")  # ours still works
    assert shipped().expand("openingstijden van wijkpunt De Linde") == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("termen: [a]", "moet een lijst zijn"),
        ("- termen: [a]\n", "'woorden' ontbreekt"),
        ("- woorden: [a]\n", "'termen' ontbreekt"),
        ("- termen: [a]\n  woorden: [[x, y]]\n", "korte teksten"),
        ("- termen: [a]\n  woorden: ['" + "x" * 300 + "']\n", "korte teksten"),
        ("- termen: [a\n  woorden: b\n", "geen geldige YAML (regel"),
        ("- &a {termen: [x], woorden: [y]}\n- *a\n", "verwijzingen"),
        ("- !!python/object:os.system {}\n", "geen geldige YAML"),
    ],
)
def test_a_bad_local_word_list_is_refused_in_dutch(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "woorden.yaml"
    path.write_text(content, "utf-8")
    with pytest.raises(ValueError, match=re.escape(expected)):
        load_file(path)


def test_a_billion_laughs_word_list_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    path = tmp_path / "bom.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    started = time.perf_counter()
    with pytest.raises(ValueError, match="verwijzingen"):
        load_file(path)
    assert time.perf_counter() - started < 2


def test_a_missing_huge_or_binary_word_list_is_refused_in_dutch(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="bestaat niet"):
        load_file(tmp_path / "weg.yaml")
    with pytest.raises(ValueError, match="is een map"):
        load_file(tmp_path)
    big = tmp_path / "groot.yaml"
    big.write_bytes(b"#" * (3 * 1024 * 1024))
    with pytest.raises(ValueError, match="het maximum is"):
        load_file(big)
    binary = tmp_path / "binair.yaml"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(ValueError, match="UTF-8"):
        load_file(binary)
