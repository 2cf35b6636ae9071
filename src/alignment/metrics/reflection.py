"""Reflection breadth: do sessions look at results, collaboration and safety alike?"""

from __future__ import annotations

import pandas as pd

REFLECTION_BREADTH_DEFINITION = (
    "Share of reflection sessions held in the last 90 days that discussed all three: the "
    "results, the collaboration, and safety. A session that only looks at results misses "
    "how the team works together."
)


def reflection_breadth(coverage: pd.DataFrame) -> float | None:
    """Share (0–1) of sessions covering results, collaboration and safety; None without sessions.

    ``coverage`` is the one-row frame of ``queries.session_coverage``.
    """
    if coverage.empty or int(coverage["sessions"].iloc[0]) == 0:
        return None
    return int(coverage["covered_all"].iloc[0]) / int(coverage["sessions"].iloc[0])
