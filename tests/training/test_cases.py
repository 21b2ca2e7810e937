"""Loading cases: shipped ones validate; a trainer's folder adds cases; a broken file gives
a Dutch error naming the file and location while the other cases still load."""

from __future__ import annotations

from pathlib import Path

import yaml

from assistant.training.cases import SHIPPED_DIR, load_cases

GOOD = {
    "id": "eigen-casus",
    "title": "Eigen casus",
    "description": "Een korte beschrijving.",
    "learning_goals": ["intake"],
    "solution": {"journey": {"name": "Iets regelen"}, "variants": [{"name": "Huidig"}]},
}


def write(folder: Path, name: str, data: object) -> Path:
    path = folder / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")
    return path


def test_shipped_cases_load_deterministically() -> None:
    first, second = load_cases(), load_cases()
    assert len(list(SHIPPED_DIR.glob("*.yaml"))) == len(first.cases) >= 6
    for case_id, case in first.cases.items():
        assert case.solution.to_json() == second.cases[case_id].solution.to_json()


def test_trainer_folder_adds_a_case(tmp_path: Path) -> None:
    write(tmp_path, "eigen.yaml", GOOD)
    lib = load_cases(tmp_path)
    assert not lib.errors
    assert "eigen-casus" in lib.cases and "straatfestival" in lib.cases


def test_broken_solution_names_file_and_json_path(tmp_path: Path) -> None:
    bad = {
        **GOOD,
        "id": "kapot",
        "solution": {"variants": [{"services": [{"levering": {"channels": ["duif"]}}]}]},
    }
    write(tmp_path, "kapot.yaml", bad)
    write(tmp_path, "eigen.yaml", GOOD)
    lib = load_cases(tmp_path)
    assert "eigen-casus" in lib.cases and "kapot" not in lib.cases
    [error] = lib.errors
    text = str(error)
    assert "kapot.yaml" in text
    assert error.location == "$.solution.variants[0].services[0].levering.channels[0]"
    assert "Ongeldige waarde" in text


def test_broken_yaml_and_unknown_goal(tmp_path: Path) -> None:
    write(tmp_path, "yaml.yaml", "id: [niet gesloten\n")
    write(tmp_path, "doel.yaml", {**GOOD, "id": "doel", "learning_goals": ["intake", "vliegen"]})
    write(tmp_path, "leeg.yaml", "")
    write(tmp_path, "extra.yaml", {**GOOD, "id": "extra", "oplossing": {}})
    lib = load_cases(tmp_path)
    errors = {e.path.name: e for e in lib.errors}
    assert set(errors) == {"yaml.yaml", "doel.yaml", "leeg.yaml", "extra.yaml"}
    assert errors["yaml.yaml"].location.startswith("regel ")
    assert errors["doel.yaml"].location == "$.learning_goals[1]"
    assert "vliegen" in errors["doel.yaml"].message
    assert errors["extra.yaml"].location == "$.oplossing"
    assert len(lib.cases) >= 6


def test_solution_file_next_to_case(tmp_path: Path) -> None:
    (tmp_path / "sol.json").write_text('{"journey": {"name": "x"}}', encoding="utf-8")
    write(
        tmp_path,
        "met-bestand.yaml",
        {
            **{k: v for k, v in GOOD.items() if k != "solution"},
            "id": "met-bestand",
            "solution_file": "sol.json",
        },
    )
    write(
        tmp_path,
        "ontbreekt.yaml",
        {
            **{k: v for k, v in GOOD.items() if k != "solution"},
            "id": "ontbreekt",
            "solution_file": "../elders.json",
        },
    )
    lib = load_cases(tmp_path)
    assert "met-bestand" in lib.cases
    assert [e.path.name for e in lib.errors] == ["ontbreekt.yaml"]


def test_a_solution_file_nested_too_deep_is_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "diep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    write(
        tmp_path,
        "diep.yaml",
        {
            **{k: v for k, v in GOOD.items() if k != "solution"},
            "id": "diep",
            "solution_file": "diep.json",
        },
    )
    lib = load_cases(tmp_path)
    errors = {e.path.name: e for e in lib.errors}
    assert "te diep genest" in errors["diep.yaml"].message and "diep" not in lib.cases


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    lib = load_cases(tmp_path / "bestaat-niet")
    assert len(lib.errors) == 1 and len(lib.cases) >= 6
