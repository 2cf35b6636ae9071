
from __future__ import annotations

import pandas as pd

from alignment.metrics.value import VALUE_BREAK_COLUMNS
from alignment.problems import Said, Share, said

# The break types in the order a leader reads them: top of the chain first. What each means is
# ``break_definition.<type>`` in the catalogue.
BREAK_TYPES: tuple[str, ...] = (
    "goal_without_product", "product_without_goal", "product_without_owner",
    "product_with_several_owners", "team_without_product", "goal_without_experiment",
    "orphan_experiment", "misaligned_experiment", "goal_without_measure", "stale_measure",
    "busy_without_value", "value_without_learning",
)

BREAK_COLUMNS = ["break_type", "entity", "entity_id", "name", "detail"]

def chain_completeness(goal_chain: pd.DataFrame) -> float | None:
    """Share (0–1) of active goals with a product, an owning team and a recent experiment.

    None when there is no active goal, so "nothing to measure" never reads as 0 %.
    """
    if goal_chain.empty:
        return None
    complete = (
        (goal_chain["products"] > 0)
        & (goal_chain["owned_products"] > 0)
        & (goal_chain["recent_experiments"] > 0)
    )
    return float(complete.mean())


def _breaks(rows: pd.DataFrame, break_type: str, entity: str, id_col: str,
            details: list[Said]) -> pd.DataFrame:
    if rows.empty:
        return pd.DataFrame(columns=BREAK_COLUMNS)
    return pd.DataFrame(
        {
            "break_type": break_type,
            "entity": entity,
            "entity_id": rows[id_col].astype(str).to_numpy(),
            "name": rows["name" if "name" in rows else "title"].astype(str).to_numpy(),
            "detail": details,
        }
    )


def _details(key: str, rows: pd.DataFrame, **columns: str) -> list[Said]:
    """``break_detail.<key>`` for every row, its parameters taken from ``columns``.

    >>> # _details("owners", rows, owners="owner_ids")
    >>> # → [said("break_detail.owners", owners="A, B"), …]
    """
    values = [rows[column].to_list() for column in columns.values()]
    if not values:
        return [said("break_detail." + key)] * len(rows)
    # one message per distinct set of parameters: a hundred thousand orphan experiments name
    # a few thousand teams
    made: dict[tuple, Said] = {}
    for row in zip(*values, strict=True):
        if row not in made:
            made[row] = said("break_detail." + key, **dict(zip(columns, row, strict=True)))
    return [made[row] for row in zip(*values, strict=True)]


def _levels(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.assign(level=rows["level"].map(lambda v: said(f"enum.goal_level.{v}")))


def _experiment_gaps(rows: pd.DataFrame) -> list[Said]:
    no_goal, no_product = rows["goal_id"].isna(), rows["product_id"].isna()
    found = []
    for key, chosen in (("no_goal_no_product", no_goal & no_product),
                        ("no_goal", no_goal & ~no_product), ("no_product", ~no_goal & no_product)):
        part = rows[chosen]
        found.append(pd.Series(_details(key, part, team="team_id"), index=part.index,
                               dtype=object))
    return pd.concat(found).reindex(rows.index).to_list()


def _kept(values: pd.Series, kind) -> pd.Series:
    """``values`` as ``kind`` (an int, a `Share`), None where missing; never cast back to float."""
    return pd.Series([None if pd.isna(v) else kind(v) for v in values], index=values.index,
                     dtype=object)


def _value_breaks(gaps: pd.DataFrame) -> list[pd.DataFrame]:
    """The value breaks of ``gaps`` as break rows, in ``BREAK_TYPES`` order."""
    said_rows = _levels(gaps).assign(
        days=_kept(gaps["days"], int), change=_kept(gaps["change"], Share),
        experiments=_kept(gaps["experiments"], int))
    stale = said_rows[said_rows["break_type"] == "stale_measure"]
    never = stale["days"].isna()
    parts = []
    for kind, columns in (("goal_without_measure", {"level": "level"}),
                          ("busy_without_value", {"measure": "measure", "count": "experiments",
                                                  "change": "change"}),
                          ("value_without_learning", {"measure": "measure", "change": "change"})):
        rows = said_rows[said_rows["break_type"] == kind]
        parts.append(_breaks(rows, kind, "goal", "goal_id", _details(kind, rows, **columns)))
    details = pd.Series(
        _details("stale_measure", stale[~never], measure="measure", days="days")
        + _details("stale_measure_never", stale[never], measure="measure"),
        index=[*stale.index[~never], *stale.index[never]], dtype=object).reindex(stale.index)
    parts.insert(1, _breaks(stale, "stale_measure", "goal", "goal_id", details.to_list()))
    return parts


def _experiment_parts(gaps: pd.DataFrame) -> list[pd.DataFrame]:
    """The orphan and the misaligned experiments of ``gaps`` as break rows."""
    has_both = gaps["goal_id"].notna() & gaps["product_id"].notna()
    orphans = gaps[~has_both]
    misaligned = gaps[has_both & ~gaps["product_serves_goal"].astype(bool)]
    return [
        _breaks(orphans, "orphan_experiment", "experiment", "experiment_id",
                _experiment_gaps(orphans)),
        _breaks(misaligned, "misaligned_experiment", "experiment", "experiment_id",
                _details("misaligned_experiment", misaligned, team="team_id",
                         product="product_id", goal="goal_id")),
    ]


def experiment_breaks(gaps: pd.DataFrame) -> pd.DataFrame:
    """The breaks of the experiments in ``gaps`` (``queries.experiment_link_gaps`` or a part
    of it) alone, as ``chain_breaks`` lists them."""
    parts = [part for part in _experiment_parts(gaps) if not part.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=BREAK_COLUMNS)


def chain_breaks(
    goal_chain: pd.DataFrame,
    product_links: pd.DataFrame,
    team_links: pd.DataFrame,
    experiment_link_gaps: pd.DataFrame,
    value_gaps: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every break in the chain, one row each: break_type, entity, entity_id, name, detail
    (what is wrong, a `Said` worded at the face). ``value_gaps`` (``metrics.value_gaps``) adds
    the breaks between a goal's work and its measures.

    >>> # a product owned by A and B gives
    >>> # product_with_several_owners | product | P1 | Parkeren | break_detail.… owners="A, B"
    """
    unserved = _levels(goal_chain[goal_chain["products"] == 0])
    unlearned = _levels(goal_chain[goal_chain["recent_experiments"] == 0])
    aimless = product_links[product_links["goals"] == 0]
    ownerless = product_links[product_links["owners"] == 0]
    shared = product_links[product_links["owners"] > 1]
    idle = team_links[team_links["products"] == 0]
    parts = [
        _breaks(unserved, "goal_without_product", "goal", "goal_id",
                _details("goal_without_product", unserved, level="level")),
        _breaks(aimless, "product_without_goal", "product", "product_id",
                _details("product_without_goal", aimless, stream="value_stream")),
        _breaks(ownerless, "product_without_owner", "product", "product_id",
                _details("product_without_owner", ownerless, stream="value_stream")),
        _breaks(shared, "product_with_several_owners", "product", "product_id",
                _details("product_with_several_owners", shared, owners="owner_ids")),
        _breaks(idle, "team_without_product", "team", "team_id",
                _details("team_without_product", idle, stream="value_stream")),
        _breaks(unlearned, "goal_without_experiment", "goal", "goal_id",
                _details("goal_without_experiment", unlearned, level="level")),
        *_experiment_parts(experiment_link_gaps),
    ]
    parts += _value_breaks(value_gaps if value_gaps is not None
                           else pd.DataFrame(columns=VALUE_BREAK_COLUMNS))
    parts = [part for part in parts if not part.empty]
    if not parts:
        return pd.DataFrame(columns=BREAK_COLUMNS)
    return pd.concat(parts, ignore_index=True)


# The breaks of experiments: a million experiments can hold a hundred thousand, so they are
# counted in SQL (``queries.experiment_break_counts``) and a page lists their first rows.
EXPERIMENT_BREAK_TYPES: tuple[str, ...] = ("orphan_experiment", "misaligned_experiment")


def break_counts(breaks: pd.DataFrame,
                 experiment_counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Number of breaks per type, every type listed (zeros included), in chain order.

    With ``experiment_counts`` (team_id, break_type, breaks, as
    ``queries.experiment_break_counts`` gives them) the experiment breaks are counted there,
    and ``breaks`` may hold only their first rows.
    """
    counts = breaks["break_type"].value_counts().to_dict() if not breaks.empty else {}
    if experiment_counts is not None:
        counted = experiment_counts.groupby("break_type")["breaks"].sum()
        counts.update({kind: counted.get(kind, 0) for kind in EXPERIMENT_BREAK_TYPES})
    return pd.DataFrame(
        {
            "break_type": list(BREAK_TYPES),
            "breaks": [int(counts.get(kind, 0)) for kind in BREAK_TYPES],
        }
    )
