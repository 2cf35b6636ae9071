"""Scale generator: a synthetic organisation written straight into a DuckDB file.

Everything is set-based SQL over ``range()`` with ``hash()`` as a seeded dice, so a million
experiments take seconds, not minutes. The file is opened through ``alignment.db.connect``
(schema and migrations applied) and holds what the app itself would have written: the
domain tables, ``experiment_teams`` (lead + partner rows, as an upload rebuilds them),
people, uploads with their ``change_log`` and the rollup tables.

The organisation has the breaks and spread of a real one, in these proportions:
goals without a product (~8 %), products without a goal (~3 %), without an owner (~3 %)
or with two owners (~2 %), teams without a product (~2 %), experiments without a product
(~3 %) or a goal (~2 %), misaligned ones (~2 %), done experiments without a decision
(~28 %), partner teams on ~23 % of experiments, and ~6 % of experiments adopting a
validated experiment of another team (chains of several generations arise by themselves).

    python -m benchmarks.org data/bench/org-1m.duckdb
    python -m benchmarks.org data/bench/small.duckdb --experiments 10000 --teams 100
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from alignment import db, store
from alignment.store import session_rollups


@dataclass(frozen=True)
class Size:
    """How big the generated organisation is, and the seed and day it is generated for."""

    goals: int = 50
    products: int = 300
    teams: int = 2_000
    experiments: int = 1_000_000
    sessions: int = 200_000
    streams: int = 12
    seed: int = 7
    today: dt.date = dt.date.today()


# u(n, salt, seed): a uniform number in [0, 1) per row and purpose, the same on every run.
DICE = "CREATE OR REPLACE TEMP MACRO u(n, salt, seed) AS (hash(n, salt, seed) % 1000000) / 1e6"

GOALS = """
INSERT INTO goals BY NAME
SELECT
    printf('G%03d', g) AS goal_id,
    CASE WHEN g < 5 THEN 'Ambition ' WHEN g < 17 THEN 'Goal ' ELSE 'Objective ' END
        || g AS title,
    'What the organisation wants to be true by the end of the period.' AS description,
    CASE WHEN g < 5 THEN 'ambition' WHEN g < 17 THEN 'goal' ELSE 'objective' END AS level,
    CASE WHEN g < 5 THEN NULL
         WHEN g < 17 THEN printf('G%03d', g % 5)
         ELSE printf('G%03d', 5 + g % 12) END AS parent_goal_id,
    printf('leader.%02d@example.org', g % 10) AS owner,
    CAST(CAST($today AS DATE) - INTERVAL 3 YEAR AS DATE) AS period_start,
    CAST(CAST($today AS DATE) + INTERVAL 1 YEAR AS DATE) AS period_end,
    CASE WHEN u(g, 'goal_status', $seed) < 0.82 OR g < 5 THEN 'active'
         WHEN u(g, 'goal_status', $seed) < 0.91 THEN 'draft' ELSE 'closed' END AS status
FROM range($goals) AS r(g)
"""

PRODUCTS = """
INSERT INTO products BY NAME
SELECT
    printf('P%03d', p) AS product_id,
    'Product ' || p AS name,
    printf('Stream %02d', p * $streams // $products) AS value_stream,
    CASE WHEN u(p, 'lifecycle', $seed) < 0.2 THEN 'explore'
         WHEN u(p, 'lifecycle', $seed) < 0.55 THEN 'grow'
         WHEN u(p, 'lifecycle', $seed) < 0.9 THEN 'sustain' ELSE 'retire' END AS lifecycle,
    'Serve residents and businesses a little better every quarter.' AS mission,
    CASE WHEN u(p, 'lifecycle', $seed) < 0.2 THEN 60
         WHEN u(p, 'lifecycle', $seed) < 0.55 THEN 35
         WHEN u(p, 'lifecycle', $seed) < 0.9 THEN 15 ELSE 5 END AS explore_target_pct
FROM range($products) AS r(p)
"""

# Products serve the goals and objectives below the ambitions, except the last few goals
# (goals without a product); ~3 % of products serve no goal; ~30 % support a second one.
PRODUCT_GOALS = """
INSERT INTO product_goals BY NAME
SELECT printf('P%03d', p) AS product_id,
       printf('G%03d', 5 + p % ($goals - 5 - $goals // 12)) AS goal_id,
       'contributes' AS link_type, 1.0 AS weight
FROM range($products) AS r(p)
WHERE u(p, 'no_goal', $seed) >= 0.03
UNION ALL
SELECT printf('P%03d', p) AS product_id,
       printf('G%03d', 5 + (p + 7) % ($goals - 5 - $goals // 12)) AS goal_id,
       'supports' AS link_type, 0.5 AS weight
FROM range($products) AS r(p)
WHERE u(p, 'no_goal', $seed) >= 0.03 AND u(p, 'second_goal', $seed) < 0.3
  AND (p + 7) % ($goals - 5 - $goals // 12) <> p % ($goals - 5 - $goals // 12)
"""

TEAMS = """
INSERT INTO teams BY NAME
SELECT
    printf('T%04d', t) AS team_id,
    'Team ' || t AS name,
    printf('Stream %02d', t * $streams // $teams) AS value_stream,
    CASE t % 5 WHEN 0 THEN ['dev', 'design', 'ops'] WHEN 1 THEN ['dev', 'data']
               WHEN 2 THEN ['business', 'support'] WHEN 3 THEN ['dev', 'ops', 'support']
               ELSE ['design', 'business', 'data'] END AS disciplines
FROM range($teams) AS r(t)
"""

# Each team works on the product of its block (same stream); the first team of a block
# owns it. Breaks: ~3 % of products lose their owner, ~2 % get a second one, ~2 % of teams
# have no product; a quarter of the teams also contribute to the next product.
TEAM_PRODUCTS = """
INSERT INTO team_products BY NAME
WITH main AS (
    SELECT t, t * $products // $teams AS p,
           row_number() OVER (PARTITION BY t * $products // $teams ORDER BY t) AS place
    FROM range($teams) AS r(t)
    WHERE u(t, 'no_product', $seed) >= 0.02
)
SELECT printf('T%04d', t) AS team_id, printf('P%03d', p) AS product_id,
       CASE WHEN place = 1 AND u(p, 'no_owner', $seed) >= 0.03 THEN 'owner'
            WHEN place = 2 AND u(p, 'two_owners', $seed) < 0.02 THEN 'owner'
            ELSE 'contributor' END AS role,
       CASE WHEN u(t, 'extra_product', $seed) < 0.25 THEN 80 ELSE 100 END AS allocation_pct
FROM main
UNION ALL
SELECT printf('T%04d', t) AS team_id, printf('P%03d', (p + 1) % $products) AS product_id,
       'contributor' AS role, 20 AS allocation_pct
FROM main
WHERE u(t, 'extra_product', $seed) < 0.25
"""

# One row per experiment with every column but source_experiment_id. Row n is started
# later the larger n is (six years of history), so adoption can look back in n.
EXPERIMENT_ROWS = """
CREATE OR REPLACE TEMP TABLE gen AS
WITH dice AS (
    SELECT n,
           ($experiments - 1 - n) * 2190 // $experiments AS age,
           (floor($teams * pow(u(n, 'team', $seed), 1.3))::BIGINT * 7919) % $teams AS t,
           u(n, 'status', $seed) AS s,
           u(n, 'product', $seed) AS pr,
           u(n, 'goal', $seed) AS go,
           u(n, 'result', $seed) AS re,
           u(n, 'decision', $seed) AS de,
           u(n, 'partners', $seed) AS pa,
           7 + hash(n, 'duration', $seed) % 84 AS duration,
           hash(n, 'lens', $seed) % 100 AS lens
    FROM range($experiments) AS r(n)
), shaped AS (
    SELECT *,
           CASE WHEN age < 120 THEN
                    CASE WHEN s < 0.2 THEN 'idea' WHEN s < 0.75 THEN 'running'
                         WHEN s < 0.95 THEN 'done' ELSE 'stopped' END
                ELSE CASE WHEN s < 0.08 THEN 'idea' WHEN s < 0.1 THEN 'running'
                          WHEN s < 0.82 THEN 'done' ELSE 'stopped' END END AS status,
           CASE WHEN pr < 0.03 THEN NULL
                WHEN pr < 0.1 THEN (t * $products // $teams + 1 + hash(n, 'other', $seed) % 3)
                                   % $products
                ELSE t * $products // $teams END AS p
    FROM dice
), dated AS (
    SELECT *,
           CASE WHEN status = 'idea' THEN NULL
                ELSE CAST($today AS DATE) - CAST(age AS INTEGER) END AS start_date,
           CASE WHEN status = 'done' THEN
                    CASE WHEN re < 0.45 THEN 'validated' WHEN re < 0.75 THEN 'invalidated'
                         ELSE 'inconclusive' END
                WHEN status = 'stopped' AND re < 0.4 THEN 'inconclusive' END AS result
    FROM shaped
), ended AS (
    SELECT *,
           CASE WHEN status IN ('done', 'stopped')
                THEN least(start_date + CAST(duration AS INTEGER), CAST($today AS DATE))
           END AS end_date,
           CASE WHEN status = 'done' AND de < 0.72 THEN
                    CASE result WHEN 'validated' THEN
                                    CASE WHEN de < 0.3 THEN 'scale' WHEN de < 0.5 THEN 'spread'
                                         ELSE 'persevere' END
                                WHEN 'invalidated' THEN
                                    CASE WHEN de < 0.4 THEN 'stop' ELSE 'pivot' END
                                ELSE CASE WHEN de < 0.4 THEN 'persevere' ELSE 'pivot' END END
                WHEN status = 'stopped' AND de < 0.5 THEN 'stop' END AS decision
    FROM dated
)
SELECT
    n,
    printf('E%07d', n) AS experiment_id,
    printf('T%04d', t) AS team_id,
    CASE lens % 4 WHEN 0 THEN 'Shorter intake for ' WHEN 1 THEN 'Visual board for '
                  WHEN 2 THEN 'Pairing on ' ELSE 'One-piece flow in ' END
        || 'Team ' || t || ', experiment ' || n AS title,
    'We believe a small change in how we work will help; we know when the metric moves.'
        AS hypothesis,
    status,
    CASE WHEN lens < 30 THEN 'value' WHEN lens < 55 THEN 'flow' WHEN lens < 75 THEN 'waste'
         WHEN lens < 90 THEN 'learning' ELSE 'communication' END AS lean_lens,
    CASE WHEN p IS NOT NULL THEN printf('P%03d', p) END AS product_id,
    CASE WHEN p IS NULL AND go < 0.5 THEN NULL
         WHEN go < 0.02 THEN NULL
         WHEN go < 0.04 THEN printf('G%03d', 5 + (coalesce(p, t) + 3)
                                             % ($goals - 5 - $goals // 12))
         ELSE printf('G%03d', 5 + coalesce(p, t) % ($goals - 5 - $goals // 12)) END AS goal_id,
    start_date,
    end_date,
    CASE lens % 3 WHEN 0 THEN 'lead time (days)' WHEN 1 THEN 'first-time-right %'
                  ELSE 'hand-offs per case' END AS metric,
    20.0 + lens AS baseline,
    15.0 + lens AS target,
    CASE WHEN status = 'done' OR (status = 'stopped' AND result IS NOT NULL)
         THEN 10.0 + lens + 20 * re END AS observed,
    result,
    CASE WHEN status = 'done' OR result IS NOT NULL
         THEN 'What we saw, and what we would do differently next time.' END AS learning,
    CASE WHEN status IN ('done', 'stopped') THEN
              CASE WHEN re * 7 % 1 < 0.3 THEN 'weak' WHEN re * 7 % 1 < 0.75 THEN 'medium'
                   ELSE 'strong' END END AS evidence_strength,
    decision,
    CASE WHEN decision IS NOT NULL
         THEN least(end_date + CAST(3 + hash(n, 'lag', $seed) % 75 AS INTEGER),
                    CAST($today AS DATE)) END AS decision_date,
    CASE WHEN decision IS NOT NULL THEN
              CASE WHEN de * 11 % 1 < 0.55 THEN 'team' WHEN de * 11 % 1 < 0.8 THEN 'product'
                   WHEN de * 11 % 1 < 0.93 THEN 'portfolio' ELSE 'strategy' END
    END AS decision_scope,
    CASE WHEN decision IS NOT NULL THEN 'Decided with the product owner at the review.' END
        AS decision_rationale,
    CASE WHEN $teams <= 20 THEN NULL
         WHEN pa < 0.18 THEN [printf('T%04d', (t + 1 + hash(n, 'p1', $seed) % 9) % $teams)]
         WHEN pa < 0.23 THEN [printf('T%04d', (t + 1 + hash(n, 'p1', $seed) % 9) % $teams),
                              printf('T%04d', (t + 10 + hash(n, 'p2', $seed)
                                                         % ($teams - 11)) % $teams)]
    END AS partner_teams,
    CASE WHEN lens % 3 = 0 THEN ['dev', 'design'] WHEN lens % 7 = 1 THEN ['ops', 'support', 'data']
         WHEN lens % 2 = 0 THEN ['dev'] ELSE ['business'] END AS disciplines,
    CASE WHEN s * 13 % 1 < 0.2 THEN NULL ELSE 1 + hash(n, 'energy', $seed) % 5 END AS energy
FROM ended
"""

# ~6 % of started experiments adopt a validated one of another team that ended before
# they started: half look back a few months, half anywhere in history.
ADOPTIONS = """
CREATE OR REPLACE TEMP TABLE adoption AS
WITH validated AS (
    SELECT n, experiment_id, team_id, end_date FROM gen WHERE result = 'validated'
), adopters AS (
    SELECT n, team_id, start_date,
           CASE WHEN u(n, 'near', $seed) < 0.5
                THEN n - 1 - floor($experiments * 0.06 * u(n, 'back', $seed))::BIGINT
                ELSE floor(n * u(n, 'back', $seed))::BIGINT END AS look_at
    FROM gen
    WHERE status <> 'idea' AND n > $experiments // 20 AND u(n, 'adopt', $seed) < 0.06
)
SELECT a.n, v.experiment_id AS source_experiment_id
FROM adopters AS a
ASOF JOIN validated AS v ON a.look_at >= v.n
WHERE v.team_id <> a.team_id AND v.end_date < a.start_date
"""

EXPERIMENTS = """
INSERT INTO experiments BY NAME
SELECT g.* EXCLUDE (n), a.source_experiment_id
FROM gen AS g LEFT JOIN adoption AS a USING (n)
"""

# The same rows an upload writes (store.rebuilt_experiment_teams), for every experiment.
EXPERIMENT_TEAMS = """
INSERT INTO experiment_teams BY NAME
SELECT experiment_id, team_id, 'lead' AS role FROM experiments
UNION
SELECT experiment_id, unnest(partner_teams) AS team_id, 'partner' AS role FROM experiments
WHERE partner_teams IS NOT NULL
"""

# Sessions over three years; ~8 % of the teams never held one.
SESSIONS = """
INSERT INTO sessions BY NAME
WITH dice AS (
    SELECT s,
           (floor(0.92 * $teams * u(s, 'team', $seed))::BIGINT * 7919 + 13) % $teams AS t,
           u(s, 'kind', $seed) AS k, u(s, 'cover', $seed) AS c, u(s, 'score', $seed) AS sc
    FROM range($sessions) AS r(s)
)
SELECT
    printf('S%07d', s) AS session_id,
    printf('T%04d', t) AS team_id,
    CAST($today AS DATE) - CAST(hash(s, 'held', $seed) % 1095 AS INTEGER) AS held_on,
    printf('coach.%02d@example.org', t * $streams // $teams) AS facilitator,
    CASE WHEN k < 0.7 THEN 'retro' WHEN k < 0.9 THEN 'health_check'
         ELSE 'portfolio_review' END AS kind,
    c < 0.85 AS covered_results,
    c * 7 % 1 < 0.55 AS covered_collaboration,
    c * 13 % 1 < 0.35 AS covered_safety,
    CASE WHEN k >= 0.7 OR sc < 0.6 THEN round(1 + 4 * sc, 1) END AS safety,
    CASE WHEN k >= 0.7 OR sc < 0.6 THEN round(1 + 4 * (sc * 3 % 1), 1) END AS ownership,
    CASE WHEN k >= 0.7 OR sc < 0.6 THEN round(1 + 4 * (sc * 7 % 1), 1) END AS energy,
    CASE WHEN k >= 0.7 OR sc < 0.6 THEN round(1 + 4 * (sc * 11 % 1), 1) END AS collaboration,
    'Short reflection on results and how we worked together.' AS notes
FROM dice
"""

# 0 to 3 actions per session (1.5 on average); 40 % on one of the owner team's experiments.
ACTIONS = """
INSERT INTO actions BY NAME
WITH led AS (
    SELECT team_id, experiment_id,
           row_number() OVER (PARTITION BY team_id ORDER BY experiment_id) - 1 AS k,
           count(*) OVER (PARTITION BY team_id) AS led
    FROM experiments
), wanted AS (
    SELECT s.session_id, s.team_id, s.held_on, a.i,
           hash(s.session_id, a.i, $seed) AS h, u(a.i, s.session_id, $seed) AS st
    FROM sessions AS s, range(3) AS a(i)
    WHERE a.i < hash(s.session_id, 'actions', $seed) % 4
), dated AS (
    SELECT *, held_on + CAST(14 + h % 15 AS INTEGER) AS due_on,
           CASE WHEN held_on + CAST(14 + h % 15 AS INTEGER) > CAST($today AS DATE)
                     AND st < 0.8 THEN 'open'
                WHEN st < 0.65 THEN 'done' WHEN st < 0.75 THEN 'dropped' ELSE 'open' END
               AS status
    FROM wanted
)
SELECT
    d.session_id || '-' || d.i AS action_id,
    d.session_id,
    CASE WHEN d.h % 10 < 4 THEN l.experiment_id END AS experiment_id,
    d.team_id AS owner_team_id,
    'Follow up on what the session agreed.' AS description,
    d.due_on,
    d.status,
    CASE WHEN d.status <> 'open'
         THEN least(d.held_on + CAST(1 + d.h % 40 AS INTEGER), CAST($today AS DATE))
    END AS closed_on
FROM dated AS d
LEFT JOIN (SELECT team_id, max(led) AS led FROM led GROUP BY team_id) AS c USING (team_id)
LEFT JOIN led AS l ON l.team_id = d.team_id AND l.k = d.h % c.led
"""

# An admin, a leader per goal owner, a coach per stream with its teams, a member per team.
PEOPLE = """
INSERT INTO people BY NAME
SELECT 'admin@example.org' AS email, 'Admin' AS name, 'admin' AS role, NULL AS team_id
UNION ALL
SELECT printf('leader.%02d@example.org', i), 'Leader ' || i, 'leader', NULL FROM range(10) r(i)
UNION ALL
SELECT printf('coach.%02d@example.org', i), 'Coach ' || i, 'coach', NULL
FROM range($streams) AS r(i)
UNION ALL
SELECT printf('member.%04d@example.org', t), 'Member of team ' || t, 'member',
       printf('T%04d', t)
FROM range($teams) AS r(t)
"""

COACH_TEAMS = """
INSERT INTO coach_teams BY NAME
SELECT printf('coach.%02d@example.org', t * $streams // $teams) AS email,
       printf('T%04d', t) AS team_id
FROM range($teams) AS r(t)
"""

# The history uploads would have left: each team uploads its new experiments quarterly,
# and every created experiment has its '(created)' change_log row.
CHANGE_LOG = """
INSERT INTO change_log BY NAME
WITH created AS (
    SELECT experiment_id, team_id,
           coalesce(start_date, CAST($today AS DATE)
                    - CAST(($experiments - 1 - CAST(substr(experiment_id, 2) AS BIGINT))
                           * 2190 // $experiments AS INTEGER)) AS created_on
    FROM experiments
)
SELECT 'experiments' AS entity, experiment_id AS entity_id, '(created)' AS field,
       NULL AS old_value, NULL AS new_value,
       CAST(created_on AS TIMESTAMP) + INTERVAL 9 HOUR AS changed_at,
       'member.' || substr(team_id, 2) || '@example.org' AS changed_by,
       'U-' || strftime(created_on, '%Y') || 'Q' || quarter(created_on) || '-' || team_id
           AS upload_id
FROM created
"""

UPLOADS = """
INSERT INTO uploads BY NAME
SELECT upload_id, 'experiments' AS kind, substr(upload_id, 10) AS team_id,
       'experiments.csv' AS file_name, sha256(upload_id) AS sha256,
       max(changed_at) AS uploaded_at, min(changed_by) AS uploaded_by,
       count(*) AS rows_new, 0 AS rows_changed, 0 AS rows_unchanged
FROM change_log
WHERE upload_id IS NOT NULL
GROUP BY upload_id
"""

STEPS = (
    ("goals", GOALS), ("products", PRODUCTS), ("product_goals", PRODUCT_GOALS),
    ("teams", TEAMS), ("team_products", TEAM_PRODUCTS), ("(generated rows)", EXPERIMENT_ROWS),
    ("(adoptions)", ADOPTIONS), ("experiments", EXPERIMENTS),
    ("experiment_teams", EXPERIMENT_TEAMS), ("sessions", SESSIONS), ("actions", ACTIONS),
    ("people", PEOPLE), ("coach_teams", COACH_TEAMS), ("change_log", CHANGE_LOG),
    ("uploads", UPLOADS),
)
COUNTED = ("goals", "products", "product_goals", "teams", "team_products", "experiments",
           "experiment_teams", "sessions", "actions", "people", "coach_teams", "uploads",
           "change_log")


def bound(sql: str, size: Size) -> dict[str, object]:
    """The ``$name`` parameters ``sql`` uses, taken from ``size``."""
    values = asdict(size)
    return {name: values[name] for name in set(re.findall(r"\$(\w+)", sql))}


def loaded(cur: duckdb.DuckDBPyConnection, size: Size) -> dict[str, float]:
    """Write every table of the organisation with ``cur``; returns seconds per step."""
    cur.execute(DICE)
    seconds = {}
    for name, sql in STEPS:
        started = time.perf_counter()
        cur.execute(sql, bound(sql, size))
        seconds[name] = time.perf_counter() - started
    cur.execute("DROP TABLE gen")
    cur.execute("DROP TABLE adoption")
    return seconds


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table of the generated file."""
    cur = con.cursor()
    counts = {table: cur.execute("SELECT count(*) FROM " + table).fetchone()[0]  # noqa: S608
              for table in COUNTED}
    cur.close()
    return counts


def generated(path: str | Path, size: Size | None = None) -> dict[str, float]:
    """Write a fresh organisation of ``size`` (the default one) to ``path``; seconds per step."""
    size = size or Size()
    target = Path(path)
    for stale in (target, target.with_name(target.name + ".wal")):
        stale.unlink(missing_ok=True)
    con = db.connect(target)
    try:
        with db.transaction(con) as cur:
            seconds = loaded(cur, size)
        started = time.perf_counter()
        db.written(con, store.refreshed_rollups)
        seconds["(rollups)"] = time.perf_counter() - started
        started = time.perf_counter()
        db.written(con, session_rollups.rebuilt)
        seconds["(session rollups)"] = time.perf_counter() - started
        started = time.perf_counter()
        con.execute("CHECKPOINT")
        seconds["(checkpoint)"] = time.perf_counter() - started
    finally:
        con.close()
    return seconds


def main() -> None:
    """Generate the organisation the command line asks for and say what was written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    defaults = Size()
    for field in ("goals", "products", "teams", "experiments", "sessions", "streams", "seed"):
        parser.add_argument("--" + field, type=int, default=getattr(defaults, field))
    parser.add_argument("--today", type=dt.date.fromisoformat, default=defaults.today)
    args = parser.parse_args()
    if args.goals < 10 or min(args.products, args.teams, args.experiments, args.streams) < 1:
        parser.error("at least 10 goals and one product, team, experiment and stream")
    size = Size(**{k: v for k, v in vars(args).items() if k != "path"})
    started = time.perf_counter()
    seconds = generated(args.path, size)
    total = time.perf_counter() - started
    con = duckdb.connect(args.path, read_only=True)
    counts = row_counts(con)
    con.close()
    for table, rows in counts.items():
        print(f"{table:>18} {rows:>11,}")
    print("steps: " + ", ".join(f"{name} {s:.1f}s" for name, s in seconds.items()))
    print(f"wrote {args.path} in {total:.1f} s")


if __name__ == "__main__":
    main()
