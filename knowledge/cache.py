"""Embedding cache keyed by (model, sha256 of the embedded text).

Re-ingesting, rebuilding, or the same element appearing in the CSV export and the JSONL
never pays the model twice. SQLite commits per batch, so an interrupted ingestion keeps
what it already embedded and the next run resumes from there.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path
from typing import Protocol

import numpy as np


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache(Protocol):
    def get_many(self, model: str, keys: list[str]) -> dict[str, np.ndarray]: ...

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None: ...


class MemoryCache:
    def __init__(self) -> None:
        self._data: dict[tuple[str, str], np.ndarray] = {}

    def get_many(self, model: str, keys: list[str]) -> dict[str, np.ndarray]:
        return {k: self._data[(model, k)] for k in keys if (model, k) in self._data}

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        for k, v in items.items():
            self._data[(model, k)] = np.asarray(v, dtype=np.float32)


class SqliteCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                conn = sqlite3.connect(self.path, check_same_thread=False)
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS emb (model TEXT, key TEXT, vec BLOB, "
                    "PRIMARY KEY (model, key))"
                )
            except sqlite3.DatabaseError:
                # A damaged cache is only a cache: start a new one.
                self.path.unlink(missing_ok=True)
                conn = sqlite3.connect(self.path, check_same_thread=False)
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS emb (model TEXT, key TEXT, vec BLOB, "
                    "PRIMARY KEY (model, key))"
                )
            self._conn = conn
        return self._conn

    def get_many(self, model: str, keys: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        with self._lock:
            db = self._db()
            for start in range(0, len(keys), 500):
                part = keys[start : start + 500]
                marks = ",".join("?" * len(part))
                rows = db.execute(
                    f"SELECT key, vec FROM emb WHERE model = ? AND key IN ({marks})",
                    [model, *part],
                ).fetchall()
                for key, blob in rows:
                    out[key] = np.frombuffer(blob, dtype=np.float32).copy()
        return out

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        with self._lock:
            db = self._db()
            db.executemany(
                "INSERT OR REPLACE INTO emb (model, key, vec) VALUES (?, ?, ?)",
                [(model, k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()],
            )
            db.commit()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
