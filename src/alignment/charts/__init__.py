"""Chart builders: pure functions from aggregated frames to Altair charts (or DOT text).

No Streamlit here: pages pass the result to ``st.altair_chart`` / ``st.graphviz_chart``.
Builders live in submodules by question area and are re-exported here.
"""

from alignment.charts.learning import (  # noqa: F401
    decisions_by_quarter_chart,
    experiments_by_lens_chart,
    funnel_chart,
    lead_time_histogram_chart,
    spread_tree_dot,
)
from alignment.charts.outcomes import (  # noqa: F401
    POINTS_CHARTED,
    bullet_row,
    outcome_bullet_chart,
    value_proof_chart,
)
from alignment.charts.reflection import (  # noqa: F401
    PRESENTER_CONFIG,
    TEAMS_CHARTED,
    follow_through_chart,
    presented,
    safety_slope_chart,
    score_trend_chart,
)
from alignment.charts.structure import (  # noqa: F401
    balance_chart,
    cascade_dot,
    cascade_edge_table,
    cascade_graph,
    collaboration_trend_chart,
    discipline_heatmap,
    goal_product_heatmap,
    lens_heatmap,
    network_edge_table,
    team_network_dot,
)
from alignment.charts.value import check_in_chart  # noqa: F401
