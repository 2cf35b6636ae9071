"""The alignment metrics as pure functions over query results.

No Streamlit, no database: each function takes DataFrames and returns a new value,
never changing its input, so every definition is tested on hand-made tables. The
definitions live in submodules by question area and are re-exported here.
"""

from alignment.metrics.chain import (  # noqa: F401
    BREAK_COLUMNS,
    BREAK_TYPES,
    CHAIN_COMPLETENESS_DEFINITION,
    break_counts,
    chain_breaks,
    chain_completeness,
)
