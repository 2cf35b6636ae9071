"""Experiment outcomes on screen: a card's metric, baseline → target → observed with its
bullet chart, evidence and energy; and the value proof of the Learning page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from alignment import charts, metrics, views
from alignment.markdown import plain
from alignment.ui.cached import chart_spec
from alignment.ui.context import PageContext
from alignment.ui.downloads import download_csv
from alignment.ui.i18n import data_table, enum, num, pct, t
from alignment.ui.widgets import cut_caption, opened_section

ROWS_SHOWN = views.FIRST_ROWS  # of each proof table; the download holds every row
CORNER_LABELS = {"quarter": "outcome.col_quarter", "better_and_energy": "outcome.col_corner",
                 "placed": "outcome.col_placed", "finished": "outcome.col_finished"}
PER_TEAM_SHOWN = ["team_name", "quarter", "better_and_energy", "placed", "finished"]
PER_PRODUCT_SHOWN = ["product_name", "quarter", "better_and_energy", "placed", "finished"]
FALLS_SHOWN = ["team_name", "experiments", "earlier_attainment", "later_attainment",
               "earlier_energy", "later_energy"]
WEAK_SHOWN = ["experiment_id", "title", "decision", "decision_date", "evidence_strength",
              "attainment", "energy", "team_name", "product_name"]


def _value(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _decimals(*values: float | None) -> int:
    """The fewest decimals (up to 2) that write every one of ``values`` as it is."""
    given = [v for v in values if v is not None]
    return next((d for d in range(2) if all(round(v, d) == v for v in given)), 2)


def experiment_outcome(ctx: PageContext, card, presenting: bool = False,
                       evidence_shown: bool = True, drawn: bool = True) -> None:
    """The outcome of one experiment card: metric and baseline → target → observed, the
    bullet chart (when baseline and target are known and ``drawn``), then the energy score and
    (once observed, unless the card shows it already) the evidence strength."""
    baseline, target, observed = (_value(getattr(card, c))
                                  for c in ("baseline", "target", "observed"))
    metric = card.metric if isinstance(card.metric, str) and card.metric else t(
        "outcome.no_metric_name")
    if baseline is None or target is None:
        st.caption(t("outcome.not_measured"))
    else:
        decimals = _decimals(baseline, target, observed)
        st.markdown(t("outcome.line", metric=plain(metric), baseline=num(baseline, decimals),
                      target=num(target, decimals),
                      observed=num(observed, decimals) if observed is not None
                      else t("outcome.not_observed_yet")))
        result = card.result if isinstance(getattr(card, "result", None), str) else None
        if drawn:
            spec = chart_spec(ctx.lang, charts.outcome_bullet_chart)
            st.vega_lite_chart(charts.bullet_row(baseline, target, observed, result),
                               charts.presented(spec) if presenting else spec, width="stretch")
    energy = _value(card.energy)
    scored = num(energy) if energy is not None else t("outcome.not_given")
    if not evidence_shown or observed is None:  # no evidence before there is an outcome
        st.caption(t("outcome.energy", energy=scored))
        return
    evidence = card.evidence_strength if isinstance(getattr(card, "evidence_strength", None),
                                                    str) else None
    st.caption(t("outcome.evidence_energy", energy=scored,
                 evidence=enum("evidence_strength", evidence) if evidence
                 else t("outcome.not_given")))


def _proof_tiles(proof) -> None:
    finished, corner, falls, weak = st.columns(4)
    finished.metric(t("outcome.finished"), num(proof.finished),
                    help=t("outcome.finished_help", placed=num(proof.placed)))
    corner.metric(t("outcome.corner"), num(proof.corner),
                  help=t("outcome.corner_help", share=pct(proof.corner / proof.placed
                                                          if proof.placed else None)))
    falls.metric(t("outcome.falls"), num(proof.falling_teams), help=t("outcome.falls_help"))
    weak.metric(t("outcome.weak"), num(proof.weak), help=t("outcome.weak_help"))


def _percent_attainment(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """``columns`` (attainment, 1 = the target) as whole percentages for a table."""
    return frame.assign(**{c: (frame[c] * 100).round() for c in columns})


def _attainment_column(key: str):
    return st.column_config.NumberColumn(t(key), format="%d%%")


def _energy_column(key: str):
    return st.column_config.NumberColumn(t(key), format="%.1f")


def value_proof_view(ctx: PageContext, proof) -> None:
    """The proof view (``views.value_proof``): tiles, the placed experiments, the corner per
    team and product per quarter, teams improving while energy falls, weak-evidence spreads."""
    if proof.finished == 0:
        st.info(t("outcome.no_finished"), icon=":material/info:")
        definitions()
        return
    _proof_tiles(proof)
    if proof.placed == 0:
        st.info(t("outcome.none_placed"))
    else:
        cut_caption("outcome.showing_points", proof.placed, charts.POINTS_CHARTED)
        ctx.chart(charts.value_proof_chart, proof.points, width="stretch")
    points = ctx.at_click(views.outcome_points, ctx.scope)
    download_csv(lambda: points().drop(columns=["placed", "shown_attainment"]),
                 "experiment_outcomes.csv")
    corners = opened_section(t("value_scale.corners"), "proof_corners")
    if corners:
        _corner_tables(ctx, proof, corners)
    st.subheader(t("outcome.falls"))
    falls = proof.energy_falls
    if falls.empty:
        st.success(t("outcome.no_falls"))
    elif listed := opened_section(t("value_scale.falls_list", count=num(proof.falling_teams)),
                                  "proof_falls"):
        with listed:
            _falls_table(ctx, proof)
    st.subheader(t("outcome.weak"))
    weak = proof.weak_spreads
    if weak.empty:
        st.success(t("outcome.no_weak"))
    elif listed := opened_section(t("value_scale.weak_list", count=num(proof.weak)),
                                  "proof_weak"):
        with listed:
            _weak_table(ctx, proof)
    definitions()


def _corner_tables(ctx: PageContext, proof, section) -> None:
    """The corner per team and per product per quarter, side by side in ``section``."""
    per_team, per_product = section.columns(2)
    for column, heading, by, table, total, shown in (
        (per_team, "outcome.per_team", "team", proof.per_team, proof.team_quarters,
         PER_TEAM_SHOWN),
        (per_product, "outcome.per_product", "product", proof.per_product,
         proof.product_quarters, PER_PRODUCT_SHOWN),
    ):
        with column:
            st.subheader(t(heading))
            cut_caption("outcome.showing_rows", total, ROWS_SHOWN)
            data_table(table[shown], CORNER_LABELS)
            download_csv(ctx.at_click(views.corner_counts, ctx.scope, by),
                         f"corner_per_{by}.csv")


def _falls_table(ctx: PageContext, proof) -> None:
    """The teams improving while their energy falls, the steepest fall first."""
    data_table(_percent_attainment(proof.energy_falls, "earlier_attainment", "later_attainment")
               [FALLS_SHOWN], {
                   "earlier_attainment": _attainment_column("outcome.col_earlier_attainment"),
                   "later_attainment": _attainment_column("outcome.col_later_attainment"),
                   "earlier_energy": _energy_column("outcome.col_earlier_energy"),
                   "later_energy": _energy_column("outcome.col_later_energy"),
                   "experiments": "outcome.col_placed"})
    cut_caption("outcome.showing_rows", proof.falling_teams, ROWS_SHOWN)
    download_csv(ctx.at_click(views.energy_falls, ctx.scope), "improving_while_energy_falls.csv")


def _weak_table(ctx: PageContext, proof) -> None:
    """The experiments spread or scaled on weak evidence, the latest decision first."""
    cut_caption("outcome.showing_rows", proof.weak, ROWS_SHOWN)
    data_table(_percent_attainment(proof.weak_spreads, "attainment")[WEAK_SHOWN],
               {"attainment": _attainment_column("outcome.col_attainment")})
    spreads = ctx.at_click(views.weak_evidence_spreads, ctx.scope)
    download_csv(lambda: spreads().drop(columns=["placed", "shown_attainment"]),
                 "spread_on_weak_evidence.csv")


def definitions() -> None:
    """The proof view's "How is this computed?", its figures written from the metric's own
    constants."""
    low, high = metrics.SHOWN_ATTAINMENT
    with st.expander(t("common.how_computed")):
        st.write(t("outcome.definition_attainment", low=pct(low), high=pct(high)))
        st.write(t("outcome.definition_corner", attainment=pct(metrics.BETTER_ATTAINMENT),
                   energy=num(metrics.MORE_ENERGY)))
        st.write(t("outcome.definition_falls", per_half=num(metrics.TREND_MIN_PER_HALF),
                   rise=pct(metrics.ATTAINMENT_RISE),
                   fall=num(metrics.ENERGY_FALL, 1)))
        st.write(t("outcome.definition_weak",
                   decisions=", ".join(enum("decision", d)
                                       for d in metrics.SPREADING_DECISIONS),
                   weak=enum("evidence_strength", "weak")))
