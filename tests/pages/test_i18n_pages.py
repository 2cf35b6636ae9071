"""Every page renders in Dutch and in English, and says its own title in that language."""

from __future__ import annotations

import json

import pytest

from alignment.i18n import catalogue, translate
from alignment.queries import TABLE_ROWS
from alignment.sitemap import PAGES
from tests.pages.test_live_pages import clock
from tests.pages.test_session_pages import demo_day  # noqa: F401 (a fixture)


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("entry", PAGES, ids=[p.url_path for p in PAGES])
def test_every_page_renders_in_both_languages(app, entry, lang):
    at = app(entry.path, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    titles = [t.value for t in at.title]
    assert entry.title_in(lang) in titles
    if lang == "nl":
        assert entry.title_in("nl") == translate("nl", entry.key)


def test_the_sidebar_offers_both_languages(app):
    at = app("pages/overview.py", lang="nl")
    choice = at.sidebar.selectbox(key="language")
    assert choice.value == "nl" and choice.label == "Taal"
    assert [m.label for m in at.metric][:1] == ["Ketenvolledigheid"]


def _shown_texts(at) -> list[str]:
    """Everything a person reads on the page: texts, labels, placeholders, metric values."""
    found = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning",
                 "error", "success", "metric", "button", "selectbox", "text_input",
                 "text_area", "number_input", "date_input", "checkbox", "radio", "expander"):
        for element in at.get(kind):
            for field in ("value", "label", "placeholder", "help"):
                text = getattr(element, field, None) if field != "value" or kind in (
                    "title", "header", "subheader", "caption", "markdown", "info", "warning",
                    "error", "success", "metric") else None
                if isinstance(text, str):
                    found.append(text)
    return found


def _english_only() -> set[str]:
    """English messages whose Dutch differs: none of them may show on a Dutch page."""
    dutch = catalogue("nl")
    return {text for key, text in catalogue("en").items()
            if text != dutch[key] and len(text) >= 12 and "{" not in text
            and not key.startswith(("problem.", "guide_rule.", "definition."))}


@pytest.mark.parametrize("entry", PAGES, ids=[p.url_path for p in PAGES])
def test_no_english_message_shows_on_a_dutch_page(app, entry):
    query = {"team": "BZ-PAS"} if entry.url_path == "session" else {}
    at = app(entry.path, lang="nl", **query)
    assert not at.exception
    shown = "\n".join(_shown_texts(at))
    assert [text for text in _english_only() if text in shown] == []


def test_the_session_page_in_dutch(app):
    at = app("pages/session.py", lang="nl", team="BZ-PAS")
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert clock(at)[0] == "Resterende tijd — Check-in"
    assert {"Laatste sessie", "Reflectiebreedte (90 dagen)", "Opvolging van acties",
            "Verloop van veiligheid per sessie"} <= set(labels)
    assert [b.label for b in at.button if b.key == "timer_start"] == ["Start"]
    assert at.selectbox(key="kind_0").options == ["Retro", "Gezondheidscheck",
                                                  "Portfoliobespreking"]
    assert any(i.value.startswith("**Lokale modus**") for i in at.sidebar.info)
    summary = next(b for b in at.get("download_button") if "Markdown" in b.label)
    assert summary.label == "Het verslag downloaden (Markdown)"


def test_a_dutch_session_save_reports_in_dutch(app):
    at = app("pages/session.py", lang="nl", team="BZ-PAS")
    at.text_input(key="votes_safety_0").input("4 5")
    next(b for b in at.button if b.label == "Sessie opslaan").click().run()
    assert not at.exception
    said = [e.value for e in at.error]   # at each field concerned, then under the form
    assert said[0].startswith("Veiligheid: 2 stemmen zijn te weinig")
    assert said[1].startswith("Samenwerking: de sessie besprak samenwerking")
    assert said[-1].startswith("Er is niets opgeslagen. Verbeter eerst:")


@pytest.mark.usefixtures("demo_day")
def test_the_coach_overview_flags_teams_in_dutch(app):
    at = app("pages/coach_overview.py", lang="nl")
    assert not at.exception
    assert at.warning[0].value.splitlines()[:1] == [
        "- **Team HR & Organisatie** (BV-HRM): geen sessie in 76 dagen"]
    assert "veiligheid daalt" in at.warning[0].value
    labels = {m.label: m.value for m in at.metric}
    assert labels["Teams zonder sessie in 30 dagen"] == "2"


def test_the_people_page_in_dutch(app):
    at = app("pages/people.py", lang="nl")
    assert not at.exception
    assert any(i.value.startswith("Er is nog geen coach aan een team toegewezen.")
               for i in at.main.info)
    assert at.radio(key="people_kind").options == ["mensen", "coachtoewijzingen"]
    assert at.expander[0].label == "Wat elke rol mag"


def _raw_headers(at, lang: str) -> list[str]:
    """Columns of the page's tables still shown under their stored name, not a label.

    In Dutch no label may be the stored (English) name; in English a label may happen to be
    the name (``column``), but never a snake_case one.
    """
    raw = []
    for table in at.dataframe:
        config = json.loads(table.proto.columns or "{}")
        for column in map(str, table.value.columns):
            label = config.get(column, {}).get("label")
            if config.get(column, {}).get("hidden"):
                continue
            if label is None or "_" in label or (lang == "nl" and label == column):
                raw.append(column)
    return raw


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("entry", PAGES, ids=[p.url_path for p in PAGES])
def test_every_table_header_is_a_label(app, entry, lang):
    query = {"team": "BZ-PAS"} if entry.url_path == "session" else {}
    at = app(entry.path, lang=lang, **query)
    assert _raw_headers(at, lang) == []


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("table", list(TABLE_ROWS))
def test_every_stored_table_shows_labelled_headers(app, table, lang):
    at = app("pages/database.py", lang=lang)
    at.selectbox(key="table").set_value(table).run()
    assert not at.exception
    assert _raw_headers(at, lang) == []
