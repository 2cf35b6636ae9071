"""The demo generator: the catalogue's story made into every table's rows, deterministically
from a seed, so regenerating gives byte-identical files whatever day it runs."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from alignment import contract
from alignment.demo.catalogue import (
    ACTION_TEXTS,
    ADOPTION_CHAINS,
    CHECK_IN_COMMENTS,
    CHECK_IN_MONTHS,
    CLOSED_GOALS_END,
    COACHES,
    CROSS_TEAM_SHARE,
    DEBT_DAYS,
    DECISIONS_BY_RESULT,
    DEMO_AS_OF,
    DORMANT_TEAMS,
    EVIDENCE_BY_RESULT,
    FALLING_SAFETY_TEAMS,
    GOALS,
    HISTORY_DAYS,
    HISTORY_START,
    INTERNAL_PRODUCTS,
    ISOLATED_TEAMS,
    LAB_PARTNERS,
    LEARNINGS,
    MEASURES,
    NO_PRODUCT_SUBJECTS,
    POSTPONED_SAFETY_NOTE,
    PRODUCT_GOALS,
    PRODUCTS,
    QUIET_TEAMS,
    RATIONALES,
    RECENT_DAYS,
    SESSION_NOTES,
    SLOW_DECIDERS,
    STALE_GOALS,
    TEAM_BY_ID,
    TEAM_PRODUCTS,
    TEAMS,
    TEMPLATE_BY_KEY,
    TEMPLATES,
    TENSE_NOTES,
    Team,
    Template,
)


@dataclass
class Plan:
    """One experiment while it is being built, before it becomes a CSV row."""

    team_id: str
    template: Template
    subject: str
    status: str
    start: dt.date | None
    end: dt.date | None
    product_id: str = ""
    goal_id: str = ""
    partners: list[str] = field(default_factory=list)
    source: Plan | None = None
    adopted: bool = False
    fixed: bool = False  # part of an adoption chain or a deliberate break: leave alone
    experiment_id: str = ""


@dataclass
class Session:
    """One reflection session while it is being built."""

    team_id: str
    held_on: dt.date
    kind: str
    session_id: str = ""


def iso(day: dt.date | None) -> str:
    """The ISO text of a date, or an empty string."""
    return day.isoformat() if day else ""


def number(value: float, decimals: int) -> str:
    """A number with a decimal point and a fixed number of decimals."""
    return f"{value:.{decimals}f}"


def weighted(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    """One option picked with its weight."""
    names = [name for name, _ in options]
    return rng.choices(names, weights=[weight for _, weight in options])[0]


def goal_rows() -> list[dict[str, str]]:
    """The goal tree: ambitions, goals and objectives."""
    return [dict(zip(contract.COLUMNS["goals"], goal, strict=True)) for goal in GOALS]


def product_rows() -> list[dict[str, str]]:
    """The product portfolio."""
    return [
        {"product_id": p.product_id, "name": p.name, "value_stream": p.value_stream,
         "lifecycle": p.lifecycle, "mission": p.mission,
         "explore_target_pct": str(p.explore_target_pct)}
        for p in PRODUCTS
    ]


def product_goal_rows() -> list[dict[str, str]]:
    """Which product serves which goal."""
    return [dict(zip(contract.COLUMNS["product_goals"], link, strict=True))
            for link in PRODUCT_GOALS]


def team_rows() -> list[dict[str, str]]:
    """The teams, with their disciplines in contract order."""
    return [
        {"team_id": t.team_id, "name": t.name, "value_stream": t.value_stream,
         "disciplines": ";".join(d for d in contract.DISCIPLINES if d in t.disciplines)}
        for t in TEAMS
    ]


def team_product_rows() -> list[dict[str, str]]:
    """Which team owns or contributes to which product."""
    return [
        {"team_id": team, "product_id": product, "role": role, "allocation_pct": str(pct)}
        for team, product, role, pct in TEAM_PRODUCTS
    ]


def products_of(team_id: str) -> list[tuple[str, int]]:
    """The products a team works on, with its allocation."""
    return [(product, pct) for team, product, _, pct in TEAM_PRODUCTS if team == team_id]


def goals_of(product_id: str) -> list[tuple[str, float]]:
    """The goals a product serves, with the link weight."""
    return [(goal, float(weight)) for product, goal, _, weight in PRODUCT_GOALS
            if product == product_id]


def goal_open_for(goal_id: str, start: dt.date | None) -> bool:
    """Whether a team would still pick this goal for an experiment starting on start."""
    status = next(goal[8] for goal in GOALS if goal[0] == goal_id)
    if status == "draft":
        return False
    if status == "closed":
        return start is not None and start <= CLOSED_GOALS_END
    recent = start is not None and start > DEMO_AS_OF - dt.timedelta(days=RECENT_DAYS)
    return not (recent and goal_id in STALE_GOALS)


def aligned_goal(rng: random.Random, product_id: str, start: dt.date | None) -> str:
    """A goal the product serves and that is open at start, or empty if there is none."""
    options = [(g, w) for g, w in goals_of(product_id) if goal_open_for(g, start)]
    return weighted(rng, tuple(options)) if options else ""


def chain_plans(rng: random.Random) -> list[Plan]:
    """The experiments of the adoption chains, each adopting the one before it."""
    plans: list[Plan] = []
    for key, members in ADOPTION_CHAINS:
        chain: list[Plan] = []
        for team_id, start_text, duration, parent in members:
            start = dt.date.fromisoformat(start_text)
            end = start + dt.timedelta(days=duration) if duration else None
            product = products_of(team_id)[0][0]
            plan = Plan(team_id, TEMPLATE_BY_KEY[key], product_subject(product),
                        "done" if end else "running", start, end, product,
                        aligned_goal(rng, product, start), fixed=True)
            if parent is not None:
                plan.source = chain[parent]
                chain[parent].adopted = True
            chain.append(plan)
        plans.extend(chain)
    return plans


def product_subject(product_id: str) -> str:
    """The noun phrase for the work of a product."""
    return next(p.subject for p in PRODUCTS if p.product_id == product_id)


def team_plans(rng: random.Random, team: Team, count: int) -> list[Plan]:
    """A team's own experiments, spread over the history with more in recent months."""
    lens_weights = {lens: rng.choice((0.3, 1.0, 2.0, 3.0)) for lens in contract.LEAN_LENSES}
    latest = HISTORY_DAYS - (120 if team.team_id in DORMANT_TEAMS else 3)
    plans: list[Plan] = []
    for _ in range(count):
        if rng.random() < 0.09 and team.team_id not in DORMANT_TEAMS:
            start = end = None
            status = "idea"
        else:
            start = HISTORY_START + dt.timedelta(
                days=int(rng.triangular(0, latest, latest)))
            duration = rng.randint(14, 63)
            end = start + dt.timedelta(days=duration)
            status = "done"
            if rng.random() < 0.08:
                status = "stopped"
                end = start + dt.timedelta(days=rng.randint(5, duration))
                end = end if end <= DEMO_AS_OF else None
            elif end > DEMO_AS_OF:
                status, end = "running", None
        product_id, partners = chosen_product(rng, team.team_id)
        if product_id:
            subject, goal_id = product_subject(product_id), aligned_goal(rng, product_id, start)
        else:
            subject, goal_id = NO_PRODUCT_SUBJECTS[team.team_id]
        template = fitting_template(rng, product_id, lens_weights, plans)
        plans.append(Plan(team.team_id, template, subject, status, start, end, product_id,
                          goal_id, partners))
    return plans


def chosen_product(rng: random.Random, team_id: str) -> tuple[str, list[str]]:
    """The product an experiment of this team works on (empty if the team has none), and the
    partner team that brings the product when the lab runs the experiment."""
    if team_id == "BV-LAB":
        partner = rng.choice(LAB_PARTNERS)
        owned = [p for t, p, role, _ in TEAM_PRODUCTS if t == partner and role == "owner"]
        return owned[0], [partner]
    products = products_of(team_id)
    if not products:
        return "", []
    return rng.choices([p for p, _ in products], weights=[w for _, w in products])[0], []


def fitting_template(rng: random.Random, product_id: str, lens_weights: dict[str, float],
                     earlier: list[Plan]) -> Template:
    """A template that suits the product, preferring lenses the team likes and ideas it has
    not yet tried on this product."""
    internal = product_id in INTERNAL_PRODUCTS or not product_id
    options = [t for t in TEMPLATES if not (internal and t.for_residents)]
    tried = {(p.template.key, p.product_id) for p in earlier}
    weights = [lens_weights[t.lens] * (0.2 if (t.key, product_id) in tried else 1.0)
               for t in options]
    return rng.choices(options, weights=weights)[0]


def is_recent(plan: Plan) -> bool:
    """Whether the experiment started in the last RECENT_DAYS before DEMO_AS_OF."""
    return plan.start is not None and plan.start > DEMO_AS_OF - dt.timedelta(days=RECENT_DAYS)


def with_misaligned_goals(rng: random.Random, plans: list[Plan]) -> list[Plan]:
    """The plans, with a handful pointed at a goal their product does not serve."""
    passport = [p for p in plans if p.team_id == "BZ-PAS" and p.product_id == "P-REISDOC"
                and p.start and p.start.year == 2026 and not p.fixed]
    latest = [p for p in passport if is_recent(p)][-1:]
    others = [p for p in passport if p not in latest]
    chosen = latest + rng.sample(others, min(2, len(others)))
    web = [p for p in plans if p.team_id == "BZ-WEB" and p.product_id == "P-AFSPRAAK"
           and p.status == "done" and not p.fixed]
    chosen.append(rng.choice(web))
    for plan in chosen:
        plan.goal_id, plan.fixed = ("DOEL-05" if plan.team_id == "BZ-WEB" else "OBJ-01"), True
    return plans


def with_forgotten_goal(rng: random.Random, plans: list[Plan]) -> list[Plan]:
    """The plans, with the goal left empty on one whose team forgot to fill it in."""
    candidates = [p for p in plans if p.team_id == "SD-PAR" and not p.fixed and p.goal_id]
    plan = rng.choice(candidates)
    plan.goal_id, plan.fixed = "", True
    return plans


def with_recent_work_on_goals(plans: list[Plan]) -> list[Plan]:
    """The plans, retargeted so every active, non-stale goal with a product has a recent
    experiment."""
    for goal in GOALS:
        goal_id, level, status = goal[0], goal[3], goal[8]
        if level == "ambition" or status != "active" or goal_id in STALE_GOALS:
            continue
        if any(p.goal_id == goal_id and is_recent(p) for p in plans):
            continue
        serving = {product for product, goal, _, _ in PRODUCT_GOALS if goal == goal_id}
        for plan in plans:
            others = sum(1 for p in plans if p.goal_id == plan.goal_id and is_recent(p))
            if is_recent(plan) and not plan.fixed and plan.product_id in serving and others > 1:
                plan.goal_id = goal_id
                break
    return plans


def partner_candidates(team_id: str) -> list[str]:
    """Teams a team would plausibly run an experiment with."""
    products = {p for p, _ in products_of(team_id)}
    stream = TEAM_BY_ID[team_id].value_stream
    candidates = {t for t, p, _, _ in TEAM_PRODUCTS if p in products}
    candidates |= {t.team_id for t in TEAMS if t.value_stream == stream}
    candidates |= {"BV-DAT", "BV-LAB"}
    candidates -= {team_id, *ISOLATED_TEAMS}
    return sorted(candidates)


def with_partners(rng: random.Random, plans: list[Plan]) -> list[Plan]:
    """The plans, about a fifth of them run together with other teams, and every team that
    is not meant to be isolated sharing at least one."""
    open_plans = [p for p in plans if p.team_id not in ISOLATED_TEAMS and not p.partners]
    wanted = round(CROSS_TEAM_SHARE * len(plans)) - sum(1 for p in plans if p.partners)
    for plan in rng.sample(open_plans, max(0, wanted)):
        candidates = partner_candidates(plan.team_id)
        plan.partners = rng.sample(candidates, 2 if rng.random() < 0.2 else 1)
    for team in TEAMS:
        shared = any(p.partners and team.team_id in (p.team_id, *p.partners) for p in plans)
        if shared or team.team_id in ISOLATED_TEAMS:
            continue
        for plan in plans:
            if not plan.partners and team.team_id in partner_candidates(plan.team_id):
                plan.partners = [team.team_id]
                break
    return plans


def experiment_disciplines(rng: random.Random, plan: Plan) -> str:
    """The disciplines involved: some of the lead team's and one of each partner's."""
    own = TEAM_BY_ID[plan.team_id].disciplines
    chosen = set(rng.sample(own, rng.randint(1, min(3, len(own)))))
    for partner in plan.partners:
        chosen.add(rng.choice(TEAM_BY_ID[partner].disciplines))
    return ";".join(d for d in contract.DISCIPLINES if d in chosen)


def numbered(plans: list[Plan]) -> list[Plan]:
    """The plans ordered per team by start date, each with its experiment_id."""
    ordered = []
    for team in TEAMS:
        own = [p for p in plans if p.team_id == team.team_id]
        own.sort(key=lambda p: p.start or dt.date.max)
        for index, plan in enumerate(own, start=1):
            plan.experiment_id = f"{team.prefix}-{index:03d}"
        ordered.extend(own)
    return ordered


def measured(rng: random.Random, template: Template, result: str) -> tuple[str, str, str]:
    """Baseline, target and (for a result) an observed value consistent with that result."""
    baseline = round(rng.uniform(template.baseline_low, template.baseline_high),
                     template.decimals)
    step = 10 ** -template.decimals
    change = rng.uniform(*template.improvement)
    sign = -1 if template.lower_is_better else 1
    target = round(min(baseline * (1 + sign * change), template.ceiling), template.decimals)
    if target == baseline:
        target = round(baseline + sign * step, template.decimals)
    gap = target - baseline
    if result == "validated":
        observed = target + sign * abs(baseline) * rng.uniform(0.0, 0.12)
    elif result == "inconclusive":
        observed = baseline + gap * rng.uniform(0.3, 0.7)
    elif result == "invalidated":
        observed = baseline + gap * rng.uniform(-0.2, 0.15)
    else:
        observed = None
    shown = "" if observed is None else number(min(max(observed, 0.0), template.ceiling),
                                               template.decimals)
    return number(baseline, template.decimals), number(target, template.decimals), shown


def decided(rng: random.Random, plan: Plan, result: str) -> tuple[str, str, str, str]:
    """Decision, decision date, scope and rationale for a done experiment, or empty fields."""
    if plan.end is None:
        return "", "", "", ""
    days_since = (DEMO_AS_OF - plan.end).days
    if plan.source is not None or plan.adopted:
        decision = "spread" if plan.adopted else "scale"
        scope = "portfolio" if plan.adopted and rng.random() < 0.5 else "product"
        day = plan.end + dt.timedelta(days=rng.randint(5, 15))
        return decision, iso(day), scope, rng.choice(RATIONALES[decision])
    chance = 0.45 if days_since <= DEBT_DAYS else SLOW_DECIDERS.get(plan.team_id, 0.86)
    if days_since < 2 or rng.random() >= chance:
        return "", "", "", ""
    decision = weighted(rng, DECISIONS_BY_RESULT[result])
    scopes = (("team", 5), ("product", 3), ("portfolio", 1.5), ("strategy", 0.6))
    if decision in ("scale", "spread"):
        scopes = (("team", 1), ("product", 4), ("portfolio", 3), ("strategy", 1))
    day = plan.end + dt.timedelta(days=rng.randint(2, min(45, days_since)))
    return decision, iso(day), weighted(rng, scopes), rng.choice(RATIONALES[decision])


def experiment_row(rng: random.Random, plan: Plan) -> dict[str, str]:
    """The CSV row of one experiment, with outcomes consistent with its status."""
    template = plan.template
    result = ""
    if plan.status == "done":
        result = "validated" if plan.adopted or plan.source else weighted(
            rng, (("validated", 4.5), ("invalidated", 2.5), ("inconclusive", 3)))
    baseline, target, observed = measured(rng, template, result)
    title = template.title.format(s=plan.subject)
    if plan.source is not None:
        title += f" (overgenomen van {plan.source.experiment_id})"
    know_when = template.know_when.format(b=baseline, t=target)
    row = {column: "" for column in contract.COLUMNS["experiments"]}
    row.update(
        experiment_id=plan.experiment_id, team_id=plan.team_id,
        title=title[0].upper() + title[1:],
        hypothesis=(f"We geloven dat {template.change.format(s=plan.subject)} zal leiden tot "
                    f"{template.outcome}. We weten het als {know_when}."),
        status=plan.status, lean_lens=template.lens, product_id=plan.product_id,
        goal_id=plan.goal_id, start_date=iso(plan.start), end_date=iso(plan.end),
        metric=template.metric, baseline=baseline, target=target,
        partner_teams=";".join(plan.partners),
        disciplines=experiment_disciplines(rng, plan),
        source_experiment_id=plan.source.experiment_id if plan.source else "",
    )
    if plan.status == "done":
        extra = rng.choice(LEARNINGS[result])
        row.update(observed=observed, result=result,
                   learning=f"{template.metric.capitalize()}: van {baseline} naar {observed} "
                            f"(doel {target}). {extra}",
                   evidence_strength=weighted(rng, EVIDENCE_BY_RESULT[result]))
        decision, day, scope, rationale = decided(rng, plan, result)
        row.update(decision=decision, decision_date=day, decision_scope=scope,
                   decision_rationale=rationale)
    energy = {"validated": (3, 5), "invalidated": (1, 4), "inconclusive": (2, 4),
              "": (1, 3) if plan.status == "stopped" else (2, 5)}[result]
    if plan.status != "idea":
        row["energy"] = str(rng.randint(*energy))
    return row


def experiment_plans(seed: int) -> list[Plan]:
    """Every experiment of the demo, numbered, with its product, goal and partners."""
    rng = random.Random(f"{seed}-experiments")
    plans = chain_plans(rng)
    for team in TEAMS:
        plans.extend(team_plans(rng, team, team.experiments))
    plans = with_misaligned_goals(rng, plans)
    plans = with_forgotten_goal(rng, plans)
    plans = with_recent_work_on_goals(plans)
    plans = with_partners(rng, plans)
    return numbered(plans)


def experiment_rows(seed: int, plans: list[Plan]) -> list[dict[str, str]]:
    """The experiments table."""
    rng = random.Random(f"{seed}-outcomes")
    rows = [experiment_row(rng, plan) for plan in plans]
    rounds: Counter[tuple[str, str]] = Counter()
    for row in rows:  # a team that repeats an experiment numbers the rounds
        rounds[row["team_id"], row["title"]] += 1
        if rounds[row["team_id"], row["title"]] > 1:
            row["title"] += f" (ronde {rounds[row['team_id'], row['title']]})"
    return rows


def session_plans(seed: int) -> list[Session]:
    """Reflection sessions per team, every few weeks, numbered in date order."""
    rng = random.Random(f"{seed}-sessions")
    sessions = []
    for team in TEAMS:
        cadence = rng.randint(55, 85)
        held_on = DEMO_AS_OF - dt.timedelta(days=QUIET_TEAMS.get(team.team_id,
                                                                 rng.randint(1, 24)))
        while held_on >= HISTORY_START:
            kind = weighted(rng, (("retro", 6), ("health_check", 2.8), ("portfolio_review", 1.2)))
            sessions.append(Session(team.team_id, held_on, kind))
            held_on -= dt.timedelta(days=int(cadence * rng.uniform(0.7, 1.3)))
    sessions.sort(key=lambda s: (s.held_on, s.team_id))
    for index, session in enumerate(sessions, start=1):
        session.session_id = f"S-{index:04d}"
    return sessions


def score(value: float) -> str:
    """A team average between 1 and 5 with one decimal."""
    return number(min(5.0, max(1.0, value)), 1)


def session_rows(seed: int, sessions: list[Session]) -> list[dict[str, str]]:
    """The sessions table: what each reflection covered and the team's averages."""
    rng = random.Random(f"{seed}-scores")
    base = {team.team_id: [rng.uniform(3.0, 4.1) for _ in range(4)] for team in TEAMS}
    streams = dict.fromkeys(t.value_stream for t in TEAMS)
    coach_of = dict(zip(streams, COACHES, strict=True))
    rows = []
    for session in sessions:
        progress = (session.held_on - HISTORY_START).days / HISTORY_DAYS
        safety, ownership, energy, collaboration = (
            b + 0.3 * progress + rng.uniform(-0.3, 0.3) for b in base[session.team_id])
        falling = session.team_id in FALLING_SAFETY_TEAMS
        if falling:
            safety = 4.3 - 1.9 * progress + rng.uniform(-0.15, 0.15)
            energy -= 0.6 * progress
        covers = {"retro": (0.97, 0.65, 0.45), "health_check": (0.5, 1.0, 1.0),
                  "portfolio_review": (1.0, 0.5, 0.2)}[session.kind]
        if falling:  # the coach keeps putting safety on the agenda
            covers = (covers[0], covers[1], max(covers[2], 0.75))
        results, together, safe = (rng.random() < chance for chance in covers)
        notes = SESSION_NOTES[session.kind]
        if falling and progress > 0.5:
            notes = TENSE_NOTES if safe else (POSTPONED_SAFETY_NOTE,)
        coach = coach_of[TEAM_BY_ID[session.team_id].value_stream]
        if rng.random() < 0.15:
            coach = rng.choice(COACHES)
        rows.append({
            "session_id": session.session_id, "team_id": session.team_id,
            "held_on": iso(session.held_on), "facilitator": coach, "kind": session.kind,
            "covered_results": str(results).lower(),
            "covered_collaboration": str(together).lower(),
            "covered_safety": str(safe).lower(),
            "safety": score(safety) if safe else "",
            "ownership": score(ownership), "energy": score(energy),
            "collaboration": score(collaboration) if together else "",
            "notes": rng.choice(notes),
        })
    return rows


def action_rows(seed: int, sessions: list[Session], plans: list[Plan]) -> list[dict[str, str]]:
    """One to three follow-up actions per session, closed or still open."""
    rng = random.Random(f"{seed}-actions")
    follow_through = {team.team_id: rng.uniform(0.6, 0.92) for team in TEAMS}
    for team_id in FALLING_SAFETY_TEAMS:
        follow_through[team_id] = 0.4
    rows = []
    for session in sessions:
        current = [p for p in plans if p.team_id == session.team_id and p.start
                   and p.start <= session.held_on
                   and (p.end is None or p.end >= session.held_on - dt.timedelta(days=60))]
        for _ in range(rng.randint(1, 3)):
            due = session.held_on + dt.timedelta(days=rng.randint(14, 42))
            closes = session.held_on + dt.timedelta(days=rng.randint(3, 56))
            status, closed_on = "open", ""
            if closes <= DEMO_AS_OF and rng.random() < follow_through[session.team_id]:
                status = "dropped" if rng.random() < 0.12 else "done"
                closed_on = iso(closes)
            experiment = rng.choice(current) if current and rng.random() < 0.55 else None
            rows.append({
                "action_id": f"A-{len(rows) + 1:04d}", "session_id": session.session_id,
                "experiment_id": experiment.experiment_id if experiment else "",
                "owner_team_id": session.team_id,
                "description": rng.choice(ACTION_TEXTS), "due_on": iso(due),
                "status": status, "closed_on": closed_on,
            })
    return rows


def goal_measure_rows() -> list[dict[str, str]]:
    """The demo goals' measures (``MEASURES``)."""
    return [dict(zip(contract.COLUMNS["goal_measures"],
                     (m_id, goal, name, unit, direction, str(base), str(target), target_date),
                     strict=True))
            for m_id, goal, name, unit, direction, base, target, target_date, _ in MEASURES]


def check_in_day(month: int) -> dt.date:
    """The 10th of the ``month``-th month of check-ins (0 = the first)."""
    first = DEMO_AS_OF.year * 12 + DEMO_AS_OF.month - CHECK_IN_MONTHS + month
    return dt.date(first // 12, first % 12 + 1, 10)


def check_in_rows() -> list[dict[str, str]]:
    """A check-in on the 10th of each month along each measure's path, with the confidence
    its last three months warrant."""
    rows = []
    for m_id, _, _, _, _, base, target, _, path in MEASURES:
        for month, share in enumerate(path):
            moved = share - path[max(month - 3, 0)]
            confidence = ("on_track" if moved >= 0.05 or month < 3
                          else "off_track" if moved < 0 else "at_risk")
            rows.append({
                "check_in_id": f"CI-{len(rows) + 1:04d}", "measure_id": m_id,
                "checked_on": iso(check_in_day(month)),
                "value": number(base + (target - base) * share, 1),
                "confidence": confidence, "comment": CHECK_IN_COMMENTS[confidence],
            })
    return rows


def demo_tables(seed: int = 7) -> dict[str, list[dict[str, str]]]:
    """Every table of the demo organisation as rows of strings, in contract column order."""
    plans = experiment_plans(seed)
    sessions = session_plans(seed)
    tables = {
        "goals": goal_rows(),
        "products": product_rows(),
        "product_goals": product_goal_rows(),
        "teams": team_rows(),
        "team_products": team_product_rows(),
        "experiments": experiment_rows(seed, plans),
        "sessions": session_rows(seed, sessions),
        "actions": action_rows(seed, sessions, plans),
        "goal_measures": goal_measure_rows(),
        "check_ins": check_in_rows(),
    }
    return {name: [{c: row[c] for c in contract.COLUMNS[name]} for row in tables[name]]
            for name in contract.LOAD_ORDER}


def write_demo(directory: Path, seed: int = 7) -> list[Path]:
    """Write each demo table to ``<name>.csv`` in directory and return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, rows in demo_tables(seed).items():
        path = directory / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=contract.COLUMNS[name],
                                    lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            writer.writeheader()
            writer.writerows(rows)
        paths.append(path)
    return paths
