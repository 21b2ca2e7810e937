"""Fixtures for training-mode tests."""

from __future__ import annotations

import pytest

from assistant.training.cases import CaseLibrary, load_cases


@pytest.fixture(scope="session")
def library() -> CaseLibrary:
    lib = load_cases()
    assert not lib.errors, lib.errors
    return lib
