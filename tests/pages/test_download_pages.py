"""Every download leaves the page as it is: a click writes the file and reruns nothing.

A download click that also reruns the page can lose the server's answer to the browser
(the rerun clears the queue of messages the answer waits in): the button then spins for
minutes and no file arrives.
"""

from __future__ import annotations

import pytest

from tests.pages.conftest import EVERY_VIEW

# The overview links to other pages' data; a session's downloads appear once a team is chosen;
# a participant's phone page has nothing to take away.
OPENS_WITHOUT_DOWNLOADS = {"pages/overview.py", "pages/session.py", "pages/join.py"}


@pytest.mark.parametrize("page, query", EVERY_VIEW)
def test_every_download_writes_its_file_without_a_rerun(app, page, query):
    at = app(page, **query)
    assert not at.exception
    buttons = at.get("download_button")
    if page in OPENS_WITHOUT_DOWNLOADS and not query:
        assert buttons == []
    else:
        assert buttons, f"{page} offers no download"
    assert [b.proto.label for b in buttons if not b.proto.ignore_rerun] == []

