"""The architecture guards itself: who imports Streamlit, where SQL lives, which pages exist."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from alignment.sitemap import PAGES, SECTIONS

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted([*ROOT.joinpath("src").rglob("*.py"), *ROOT.joinpath("pages").glob("*.py"),
                  ROOT / "app.py"])
STREAMLIT_ALLOWED = ("app.py", "pages/", "src/alignment/ui/")
SQL_ALLOWED = ("src/alignment/queries/", "src/alignment/db/", "src/alignment/store")
DRIVERS = {"duckdb", "psycopg", "psycopg_pool"}
DRIVERS_ALLOWED = ("src/alignment/db/",)
SQL_SHAPE = re.compile(
    r"\b(SELECT\b[\s\S]*\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|MERGE\s+INTO"
    r"|CREATE\s+(TABLE|VIEW|INDEX))\b"
)


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def string_constants(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)]


@pytest.mark.parametrize("path", SOURCES, ids=relative)
def test_only_the_ui_imports_streamlit(path):
    if relative(path).startswith(STREAMLIT_ALLOWED):
        return
    assert "streamlit" not in imported_modules(path), f"{relative(path)} imports streamlit"


@pytest.mark.parametrize("path", SOURCES, ids=relative)
def test_only_the_database_seam_imports_a_database_driver(path):
    if relative(path).startswith(DRIVERS_ALLOWED):
        return
    assert not imported_modules(path) & DRIVERS, f"{relative(path)} imports a database driver"


def test_the_driver_guard_sees_the_seam_import_both_drivers():
    seam = ROOT / "src/alignment/db"
    imported = set().union(*(imported_modules(p) for p in seam.glob("*.py")))
    assert DRIVERS <= imported


@pytest.mark.parametrize("path", SOURCES, ids=relative)
def test_sql_lives_only_in_queries_db_and_store(path):
    if relative(path).startswith(SQL_ALLOWED):
        return
    sql = [s for s in string_constants(path) if SQL_SHAPE.search(s)]
    assert sql == [], f"{relative(path)} holds SQL text"


PURE = sorted([*ROOT.joinpath("src/alignment/charts").glob("*.py"),
               *ROOT.joinpath("src/alignment/metrics").glob("*.py")])


def imported_from_alignment(path: Path) -> set[str]:
    """The ``alignment`` modules ``path`` imports, by their full dotted name."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("path", PURE, ids=relative)
def test_metrics_and_charts_never_translate(path):
    # a metric returns numbers and catalogue keys, a chart says its words from the ``words``
    # the face hands it: the reader's language is chosen at the face
    assert "alignment.i18n" not in imported_from_alignment(path), (
        f"{relative(path)} imports the translations")


@pytest.mark.parametrize(("source", "translates"), [
    ("from alignment.i18n import translate", True),
    ("from alignment import i18n", True),
    ("import alignment.i18n", True),
    ("from alignment.problems import said", False),
])
def test_the_translation_guard_sees_every_way_of_importing(tmp_path, source, translates):
    module = tmp_path / "module.py"
    module.write_text(source + "\n", encoding="utf-8")
    assert ("alignment.i18n" in imported_from_alignment(module)) == translates


def test_the_sql_detector_finds_sql():
    assert SQL_SHAPE.search("SELECT a\nFROM t")
    assert SQL_SHAPE.search("MERGE INTO t USING s")
    assert not SQL_SHAPE.search("Select a team from the list")


def test_every_page_file_is_registered_once():
    files = sorted(relative(p) for p in ROOT.joinpath("pages").glob("*.py"))
    registered = sorted(p.path for p in PAGES)
    assert registered == files


def test_every_page_sits_in_a_known_section_with_a_unique_url():
    assert {p.section for p in PAGES} <= set(SECTIONS)
    assert len({p.url_path for p in PAGES}) == len(PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.path)
def test_every_page_sets_itself_up(page):
    # a page opened first by URL runs without app.py, so it must open its own context, which
    # also checks that the signed-in role may open this very file
    text = ROOT.joinpath(page.path).read_text(encoding="utf-8")
    assert re.search(r"page_context\(__file__(, filters=True)?\)", text)


# what opens a transaction or reaches the database other than through a reader
TRANSACTIONS = {"written", "transaction", "execute", "cursor", "write_lock"}


def opened_transactions(code: str) -> list[str]:
    """The calls in ``code`` that open a transaction or talk to the database directly."""
    tree = ast.parse(code)
    return sorted({node.func.attr for node in ast.walk(tree)
                   if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                   and node.func.attr in TRANSACTIONS}
                  | {"alignment.db" for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom) and node.module == "alignment"
                     and any(alias.name == "db" for alias in node.names)})


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.path)
def test_pages_open_no_transaction(page):
    # a write is a named call of the store (its own transaction), never a page's business
    assert opened_transactions(ROOT.joinpath(page.path).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(("code", "found"), [
    ("from alignment import db\ndb.written(ctx.con, work)", ["alignment.db", "written"]),
    ("with db.transaction(con) as cur:\n    cur.execute('x')", ["execute", "transaction"]),
    ("store.saved_decision(ctx.con, decision)", []),
])
def test_the_transaction_guard_sees_a_page_write(code, found):
    assert opened_transactions(code) == found


def test_every_page_says_which_roles_may_open_it():
    assert all(p.roles for p in PAGES)


REGISTRY = "src/alignment/sitemap.py"
PAGE_FILE = re.compile(r"^pages/\w+\.py$")


@pytest.mark.parametrize("path", SOURCES, ids=relative)
def test_only_the_registry_names_a_page_file(path):
    # every other module reaches a page through its registry entry (``sitemap.STRATEGY``…)
    if relative(path) == REGISTRY:
        return
    named = [s for s in string_constants(path) if PAGE_FILE.match(s)]
    assert named == [], f"{relative(path)} names page files: {named}"


def test_the_page_file_guard_sees_the_registry_name_them():
    assert len([s for s in string_constants(ROOT / REGISTRY) if PAGE_FILE.match(s)]) == len(PAGES)


def test_exactly_one_registered_page_is_served_at_the_root():
    assert [p.path for p in PAGES if p.is_default] == ["pages/overview.py"]


# ----------------------------------------------------------------------------- links

UI_SOURCES = [ROOT / "app.py", *sorted(ROOT.joinpath("pages").glob("*.py")),
              *sorted(ROOT.joinpath("src", "alignment", "ui").glob("*.py"))]
LINK_CALLS = {"page_link", "switch_page"}
# a page's address written by hand ("/session?team=…"), not made by navigation.page_url
URL_PATHS = "|".join(re.escape(p.url_path) for p in PAGES)
PAGE_ADDRESS = re.compile(rf"^/({URL_PATHS})(\?|$)")


def links_dropping_the_url(path: Path) -> list[str]:
    """``st.page_link``/``st.switch_page`` calls in ``path`` whose ``query_params`` do not carry
    ``carried_params()``, and page addresses written by hand: such a link drops the language
    and the filters."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and PAGE_ADDRESS.match(node.value)):
            found.append(f"{path.name}:{node.lineno}")
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in LINK_CALLS):
            continue
        given = [k.value for k in node.keywords if k.arg == "query_params"]
        carries = given and any(
            isinstance(inner, ast.Call) and getattr(inner.func, "id", "") == "carried_params"
            for inner in ast.walk(given[0]))
        if not carries:
            found.append(f"{path.name}:{node.lineno}")
    return found


@pytest.mark.parametrize("path", UI_SOURCES, ids=relative)
def test_every_link_keeps_the_language_and_the_filters(path):
    assert links_dropping_the_url(path) == []


@pytest.mark.parametrize(("code", "dropping"), [
    ('st.page_link("pages/teams.py", label=t("x"))', True),
    ('st.switch_page("pages/teams.py")', True),
    ('st.page_link(p, label=t("x"), query_params={"goal": g})', True),
    ('st.page_link(p, label=t("x"), query_params=carried_params())', False),
    ('st.switch_page(p, query_params={**carried_params(), "goal": g})', False),
    # the call must sit in the link itself: the scan reads one call at a time
    ('carried = carried_params()\nst.page_link(p, query_params=carried)', True),
    ('rows.assign(link=[f"/session?team={team}" for team in teams])', True),
    ('rows.assign(link="/experiments")', True),
    ('rows.assign(link=[page_url("pages/session.py", team=team) for team in teams])', False),
])
def test_the_link_scan_finds_links_that_drop_the_url(tmp_path, code, dropping):
    probe = tmp_path / "probe.py"
    probe.write_text(f"import streamlit as st\n{code}\n", encoding="utf-8")
    assert bool(links_dropping_the_url(probe)) is dropping


# ----------------------------------------------------------------------------- public surfaces

FACADES = ("alignment.queries", "alignment.metrics", "alignment.charts")


def public_names(path: Path) -> set[str]:
    """What a module defines or re-exports without a leading underscore."""
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("alignment."):
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return {name for name in names if not name.startswith("_")}


@pytest.mark.parametrize("module", FACADES)
def test_a_facade_states_everything_it_re_exports(module):
    path = ROOT / "src" / Path(*module.split(".")) / "__init__.py"
    facade = importlib.import_module(module)
    assert sorted(facade.__all__) == sorted(public_names(path))


def test_the_views_state_every_view():
    from alignment import views

    tree = ast.parse(ROOT.joinpath("src/alignment/views.py").read_text(encoding="utf-8"))
    own = {node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef)
           and not node.name.startswith("_")}
    assert own <= set(views.__all__) <= set(dir(views))
