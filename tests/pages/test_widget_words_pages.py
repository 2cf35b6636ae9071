"""Streamlit's own words on a widget, where the app can set them, are the reader's: a Dutch
reader never sees "Choose an option" or "Choose options", and the uploader's label and help
are Dutch."""

from __future__ import annotations

import pytest

from tests.pages.conftest import EVERY_VIEW


def _empty_choices(at) -> list:
    """The select boxes and multiselects showing no choice: Streamlit fills them with its own
    English placeholder unless the app gives one."""
    return [*at.multiselect, *(box for box in at.selectbox if box.value is None)]


@pytest.mark.parametrize(("page", "query"), EVERY_VIEW,
                         ids=[f"{p}{'?' + str(q) if q else ''}" for p, q in EVERY_VIEW])
def test_a_dutch_reader_sees_the_app_s_words_on_its_widgets(app, page, query):
    dutch, english = (app(page, lang=lang, **query) for lang in ("nl", "en"))
    assert not dutch.exception, [e.value for e in dutch.exception]
    for nl, en in zip(_empty_choices(dutch), _empty_choices(english), strict=True):
        assert nl.proto.placeholder, f"{nl.label}: Streamlit's English placeholder shows"
        assert nl.proto.placeholder != en.proto.placeholder or nl.label == en.label
    for nl, en in zip(dutch.file_uploader, english.file_uploader, strict=True):
        assert nl.help and (nl.label, nl.help) != (en.label, en.help)


def test_the_experiment_filters_say_they_keep_everything(app):
    at = app("pages/experiments.py", lang="nl")
    assert {box.proto.placeholder for box in at.multiselect} == {"Alle"}
