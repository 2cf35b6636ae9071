"""Every template, downloaded untouched, uploads cleanly into the organisation it was made for:
in both delimiters and both languages, for a member (their own team) and for an admin."""

from __future__ import annotations

import datetime as dt

import pytest

from alignment import contract, db, views
from alignment.access import LOCAL_ADMIN, MEMBER, Person
from alignment.bootstrap import DEMO_DIR
from alignment.contract import column_for_header
from alignment.ingest.pipeline import demo_loaded, upload_committed, upload_preview
from alignment.ingest.problems import NotACsv, References
from alignment.ingest.reader import rows_from_bytes
from alignment.ingest.validate import checked_rows
from alignment.templates import (
    DUTCH_HEADERS,
    EXAMPLE_KINDS,
    ExampleIds,
    example_rows,
    template_csv,
    template_header,
)

TODAY = dt.date(2026, 11, 27)
VARIANTS = [(delimiter, lang) for delimiter in ",;" for lang in ("en", "nl")]
TEXT_COLUMNS = ("title", "hypothesis", "metric", "learning", "decision_rationale")
# an admin; members of a team owning products, of one sharing its product with other owners,
# and of one without any product (its examples name a product of its value stream)
PEOPLE = [LOCAL_ADMIN, *(Person(email=f"{team.lower()}@example.org", name=team, role=MEMBER,
                                team_id=team) for team in ("BZ-PAS", "BZ-KCC", "BV-HRM"))]
IDS = ExampleIds(team_id="BZ-PAS", product_id="P-REISDOC", goal_id="DOEL-02",
                 partner_team_id="BZ-AFS", taken=frozenset({"BZ-PAS-VOORBEELD-1"}))
REFERENCES = References(team_ids=frozenset({"BZ-PAS", "BZ-AFS"}),
                        product_ids=frozenset({"P-REISDOC"}), goal_ids=frozenset({"DOEL-02"}))


def _demo():
    con = db.connect(":memory:")
    demo_loaded(con, DEMO_DIR, TODAY)
    return con


@pytest.fixture(scope="module")
def demo():
    """The demo organisation, read only: previews write nothing."""
    con = _demo()
    yield con
    con.close()


def _template(con, kind: str, person: Person, delimiter: str, lang: str) -> bytes:
    return template_csv(kind, views.example_ids(con, person, lang), delimiter, lang)


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p.team_id or p.role)
@pytest.mark.parametrize(("delimiter", "lang"), VARIANTS)
@pytest.mark.parametrize("kind", EXAMPLE_KINDS)
def test_the_untouched_template_uploads_without_a_problem(demo, kind, delimiter, lang, person):
    data = _template(demo, kind, person, delimiter, lang)
    outcome = upload_preview(demo, kind, "template.csv", data, TODAY, actor=person)
    assert [p.in_language("en") for p in outcome.problems] == []
    assert outcome.new == 2 and outcome.changed == 0


def test_a_member_s_examples_are_their_own_team_s_on_its_product_and_goal(demo):
    # BZ-PAS owns P-REISDOC, which contributes to DOEL-01 (and supports DOEL-02)
    ids = views.example_ids(demo, PEOPLE[1], "en")
    assert (ids.team_id, ids.product_id, ids.goal_id, ids.partner_team_id) == (
        "BZ-PAS", "P-REISDOC", "DOEL-01", "BZ-BAL")
    rows = example_rows("experiments", ids, "en")
    assert {row["team_id"] for row in rows} == {"BZ-PAS"}
    assert [row["experiment_id"] for row in rows] == ["BZ-PAS-EXAMPLE-1", "BZ-PAS-EXAMPLE-2"]


def test_once_uploaded_the_next_template_names_new_examples_and_overwrites_nothing():
    con = _demo()
    try:
        member = PEOPLE[1]
        first = _template(con, "experiments", member, ";", "nl")
        written = upload_committed(con, "experiments", "sjabloon.csv", first, actor=member,
                                   today=TODAY)
        assert not written.blocked and written.new == 2
        again = _template(con, "experiments", member, ";", "nl")
        outcome = upload_preview(con, "experiments", "sjabloon.csv", again, TODAY, actor=member)
        assert outcome.problems == [] and outcome.new == 2
        assert outcome.new_ids == ["BZ-PAS-VOORBEELD-3", "BZ-PAS-VOORBEELD-4"]
    finally:
        con.close()


def _checked(delimiter: str, lang: str):
    data = template_csv("experiments", IDS, delimiter, lang)
    return checked_rows(rows_from_bytes(data, "experiments"), "experiments", REFERENCES, TODAY)


@pytest.mark.parametrize(("delimiter", "lang"), VARIANTS)
def test_every_variant_holds_the_same_links_choices_numbers_and_dates(delimiter, lang):
    english, _ = _checked(",", "en")
    variant, _ = _checked(delimiter, lang)
    same = [c for c in contract.COLUMNS["experiments"]
            if c not in (*TEXT_COLUMNS, "experiment_id")]
    assert variant[same].astype(str).equals(english[same].astype(str))


@pytest.mark.parametrize(("lang", "delimiter", "column", "cell"), [
    ("en", ",", "experiment_id", "BZ-PAS-EXAMPLE-1"),
    ("nl", ";", "experiment_id", "BZ-PAS-VOORBEELD-2"),  # -1 is taken
    ("en", ",", "team_id", "BZ-PAS"),
    ("nl", ";", "product_id", "P-REISDOC"),
    ("nl", ";", "goal_id", "DOEL-02"),
    ("en", ",", "partner_teams", "BZ-AFS"),
    ("en", ",", "title", "Pay by link in reminders"),
    ("nl", ",", "title", "Betaallink in herinneringen"),
    ("nl", ";", "metric", "% te laat betaald"),
    ("en", ",", "observed", "11.5"),
    ("en", ";", "observed", "11,5"),
    ("nl", ",", "start_date", "2026-03-02"),
    ("nl", ";", "start_date", "02-03-2026"),
    ("en", ";", "status", "done"),
    ("nl", ";", "status", "afgerond"),
    ("nl", ",", "lean_lens", "waarde"),
    ("nl", ";", "result", "gevalideerd"),
    ("nl", ";", "evidence_strength", "sterk"),
    ("nl", ";", "decision", "doorzetten"),
])
def test_example_cells(lang, delimiter, column, cell):
    assert example_rows("experiments", IDS, lang, delimiter)[0][column] == cell


def test_without_teams_there_are_no_examples():
    assert example_rows("experiments", None, "nl", ";") == []


@pytest.mark.parametrize("kind", list(contract.COLUMNS))
def test_every_dutch_header_is_read_as_its_column(kind):
    header = template_header(kind, "nl")
    assert [column_for_header(name, kind) for name in header] == list(contract.COLUMNS[kind])


@pytest.mark.parametrize(("kind", "lang", "header"), [
    ("experiments", "nl", ["experimentcode", "teamcode", "titel", "hypothese", "status"]),
    ("experiments", "en", ["experiment_id", "team_id", "title", "hypothesis", "status"]),
    ("people", "nl", ["e-mail", "naam", "rol", "teamcode"]),
    ("goals", "nl", ["doelcode", "titel", "omschrijving", "niveau", "bovenliggend_doel"]),
])
def test_the_header_is_in_the_reader_s_language(kind, lang, header):
    assert template_header(kind, lang)[:len(header)] == header


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("kind", [k for k in contract.COLUMNS if k not in EXAMPLE_KINDS])
def test_a_template_without_examples_is_the_header_the_uploader_knows(kind, lang):
    data = template_csv(kind, None, ";", lang)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").strip() == ";".join(template_header(kind, lang))
    with pytest.raises(NotACsv) as caught:  # every column known, so only the rows are missing
        rows_from_bytes(data, kind)
    assert caught.value.said.key == "problem.header_only"


def test_every_dutch_header_names_a_column():
    columns = {c for kind in contract.COLUMNS.values() for c in kind}
    assert set(DUTCH_HEADERS) <= columns
