"""Which version keys a write moves and a read depends on."""

from __future__ import annotations

import pytest

from alignment import topics


@pytest.mark.parametrize(
    ("read", "stream", "keys"),
    [
        (("experiments", "reference"), None, ["*", "experiments", "reference"]),
        (("experiments", "reference"), "Burgerzaken",
         ["*", "experiments@*", "experiments@Burgerzaken", "reference"]),
        (("people",), "Burgerzaken", ["*", "people"]),  # kept for the whole organisation only
        ((), None, ["*"]),
    ],
    ids=["whole", "one stream", "a topic without streams", "nothing"],
)
def test_a_read_depends_on_its_topics_and_on_any_write_naming_nothing(read, stream, keys):
    assert topics.read_keys(read, stream) == keys


@pytest.mark.parametrize(
    ("touched", "keys"),
    [
        (topics.touched(topics.SESSIONS, streams=["A"]) | topics.touched(topics.LIVE),
         ["live", "sessions", "sessions@A"]),
        (topics.touched(topics.SESSIONS, streams=["A"]) | topics.touched(topics.DECISIONS),
         ["decisions", "decisions@*", "sessions", "sessions@*"]),
        (topics.upload_touched("experiments", ["A"]),
         ["decisions", "decisions@A", "experiments", "experiments@A", "uploads"]),
        (topics.upload_touched("teams"), ["reference", "uploads"]),
    ],
    ids=["streams kept", "streams unknown on one side", "an experiments upload",
         "a reference upload"],
)
def test_a_write_moves_its_topics_and_their_streams(touched, keys):
    assert touched.keys() == keys


def test_a_topic_nobody_reads_is_refused():
    with pytest.raises(ValueError, match="unknown topics"):
        topics.touched("experiment").keys()
