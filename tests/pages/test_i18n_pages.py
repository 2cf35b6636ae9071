"""Every page renders in Dutch and in English, and says its own title in that language."""

from __future__ import annotations

import pytest

from alignment.i18n import translate
from alignment.ui.navigation import PAGES


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
