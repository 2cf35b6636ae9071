"""The CSV contract lives in one place, `alignment.contract`, and says what it offers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from alignment import contract

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "src" / "alignment" / "contract"
SOURCES = sorted([*ROOT.joinpath("src").rglob("*.py"), *ROOT.joinpath("pages").glob("*.py"),
                  ROOT / "app.py"])
# what the contract is made of: columns, required columns, column rules, header aliases
CONTRACT_TABLES = {"COLUMNS", "REQUIRED", "RULES", "HEADER_ALIASES"}


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def defined_names(path: Path) -> set[str]:
    """The names a module defines at its top: assignments, functions and classes."""
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
    return names


@pytest.mark.parametrize("path", SOURCES, ids=relative)
def test_the_contract_is_defined_only_in_the_contract_package(path):
    if path.is_relative_to(CONTRACT):
        return
    assert not defined_names(path) & CONTRACT_TABLES, f"{relative(path)} defines the contract"


def test_the_contract_states_every_public_name_of_its_rooms():
    public = {name for path in CONTRACT.glob("*.py") if path.name != "__init__.py"
              for name in defined_names(path) if not name.startswith("_")}
    assert sorted(contract.__all__) == sorted(public)
    assert all(hasattr(contract, name) for name in contract.__all__)


def test_every_kind_has_rules_for_exactly_its_columns():
    assert set(contract.RULES) == set(contract.COLUMNS)
    for kind, columns in contract.COLUMNS.items():
        assert tuple(contract.RULES[kind]) == columns, kind
        assert set(contract.REQUIRED[kind]) <= set(columns), kind


def test_every_alias_names_a_column_of_the_contract():
    columns = {column for names in contract.COLUMNS.values() for column in names}
    assert set(contract.HEADER_ALIASES.values()) <= columns
