"""The People page's list: the people a search finds, a first page of them at a time."""

from __future__ import annotations

import pandas as pd

# People the list shows at once: what a rerun sends grows with them (every person of a
# 2,000-team organisation was 384 KB on every rerun); the download holds everyone.
PEOPLE_SHOWN = 100


def people_found(people: pd.DataFrame, search: str) -> pd.DataFrame:
    """The rows of ``people`` whose e-mail or name holds ``search`` (any case); all without."""
    wanted = search.strip().casefold()
    if not wanted:
        return people
    held = (people["email"].str.casefold().str.contains(wanted, regex=False)
            | people["name"].fillna("").str.casefold().str.contains(wanted, regex=False))
    return people[held]
