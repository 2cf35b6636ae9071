"""Dutch and English: complete catalogues, every key used, formats and Dutch words on upload."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from alignment import contract, deployment, i18n, kpis, metrics, queries, scope
from alignment.contract import RULES
from alignment.ingest.problems import NotACsv, References
from alignment.ingest.reader import rows_from_bytes
from alignment.ingest.validate import checked_rows
from alignment.problems import choices
from alignment.session import live, timebox
from alignment.session import record as session_record
from alignment.session import votes as session_votes

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")),
           *sorted((ROOT / "src" / "alignment").rglob("*.py"))]

# keys built at run time from a value: their family and where the values come from
DYNAMIC = {
    "enum": {f"{field}.{value}" for field, values in i18n.ENUMS.items() for value in values},
    "page": {path.stem for path in (ROOT / "pages").glob("*.py")},
    "section": {"leaders", "teams", "coaches", "data"},
    "period": set(scope.PERIODS),
    "agenda": set(timebox.AGENDA),
    "live_phase": set(live.PHASES),
    "live_do": set(live.PHASES),
    "live_prompt": set(live.PROMPTS),
    "table": set(queries.TABLE_ROWS),
    "theme": set(session_record.THEMES),
    "score": set(session_votes.SCORES),
    "role_plural": set(contract.PERSON_ROLES),
    "role_description": set(contract.PERSON_ROLES),
    "break_label": set(metrics.BREAK_TYPES),
    "break_definition": set(metrics.BREAK_TYPES),
    "break_detail": set(metrics.BREAK_TYPES) - {"orphan_experiment"}
    | {"no_goal_no_product", "no_goal", "no_product", "stale_measure_never"},
    "entity": {"goals", "products", "teams", "experiments", "sessions", "actions"},
    "kind": set(contract.COLUMNS),
    "signal": {"thrash", "stagnation", "thrash_and_stagnation", "balanced", "no_target"},
    "discipline": set(contract.DISCIPLINES),
    "guide": {"column", "required", "type", "rule", "dutch_values", "also_accepted_as"},
    "guide_type": {"text", "choice", "date", "number", "list", "whole_number"},
    "guide_rule": set(contract.COLUMNS["experiments"]),
    "report": {"line", "column", "value", "problem", "fix", "severity", "error", "warning"},
    "calendar": {"days", "short_days", "months", "short_months"},
    "configuration": set(deployment.REFUSALS),
    "column": None,  # table headers: looked up by a frame's column names
    "problem": None,  # some built from a value (``problem.same_column_{both}``)
    "noun": {"team", "goal", "product", "experiment", "session", "product_goal_pair",
             "team_product_pair", "coach_team_pair", "measure"},
    "example": {rule.example for rules in RULES.values() for rule in rules.values()
                if rule.example},
    "definition": {spec[0].removeprefix("kpi.") for spec in kpis.KPI_SPECS},  # a tile's
}


def _source_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in SOURCES)


def test_every_key_is_in_both_catalogues():
    english, dutch = set(i18n.catalogue("en")), set(i18n.catalogue("nl"))
    assert english - dutch == set(), "missing in nl.toml"
    assert dutch - english == set(), "missing in en.toml"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_message_has_the_parameters_of_its_english_one(lang):
    english = i18n.catalogue("en")
    for key, text in i18n.catalogue(lang).items():
        assert set(i18n.template_fields(text)) == set(i18n.template_fields(english[key])), key


def test_every_key_is_used_in_the_code():
    text = _source_text()
    literal = set(re.findall(r"""["']([a-z_]+\.[a-z0-9_]+)["']""", text))
    literal |= {f"chart.{k}" for k in re.findall(r'\btitle\(words, "([a-z0-9_]+)"\)', text)}
    literal |= {f"chart.{k}_{n}" for k in re.findall(r'\bcounted\(words, "([a-z0-9_]+)"', text)
                for n in ("one", "many")}
    unused = []
    for key in i18n.catalogue("en"):
        family, _, rest = key.partition(".")
        if key in literal:
            continue
        if family in DYNAMIC and DYNAMIC[family] is None:
            continue
        if family in DYNAMIC and rest in DYNAMIC[family]:
            continue
        if family == "kpi" and f'"kpi.{rest}"' in text:
            continue
        unused.append(key)
    assert unused == []


def test_every_dynamic_key_exists():
    english = i18n.catalogue("en")
    missing = [f"{family}.{rest}" for family, values in DYNAMIC.items() if values
               for rest in values
               if f"{family}.{rest}" not in english and family != "guide_rule"]
    assert missing == []


def test_every_key_written_in_the_code_exists():
    english = i18n.catalogue("en")
    written = set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_]+)["']""", _source_text()))
    written |= set(re.findall(r"""translate\([a-z]+, ["']([a-z_]+\.[a-z0-9_]+)["']""",
                              _source_text()))
    assert sorted(written - set(english)) == []


@pytest.mark.parametrize(("lang", "value", "decimals", "signed", "text"), [
    ("nl", 1234.5, 1, False, "1.234,5"),
    ("en", 1234.5, 1, False, "1,234.5"),
    ("nl", 1234567, 0, False, "1.234.567"),
    ("en", 1234567, 0, False, "1,234,567"),
    ("nl", 0.25, 2, True, "+0,25"),
    ("en", -3.0, 1, True, "-3.0"),
    ("nl", None, 0, False, "—"),
])
def test_numbers_per_language(lang, value, decimals, signed, text):
    assert i18n.number(lang, value, decimals, signed) == text


@pytest.mark.parametrize(("lang", "share", "text"), [
    ("nl", 0.666, "67%"), ("en", 0.5, "50%"), ("nl", None, "—"),
])
def test_percentages_per_language(lang, share, text):
    assert i18n.percent(lang, share) == text


@pytest.mark.parametrize(("lang", "day", "text"), [
    ("nl", dt.date(2026, 11, 27), "27-11-2026"),
    ("en", dt.date(2026, 11, 27), "2026-11-27"),
    ("nl", pd.Timestamp("2026-03-01"), "01-03-2026"),
    ("en", None, ""),
    ("nl", pd.NaT, ""),
])
def test_dates_per_language(lang, day, text):
    assert i18n.date_text(lang, day) == text


@pytest.mark.parametrize(("asked", "lang"), [
    ("nl", "nl"), ("nl-BE", "nl"), ("NL", "nl"), ("en-US", "en"), ("fr-FR", "en"),
    ("", "en"), (None, "en"),
])
def test_language_of(asked, lang):
    assert i18n.language_of(asked) == lang


@pytest.mark.parametrize(("field", "value", "dutch"), [
    ("experiment_status", "running", "lopend"),
    ("experiment_status", "done", "afgerond"),
    ("result", "validated", "gevalideerd"),
    ("lean_lens", "waste", "verspilling"),
    ("decision", "pivot", "bijsturen"),
    ("decision_scope", "strategy", "strategie"),
    ("lifecycle", "explore", "verkennen"),
    ("person_role", "member", "teamlid"),
])
def test_enums_are_shown_translated(field, value, dutch):
    assert i18n.enum_label("nl", field, value) == dutch
    assert i18n.enum_label("en", field, value) == i18n.translate("en", f"enum.{field}.{value}")


@pytest.mark.parametrize("field", sorted(i18n.ENUMS))
def test_dutch_words_never_mean_another_value(field):
    values = i18n.ENUMS[field]
    words = i18n.dutch_words(values)
    assert sorted(words.values()) == sorted(values)  # one word per value
    for dutch, english in words.items():
        assert dutch not in values or dutch == english


def _experiment(**cells) -> pd.DataFrame:
    row = {"experiment_id": "T-1", "team_id": "T", "title": "Een proef",
           "hypothesis": "Wij geloven dat", "status": "idee", "lean_lens": "waarde"}
    return pd.DataFrame([{**row, **cells}])


@pytest.mark.parametrize(("column", "written", "stored"), [
    ("status", "lopend", "running"),
    ("status", "Afgerond", "done"),
    ("status", "IDEE", "idea"),
    ("status", "gestopt", "stopped"),
    ("lean_lens", "Verspilling", "waste"),
    ("lean_lens", "communicatie", "communication"),
    ("result", "gevalideerd", "validated"),
    ("result", "ontkracht", "invalidated"),
    ("evidence_strength", "sterk", "strong"),
    ("decision", "Opschalen", "scale"),
    ("decision_scope", "strategie", "strategy"),
    ("status", "running", "running"),
])
def test_dutch_enum_words_are_stored_in_english(column, written, stored):
    cells = {column: written, "start_date": "2026-01-05", "end_date": "2026-02-01",
             "observed": "3", "result": "validated", "learning": "Het werkt"}
    cells[column] = written
    rows, problems = checked_rows(_experiment(**cells), "experiments",
                                  References(team_ids=frozenset({"T"})), dt.date(2026, 11, 27))
    assert [p for p in problems if p.severity == "error"] == []
    assert rows[column].iloc[0] == stored


def test_an_unknown_word_is_still_an_error():
    _, problems = checked_rows(_experiment(status="bezig"), "experiments",
                               References(team_ids=frozenset({"T"})), dt.date(2026, 11, 27))
    assert [p.problem for p in problems if p.column == "status"] == [
        "status must be one of idea, running, done, stopped"]


FIXTURES = ROOT / "tests" / "fixtures" / "csv"
with (FIXTURES / "expected.csv").open(encoding="utf-8", newline="") as _handle:
    GOLDEN = list(csv.DictReader(_handle))
GOLDEN_REFS = References(
    team_ids=frozenset({"PAY", "WEB", "OPS"}), product_ids=frozenset({"P1", "P2"}),
    goal_ids=frozenset({"G1", "G2"}), experiment_teams={"OPS-001": "OPS"},
    validated_experiments=frozenset({"OPS-001"}), goal_parents={"G1": None, "G2": "G1"},
    session_ids=frozenset({"S1"}),
    person_roles={"cor@example.org": "coach", "lea@example.org": "leader"},
)


@pytest.mark.parametrize("case", GOLDEN, ids=[case["file"] for case in GOLDEN])
def test_every_golden_problem_carries_its_message_and_is_said_in_dutch(case):
    data = (FIXTURES / case["file"]).read_bytes()
    if case["not_a_csv"]:
        with pytest.raises(NotACsv) as caught:
            rows_from_bytes(data, case["kind"])
        assert caught.value.said.text("en") == str(caught.value) == case["not_a_csv"]
        assert caught.value.said.text("nl") != case["not_a_csv"]
        return
    _, problems = checked_rows(rows_from_bytes(data, case["kind"]), case["kind"],
                               GOLDEN_REFS, dt.date(2025, 6, 30))
    for found in problems:
        assert found.problem_said is not None and found.fix_said is not None, found
        assert found.in_language("en") == (found.problem, found.fix)
        assert found.cells_in("en") == (found.column, found.value)
        dutch = found.in_language("nl")
        assert dutch[0] != found.problem and dutch[1] != found.fix, found


def _report(text: str, kind: str = "experiments", lang: str = "nl") -> list[tuple[str, str]]:
    _, problems = checked_rows(rows_from_bytes(text.encode(), kind), kind, GOLDEN_REFS,
                               dt.date(2025, 6, 30))
    return [found.in_language(lang) for found in problems]


HEADER = "experiment_id,team_id,title,hypothesis,status,lean_lens"


@pytest.mark.parametrize(("text", "kind", "dutch"), [
    (HEADER + ",start_date\nA-1,PAY,Sneller,We geloven,idea,value,morgen\n", "experiments",
     ("start_date is geen geldige datum",
      "Schrijf de datum als JJJJ-MM-DD (2025-03-31) of DD-MM-JJJJ (31-03-2025).")),
    ("experiment_id,team_id,title,status,lean_lens\nA-1,PAY,Sneller,idea,value\n",
     "experiments", ("verplichte kolom hypothesis ontbreekt", None)),
    (HEADER + "\nA-1,PAY,Hi,We geloven,idea,value\n", "experiments",
     ("title heeft 2 tekens; het moeten er 3 tot 120 zijn", "Schrijf 3 tot 120 tekens.")),
    (HEADER + ",energy\nA-1,PAY,Sneller,We geloven,idea,value,9\n", "experiments",
     ("energy moet van 1 tot 5 zijn", "Schrijf een getal van 1 tot 5.")),
    (HEADER + "\nA-1,ZZZ,Sneller,We geloven,idea,value\n", "experiments",
     ("team_id ZZZ is geen bekend(e) team", None)),
    (HEADER + ",start_date\nA-1,PAY,Sneller,We geloven,running,value,\n", "experiments",
     ("een experiment met status lopend heeft een start_date nodig", None)),
    ("product_id,goal_id,link_type\nP1,G9,supports\n", "product_goals",
     ("goal_id G9 is geen bekend(e) doel", "Gebruik een bestaand(e) doel: G1, G2.")),
    ("email,team_id\nlea@example.org,PAY\n", "coach_teams",
     ("lea@example.org is leidinggevende, geen coach", None)),
])
def test_problems_are_said_in_dutch_from_their_key(text, kind, dutch):
    problem, fix = dutch
    found = _report(text, kind)
    assert problem in [p for p, _ in found]
    if fix is not None:
        assert (problem, fix) in found


@pytest.mark.parametrize(("text", "kind", "english", "dutch"), [
    (HEADER + ",\nA-1,PAY,Sneller,We geloven,idea,value,extra\n", "experiments",
     ("column G", ""), ("kolom G", "")),
    (HEADER + "\nA-1,PAY,Sneller,We geloven,idea,value,x,y\n", "experiments",
     ("", "8 cells"), ("", "8 cellen")),
])
def test_cells_the_app_words_are_said_in_dutch(text, kind, english, dutch):
    _, problems = checked_rows(rows_from_bytes(text.encode(), kind), kind, GOLDEN_REFS,
                               dt.date(2025, 6, 30))
    worded = [p for p in problems if p.column_said or p.value_said]
    assert [p.cells_in("en") for p in worded] == [english]
    assert [p.cells_in("nl") for p in worded] == [dutch]


@pytest.mark.parametrize(("text", "kind", "lang", "words", "missing"), [
    ("goal_id,title,level,status\nG1,Groei,goal,active\n", "product_goals", "nl",
     "Dit lijkt een bestand met doelen: upload het als doelen.", 2),
    ("goal_id,title,level,status\nG1,Groei,goal,active\n", "product_goals", "en",
     "This looks like a goals file: upload it as goals.", 2),
    ("team_id,product_id,role\nPAY,P1,owner\n", "teams", "nl",
     "Dit lijkt een bestand met teamkoppelingen: upload het als teamkoppelingen.", 1),
    ("team_id,product_id,role\nPAY,P1,owner\n", "teams", "en",
     "This looks like a team links file: upload it as team links.", 1),
])
def test_the_kind_a_file_looks_like_is_named_as_the_page_names_it(
    text, kind, lang, words, missing
):
    fixes = [fix for _, fix in _report(text, kind, lang) if fix.startswith(words)]
    assert len(fixes) == missing


@pytest.mark.parametrize(("lang", "kind", "words"), [
    ("en", "team_products", "one of the team links columns"),
    ("nl", "team_products", "een kolom van teamkoppelingen"),
    ("nl", "experiments", "een kolom van experimenten"),
])
def test_a_file_without_known_columns_names_its_kind_in_the_reader_s_words(lang, kind, words):
    with pytest.raises(NotACsv) as caught:
        rows_from_bytes(b"a,b\n1,2\n", kind)
    assert words in caught.value.said.text(lang)


def test_english_problems_are_the_catalogue_s():
    found = _report(HEADER + "\nA-1,PAY,Hi,We geloven,idea,value\n", lang="en")
    assert found == [("title has 2 characters; it must have 3 to 120",
                      "Write 3 to 120 characters."),
                     ("no product: the chain to the product is broken",
                      "Link it to a product so leaders see where it contributes."),
                     ("no goal: the chain to the goal is broken",
                      "Link it to a goal so leaders see where it contributes.")]


# ----------------------------------------------------------------------------- literals

UI_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")),
            *sorted((ROOT / "src" / "alignment" / "ui").glob("*.py"))]
SHOWN_CALLS = {"title", "header", "subheader", "caption", "write", "markdown", "text", "info",
               "warning", "error", "success", "button", "download_button", "form_submit_button",
               "selectbox", "multiselect", "radio", "checkbox", "text_input", "text_area",
               "number_input", "date_input", "file_uploader", "expander", "metric",
               "page_link", "toggle", "spinner", "TextColumn", "NumberColumn", "DateColumn",
               "ProgressColumn", "LinkColumn", "DatetimeColumn", "tabs"}
SHOWN_KEYWORDS = {"label", "help", "placeholder", "display_text", "delta"}
LOGGERS = {"_log", "log", "logger"}  # what goes to the server's log is for its admin


def _meant_for_a_person(node: ast.AST) -> bool:
    """A string literal (or f-string with words) a person would read, not a key or an icon."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value.strip()
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values
                       if isinstance(v, ast.Constant) and isinstance(v.value, str)).strip()
    else:
        return False
    if not text or text.startswith(":material/") or text.startswith("<style"):
        return False
    text = re.sub(r":?[a-z]*-?badge\[", "", text)  # Markdown badges are markup, not words
    words = re.search(r"[A-Za-z]{3,}", text)
    return bool(words) and (" " in text or bool(re.match(r"[A-Z][a-z]", text)))


def untranslated(path: Path) -> list[str]:
    """Literals meant for a person passed straight to a Streamlit call in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(
            node.func, "id", "")
        if getattr(getattr(node.func, "value", None), "id", None) in LOGGERS:
            continue
        candidates = [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
        if name in SHOWN_CALLS:
            candidates += node.args[:1]
        found += [f"{path.name}:{node.lineno}" for value in candidates
                  if _meant_for_a_person(value)]
    return found


@pytest.mark.parametrize("path", UI_FILES, ids=[str(p.relative_to(ROOT)) for p in UI_FILES])
def test_no_untranslated_literal_reaches_a_person(path):
    assert untranslated(path) == []


@pytest.mark.parametrize(("code", "caught"), [
    ('st.title("Overview")', True),
    ('st.info(f"{n} rows loaded")', True),
    ('st.button(t("upload.confirm"), key="confirm")', False),
    ('st.metric(label, value, help="A quarter earlier")', True),
    ('st.page_link(p, label=t("kpi.explained"), icon=":material/east:")', False),
    ('st.markdown(f"**{t(\'experiments.hypothesis\')}** {card.hypothesis}")', False),
    ('st.selectbox(t("x.y"), options, key="table")', False),
    ('_log.error("refusing to serve: %s", found)', False),
])
def test_the_scan_catches_literals(tmp_path, code, caught):
    page = tmp_path / "probe.py"
    page.write_text(f"import streamlit as st\n{code}\n", encoding="utf-8")
    assert bool(untranslated(page)) is caught


@pytest.mark.parametrize(("values", "english", "dutch"), [
    (contract.EXPERIMENT_STATUSES, "idea, running, done, stopped",
     "idee, lopend, afgerond, gestopt"),
    (contract.SESSION_KINDS, "retro, health_check, portfolio_review",
     "retro, gezondheidscheck, portfoliobespreking"),
    (("dev", "ops"), "dev, ops", "dev, ops"),
])
def test_allowed_values_are_listed_in_the_reader_s_words(values, english, dutch):
    listed = choices(values)
    assert (listed if isinstance(listed, str) else listed.text("en")) == english
    assert (listed if isinstance(listed, str) else listed.text("nl")) == dutch
    for word in dutch.split(", "):  # every word listed is accepted on upload
        assert word in values or word in i18n.dutch_words(values)
