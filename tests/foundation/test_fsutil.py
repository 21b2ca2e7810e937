"""Atomic writes: the mode an ordinary write would give, and Dutch reasons on failure."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.errors import StorageError
from assistant.fsutil import atomic_write_bytes


@pytest.fixture
def umask_027() -> Iterator[None]:
    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


def test_new_file_gets_the_umask_mode(tmp_path: Path, umask_027: None) -> None:
    target = tmp_path / "export.bpmn"
    atomic_write_bytes(target, b"<x/>")
    assert target.stat().st_mode & 0o777 == 0o640
    assert target.read_bytes() == b"<x/>"


def test_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "model.json"
    target.write_bytes(b"{}")
    target.chmod(0o600)
    atomic_write_bytes(target, b'{"a": 1}')
    assert target.stat().st_mode & 0o777 == 0o600
    assert target.read_bytes() == b'{"a": 1}'


def test_a_folder_as_target_is_a_dutch_error_and_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "map.json"
    folder.mkdir()
    with pytest.raises(StorageError, match="dat is een map"):
        atomic_write_bytes(folder, b"{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.json"]
    assert list(folder.iterdir()) == []
