"""Answers from governance and hand-overs between teams: does a decision taken above a team
come back to that team, and which teams pass work to each other?"""

from __future__ import annotations

import datetime as dt

import pandas as pd

ANSWER_DISCUSS_DAYS = 30


def answers_discussed_share(answers: pd.DataFrame, as_of: dt.date) -> float | None:
    """Share (0–1) of the answers whose ``ANSWER_DISCUSS_DAYS`` have passed on ``as_of`` that
    were discussed within them; None when no answer's days have passed yet.

    ``answers`` is ``queries.answers_in_scope`` (decision_date, discussed_on or NaT).

    >>> # decided 1 Sep, discussed 20 Sep: in time; decided 1 Sep, discussed 3 Oct (32
    >>> # days): late; decided 1 Sep, never discussed: not; decided 1 Nov on 15 Nov: too soon
    """
    decided = pd.to_datetime(answers["decision_date"])
    closed = decided + pd.Timedelta(days=ANSWER_DISCUSS_DAYS) <= pd.Timestamp(as_of)
    if not closed.any():
        return None
    waited = (pd.to_datetime(answers["discussed_on"]) - decided).dt.days
    in_time = closed & waited.le(ANSWER_DISCUSS_DAYS)
    return int(in_time.sum()) / int(closed.sum())


def links_with_hand_overs(edges: pd.DataFrame, hand_overs: pd.DataFrame) -> pd.DataFrame:
    """The team network's pairs: those sharing experiments and those that handed actions over,
    each once, with shared_experiments and handed_actions (0 when none), busiest first.

    ``edges`` is ``queries.team_network_edges``, ``hand_overs`` ``queries.team_hand_overs``.
    """
    pairs = edges.merge(hand_overs, on=["team_a", "team_b"], how="outer")
    for column in ("shared_experiments", "handed_actions"):
        pairs[column] = pairs[column].fillna(0).astype(int)
    return (pairs.sort_values(["shared_experiments", "handed_actions", "team_a", "team_b"],
                              ascending=[False, False, True, True], kind="stable")
            [["team_a", "team_b", "shared_experiments", "handed_actions"]]
            .reset_index(drop=True))
