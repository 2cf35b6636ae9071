"""Chart builders: pure functions from aggregated frames to Altair charts (or DOT text).

No Streamlit here: pages pass the result to ``st.altair_chart`` / ``st.graphviz_chart``.
Builders live in submodules by question area and are re-exported here.
"""

from alignment.charts.learning import (
    decisions_by_quarter_chart,
    experiments_by_lens_chart,
    funnel_chart,
    lead_time_histogram_chart,
    spread_tree_dot,
)
from alignment.charts.outcomes import (
    POINTS_CHARTED,
    bullet_row,
    outcome_bullet_chart,
    value_proof_chart,
)
from alignment.charts.reflection import (
    PRESENTER_CONFIG,
    TEAMS_CHARTED,
    follow_through_chart,
    presented,
    safety_slope_chart,
    score_trend_chart,
)
from alignment.charts.structure import (
    balance_chart,
    cascade_dot,
    cascade_edge_table,
    cascade_graph,
    charted_disciplines,
    collaboration_trend_chart,
    discipline_heatmap,
    goal_product_heatmap,
    lens_heatmap,
    network_edge_table,
    team_network_dot,
)
from alignment.charts.value import check_in_chart

__all__ = [
    "POINTS_CHARTED",
    "PRESENTER_CONFIG",
    "TEAMS_CHARTED",
    "balance_chart",
    "bullet_row",
    "cascade_dot",
    "cascade_edge_table",
    "cascade_graph",
    "check_in_chart",
    "collaboration_trend_chart",
    "decisions_by_quarter_chart",
    "charted_disciplines",
    "discipline_heatmap",
    "experiments_by_lens_chart",
    "follow_through_chart",
    "funnel_chart",
    "goal_product_heatmap",
    "lead_time_histogram_chart",
    "lens_heatmap",
    "network_edge_table",
    "outcome_bullet_chart",
    "presented",
    "safety_slope_chart",
    "score_trend_chart",
    "spread_tree_dot",
    "team_network_dot",
    "value_proof_chart",
]
