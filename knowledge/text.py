"""Dutch text analysis for the lexical index: normalisation, stemming and compound
splitting.

Dutch glues nouns together (vergunningaanvraag, terrasvergunning). A stemmer alone
leaves such a compound as one term, so a query for "vergunning" misses it. We split a
word into parts that occur on their own in the corpus vocabulary (with the linking
letters s/e/en), and index the parts next to the whole word.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from typing import Any

_WORD = re.compile(r"[a-z0-9]+")
MIN_PART = 4  # shorter parts ("aan", "tot") make false splits
MIN_COMPOUND = 8
# No Dutch compound is longer; a longer "word" (a pasted hash, "xxxx…") is not split, as
# trying every cut of it costs time quadratic in its length.
MAX_COMPOUND = 64

STOPWORDS = frozenset(
    [
        "aan",
        "al",
        "alle",
        "als",
        "an",
        "bij",
        "bv",
        "daar",
        "dan",
        "dat",
        "de",
        "der",
        "deze",
        "die",
        "dit",
        "door",
        "dus",
        "een",
        "eens",
        "en",
        "er",
        "ge",
        "geen",
        "had",
        "heb",
        "hebben",
        "heeft",
        "hem",
        "het",
        "hier",
        "hij",
        "hoe",
        "hun",
        "ik",
        "in",
        "is",
        "ja",
        "je",
        "kan",
        "kon",
        "kunnen",
        "maar",
        "me",
        "meer",
        "men",
        "met",
        "mij",
        "mijn",
        "moet",
        "na",
        "naar",
        "niet",
        "niets",
        "nog",
        "nu",
        "of",
        "om",
        "omdat",
        "ons",
        "ook",
        "op",
        "over",
        "reeds",
        "te",
        "tegen",
        "toch",
        "toen",
        "tot",
        "u",
        "uit",
        "uw",
        "van",
        "veel",
        "voor",
        "want",
        "waren",
        "was",
        "wat",
        "we",
        "wel",
        "welk",
        "welke",
        "wie",
        "wij",
        "wil",
        "worden",
        "wordt",
        "zal",
        "ze",
        "zelf",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zonder",
        "zou",
        "the",
        "and",
        "hoe",
        "waar",
        "wanneer",
        "waarom",
        "wat",
        "welke",
        "kun",
        "kunt",
        "mag",
        "moeten",
        "gaat",
        "gaan",
        "doet",
        "doen",
        "eigenlijk",
        "iets",
        "iemand",
        "onze",
        "jullie",
    ]
)
LINKERS = ("s", "en", "e")


def fold(text: str) -> str:
    """Lower case without diacritics (proceshiërarchie == proceshierarchie)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a word boundary where there is one
    in the last fifth."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ", limit * 4 // 5)
    return cut[:space] if space > 0 else cut


def words(text: str, *, keep_stopwords: bool = False) -> list[str]:
    found = _WORD.findall(fold(text))
    if keep_stopwords:
        return found
    return [w for w in found if w not in STOPWORDS and len(w) > 1]


class _Stemmer:
    """pystemmer's Dutch Snowball stemmer, created on first use (no work at import)."""

    def __init__(self) -> None:
        self._stem: Any = None
        self._lock = threading.Lock()
        self._cache: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        if self._stem is None:
            with self._lock:
                if self._stem is None:
                    import Stemmer

                    self._stem = Stemmer.Stemmer("dutch")
        out = str(self._stem.stemWord(word))
        if len(self._cache) < 200_000:
            self._cache[word] = out
        return out


stem = _Stemmer()


class Analyzer:
    """Turns text into index terms: stems of words plus stems of compound parts.

    ``vocabulary`` is the set of words the compound splitter may use as parts; build it
    from the corpus so that splitting follows the material that is actually indexed.
    """

    def __init__(self, vocabulary: Iterable[str] = ()) -> None:
        self.vocabulary = {w for w in vocabulary if len(w) >= MIN_PART}
        self._split_cache: dict[str, tuple[str, ...]] = {}

    def split_compound(self, word: str) -> tuple[str, ...]:
        """Parts of a compound (at least two, each a vocabulary word), or ()."""
        if not MIN_COMPOUND <= len(word) <= MAX_COMPOUND:
            return ()
        hit = self._split_cache.get(word)
        if hit is not None:
            return hit
        best = self._split(word, depth=0)
        result = tuple(best) if best and len(best) > 1 else ()
        self._split_cache[word] = result
        return result

    def _known(self, part: str) -> bool:
        return part in self.vocabulary

    def _split(self, word: str, depth: int) -> list[str] | None:
        # Prefer the longest head: "vergunningaanvraag" -> vergunning + aanvraag rather
        # than vergun + ningaanvraag. Three levels cover "omgevingsvergunningaanvraag".
        if depth > 2:
            return None
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            heads = [head]
            for linker in LINKERS:
                if head.endswith(linker) and len(head) - len(linker) >= MIN_PART:
                    heads.append(head[: -len(linker)])
            head_word = next((h for h in heads if self._known(h)), None)
            if head_word is None:
                continue
            if self._known(tail):
                return [head_word, tail]
            rest = self._split(tail, depth + 1) if len(tail) >= MIN_COMPOUND else None
            if rest:
                return [head_word, *rest]
        return None

    def stem_word(self, word: str) -> str:
        # Snowball keeps the verb ending -t ("verzamelt"); use the stem of the infinitive
        # form when the corpus knows it ("verzamelen").
        if len(word) > 5 and word.endswith("t") and (word[:-1] + "en") in self.vocabulary:
            return stem(word[:-1])
        return stem(word)

    def terms(self, text: str) -> list[str]:
        out: list[str] = []
        for word in words(text):
            out.append(self.stem_word(word))
            for part in self.split_compound(word):
                out.append(stem(part))
        return out


def vocabulary_of(texts: Iterable[str]) -> set[str]:
    vocab: set[str] = set()
    for text in texts:
        vocab.update(w for w in words(text) if len(w) >= MIN_PART and not w.isdigit())
    return vocab
