"""Does the trainee mean the same thing as the worked solution? Text similarity for names.

Two signals, combined so that wording does not matter but content does:

* **lexical**: Dutch Snowball stems, a soft token-set overlap (each stem finds its best
  partner by character-trigram Dice, so "vergunningen" meets "vergunning" and a compound
  such as "vergunningaanvraag" meets "aanvraag vergunning" through containment), with a
  few abbreviations expanded ("KvK" → "Kamer van Koophandel");
* **dense**: cosine similarity from an injected :class:`Embedder`, rescaled between a floor
  and a ceiling because e5-style models give unrelated Dutch phrases a cosine of 0.85–0.95.

``score = max(lexical, w·lexical + (1-w)·dense)``: the embedder can only *rescue* a
paraphrase that shares few words, never lower a lexical match, so the offline fake
embedder in tests and the real one agree on every lexically clear pair. The numbers in
:data:`DEFAULT_THRESHOLDS` were calibrated on ``tests/training/calibration_pairs.py``
(see docs/training.md).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol, runtime_checkable

import numpy as np
import Stemmer

# Function words carry no content; "aan" and "af" stay because they start verbs (aanvragen).
_STOPWORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "van",
        "voor",
        "en",
        "of",
        "in",
        "op",
        "met",
        "te",
        "door",
        "bij",
        "naar",
        "om",
        "over",
        "uit",
        "tot",
        "als",
        "dat",
        "die",
        "dit",
        "zijn",
        "haar",
        "hun",
        "je",
        "jouw",
        "uw",
        "mijn",
        "er",
        "ook",
        "nog",
        "wel",
        "niet",
        "is",
        "wordt",
        "worden",
        "word",
        "zich",
    ]
)

# Abbreviations a trainee writes where the solution spells it out, or the other way round.
_EXPANSIONS = {
    "kvk": "kamer koophandel handelsregister",
    "brp": "basisregistratie personen",
    "bag": "basisregistratie adressen gebouwen",
    "brk": "basisregistratie kadaster",
    "woz": "waardering onroerende zaken",
    "hr": "handelsregister",
    "rdw": "rijksdienst wegverkeer",
    "vog": "verklaring omtrent gedrag",
    "nr": "nummer",
    "tel": "telefoonnummer",
    "telnr": "telefoonnummer",
    "afd": "afdeling",
}

# Words a trainee swaps freely in this domain; each maps to one canonical word.
_SYNONYMS = {
    "plek": "locatie",
    "plaats": "locatie",
    "buurt": "wijk",
    "team": "afdeling",
    "boeken": "reserveren",
    "huis": "woning",
    "polis": "bewijs",
    "verzoek": "aanvraag",
    "aanvragen": "aanvraag",
    "defect": "kapot",
    "defecte": "kapotte",
    "bericht": "terugkoppeling",
    "maten": "afmetingen",
    "maat": "afmeting",
}

# A word that names a group of others: "contactgegevens" covers a phone number. Such a pair
# counts as a shared word (see ``token_similarity``), not as the same word.
_BROADER = {
    "contactgegevens": frozenset(["telefoonnummer", "mailadres", "emailadres", "telefoon"]),
    "adresgegevens": frozenset(["adres", "woonadres"]),
}
_BROADER_SCORE = 0.85

_stemmer = Stemmer.Stemmer("dutch")

# Generic verbs say little about *what* is meant: "sponsoring regelen" and "catering
# regelen" share only "regelen". They count a quarter of a content word.
_LIGHT_WORDS = frozenset(
    _stemmer.stemWords(
        [
            "regelen",
            "maken",
            "doen",
            "geven",
            "krijgen",
            "aanvragen",
            "aanvraag",
            "indienen",
            "vragen",
            "laten",
            "zoeken",
            "verzoek",
            "hebben",
            "gaan",
            "komen",
            "zorgen",
        ]
    )
)
_LIGHT_WEIGHT = 0.25


@runtime_checkable
class Embedder(Protocol):
    """The shape of ``knowledge.embedders``: rows are L2-normalised vectors."""

    def embed_documents(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


@dataclass(frozen=True)
class Thresholds:
    """Calibrated numbers; docs/training.md states how they were chosen."""

    match: float = 0.70
    """Two names mean the same thing from this score on."""
    lexical_weight: float = 0.8
    """Weight of the lexical signal in the blended score."""
    dense_floor: float = 0.88
    """Cosine at or below which the embedder says 'unrelated' (rescaled to 0)."""
    dense_ceiling: float = 0.97
    """Cosine from which the embedder says 'same meaning' (rescaled to 1)."""
    soft: float = 0.35
    """Within a closed set, a solution item and a trainee item that are both left over
    after matching at ``match`` still pair from this score on, when each is the other's
    best partner and they share a word no other solution item has (see :func:`pair_items`)."""
    single: float = 0.5
    """The same for the levering's result (one of a kind, no set to compare with): from
    this score on, with a shared content word."""
    anchor: float = 0.6
    """Token similarity from which two words count as a shared word (same stem, compound
    part, long shared beginning, broader term)."""
    topic: float = 0.45
    """Looser bar for the one service the trainee's service is already paired with: there
    the question is the perspective of the name, and the topic only rules out a service
    about something else entirely."""


DEFAULT_THRESHOLDS = Thresholds()


def normalize(text: str) -> str:
    """Lower case, accents off, punctuation to spaces, abbreviations expanded."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^0-9a-z]+", " ", text)
    words = [_EXPANSIONS.get(w, _SYNONYMS.get(w, w)) for w in text.split()]
    return " ".join(words)


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[tuple[str, str], ...]:
    """Content words of a phrase as (word, stem) pairs, in order."""
    words = [w for w in normalize(text).split() if w not in _STOPWORDS and len(w) > 1]
    return tuple(zip(words, _stemmer.stemWords(words), strict=True))


def stems(text: str) -> tuple[str, ...]:
    return tuple(stem for _, stem in tokens(text))


def _trigrams(token: str) -> frozenset[str]:
    padded = f"#{token}#"
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def token_similarity(a: tuple[str, str], b: tuple[str, str]) -> float:
    """Similarity of two (word, stem) tokens: same stem, compound part, or trigram Dice."""
    (wa, sa), (wb, sb) = a, b
    if sa == sb or wa == wb:
        return 1.0
    if wb in _BROADER.get(wa, ()) or wa in _BROADER.get(wb, ()):
        return _BROADER_SCORE
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    short_stem = sa if short == wa else sb
    # A Dutch compound ends in its head: "woningadres" is an adres, so the head counts
    # almost fully; a modifier ("catering" in "cateringvergunning") names something else
    # and counts less. Four letters at least, so "in" or "op" inside a word do not count.
    if len(short) >= 4 and long_.endswith(short):
        return 0.9
    # The stemmer is not consistent across inflections ("sponsoring" → sponsoor,
    # "sponsors" → sponsor): a long shared beginning is the same word.
    prefix = next((k for k, (x, y) in enumerate(zip(wa, wb, strict=False)) if x != y), len(short))
    if prefix >= 5 and len(long_) - prefix <= 3:
        return 0.85
    # noun and verb of one word share most of the shorter one ("factuur"/"factureren",
    # "aanmaning"/"aanmanen"); a word wholly inside the other is a compound, handled below
    if prefix >= 5 and prefix < len(short) and prefix >= 0.6 * len(short):
        return 0.85
    if len(short_stem) >= 4 and short_stem in long_:
        return 0.6
    if sa in _LIGHT_WORDS and sb in _LIGHT_WORDS:
        return 0.5  # two generic verbs play the same role ("regelen" / "zoeken")
    ta, tb = _trigrams(wa), _trigrams(wb)
    return 2 * len(ta & tb) / (len(ta) + len(tb))


def lexical_similarity(a: str, b: str) -> float:
    """Soft token-set similarity of two phrases, symmetric, in [0, 1]."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 1.0 if not ta and not tb and normalize(a) == normalize(b) else 0.0

    def coverage(xs: tuple[tuple[str, str], ...], ys: tuple[tuple[str, str], ...]) -> float:
        weights = [_LIGHT_WEIGHT if x[1] in _LIGHT_WORDS else 1.0 for x in xs]
        total = sum(
            w * max(token_similarity(x, y) for y in ys) for w, x in zip(weights, xs, strict=True)
        )
        return total / sum(weights)

    return (coverage(ta, tb) + coverage(tb, ta)) / 2


def _forms(text: str) -> list[str]:
    """The text, and without what stands in brackets: "Adres (BAG)" is an adres."""
    bare = re.sub(r"\([^)]*\)", " ", text)
    return [text, bare] if bare.strip() and bare != text else [text]


def shares_word(a: str, b: str, others: Sequence[str] = (), anchor: float = 0.6) -> bool:
    """Do ``a`` and ``b`` share a content word that none of ``others`` has?

    Generic verbs (regelen, aanvragen …) never count: they say who acts, not what.
    """
    tb = tokens(b)
    rest = [t for o in others for t in tokens(o)]
    for x in tokens(a):
        if x[1] in _LIGHT_WORDS:
            continue
        if any(token_similarity(x, y) >= anchor for y in tb) and not any(
            token_similarity(x, z) >= _SAME_WORD for z in rest
        ):
            return True
    return False


_SAME_WORD = 0.85
"""Token similarity from which two words are the same word (stem, compound head, inflection)."""


def contained(part: str, whole: str) -> float:
    """How much of ``part``'s content ``whole`` holds (one direction of the lexical score):
    "contactgegevens" is wholly in "naam en contactgegevens organisator"."""
    tp, tw = tokens(part), tokens(whole)
    if not tp or not tw:
        return 0.0
    weights = [_LIGHT_WEIGHT if x[1] in _LIGHT_WORDS else 1.0 for x in tp]
    total = sum(
        w * max(token_similarity(x, y) for y in tw) for w, x in zip(weights, tp, strict=True)
    )
    return total / sum(weights)


@dataclass
class Similarity:
    """Scores pairs of names; the embedder is optional (lexical only without it)."""

    embedder: Embedder | None = None
    thresholds: Thresholds = DEFAULT_THRESHOLDS
    _cache: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def _vectors(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        assert self.embedder is not None
        todo = sorted({t for t in texts if t not in self._cache})
        if todo:
            matrix = np.asarray(self.embedder.embed_documents(todo), dtype=np.float32)
            for text, row in zip(todo, matrix, strict=True):
                norm = float(np.linalg.norm(row))
                self._cache[text] = row / norm if norm else row
        return {t: self._cache[t] for t in texts}

    def dense(self, a: str, b: str) -> float | None:
        """Rescaled cosine in [0, 1], or None without an embedder."""
        if self.embedder is None or not a.strip() or not b.strip():
            return None
        vecs = self._vectors([a, b])
        cos = float(vecs[a] @ vecs[b])
        t = self.thresholds
        return min(1.0, max(0.0, (cos - t.dense_floor) / (t.dense_ceiling - t.dense_floor)))

    def score(self, a: str, b: str) -> float:
        lex = max(lexical_similarity(x, y) for x in _forms(a) for y in _forms(b))
        dense = self.dense(a, b)
        if dense is None:
            return lex
        w = self.thresholds.lexical_weight
        return max(lex, w * lex + (1 - w) * dense)

    def same(self, a: str, b: str) -> bool:
        return self.score(a, b) >= self.thresholds.match

    def matrix(self, rows: Sequence[str], cols: Sequence[str]) -> np.ndarray:
        """Scores of every pair; one embedder call for all texts."""
        if self.embedder is not None:
            self._vectors([t for t in [*rows, *cols] if t.strip()])
        out = np.zeros((len(rows), len(cols)), dtype=np.float64)
        for i, a in enumerate(rows):
            for j, b in enumerate(cols):
                out[i, j] = self.score(a, b)
        return out


def pair_items(
    sim: Similarity,
    sol: Sequence[str],
    tr: Sequence[str],
    anchored: Callable[[int, int], bool] | None = None,
) -> tuple[np.ndarray, list[tuple[int, int, float]]]:
    """Pair a trainee's set with the solution's: (score matrix, one-to-one pairs).

    First the best assignment at the ``match`` threshold. Then, among the items both
    sides have left, a pair still counts when each is the other's best partner, the score
    reaches ``soft`` and the two share a word that no other solution item has ("Maten
    dakkapel" for "Afmetingen van de dakkapel" when no other item is about the dakkapel).
    ``anchored(i, j)`` may add evidence other than words (for a related process: the data
    it hands on); such a pair needs no minimum score.
    """
    t = sim.thresholds
    scores = sim.matrix(sol, tr)
    pairs = best_assignment(scores, t.match)
    rows = [i for i in range(len(sol)) if i not in {p[0] for p in pairs}]
    cols = [j for j in range(len(tr)) if j not in {p[1] for p in pairs}]
    if not rows or not cols:
        return scores, pairs
    sub = scores[np.ix_(rows, cols)]
    for r, i in enumerate(rows):
        for c, j in enumerate(cols):
            mutual = sub[r, c] >= sub[r].max() and sub[r, c] >= sub[:, c].max()
            worded = sub[r, c] >= t.soft and shares_word(
                sol[i], tr[j], [s for k, s in enumerate(sol) if k != i], t.anchor
            )
            evidence = worded or (anchored is not None and anchored(i, j))
            if mutual and evidence and all(i != p[0] and j != p[1] for p in pairs):
                pairs.append((i, j, float(scores[i, j])))
    return scores, sorted(pairs)


def best_assignment(scores: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """One-to-one pairs (row, col, score) with score ≥ threshold and the largest total.

    Exact for the small sets a process model holds (dynamic programming over the
    columns used); above 12 columns it falls back to greedy best-first, which is what a
    human marker does anyway.
    """
    n_rows, n_cols = scores.shape
    allowed = scores >= threshold
    if n_rows == 0 or n_cols == 0 or not allowed.any():
        return []
    if n_cols > 12:
        return _greedy(scores, allowed)
    # best[mask] = (total, pairs) after deciding rows 0..i-1 with columns in mask used
    best: dict[int, tuple[float, tuple[tuple[int, int], ...]]] = {0: (0.0, ())}
    for i in range(n_rows):
        nxt: dict[int, tuple[float, tuple[tuple[int, int], ...]]] = {}
        for mask, (total, pairs) in best.items():
            options = [(mask, total, pairs)]
            for j in range(n_cols):
                if allowed[i, j] and not mask & (1 << j):
                    options.append((mask | 1 << j, total + scores[i, j], (*pairs, (i, j))))
            for new_mask, new_total, new_pairs in options:
                if new_mask not in nxt or new_total > nxt[new_mask][0] + 1e-12:
                    nxt[new_mask] = (new_total, new_pairs)
        best = nxt
    _, pairs = max(best.values(), key=lambda item: (item[0], -len(item[1])))
    return [(i, j, float(scores[i, j])) for i, j in pairs]


def _greedy(scores: np.ndarray, allowed: np.ndarray) -> list[tuple[int, int, float]]:
    order = sorted(
        ((float(scores[i, j]), i, j) for i, j in zip(*np.nonzero(allowed), strict=True)),
        reverse=True,
    )
    used_rows: set[int] = set()
    used_cols: set[int] = set()
    out = []
    for score, i, j in order:
        if i not in used_rows and j not in used_cols:
            used_rows.add(i)
            used_cols.add(j)
            out.append((int(i), int(j), score))
    return sorted(out)
