"""The rules of the organisation's structure: goals, products, teams and the links between
them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from alignment import contract
from alignment.ingest.checks import duplicates, other_values, unknown_ids
from alignment.ingest.problems import References
from alignment.ingest.report import Report, msg
from alignment.problems import said


def _goal_cycles(parents: dict[str, str | None], goals: Iterable[str]) -> dict[str, list[str]]:
    """For each of ``goals`` that lies on a cycle of parents, the cycle (starting at it)."""
    cycles: dict[str, list[str]] = {}
    settled: set[str] = set()
    for start in goals:
        path: list[str] = []
        position: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in settled and node not in position:
            position[node] = len(path)
            path.append(node)
            node = parents.get(node)
        if node is not None and node in position:
            loop = path[position[node] :]
            for i, member in enumerate(loop):
                cycles[member] = loop[i:] + loop[:i]
        settled.update(path)
    return cycles


def goal_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: Report
) -> None:
    """Unique goal ids, existing parents, no cycles, a period that ends after it starts."""
    ids, parent = typed["goal_id"], typed["parent_goal_id"]
    duplicates(report, typed, ["goal_id"], "goal_id")
    unknown_ids(report, parent, set(refs.goal_ids) | set(ids.dropna()), "parent_goal_id", "goal")
    parents: dict[str, str | None] = dict(refs.goal_parents)
    first = ids.notna() & ~ids.duplicated()
    parents.update(
        zip(ids[first], parent[first].to_numpy(dtype=object, na_value=None), strict=True)
    )
    cycles = _goal_cycles(parents, ids.dropna().unique())
    on_cycle = ids.isin(set(cycles))
    report.add(
        on_cycle, "parent_goal_id",
        msg("problem.cycle", path=[" → ".join([*cycles[g], cycles[g][0]])
                                    for g in ids[on_cycle]]),
        said("problem.fix_cycle"),
    )
    period = {"column": report.name("period_end"), "other": report.name("period_start")}
    report.add(
        typed["period_end"] < typed["period_start"], "period_end",
        msg("problem.period_end", day=raw["period_start"], **period),
        said("problem.fix_period_end", **period),
    )


def product_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: Report
) -> None:
    """Unique product ids."""
    duplicates(report, typed, ["product_id"], "product_id")


def product_goal_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: Report
) -> None:
    """Existing product and goal, each pair once."""
    unknown_ids(report, typed["product_id"], refs.product_ids, "product_id", "product")
    unknown_ids(report, typed["goal_id"], refs.goal_ids, "goal_id", "goal")
    duplicates(report, typed, ["product_id", "goal_id"], "product / goal pair")


def team_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: Report
) -> None:
    """Unique team ids; unusual disciplines are a warning."""
    duplicates(report, typed, ["team_id"], "team_id")
    other_values(report, typed["disciplines"], contract.DISCIPLINES, "disciplines")


def team_product_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: Report
) -> None:
    """Existing team and product, each pair once, one owner team per product (a warning)."""
    unknown_ids(report, typed["team_id"], refs.team_ids, "team_id", "team")
    unknown_ids(report, typed["product_id"], refs.product_ids, "product_id", "product")
    duplicates(report, typed, ["team_id", "product_id"], "team / product pair")
    product = typed["product_id"]
    owner = typed["role"].eq("owner") & product.notna()
    owners = product[owner].value_counts()
    several = owner & product.map(owners).gt(1)
    if several.any():
        lines = pd.Series(report.lines[owner.to_numpy()]).groupby(product[owner].to_numpy())
        listed = lines.agg(lambda s: ", ".join(map(str, s)))
        flagged = list(product[several])
        report.add(
            several, "role",
            msg("problem.several_owners", product=flagged,
                 count=[owners[p] for p in flagged], lines=[listed[p] for p in flagged]),
            said("problem.fix_several_owners"), "warning",
        )
    unowned = product.notna() & ~product.isin(set(owners.index)) & ~product.duplicated()
    report.add(
        unowned, "role", msg("problem.no_owner", product=product),
        said("problem.fix_no_owner"), "warning",
    )
