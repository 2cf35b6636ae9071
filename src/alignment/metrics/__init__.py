"""The alignment metrics as pure functions over query results.

No Streamlit, no database: each function takes DataFrames and returns a new value,
never changing its input, so every definition is tested on hand-made tables. The
definitions live in submodules by question area and are re-exported here.
"""

from alignment.metrics.answers import (  # noqa: F401
    ANSWER_DISCUSS_DAYS,
    answers_discussed_share,
    links_with_hand_overs,
)
from alignment.metrics.chain import (  # noqa: F401
    BREAK_COLUMNS,
    BREAK_TYPES,
    break_counts,
    chain_breaks,
    chain_completeness,
)
from alignment.metrics.history import (  # noqa: F401
    CREATED,
    HISTORY_COLUMNS,
    day_before_last_change,
    record_on,
    then_and_now,
)
from alignment.metrics.learning import (  # noqa: F401
    DEBT_AFTER_DAYS,
    decisions_before_end,
    decisions_per_scope,
    experiment_summary,
    funnel_stages,
    learning_debt,
    learning_debt_count,
    median_lead_time_days,
    median_lead_time_per_product,
    median_lead_time_per_team,
    quarter_before,
    spread_factor,
    spread_table,
    top_spreading,
    upper_scope_share,
    valid_lead_times,
)
from alignment.metrics.privacy import (  # noqa: F401
    SCORE_BANDS,
    falling_teams,
    score_distribution,
    scores_kept,
)
from alignment.metrics.reflection import (  # noqa: F401
    ACTION_GROUPS,
    DUE_SOON_DAYS,
    FALLING_SLOPE,
    LONG_OVERDUE_DAYS,
    OVERVIEW_COLUMNS,
    QUIET_AFTER_DAYS,
    SCORE_MEASURES,
    TREND_MIN_SESSIONS,
    TREND_SESSIONS,
    action_follow_through,
    action_groups,
    attention_teams,
    coach_overview,
    days_overdue,
    follow_through_share,
    latest_scores,
    next_session_dates,
    reflection_breadth,
    safety_trends,
    team_breadth,
)
from alignment.metrics.structure import (  # noqa: F401
    DIRECTION_CHANGE_LIMIT,
    GROWING_LIFECYCLES,
    STAGNATION_FACTOR,
    STEADY_LIFECYCLES,
    THRASH_FACTOR,
    THRASH_MIN_RUNNING,
    breaks_in_view,
    broken_experiments_by_team,
    collaboration_index,
    collaboration_shares,
    goal_breaks,
    isolated_teams,
    lens_coverage,
    portfolio_balance,
    signal_counts,
)
from alignment.metrics.value import (  # noqa: F401
    MANY_EXPERIMENTS,
    MOVED_SHARE,
    PROGRESS_RANGE,
    STALE_AFTER_DAYS,
    attainment,
    capped,
    goal_progress,
    measure_progress,
    rolled_up,
    trend_key,
    value_gaps,
)
from alignment.metrics.value_proof import (  # noqa: F401
    ATTAINMENT_RISE,
    BETTER_ATTAINMENT,
    ENERGY_FALL,
    MORE_ENERGY,
    SHOWN_ATTAINMENT,
    SPREADING_DECISIONS,
    TREND_MIN_PER_HALF,
    attainments,
    corner_counts,
    energy_falls,
    outcome_points,
    weak_evidence_spreads,
)
