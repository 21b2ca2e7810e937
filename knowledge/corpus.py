"""The shipped corpus: what the product knows on a fresh machine with nothing ingested —
our concept cards and the GEMMA reference structure."""

from __future__ import annotations

import hashlib

from knowledge.concepts import all_cards
from knowledge.data_files import SHIPPED_FILES, data_bytes
from knowledge.reference import all_elements
from knowledge.types import Chunk

SHIPPED_KEY = "shipped:knowledge"
CORPUS_VERSION = "1"  # bump when the chunk text layout of the shipped corpus changes


def shipped_hash() -> str:
    digest = hashlib.sha256(CORPUS_VERSION.encode())
    for name in SHIPPED_FILES:
        digest.update(data_bytes(name))
    return digest.hexdigest()


def shipped_chunks() -> list[Chunk]:
    return [c.to_chunk() for c in all_cards()] + [e.to_chunk() for e in all_elements()]
