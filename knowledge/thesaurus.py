"""From the words designers and inhabitants use to the terms GEMMA uses.

People ask "iemand is het niet eens met een besluit" where GEMMA writes "bezwaar", or
"hoeveel gedoe is het voor de aanvrager" where it writes "klantinspanning". Neither BM25
(no shared word) nor the small multilingual embedder bridges such a gap reliably: these
paraphrases were the bulk of the questions both retrievers missed. ``thesaurus.yaml`` is
our own list of everyday phrases per GEMMA term; a question containing a phrase is also
searched for the terms it stands for.

A phrase matches word by word, in order, with at most ``MAX_GAP`` other words between
its words ("niet eens met het genomen besluit"). Two words match when they are equal or
are inflections of each other: same Snowball stem *and* the same beginning, close in
length. The stem alone is too coarse for this: it maps "overheid" to "over" and both
"pasjes" and "passen" to "pas". Articles and possessives in a phrase are ignored unless
the phrase is nothing else ("één overheid" keeps its "één").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from knowledge.data_files import load_yaml
from knowledge.text import fold, stem, words

THESAURUS_FILE = "thesaurus.yaml"
MAX_GAP = 2
_FILLERS = frozenset(
    [
        "de",
        "het",
        "een",
        "die",
        "dat",
        "deze",
        "dit",
        "mijn",
        "jouw",
        "je",
        "uw",
        "zijn",
        "haar",
        "hun",
        "ons",
        "onze",
        "er",
    ]
)


Token = tuple[str, str]  # (folded word, stem)


def _tokens(text: str) -> tuple[Token, ...]:
    return tuple((w, stem(w)) for w in words(text, keep_stopwords=True))


def _phrase(text: str) -> tuple[Token, ...]:
    tokens = _tokens(text)
    content = tuple(t for t in tokens if t[0] not in _FILLERS)
    return content if len(content) >= 2 or len(tokens) == 1 else tokens


def _same_word(a: Token, b: Token) -> bool:
    if a[0] == b[0]:
        return True
    if a[1] != b[1] or len(a[1]) < 4 or abs(len(a[0]) - len(b[0])) > 3:
        return False
    prefix = 0
    for x, y in zip(a[0], b[0], strict=False):
        if x != y:
            break
        prefix += 1
    return prefix >= len(a[1]) - 1  # Snowball doubles a vowel: uitbetaling -> uitbetaal


def _occurs(phrase: Sequence[Token], tokens: Sequence[Token]) -> bool:
    """``phrase`` in ``tokens`` in order, at most MAX_GAP tokens between its words."""
    if not phrase:
        return False
    for start, token in enumerate(tokens):
        if not _same_word(token, phrase[0]):
            continue
        pos, ok = start, True
        for part in phrase[1:]:
            nxt = next(
                (
                    i
                    for i in range(pos + 1, min(len(tokens), pos + 2 + MAX_GAP))
                    if _same_word(tokens[i], part)
                ),
                None,
            )
            if nxt is None:
                ok = False
                break
            pos = nxt
        if ok:
            return True
    return False


@dataclass(frozen=True)
class Entry:
    terms: tuple[str, ...]
    phrases: tuple[tuple[Token, ...], ...]

    @property
    def text(self) -> str:
        """What the embedder sees for this entry: its GEMMA terms."""
        return ", ".join(self.terms)


class Thesaurus:
    def __init__(self, entries: Iterable[tuple[Sequence[str], Sequence[str]]]) -> None:
        self.entries: list[Entry] = []
        self._pairs: list[tuple[Sequence[str], Sequence[str]]] = []
        # phrases by the stem of their first word: a question only tries the phrases that
        # can start at one of its words (2,000 phrases: 2.9 ms per question tried in full)
        self._by_first: dict[str, list[tuple[int, tuple[Token, ...]]]] = {}
        for terms, phrases in entries:
            self._pairs.append((terms, phrases))
            stemmed = tuple(p for p in (_phrase(str(w)) for w in phrases) if p)
            clean = tuple(str(t).strip() for t in terms if str(t).strip())
            if clean and stemmed:
                for phrase in stemmed:
                    self._by_first.setdefault(phrase[0][1], []).append((len(self.entries), phrase))
                self.entries.append(Entry(clean, stemmed))

    def __len__(self) -> int:
        return len(self.entries)

    def merged(self, other: Thesaurus) -> Thesaurus:
        """This thesaurus followed by ``other``'s entries (a municipality's own words)."""
        return Thesaurus([*self._pairs, *other._pairs])

    def matches(self, query: str) -> list[Entry]:
        """The entries one of whose phrases occurs in the query, in thesaurus order."""
        return self._matches(_tokens(query))

    def _matches(self, tokens: tuple[Token, ...]) -> list[Entry]:
        hits: set[int] = set()
        for first in {s for _, s in tokens}:
            for n, phrase in self._by_first.get(first, ()):
                if n not in hits and _occurs(phrase, tokens):
                    hits.add(n)
        return [self.entries[n] for n in sorted(hits)]

    def expand(self, query: str) -> list[str]:
        """GEMMA terms the query speaks of in other words, in thesaurus order, without the
        terms the query already contains."""
        tokens = _tokens(query)
        present = {s for _, s in tokens}
        folded = fold(query)
        out: list[str] = []
        for entry in self._matches(tokens):
            for term in entry.terms:
                if term in out or fold(term) in folded:
                    continue
                if all(s in present for _, s in _tokens(term)):
                    continue
                out.append(term)
        return out


def parse(raw: object, name: str = THESAURUS_FILE) -> Thesaurus:
    """The thesaurus from the YAML structure: a list of ``{termen: [...], woorden: [...]}``."""
    if not isinstance(raw, list):
        raise ValueError(f"{name} moet een lijst zijn van items met 'termen' en 'woorden'")
    if len(raw) > MAX_ENTRIES:
        raise ValueError(f"{name} heeft {len(raw)} items; het maximum is {MAX_ENTRIES}")
    pairs: list[tuple[Sequence[str], Sequence[str]]] = []
    for n, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not isinstance(item.get("termen"), list):
            raise ValueError(f"{name}, item {n}: 'termen' ontbreekt of is geen lijst")
        if not isinstance(item.get("woorden"), list):
            raise ValueError(f"{name}, item {n}: 'woorden' ontbreekt of is geen lijst")
        terms, phrases = item["termen"], item["woorden"]
        if len(terms) > MAX_ITEMS or len(phrases) > MAX_ITEMS:
            raise ValueError(f"{name}, item {n}: meer dan {MAX_ITEMS} termen of woorden")
        texts = [*terms, *phrases]
        if not all(
            isinstance(t, str | int | float) and 0 < len(str(t)) <= MAX_CHARS for t in texts
        ):
            raise ValueError(
                f"{name}, item {n}: termen en woorden moeten korte teksten zijn "
                f"(1 tot {MAX_CHARS} tekens)"
            )
        pairs.append(([str(t) for t in terms], [str(w) for w in phrases]))
    return Thesaurus(pairs)


MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ENTRIES = 5000
MAX_ITEMS = 100
MAX_CHARS = 200


class _NoAliasLoader(yaml.SafeLoader):
    """safe_load without anchors and aliases: a word list needs none, and nested aliases
    make a small file expand into billions of items (the YAML "billion laughs")."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("verwijzingen (*alias) zijn niet toegestaan")
        return super().compose_node(parent, index)


def load_file(path: Path) -> Thesaurus:
    """A municipality's own word list, same format as ours. Raises ``ValueError`` with a
    Dutch message naming the file and what is wrong."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ValueError(
                f"{name} is {size // 1024} KB; het maximum is {MAX_FILE_BYTES // 1024} KB"
            )
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ValueError(f"{path} bestaat niet") from None
    except IsADirectoryError:
        raise ValueError(f"{path} is een map, geen bestand") from None
    except UnicodeDecodeError:
        raise ValueError(f"{name} is geen UTF-8-tekst") from None
    except OSError as exc:
        raise ValueError(f"{path} is niet te lezen: {exc.strerror or exc}") from None
    try:
        raw = yaml.load(text, Loader=_NoAliasLoader)  # a SafeLoader: no Python objects
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (regel {where.line + 1})" if where is not None else ""
        raise ValueError(
            f"{name} is geen geldige YAML{line}: {getattr(exc, 'problem', exc)}"
        ) from None
    return parse(raw, name)


@cache
def shipped() -> Thesaurus:
    return parse(load_yaml(THESAURUS_FILE))
