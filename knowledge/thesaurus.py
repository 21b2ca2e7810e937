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
        # phrases by the stem of their first word: a question only tries the phrases that
        # can start at one of its words (2,000 phrases: 2.9 ms per question tried in full)
        self._by_first: dict[str, list[tuple[int, tuple[Token, ...]]]] = {}
        for terms, phrases in entries:
            stemmed = tuple(p for p in (_phrase(str(w)) for w in phrases) if p)
            clean = tuple(str(t).strip() for t in terms if str(t).strip())
            if clean and stemmed:
                for phrase in stemmed:
                    self._by_first.setdefault(phrase[0][1], []).append((len(self.entries), phrase))
                self.entries.append(Entry(clean, stemmed))

    def __len__(self) -> int:
        return len(self.entries)

    def matches(self, query: str) -> list[Entry]:
        """The entries one of whose phrases occurs in the query, in thesaurus order."""
        tokens = _tokens(query)
        present = {s for _, s in tokens}
        hits: set[int] = set()
        for first in present:
            for n, phrase in self._by_first.get(first, ()):
                if n not in hits and _occurs(phrase, tokens):
                    hits.add(n)
        return [self.entries[n] for n in sorted(hits)]

    def expand(self, query: str) -> list[str]:
        """GEMMA terms the query speaks of in other words, in thesaurus order, without the
        terms the query already contains."""
        entries = self.matches(query)
        if not entries:
            return []
        present = {s for _, s in _tokens(query)}
        folded = fold(query)
        out: list[str] = []
        for entry in entries:
            for term in entry.terms:
                if term in out or fold(term) in folded:
                    continue
                if all(s in present for _, s in _tokens(term)):
                    continue
                out.append(term)
        return out


def parse(raw: object) -> Thesaurus:
    """The thesaurus from the YAML structure: a list of ``{termen: [...], woorden: [...]}``."""
    if not isinstance(raw, list):
        raise ValueError("thesaurus.yaml moet een lijst zijn")
    pairs: list[tuple[Sequence[str], Sequence[str]]] = []
    for n, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not isinstance(item.get("termen"), list):
            raise ValueError(f"thesaurus.yaml, item {n}: 'termen' ontbreekt")
        if not isinstance(item.get("woorden"), list):
            raise ValueError(f"thesaurus.yaml, item {n}: 'woorden' ontbreekt")
        pairs.append(([str(t) for t in item["termen"]], [str(w) for w in item["woorden"]]))
    return Thesaurus(pairs)


@cache
def shipped() -> Thesaurus:
    return parse(load_yaml(THESAURUS_FILE))
