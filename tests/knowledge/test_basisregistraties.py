from __future__ import annotations

import pytest

from knowledge.basisregistraties import all_registrations, lookup


@pytest.mark.parametrize(
    ("asked", "code"),
    [
        ("uittreksel KvK", "HR"),
        ("KvK-uittreksel", "HR"),
        ("uittreksel handelsregister", "HR"),
        ("Uittreksel Kamer van Koophandel", "HR"),
        ("eigendomsbewijs", "BRK"),
        ("kadastraal uittreksel", "BRK"),
        ("paspoortkopie", "REISDOCUMENTEN"),
        ("kopie van het paspoort", "REISDOCUMENTEN"),
        ("uittreksel BRP", "BRP"),
        ("uittreksel GBA", "BRP"),
        ("WOZ-beschikking", "WOZ"),
        ("kentekenbewijs", "BRV"),
        ("inkomensverklaring", "BRI"),
        ("loonstrook", "BLAU"),
        ("situatietekening", "BGT"),
        ("bodemonderzoek", "BRO"),
    ],
)
def test_lookup_tolerates_wording(asked: str, code: str) -> None:
    found = lookup(asked)
    assert found is not None, asked
    assert found.code == code


@pytest.mark.parametrize(
    "asked", ["uittreksel", "kopie", "foto van het terras", "", "verklaring omtrent gedrag"]
)
def test_no_registration_for_generic_or_unknown(asked: str) -> None:
    assert lookup(asked) is None


def test_table_is_well_formed() -> None:
    regs = all_registrations()
    codes = [r.code for r in regs]
    assert len(codes) == len(set(codes))
    assert {"BRP", "BAG", "BRK", "HR", "BGT", "WOZ", "BRI", "BRV", "BRT", "BRO"} <= set(codes)
    assert all(r.documents and r.name and r.keeper for r in regs)
