"""Value proof: did an experiment reach its target, did it give the team energy, and was a
decision to spread it backed by more than people's word?

Each function takes ``queries.experiment_outcomes`` (one row per finished experiment) or a
frame made from it, and returns a new value; numbers and keys only. The definitions a
leader reads are in the catalogue (``outcome.definition_*``), written from the constants
below.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# The "better and more energy" corner: the experiment reached its target (attainment 1 or
# more) and the team scored its energy 4 or 5 of 5.
BETTER_ATTAINMENT = 1.0
MORE_ENERGY = 4
# Attainment is drawn between these, so one runaway result does not squash the others.
SHOWN_ATTAINMENT = (-1.0, 2.0)
# Improving while energy falls: a team's later half of finished experiments (by end date)
# against its earlier half, each half holding at least TREND_MIN_PER_HALF placed ones.
TREND_MIN_PER_HALF = 2
ATTAINMENT_RISE = 0.1  # the later half's mean attainment at least this much higher
ENERGY_FALL = 0.5      # and its mean energy at least this much lower
# A decision that takes an experiment further than the team, on evidence of what people said.
SPREADING_DECISIONS = ("spread", "scale")
WEAK_EVIDENCE = "weak"


def attainments(outcomes: pd.DataFrame) -> pd.Series:
    """``attainment`` of every row of ``outcomes`` (columns baseline, target, observed)."""
    baseline, target, observed = (pd.to_numeric(outcomes[c], errors="coerce").astype(float)
                                  for c in ("baseline", "target", "observed"))
    span = (target - baseline).replace(0.0, np.nan)
    return ((observed - baseline) / span).rename("attainment")


def quarters(days: pd.Series) -> pd.Series:
    """The quarter of each day, as ``2026-Q3``."""
    stamps = pd.to_datetime(days)
    return (stamps.dt.year.astype("Int64").astype(str) + "-Q"
            + stamps.dt.quarter.astype("Int64").astype(str)).where(stamps.notna())


def outcome_points(outcomes: pd.DataFrame) -> pd.DataFrame:
    """``outcomes`` with attainment, shown_attainment (capped to ``SHOWN_ATTAINMENT``), the
    quarter of the end date, placed (attainment and energy known) and better_and_energy."""
    reached = attainments(outcomes)
    energy = pd.to_numeric(outcomes["energy"], errors="coerce")
    placed = reached.notna() & energy.notna()
    return outcomes.assign(
        attainment=reached,
        shown_attainment=reached.clip(*SHOWN_ATTAINMENT),
        quarter=quarters(outcomes["end_date"]),
        placed=placed,
        better_and_energy=placed & (reached >= BETTER_ATTAINMENT) & (energy >= MORE_ENERGY),
    )


def corner_counts(points: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per ``by`` (``team`` or ``product``) and quarter: finished experiments, those placed,
    and those in the better-and-more-energy corner; latest quarter first, most in the corner
    first. ``points`` is ``outcome_points``; a missing product is the empty name."""
    keys = [f"{by}_id", f"{by}_name"]
    frame = points.assign(**{key: points[key].fillna("") for key in keys})
    counted = (frame.groupby(["quarter", *keys], dropna=True)
               .agg(finished=("experiment_id", "size"), placed=("placed", "sum"),
                    better_and_energy=("better_and_energy", "sum"))
               .reset_index())
    counted[["placed", "better_and_energy"]] = counted[["placed", "better_and_energy"]].astype(
        "int64")
    return (counted.sort_values(["quarter", "better_and_energy", f"{by}_id"],
                                ascending=[False, False, True], kind="stable")
            [[*keys, "quarter", "better_and_energy", "placed", "finished"]]
            .reset_index(drop=True))


def energy_falls(points: pd.DataFrame) -> pd.DataFrame:
    """The teams whose finished experiments reach further while their energy falls.

    Per lead team, its placed experiments by end date (then id) split into an earlier and a
    later half (the middle one of an odd number left out); a team is listed when each half
    holds at least ``TREND_MIN_PER_HALF``, the later mean shown attainment is at least
    ``ATTAINMENT_RISE`` above the earlier and the later mean energy at least ``ENERGY_FALL``
    below it. Columns: team_id, team_name, experiments, earlier_attainment,
    later_attainment, earlier_energy, later_energy; the steepest energy fall first.
    """
    placed = points[points["placed"]].sort_values(["team_id", "end_date", "experiment_id"],
                                                  kind="stable")
    placed = placed.assign(energy=pd.to_numeric(placed["energy"]).astype(float))
    teams = placed.groupby("team_id", sort=True)
    rank, count = teams.cumcount(), teams["experiment_id"].transform("size")
    half = count // 2
    halves = placed.assign(half=np.select([rank < half, rank >= count - half],
                                          ["earlier", "later"], ""))
    means = (halves[(half >= TREND_MIN_PER_HALF) & (halves["half"] != "")]
             .pivot_table(index="team_id", columns="half",
                          values=["shown_attainment", "energy"], aggfunc="mean"))
    columns = ["team_id", "team_name", "experiments", "earlier_attainment", "later_attainment",
               "earlier_energy", "later_energy"]
    if means.empty:
        return pd.DataFrame(columns=columns)
    means.columns = [f"{when}_{'attainment' if what == 'shown_attainment' else what}"
                     for what, when in means.columns]
    listed = means.join(teams.agg(team_name=("team_name", "first"),
                                  experiments=("experiment_id", "size"))).reset_index()
    # rounded: a rise of exactly the threshold must not miss it by a float's last bit
    rise = (listed["later_attainment"] - listed["earlier_attainment"]).round(9)
    fall = (listed["earlier_energy"] - listed["later_energy"]).round(9)
    listed = listed.assign(fall=fall)[(rise >= ATTAINMENT_RISE) & (fall >= ENERGY_FALL)]
    return (listed.sort_values(["fall", "team_id"], ascending=[False, True], kind="stable")
            [columns].reset_index(drop=True))


def weak_evidence_spreads(points: pd.DataFrame) -> pd.DataFrame:
    """The finished experiments a decision spread or scaled on weak evidence (what people
    said, not what they did): the rows of ``points`` so flagged, latest decision first."""
    flagged = points[points["decision"].isin(SPREADING_DECISIONS)
                     & (points["evidence_strength"] == WEAK_EVIDENCE)]
    return flagged.sort_values(["decision_date", "experiment_id"], ascending=[False, True],
                               kind="stable").reset_index(drop=True)
