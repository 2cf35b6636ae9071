"""Every SELECT of the app, named after what it returns, with parameters (never formatted in).

Each function takes the connection and returns a pandas DataFrame (or a scalar); the SQL
lives in the submodules by question area and is re-exported here, so pages and tests call
``queries.goal_chain(con, as_of)`` without knowing where it lives.
"""

from alignment.queries.answers import answers_in_scope, team_answers, team_hand_overs  # noqa: F401
from alignment.queries.chain import (  # noqa: F401
    entity_counts,
    experiment_link_gaps,
    goal_chain,
    product_links,
    team_links,
)
from alignment.queries.data import (  # noqa: F401
    TABLE_ROWS,
    example_chain,
    experiment_ids_starting,
    goal_parents,
    named_experiments,
    named_sessions,
    reference_ids,
    table_rows,
    table_size,
    upload_count,
    upload_history,
)
from alignment.queries.history import (  # noqa: F401
    RECORD_AS_TEXT,
    entity_changes,
    record_as_text,
)
from alignment.queries.learning import (  # noqa: F401
    ExperimentFilter,
    decision_lead_times,
    decisions_by_quarter,
    experiment_outcomes,
    filtered_experiment_counts,
    filtered_experiments,
    funnel_counts,
    lead_time_histogram,
    learning_cards,
    learning_debt_count,
    median_lead_days,
    spread_factor,
    spread_tree_nodes,
    undecided_experiments,
    validated_spread,
)
from alignment.queries.live import (  # noqa: F401
    live_actions,
    live_cards,
    live_phases,
    live_scores,
    live_session,
    open_live_session,
)
from alignment.queries.people import coach_assignments, people_list, people_roles, person_record  # noqa: F401,E501
from alignment.queries.reflection import (  # noqa: F401
    open_actions,
    score_trends,
    session_action_list,
    session_actions,
    session_coverage,
    session_record,
    team_chain,
    team_decisions,
    team_experiments,
    team_roster,
    team_sessions,
)
from alignment.queries.scope import team_choices, value_streams  # noqa: F401
from alignment.queries.structure import (  # noqa: F401
    cascade_goal_links,
    cascade_goals,
    cascade_products,
    cascade_team_work,
    collaboration_by_quarter,
    collaboration_counts,
    goal_choices,
    goal_decisions,
    goal_experiments,
    goal_product_matrix,
    goal_products,
    goal_teams,
    lens_counts,
    product_balance,
    team_collaboration,
    team_disciplines,
    team_network_edges,
)
from alignment.queries.value import (  # noqa: F401
    check_ins,
    goal_measures,
    goal_owner,
    goal_tree,
    measure_ids,
)
from alignment.queries.versions import (  # noqa: F401
    Versions,
    action_streams,
    experiment_streams,
    session_streams,
    staged_experiment_streams,
    versions,
)
