"""What the room voted, shown together: each score's distribution, its average, whether the
room is split on it, and whether there are enough votes to show any of it.

Pure: counts in, numbers and flags out. No single vote exists here, only how many voted each
value.
"""

from __future__ import annotations

import pandas as pd

from alignment.session.votes import HIGHEST, LOWEST, MIN_VOTES, SCORES, rounded_average

# A score is "mixed" when its votes lie this many points apart or more (a 2 and a 5): the
# average then hides that part of the room sees it very differently.
MIXED_RANGE = 3
VALUES = tuple(range(LOWEST, HIGHEST + 1))
DISTRIBUTION_COLUMNS = ["score", *(f"votes_{v}" for v in VALUES), "voters", "average",
                        "mixed"]


def revealable(voters: int) -> bool:
    """Whether the scores may be shown: at least ``MIN_VOTES`` people voted, so no score can
    be traced to one person."""
    return voters >= MIN_VOTES


def mixed(counts: dict[int, int]) -> bool:
    """Whether votes counted per value lie ``MIXED_RANGE`` or more points apart.

    >>> mixed({2: 1, 5: 2}), mixed({3: 2, 4: 3}), mixed({})
    (True, False, False)
    """
    cast = [value for value, count in counts.items() if count > 0]
    return bool(cast) and max(cast) - min(cast) >= MIXED_RANGE


def score_distribution(votes: pd.DataFrame) -> pd.DataFrame:
    """One row per score of ``SCORES``: votes per value, voters, the average to one decimal
    (None without votes) and the mixed flag.

    ``votes`` has columns score, value, votes (``queries.live_scores``).
    """
    rows = []
    for score in SCORES:
        mine = votes[votes["score"] == score]
        counts = {int(v): int(n) for v, n in zip(mine["value"], mine["votes"], strict=True)}
        voters = sum(counts.values())
        total = sum(value * count for value, count in counts.items())
        rows.append({
            "score": score,
            **{f"votes_{v}": counts.get(v, 0) for v in VALUES},
            "voters": voters,
            "average": rounded_average(total, voters) if voters else None,
            "mixed": mixed(counts),
        })
    return pd.DataFrame(rows, columns=DISTRIBUTION_COLUMNS)


def ballots(votes: pd.DataFrame) -> int:
    """How many people cast their scores: every ballot holds each score once."""
    first = votes[votes["score"] == SCORES[0]]
    return int(first["votes"].sum()) if not first.empty else 0
