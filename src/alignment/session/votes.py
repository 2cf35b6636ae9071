"""Anonymous votes in, team averages out: no single person's score ever leaves this module.

A coach types the votes of one score as they were cast, e.g. ``"4 3 5 4"`` (spaces, commas or
semicolons between them). Only the average, rounded to one decimal, is handed on; the vote
list itself is never returned, so it cannot reach the database, the change log or a page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from alignment.i18n import translate
from alignment.problems import Lowered, Said, said

MIN_VOTES = 3
LOWEST, HIGHEST = 1, 5
SCORES = ("safety", "ownership", "energy", "collaboration")
# A score asked only when its theme was discussed; the others may always be voted on.
SCORE_THEMES = {"safety": "safety", "collaboration": "collaboration"}


_SEPARATORS = re.compile(r"[\s,;]+")


def score_label(lang: str, score: str) -> str:
    """A score (``safety``, ``ownership``…) as shown in ``lang``."""
    return translate(lang, f"score.{score}")


class VoteError(ValueError):
    """Votes that cannot become a team average; ``said`` says what to fix in any language,
    ``str()`` in English."""

    def __init__(self, message: Said) -> None:
        super().__init__(message.text())
        self.said = message


def _votes(text: str) -> list[int]:
    parts = [p for p in _SEPARATORS.split(text.strip()) if p]
    votes = []
    for part in parts:
        if not part.isdigit() or not LOWEST <= int(part) <= HIGHEST:
            raise VoteError(said("vote.not_a_vote", part=part, low=LOWEST, high=HIGHEST))
        votes.append(int(part))
    return votes


def rounded_average(total: int, count: int) -> float:
    """``total / count`` rounded half up to one decimal, computed exactly.

    >>> rounded_average(13, 4), rounded_average(26, 8)   # 3.25 rounds up, not to even
    (3.3, 3.3)
    """
    exact = Fraction(total, count)
    return float((Decimal(exact.numerator) / Decimal(exact.denominator))
                 .quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def team_average(text: str) -> float | None:
    """The average of the votes in ``text`` to one decimal; None when no vote was given.

    >>> team_average("4 3 5 4"), team_average("")
    (4.0, None)

    Raises ``VoteError`` for fewer than ``MIN_VOTES`` votes or a vote outside 1–5.
    """
    votes = _votes(text or "")
    if not votes:
        return None
    if len(votes) < MIN_VOTES:
        raise VoteError(said("vote.too_few_one" if len(votes) == 1 else "vote.too_few_many",
                             count=len(votes), min=MIN_VOTES))
    return rounded_average(sum(votes), len(votes))


@dataclass(frozen=True)
class TeamAverages:
    """The averages per score (None = not scored) and the problem of each score that has one,
    in score order: a form shows it at that score's field."""

    averages: dict[str, float | None] = field(default_factory=dict)
    problems: dict[str, Said] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the averages may be saved."""
        return not self.problems


def team_averages(votes: Mapping[str, str], discussed: set[str]) -> TeamAverages:
    """The team average of each score from its typed votes, checked against what was discussed.

    ``votes`` maps a score of ``SCORES`` to the text typed for it; ``discussed`` holds the
    themes ticked (``"results"``, ``"collaboration"``, ``"safety"``). A discussed theme's score
    needs votes; a theme not discussed must not be scored.
    """
    averages: dict[str, float | None] = {}
    problems: dict[str, Said] = {}
    for score in SCORES:
        label = said(f"score.{score}")
        theme = SCORE_THEMES.get(score)
        named = Lowered(f"theme.{theme}")
        try:
            average = team_average(votes.get(score, ""))
        except VoteError as error:
            problems[score] = said("vote.problem", label=label, problem=error.said)
            averages[score] = None
            continue
        if theme is not None and theme in discussed and average is None:
            problems[score] = said("vote.discussed_without", label=label, theme=named,
                                   min=MIN_VOTES)
        if theme is not None and theme not in discussed and average is not None:
            problems[score] = said("vote.not_discussed", label=label, theme=named)
            average = None
        averages[score] = average
    return TeamAverages(averages=averages, problems=problems)
