"""Pages read one way: ``ctx.cached(queries.x, …)`` / ``ctx.cached(views.x, …)``, each reader
listed with the topics it depends on. No page or page helper calls a reader itself."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from alignment import kpis, queries, views
from alignment.ui.cached import READS

ROOT = Path(__file__).resolve().parents[1]
# The page helpers; ui/cached.py is the cache itself.
PAGE_CODE = sorted([*ROOT.joinpath("pages").glob("*.py"), ROOT / "app.py",
                    *(p for p in ROOT.joinpath("src/alignment/ui").glob("*.py")
                      if p.name != "cached.py")])
READERS = {"queries": queries, "views": views, "kpis": kpis}


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def is_reader(module, name: str) -> bool:
    """Whether ``module.name`` reads the database: a function taking the connection first
    (a class, such as a filter's value, or a wording helper reads nothing)."""
    fn = getattr(module, name, None)
    if not inspect.isfunction(fn):
        return False
    parameters = list(inspect.signature(fn).parameters)
    return bool(parameters) and parameters[0] in {"con", "cur"}


def uncached_reads(code: str) -> list[str]:
    """Readers called directly (``queries.x(…)``) or through the removed ``ctx.q``."""
    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Attribute) and node.attr == "q" and isinstance(
                node.value, ast.Name) and node.value.id == "ctx":
            found.append("ctx.q")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id in READERS
                and is_reader(READERS[node.func.value.id], node.func.attr)):
            found.append(f"{node.func.value.id}.{node.func.attr}")
    return found


def readers_passed(code: str) -> list[tuple[str, str]]:
    """The readers handed to ``….cached(reader, …)``: (module, name)."""
    return [(call.args[0].value.id, call.args[0].attr)
            for call in ast.walk(ast.parse(code))
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr == "cached" and call.args
            and isinstance(call.args[0], ast.Attribute)
            and isinstance(call.args[0].value, ast.Name) and call.args[0].value.id in READERS]


@pytest.mark.parametrize("path", PAGE_CODE, ids=relative)
def test_pages_and_their_helpers_read_only_through_the_cache(path):
    assert uncached_reads(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", PAGE_CODE, ids=relative)
def test_every_cached_reader_says_what_it_depends_on(path):
    missing = [f"{module}.{name}" for module, name in readers_passed(path.read_text("utf-8"))
               if getattr(READERS[module], name) not in READS]
    assert missing == []


@pytest.mark.parametrize(
    ("code", "found"),
    [
        ("rows = queries.table_rows(ctx.con, 'goals')", ["queries.table_rows"]),
        ("shown = views.learning(ctx.con, scope)", ["views.learning"]),
        ("rows = ctx.q.people_list()", ["ctx.q"]),
        ("rows = ctx.cached(queries.people_list)", []),
        ("chosen = queries.ExperimentFilter(statuses=('done',))", []),
        ("download_csv(ctx.at_click(queries.table_rows, 'goals'), 'goals.csv')", []),
    ],
)
def test_the_scan_finds_a_read_outside_the_cache(code, found):
    assert uncached_reads(code) == found


def test_the_scan_finds_the_readers_handed_to_the_cache():
    code = "a = ctx.cached(views.learning, scope)\nb = reads.cached(queries.team_choices, None)"
    assert readers_passed(code) == [("views", "learning"), ("queries", "team_choices")]
