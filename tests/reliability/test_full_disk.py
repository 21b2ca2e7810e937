"""A full disk gives a Dutch error and keeps the last good state (store and exports)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.errors import StorageError
from assistant.fsutil import atomic_write_bytes
from assistant.model import JourneyStep, ProcessModel
from assistant.store import SessionStore


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB tmpfs: a real file system that runs out of space. Large enough for the
    knowledge index a chat process builds at start (about 1 MiB with the hash embedder),
    so that what fills it is the test's ballast, and freeing the ballast frees the disk."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    mount = tmp_path / "klein"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path) -> None:
    """Write until the file system refuses; the refusal is the point."""
    chunk = b"\0" * 4096
    fd = os.open(folder / "ballast", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, chunk)
    except OSError:
        pass
    finally:
        os.close(fd)


def test_export_on_a_full_disk_keeps_the_old_file(small_disk: Path) -> None:
    target = small_disk / "model.json"
    atomic_write_bytes(target, b"oude inhoud")
    _fill(small_disk)
    with pytest.raises(StorageError, match="schijf is vol"):
        atomic_write_bytes(target, b"x" * 600_000)
    assert target.read_bytes() == b"oude inhoud"
    assert not [p for p in small_disk.iterdir() if p.name.endswith(".tmp")]


def test_store_on_a_full_disk_keeps_the_last_good_version(small_disk: Path) -> None:
    store = SessionStore(f"sqlite:///{small_disk / 'sessions.sqlite3'}")
    info = store.create("vol")
    model = ProcessModel()
    model.journey.steps_before.append(JourneyStep(name="eerste stap"))
    good = store.save(info.id, model, {"turn": 1})
    _fill(small_disk)
    big = model.model_copy(deep=True)
    for i in range(400):
        big.journey.steps_before.append(JourneyStep(name=f"stap {i}", description="x" * 5000))
    with pytest.raises(StorageError, match="schijf is vol"):
        for _ in range(10):  # the WAL may absorb the first write; keep going until full
            store.save(info.id, big, {"turn": 2})
    (small_disk / "ballast").unlink()
    store.close()
    reopened = SessionStore(f"sqlite:///{small_disk / 'sessions.sqlite3'}")
    snap = reopened.load(info.id)
    assert snap.version >= good
    assert snap.model.journey.steps_before[0].name == "eerste stap"
    assert snap.state["turn"] in (1, 2)
