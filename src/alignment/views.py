"""What a page shows, computed from the connection in one call so the page caches it whole.

A page calls ``ctx.cached(views.cascade, scope)``: on a warm rerun it gets the finished
figures, tables and graph text back without touching a query or a metric. Pure of
Streamlit, like the metrics and charts it composes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from alignment import access, charts, metrics, queries, templates
from alignment.access import Person
from alignment.db import Database
from alignment.i18n import catalogue
from alignment.scope import QUARTER_DAYS, Scope

__all__ = [
    "CASCADE_MAX_NODES",
    "COACH_ATTENTION_SHOWN",
    "FIRST_ROWS",
    "ISOLATED_SHOWN",
    "NETWORK_MAX_EDGES",
    "TREE_NODES",
    "Breaks",
    "Cascade",
    "Coaching",
    "Collaboration",
    "GoalMeasures",
    "GoalValues",
    "Learning",
    "ValueProof",
    "BREAKS_LISTED",
    "attention_said",
    "breaks_by_type",
    "breaks_of_type",
    "cascade",
    "cascade_breaks",
    "cascade_links",
    "coaching",
    "collaboration",
    "corner_counts",
    "current_breaks",
    "energy_falls",
    "example_ids",
    "first_experiment_breaks",
    "goal_breaks",
    "goal_measures",
    "goal_values",
    "lead_time_per_product",
    "lead_time_per_team",
    "learning",
    "learning_debt",
    "measures_on",
    "network_links",
    "outcome_points",
    "spread_per_validated",
    "spread_trees",
    "value_gaps",
    "value_proof",
    "weak_evidence_spreads",
]

# More boxes than this make an unreadable picture and a slow page: the cascade is then
# offered as a table, and the leader narrows the view to draw it.
CASCADE_MAX_NODES = 250


def measures_on(con: Database, as_of: dt.date) -> pd.DataFrame:
    """Every goal measure's progress on ``as_of`` (``metrics.measure_progress``)."""
    return metrics.measure_progress(queries.goal_measures(con), queries.check_ins(con, as_of),
                                    as_of)


def value_gaps(con: Database, as_of: dt.date) -> pd.DataFrame:
    """Where a goal's work and its measures do not meet on ``as_of`` (``metrics.value_gaps``)."""
    return metrics.value_gaps(queries.goal_chain(con, as_of), measures_on(con, as_of))


@dataclass(frozen=True)
class GoalValues:
    """Every goal's progress on a day, and the measures it comes from."""

    goals: pd.DataFrame  # goal_id, title, level, status, owner, progress, change, trend, source
    measures: pd.DataFrame  # metrics.measure_progress


def goal_values(con: Database, as_of: dt.date) -> GoalValues:
    """Each goal's progress and trend on ``as_of`` (``metrics.goal_progress``), with its
    measures' progress."""
    measures = measures_on(con, as_of)
    tree = queries.goal_tree(con)
    progress = metrics.goal_progress(tree, measures)
    goals = tree.merge(progress, on="goal_id", how="left")
    goals["trend"] = goals["change"].map(metrics.trend_key)
    return GoalValues(goals=goals, measures=measures)


@dataclass(frozen=True)
class GoalMeasures:
    """One goal's measures up close: their progress, every check-in, who may record one."""

    measures: pd.DataFrame  # metrics.measure_progress, this goal's rows
    check_ins: pd.DataFrame  # queries.check_ins, this goal's rows
    owner: str | None


def goal_measures(con: Database, as_of: dt.date, goal_id: str) -> GoalMeasures:
    """The measures of ``goal_id`` on ``as_of`` with their check-in history and the goal's
    owner."""
    measures = measures_on(con, as_of)
    check_ins = queries.check_ins(con, as_of)
    return GoalMeasures(measures=measures[measures["goal_id"] == goal_id].reset_index(drop=True),
                        check_ins=check_ins[check_ins["goal_id"] == goal_id]
                        .reset_index(drop=True),
                        owner=queries.goal_owner(con, goal_id))


# Of each kind of break a page lists its first rows (a hundred thousand orphan experiments
# were 2 s of wording on every first render); the rest are counted in SQL, and read whole on a
# download's click.
BREAKS_LISTED = 200


def _listed_breaks(con: Database, as_of: dt.date, gaps: pd.DataFrame) -> pd.DataFrame:
    """The breaks of goals, products and teams on ``as_of`` (they follow the organisation's
    shape) and of the experiments in ``gaps`` (``queries.experiment_link_gaps`` or a part of
    it), in the order ``metrics.chain_breaks`` lists them."""
    return metrics.chain_breaks(
        queries.goal_chain(con, as_of), queries.product_links(con), queries.team_links(con),
        gaps, value_gaps(con, as_of),
    )


def current_breaks(con: Database, as_of: dt.date,
                   lang: str = "en") -> pd.DataFrame:
    """Every break in the chain on ``as_of``, as ``metrics.chain_breaks`` lists them, each
    detail worded in ``lang``."""
    return _worded(_listed_breaks(con, as_of, queries.experiment_link_gaps(con)), lang)


def _worded(breaks: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``breaks`` with each detail said in ``lang``, each distinct detail (its key and
    parameters) worded once."""
    texts = {detail: detail.text(lang) for detail in set(breaks["detail"])}
    return breaks.assign(detail=[texts[detail] for detail in breaks["detail"]])


@dataclass(frozen=True)
class Breaks:
    """The chain breaks of the whole organisation: counts, and the first rows of each type."""

    counts: pd.DataFrame
    by_type: dict[str, pd.DataFrame]  # entity_id, name, detail: the first rows of each type


def breaks_by_type(con: Database, as_of: dt.date, lang: str = "en",
                   rows: int = BREAKS_LISTED) -> Breaks:
    """Every break type counted, and the first ``rows`` of each in ``current_breaks``' order,
    worded in ``lang``: what the Overview shows (``breaks_of_type`` reads every row)."""
    listed = _listed_breaks(con, as_of, queries.first_link_gaps(con, rows))
    counts = metrics.break_counts(listed, queries.experiment_break_counts(con))
    return Breaks(
        counts=counts,
        by_type={kind: found[["entity_id", "name", "detail"]].head(rows).reset_index(drop=True)
                 for kind, found in _worded(listed, lang).groupby("break_type", sort=False)},
    )


def breaks_of_type(con: Database, as_of: dt.date, break_type: str,
                   lang: str = "en") -> pd.DataFrame:
    """Every break of ``break_type`` on ``as_of`` (entity_id, name, detail), for a download."""
    breaks = _listed_breaks(con, as_of, queries.experiment_link_gaps(con))
    return _of_type(breaks, break_type, lang)[["entity_id", "name", "detail"]]


def _of_type(breaks: pd.DataFrame, break_type: str, lang: str) -> pd.DataFrame:
    """The rows of ``breaks`` of ``break_type``, worded in ``lang`` and numbered afresh."""
    return _worded(breaks[breaks["break_type"] == break_type], lang).reset_index(drop=True)


def goal_breaks(con: Database, as_of: dt.date, goal_id: str,
                lang: str = "en") -> pd.DataFrame:
    """The breaks touching one goal on ``as_of`` (``metrics.goal_breaks``): its own, its
    products' and its experiments', as ``current_breaks`` lists them; only the goal's
    experiments are read."""
    gaps = queries.goal_link_gaps(con, goal_id)
    return _worded(metrics.goal_breaks(_listed_breaks(con, as_of, gaps), gaps, goal_id,
                                       queries.goal_products(con, goal_id)["product_id"]), lang)


@dataclass(frozen=True)
class Cascade:
    """The Strategy to Gemba cascade in view: its layers, breaks, and the graph to draw."""

    goals: pd.DataFrame
    products: pd.DataFrame
    team_work: pd.DataFrame
    breaks: pd.DataFrame  # in view: every break of a goal, product or team; those of
    # experiments are counted only (``first_experiment_breaks`` lists them)
    break_counts: pd.DataFrame
    boxes: int  # goals, products and teams in view: the graph has at least this many
    dot: str | None  # None when boxes exceed CASCADE_MAX_NODES
    edge_table: pd.DataFrame | None  # None with dot: ``cascade_links`` builds it on demand


def _layers(con: Database, scope: Scope) -> tuple:
    view = (con, scope.start, scope.as_of, scope.value_stream, scope.team_id)
    return (queries.cascade_goals(*view), queries.cascade_goal_links(*view),
            queries.cascade_products(*view), queries.cascade_team_work(*view))


def _in_view(con: Database, scope: Scope, layers: tuple, gaps: pd.DataFrame) -> pd.DataFrame:
    """``_listed_breaks`` of ``gaps`` in the view of ``layers`` (``metrics.breaks_in_view``)."""
    goals, _, products, team_work = layers
    return metrics.breaks_in_view(_listed_breaks(con, scope.as_of, gaps), gaps,
                                  goals["goal_id"], products["product_id"], team_work["team_id"])


# The columns of ``queries.experiment_link_gaps``: none of them, the breaks of goals, products
# and teams alone.
NO_GAPS = pd.DataFrame(columns=["experiment_id", "team_id", "title", "product_id", "goal_id",
                                "product_serves_goal"])


def _cascade_parts(con: Database, scope: Scope) -> tuple:
    layers = _layers(con, scope)
    counted = queries.experiment_break_counts(con)
    counted = counted[counted["team_id"].isin(set(layers[3]["team_id"]))]
    progress = goal_values(con, scope.as_of).goals[["goal_id", "progress", "trend"]]
    return *layers, _in_view(con, scope, layers, NO_GAPS), counted, progress


def _graph(goals, goal_links, products, team_work, breaks, counted, progress,
           lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    return charts.cascade_graph(goals, goal_links, products, team_work, breaks,
                                metrics.broken_experiments_by_team(counted), catalogue(lang),
                                progress)


def cascade(con: Database, scope: Scope, lang: str,
            goal_href: str | None = None) -> Cascade:
    """The cascade of ``scope``: goal → product → team → experiments, breaks in view marked.

    Each goal box links to ``goal_href`` followed by its id, when given. A cascade too big
    to read is not laid out at all: the page offers its links as a download
    (``cascade_links``) and asks the leader to narrow the view.
    """
    parts = _cascade_parts(con, scope)
    goals, _, products, team_work, breaks, counted, _ = parts
    boxes = len(goals) + len(products) + team_work["team_id"].nunique()
    dot = edge_table = None
    if boxes <= CASCADE_MAX_NODES:
        nodes, edges = _graph(*parts, lang)
        dot = charts.cascade_dot(nodes, edges, goal_href)
        edge_table = charts.cascade_edge_table(nodes, edges)
    return Cascade(goals=goals, products=products, team_work=team_work,
                   breaks=_worded(breaks, lang),
                   break_counts=metrics.break_counts(breaks, counted), boxes=boxes, dot=dot,
                   edge_table=edge_table)


def cascade_links(con: Database, scope: Scope, lang: str) -> pd.DataFrame:
    """Every link of the cascade of ``scope`` (``charts.cascade_edge_table``), however big."""
    return charts.cascade_edge_table(*_graph(*_cascade_parts(con, scope), lang))


def first_experiment_breaks(con: Database, scope: Scope, break_type: str, lang: str = "en",
                            rows: int = BREAKS_LISTED) -> pd.DataFrame:
    """The first ``rows`` experiment breaks of ``break_type`` in the cascade of ``scope``
    (led by its teams in view), as ``cascade_breaks`` lists them: read only when asked for."""
    breaks = metrics.experiment_breaks(queries.first_link_gaps_in_view(
        con, rows, scope.start, scope.as_of, scope.value_stream, scope.team_id))
    return _of_type(breaks, break_type, lang)


def cascade_breaks(con: Database, scope: Scope, break_type: str,
                   lang: str = "en") -> pd.DataFrame:
    """Every break of ``break_type`` in the cascade of ``scope``, for a download."""
    breaks = _in_view(con, scope, _layers(con, scope), queries.experiment_link_gaps(con))
    return _of_type(breaks, break_type, lang)


# Of a table a page shows its first rows; the download reads every row on the click (the
# functions after ``learning``). What a cached view holds is what every rerun sends.
FIRST_ROWS = 100
# Of an adoption tree, the nodes drawn: the earliest generations first, so every drawn
# adopter's parent is drawn too.
TREE_NODES = 40


@dataclass(frozen=True)
class Learning:
    """Everything Learning flow & governance shows for one scope, computed once; of each
    long table its first rows and its length."""

    funnel: pd.DataFrame
    debt: pd.DataFrame  # the longest waiting first
    debt_count: int
    median_lead_time: float | None
    upper_share: float | None
    spread_factor: float | None
    histogram: pd.DataFrame
    has_lead_times: bool
    team_medians: pd.DataFrame  # the slowest teams first
    teams_deciding: int
    product_medians: pd.DataFrame  # the slowest products first
    products_deciding: int
    by_quarter: pd.DataFrame
    per_scope: pd.DataFrame
    spread_table: pd.DataFrame  # the widest spreading first
    validated: int
    top_spreading: list[str]
    tree_nodes: pd.DataFrame  # at most TREE_NODES of each tree
    tree_sizes: dict[str, int]  # every node of each tree drawn
    tree_dots: dict[str, str]  # each tree drawn (``charts.spread_tree_dot``) in the language
    answers_discussed: float | None  # share of governance answers discussed in time


def learning(con: Database, scope: Scope, trees: int = 3, lang: str = "en",
             rows: int = FIRST_ROWS, tree_nodes: int = TREE_NODES) -> Learning:
    """The Learning page of ``scope``: funnel, debt, lead times, decisions and spread; of the
    debt, the medians and the spread their first ``rows``, of the ``trees`` widest spreading
    trees their first ``tree_nodes`` nodes, drawn in ``lang``."""
    by_quarter = queries.decisions_by_quarter(con, scope)
    histogram = queries.lead_time_histogram(con, scope)
    spread = queries.spread_first(con, scope, QUARTER_DAYS, rows)
    top = _widest(spread, trees)
    debt = metrics.learning_debt(
        queries.learning_debt_first(con, scope, metrics.DEBT_AFTER_DAYS, rows), scope.as_of)
    team_medians = queries.lead_time_medians_first(con, scope, "team", rows)
    product_medians = queries.lead_time_medians_first(con, scope, "product", rows)
    drawn = (queries.spread_tree_nodes(con, top, scope.as_of, tree_nodes) if top
             else pd.DataFrame(columns=["root_id", "tree_nodes"]))
    return Learning(
        funnel=metrics.funnel_stages(queries.funnel_counts(con, scope)),
        debt=debt,
        debt_count=queries.learning_debt_count(con, scope, metrics.DEBT_AFTER_DAYS),
        median_lead_time=queries.median_lead_days(con, scope),
        upper_share=metrics.upper_scope_share(by_quarter),
        spread_factor=queries.spread_factor(con, scope),
        histogram=histogram,
        has_lead_times=bool(histogram["decisions"].sum()),
        team_medians=team_medians.drop(columns="total"), teams_deciding=_total(team_medians),
        product_medians=product_medians.drop(columns="total"),
        products_deciding=_total(product_medians),
        by_quarter=by_quarter,
        per_scope=metrics.decisions_per_scope(by_quarter),
        spread_table=spread.drop(columns="total"), validated=_total(spread),
        top_spreading=top,
        tree_nodes=drawn,
        tree_sizes=drawn.groupby("root_id")["tree_nodes"].first().to_dict(),
        tree_dots={root: charts.spread_tree_dot(drawn, root, catalogue(lang)) for root in top},
        answers_discussed=_share(queries.answers_discussed_counts(
            con, scope, metrics.ANSWER_DISCUSS_DAYS).iloc[0]),
    )


def _share(answers: pd.Series) -> float | None:
    """``metrics.answers_discussed_share`` of ``queries.answers_discussed_counts``."""
    return int(answers["in_time"]) / int(answers["closed"]) if answers["closed"] else None


def _widest(spread: pd.DataFrame, trees: int) -> list[str]:
    """``metrics.top_spreading`` of the first rows of the spread table (``spread_first``)."""
    return spread.loc[spread["tree_adoptions"] > 0, "experiment_id"].head(trees).to_list()


def _total(first_rows: pd.DataFrame) -> int:
    """How many rows a first page (its column total) was taken from."""
    return int(first_rows["total"].iloc[0]) if len(first_rows) else 0


def learning_debt(con: Database, scope: Scope) -> pd.DataFrame:
    """Every experiment of ``scope``'s learning debt, the longest waiting first."""
    return metrics.learning_debt(queries.undecided_experiments(con, scope), scope.as_of)


def lead_time_per_team(con: Database, scope: Scope) -> pd.DataFrame:
    """Every team's median lead time to a decision in ``scope``, the slowest first."""
    return metrics.median_lead_time_per_team(queries.decision_lead_times(con, scope))


def lead_time_per_product(con: Database, scope: Scope) -> pd.DataFrame:
    """Every product's median lead time to a decision in ``scope``, the slowest first."""
    return metrics.median_lead_time_per_product(queries.decision_lead_times(con, scope))


def spread_per_validated(con: Database, scope: Scope) -> pd.DataFrame:
    """Every validated experiment of ``scope`` with its spread, the widest spreading first."""
    return metrics.spread_table(queries.validated_spread(con, scope), scope.as_of)


def spread_trees(con: Database, scope: Scope, trees: int = 3) -> pd.DataFrame:
    """Every node of the ``trees`` widest spreading adoption trees of ``scope``."""
    top = _widest(queries.spread_first(con, scope, QUARTER_DAYS, trees), trees)
    return (queries.spread_tree_nodes(con, top, scope.as_of).drop(columns="tree_nodes")
            if top else pd.DataFrame())


@dataclass(frozen=True)
class ValueProof:
    """The proof view of one scope: finished experiments placed by attainment and energy, the
    better-and-more-energy corner counted per team and product per quarter, the teams
    improving while their energy falls, and the spreads on weak evidence; of each long table
    its first rows and its length."""

    points: pd.DataFrame  # the latest placed ones the chart draws
    finished: int
    placed: int
    corner: int
    per_team: pd.DataFrame
    team_quarters: int
    per_product: pd.DataFrame
    product_quarters: int
    energy_falls: pd.DataFrame
    falling_teams: int
    weak_spreads: pd.DataFrame
    weak: int


def value_proof(con: Database, scope: Scope, rows: int = FIRST_ROWS) -> ValueProof:
    """The proof view of ``scope``: its counts from ``rollup_outcomes``, of each list its
    first rows."""
    counts = queries.value_proof_counts(con, scope).iloc[0]
    per_team = queries.corner_counts_first(con, scope, "team", rows)
    per_product = queries.corner_counts_first(con, scope, "product", rows)
    falls = queries.energy_falls_first(
        con, scope, metrics.TREND_MIN_PER_HALF, metrics.ATTAINMENT_RISE, metrics.ENERGY_FALL,
        metrics.SHOWN_ATTAINMENT, rows)
    return ValueProof(
        points=metrics.outcome_points(
            queries.placed_outcomes_first(con, scope, charts.POINTS_CHARTED)),
        finished=int(counts["finished"]),
        placed=int(counts["placed"]),
        corner=int(counts["corner"]),
        per_team=per_team.drop(columns="total"), team_quarters=_total(per_team),
        per_product=per_product.drop(columns="total"), product_quarters=_total(per_product),
        energy_falls=falls.drop(columns=["fall", "total"]), falling_teams=_total(falls),
        weak_spreads=metrics.outcome_points(queries.weak_spreads_first(con, scope, rows)),
        weak=int(counts["weak"]),
    )


def outcome_points(con: Database, scope: Scope) -> pd.DataFrame:
    """Every finished experiment of ``scope`` placed by attainment and energy
    (``metrics.outcome_points``)."""
    return metrics.outcome_points(queries.experiment_outcomes(con, scope))


def corner_counts(con: Database, scope: Scope, by: str) -> pd.DataFrame:
    """The better-and-more-energy corner of ``scope`` per ``by`` (team or product) and
    quarter, every row."""
    return metrics.corner_counts(outcome_points(con, scope), by)


def energy_falls(con: Database, scope: Scope) -> pd.DataFrame:
    """Every team of ``scope`` improving while its energy falls."""
    return metrics.energy_falls(outcome_points(con, scope))


def weak_evidence_spreads(con: Database, scope: Scope) -> pd.DataFrame:
    """Every experiment of ``scope`` spread or scaled on weak evidence."""
    return metrics.weak_evidence_spreads(outcome_points(con, scope))


# Past this many pairs the network is a hairball: it is offered as its pair table.
NETWORK_MAX_EDGES = 400


# Isolated teams the table lists: a rerun sent every one of them (2,000 teams at scale); the
# download holds them all.
ISOLATED_SHOWN = 100


@dataclass(frozen=True)
class Collaboration:
    """Everything Teams & collaboration shows for one scope, computed once."""

    teams: pd.DataFrame
    pairs: int
    isolated: pd.DataFrame
    isolated_listed: pd.DataFrame  # the table's first page of ``isolated``
    index: float | None
    shares: pd.DataFrame
    disciplines: pd.DataFrame
    charted_disciplines: pd.DataFrame  # the heatmap's rows: hashed on every rerun, kept small
    dot: str | None  # None without pairs, or with more than NETWORK_MAX_EDGES of them


def collaboration(con: Database, scope: Scope, lang: str) -> Collaboration:
    """The team network (shared experiments and actions handed over), isolated teams,
    collaboration index and shares of ``scope``; the network's pairs themselves are read on
    a download's click (`network_links`): tens of thousands at scale, too many to cache."""
    view = (con, scope.start, scope.as_of, scope.value_stream, scope.team_id)
    teams = queries.team_collaboration(*view)
    edges = metrics.links_with_hand_overs(queries.team_network_edges(*view),
                                          queries.team_hand_overs(*view))
    drawable = not edges.empty and len(edges) <= NETWORK_MAX_EDGES
    isolated = metrics.isolated_teams(teams)
    disciplines = queries.team_disciplines(*view)
    return Collaboration(
        teams=teams, pairs=len(edges), isolated=isolated,
        isolated_listed=isolated.head(ISOLATED_SHOWN),
        index=metrics.collaboration_index(queries.collaboration_counts(*view)),
        shares=metrics.collaboration_shares(queries.collaboration_by_quarter(*view)),
        disciplines=disciplines, charted_disciplines=charts.charted_disciplines(disciplines),
        dot=charts.team_network_dot(teams, edges, catalogue(lang)) if drawable else None,
    )


def network_links(con: Database, scope: Scope) -> pd.DataFrame:
    """The team network's pairs of ``scope`` with the teams' names, for the download."""
    view = (con, scope.start, scope.as_of, scope.value_stream, scope.team_id)
    edges = metrics.links_with_hand_overs(queries.team_network_edges(*view),
                                          queries.team_hand_overs(*view))
    return charts.network_edge_table(queries.team_choices(con, None), edges)


# Teams the Coach overview's table shows: what a rerun sends grows with them (2,000 teams were
# 300 KB on every rerun); the download holds every team.
COACH_TEAMS_SHOWN = 100
# Teams its alert names, most urgent first (a thousand flagged teams were 36 KB on every rerun)
COACH_ATTENTION_SHOWN = 20


@dataclass(frozen=True)
class Coaching:
    """Everything the Coach overview shows for one scope, computed once."""

    overview: pd.DataFrame
    listed: pd.DataFrame  # the table's first page: teams needing a coach first, in overview order
    attention: pd.DataFrame
    follow_through: float | None
    breadth: float | None
    has_teams: bool
    has_sessions: bool
    falling_teams: int | None  # None: fewer teams with a trend than may be counted
    distribution: pd.DataFrame  # ``metrics.score_distribution``, over enough teams only


def attention_said(overview: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``metrics.coach_overview`` with why each team is flagged said in ``lang`` ("" if not)."""
    return overview.assign(attention=["; ".join(reason.text(lang) for reason in reasons)
                                      for reasons in overview["attention"]])


def coaching(con: Database, scope: Scope, lang: str,
             sight: tuple[str, ...] | None) -> Coaching:
    """Per team in ``scope``: rhythm, breadth, follow-through, safety trend and flags.

    A team's scores are shown only to those who may see them (``access.score_sight``:
    ``sight`` holds the teams, None every team); of the others, only figures over at least
    ``access.MIN_TEAMS_FOR_AGGREGATE`` teams.
    """
    where = (scope.value_stream, scope.team_id)
    counts = queries.team_reflection(con, scope.as_of, scope.start, *where)
    scores = queries.last_scores(con, scope.as_of, metrics.TREND_SESSIONS, *where)
    overview = attention_said(metrics.team_overview(
        counts, metrics.scores_kept(scores, sight), scope.as_of), lang)
    least = access.MIN_TEAMS_FOR_AGGREGATE
    flagged = overview["attention"].fillna("") != ""
    return Coaching(
        overview=overview,
        listed=pd.concat([overview[flagged], overview[~flagged]]).head(COACH_TEAMS_SHOWN),
        attention=metrics.attention_teams(overview),
        follow_through=metrics.follow_through_share(counts),
        breadth=metrics.reflection_breadth(queries.session_coverage(con, scope.as_of, *where)),
        has_teams=not counts.empty,
        has_sessions=bool(counts["last_session"].notna().any()),
        falling_teams=metrics.falling_teams(scores, 0 if sight is None else least),
        distribution=metrics.score_distribution(scores, least),
    )


def example_ids(con: Database, person: Person,
                lang: str = "en") -> templates.ExampleIds | None:
    """The organisation's own ids a template's examples name for ``person``: a member's own
    team, else a team whose product serves a goal; None for an organisation without teams."""
    chain = queries.example_chain(con, person.team_id if person.role == access.MEMBER else None)
    if chain.empty:
        return None
    row = {column: value if isinstance(value, str) and value else None
           for column, value in chain.iloc[0].items()}
    prefix = templates.example_id_prefix(row["team_id"], lang)
    return templates.ExampleIds(**row, taken=frozenset(queries.experiment_ids_starting(con,
                                                                                     prefix)))
