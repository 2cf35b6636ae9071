"""Text people typed or uploaded is shown as text on every view, never rendered as Markdown.

A title holding an image made every reader's browser fetch an outside URL; links, colours
and KaTeX rendered too. Every text field of a demo database here holds such syntax, and every
string of every view that Streamlit renders as Markdown (bodies, labels, help texts, tiles)
must hold it escaped (``alignment.markdown.plain``), never as it was typed.
"""

from __future__ import annotations

import pytest
from google.protobuf.message import Message
from streamlit import config
from streamlit.testing.v1 import AppTest

from alignment import bootstrap, db
from alignment.markdown import plain
from alignment.ui.identity import HEADER_ENV
from tests.pages.conftest import EVERY_VIEW, ROOT, opened

# an image (a tracking pixel), a link, a colour, KaTeX, a bare link, an arrow, an address
HOSTILE = ("![px](http://127.0.0.2:9/px.png) [ln](http://127.0.0.2:9/) :red[R] $x^2$ "
           "www.evil.example -> a@b.nl")
SYNTAX = ("![px](", "[ln](", ":red[R]", "$x^2$", "www.evil", "example ->", "a@b.nl")
# every free text a person types or uploads (ids keep their safe character set)
TEXT_COLUMNS = {
    "goals": ("title", "description", "owner"),
    "products": ("name", "value_stream", "mission"),
    "teams": ("name", "value_stream"),
    "experiments": ("title", "hypothesis", "learning", "decision_rationale", "metric"),
    "sessions": ("notes", "facilitator"),
    "actions": ("description",),
    "people": ("name",),
    "uploads": ("file_name", "uploaded_by"),
    "goal_measures": ("name", "unit"),
    "check_ins": ("comment",),
}
# where Streamlit shows text as it is, without Markdown: select box choices, charts' specs
# (drawn as SVG text) and tables (Arrow bytes, never a string field)
AS_IS = {"Selectbox.options", "MultiSelect.options", "GraphVizChart.spec",
         "VegaLiteChart.spec"}
# the views that show people's text in Markdown: learning cards, the spread trees' titles,
# the teams needing a coach, a session's chain and actions, an experiment's history
IN_MARKDOWN = {("pages/experiments.py", ()), ("pages/learning.py", ()),
               ("pages/coach_overview.py", ()), ("pages/session.py", (("team", "SD-WMO"),)),
               ("pages/experiments.py", (("experiment", "KCC-002"),)),
               # Strategy's goal list: one pill per goal, its title as typed
               ("pages/strategy.py", ()),
               ("pages/strategy.py", (("goal", "DOEL-07"), ("break", "orphan_experiment"))),
               ("pages/strategy.py", (("goal", "DOEL-02"),))}


def hostile(path) -> None:
    """The demo organisation in ``path`` with every free text replaced by Markdown syntax."""
    con = bootstrap.ready_connection(path)
    for table, columns in TEXT_COLUMNS.items():
        assignments = ", ".join(f"{c} = CASE WHEN {c} IS NULL THEN NULL ELSE ? END"
                                for c in columns)
        con.execute(f"UPDATE {table} SET {assignments}", [HOSTILE] * len(columns))
    con.execute(db.BUMP_VERSION)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    """A database of the demo with every free text replaced by Markdown syntax."""
    path = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    hostile(path)
    return path


def _strings(message: Message, prefix: str) -> list[tuple[str, str]]:
    found = []
    for field, value in message.ListFields():
        values = value if field.is_repeated else [value]
        if field.type == field.TYPE_MESSAGE:
            found += [pair for item in values for pair in _strings(item, prefix)]
        elif field.type == field.TYPE_STRING:
            found += [(f"{prefix}.{field.name}", item) for item in values]
    return found


def shown_strings(node) -> list[tuple[str, str]]:
    """Every string of every element and block on the page, as ``(Type.field, text)``."""
    proto = getattr(node, "proto", None)
    found = _strings(proto, type(proto).__name__) if isinstance(proto, Message) else []
    children = getattr(node, "children", None)
    for child in (children.values() if isinstance(children, dict) else []):
        found += shown_strings(child)
    return found


def rendered_syntax(at: AppTest) -> list[tuple[str, str]]:
    """The Markdown-rendered strings of the page holding people's syntax unescaped."""
    return [(field, text) for field, text in shown_strings(at._tree)
            if field not in AS_IS and any(syntax in text for syntax in SYNTAX)]


def shows_escaped(at: AppTest) -> bool:
    return any(plain(HOSTILE) in text for _, text in shown_strings(at._tree))


@pytest.mark.parametrize("page, query", EVERY_VIEW)
def test_every_view_shows_people_s_text_as_text(hostile_db, monkeypatch, page, query):
    monkeypatch.setenv(db.ENV_VAR, str(hostile_db))
    at = opened(page, **query)
    assert not at.exception
    assert rendered_syntax(at) == []
    # the views that show people's text show it, escaped; the others show none of it
    assert shows_escaped(at) == ((page, tuple(query.items())) in IN_MARKDOWN)


def test_a_person_s_name_in_the_sidebar_is_shown_as_text(hostile_db, monkeypatch):
    monkeypatch.setenv(db.ENV_VAR, str(hostile_db))
    monkeypatch.setenv(HEADER_ENV, "X-Forwarded-Email")
    before = config.get_option("server.trustedUserHeaders")
    config.set_option("server.trustedUserHeaders", {"X-Forwarded-Email": "email"})
    con = bootstrap.ready_connection(hostile_db)
    con.execute("INSERT OR REPLACE INTO people VALUES ('x@example.org', ?, 'admin', NULL)",
                [HOSTILE])
    con.execute(db.BUMP_VERSION)
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.user = {"email": "x@example.org"}
        at.run()
    finally:
        config.set_option("server.trustedUserHeaders", before)
    assert not at.exception
    assert rendered_syntax(at) == []
    assert any(plain(HOSTILE) in c.value for c in at.sidebar.caption)
