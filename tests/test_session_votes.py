"""Anonymous votes → team averages: at least three votes, one decimal, no vote ever handed on."""

from __future__ import annotations

import dataclasses

import pytest

from alignment.session.votes import (
    MIN_VOTES,
    TeamAverages,
    VoteError,
    rounded_average,
    team_average,
    team_averages,
)

ALL_THEMES = {"results", "collaboration", "safety"}


@pytest.mark.parametrize(
    ("typed", "average"),
    [
        ("4 3 5 4", 4.0),
        ("4,3,5", 4.0),
        ("5; 5; 4", 4.7),           # 14/3 = 4.666…
        ("1 2 2", 1.7),             # 5/3 = 1.666…
        ("3 3 4 4", 3.5),
        ("4 4 3 3 3 3 3 3", 3.3),   # 26/8 = 3.25 rounds half up, not to even
        ("1 1 1 1 1 1 1 2", 1.1),   # 9/8 = 1.125
        ("  2\t3\n4  ", 3.0),
        ("5 5 5 5 5 5 5 5 5 5 5 5 5 5 5 5 5 5 5 4", 5.0),  # 99/20 = 4.95 → 5.0
        ("", None),
        ("   ", None),
    ],
)
def test_team_average_rounds_to_one_decimal(typed, average):
    assert team_average(typed) == average


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("4 3", "too few"),
        ("4", "too few"),
        ("4 3 6", "not a vote"),
        ("0 3 4", "not a vote"),
        ("4 3 x", "not a vote"),
        ("4 3 3.5", "not a vote"),
        ("4 -3 3", "not a vote"),
    ],
)
def test_team_average_refuses_too_few_or_invalid_votes(typed, says):
    with pytest.raises(VoteError, match=says):
        team_average(typed)


@pytest.mark.parametrize(("typed", "lang", "says"), [
    ("4", "en", "1 vote is too few"),
    ("4 3", "en", "2 votes are too few"),
    ("4", "nl", "1 stem is te weinig"),
    ("4 3", "nl", "2 stemmen zijn te weinig"),
])
def test_too_few_votes_are_counted_in_proper_words(typed, lang, says):
    with pytest.raises(VoteError) as raised:
        team_average(typed)
    said = raised.value.said.text(lang)
    assert said.startswith(says)
    assert "(s)" not in said and "(men)" not in said


def test_three_votes_is_the_minimum():
    assert MIN_VOTES == 3
    assert team_average("2 2 3") == 2.3


@pytest.mark.parametrize(
    ("total", "count", "expected"),
    [(13, 4, 3.3), (7, 2, 3.5), (10, 3, 3.3), (11, 3, 3.7), (45, 10, 4.5), (3, 1, 3.0)],
)
def test_rounded_average_is_exact_half_up(total, count, expected):
    assert rounded_average(total, count) == expected


CASES = {
    "every theme discussed and scored": (
        {"safety": "4 4 5", "ownership": "3 3 3 4", "energy": "2 3 4", "collaboration": "5 4 4"},
        ALL_THEMES,
        {"safety": 4.3, "ownership": 3.3, "energy": 3.0, "collaboration": 4.3},
        {},
    ),
    "ownership and energy may stay unscored": (
        {"safety": "4 4 5", "collaboration": "5 4 4"},
        ALL_THEMES,
        {"safety": 4.3, "ownership": None, "energy": None, "collaboration": 4.3},
        {},
    ),
    "safety skipped, so not scored": (
        {"ownership": "4 4 4", "energy": "3 3 3", "collaboration": "4 4 4"},
        {"results", "collaboration"},
        {"safety": None, "ownership": 4.0, "energy": 3.0, "collaboration": 4.0},
        {},
    ),
    "safety discussed without votes": (
        {"collaboration": "4 4 4"},
        ALL_THEMES,
        {"safety": None, "ownership": None, "energy": None, "collaboration": 4.0},
        {"safety": "Safety: the session discussed safety"},
    ),
    "collaboration scored but not discussed": (
        {"safety": "4 4 4", "collaboration": "3 3 3"},
        {"results", "safety"},
        {"safety": 4.0, "ownership": None, "energy": None, "collaboration": None},
        {"collaboration": "Collaboration: the session did not discuss collaboration"},
    ),
    "too few safety votes, bad energy vote": (
        {"safety": "4 5", "energy": "3 7 3", "collaboration": "4 4 4"},
        ALL_THEMES,
        {"safety": None, "ownership": None, "energy": None, "collaboration": 4.0},
        {"safety": "Safety: 2 votes are too few", "energy": "Energy: “7” is not a vote"},
    ),
}


@pytest.mark.parametrize(("votes", "discussed", "averages", "problems"), CASES.values(),
                         ids=CASES.keys())
def test_team_averages_follow_what_was_discussed(votes, discussed, averages, problems):
    found = team_averages(votes, discussed)
    assert found.averages == averages
    assert list(found.problems) == list(problems)   # each at its own score, in score order
    for score, expected in problems.items():
        assert found.problems[score].text().startswith(expected)
    assert found.ok == (not problems)


def test_only_averages_leave_the_module():
    found = team_averages({"safety": "1 5 1 5 2", "ownership": "3 3 4",
                           "energy": "2 2 2", "collaboration": "5 5 4"}, ALL_THEMES)
    assert [f.name for f in dataclasses.fields(TeamAverages)] == ["averages", "problems"]
    assert all(v is None or isinstance(v, float) for v in found.averages.values())
    assert "1 5 1 5 2" not in repr(found)
    assert found.averages["safety"] == 2.8
