"""A reflection session run live: its phases, their clock, join codes and what participants
may send in each phase.

Pure (no Streamlit, no database): ``store.live`` writes what these rules allow, the pages
draw it. The clock is a deadline the server stores; every device counts down to it itself.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping

# Phase → default minutes, in the order the session runs; shown as ``live_phase.<phase>``.
PHASES: dict[str, int] = {
    "check_in": 3,
    "reflect": 7,
    "group": 4,
    "vote": 4,
    "discuss": 10,
    "actions": 5,
}
PROMPTS = ("went_well", "could_be_better", "learned")
DOT_VOTES = 3            # dots each participant places on the cards in the vote phase
DISCUSS_CARDS = 5        # the top-voted cards (groups) that become the discuss list
CARD_MAX_CHARS = 300
# Codes people type from a screen: no 0/O, 1/I/L, 5/S, 2/Z, 8/B look-alikes.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
CARD_ID_BYTES = 8


def default_minutes() -> dict[str, int]:
    """The default minutes per phase."""
    return dict(PHASES)


def join_code(rng: random.Random) -> str:
    """A short code to type or scan, drawn with ``rng``.

    >>> len(join_code(random.Random(1)))
    6
    """
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def typed_code(text: str | None) -> str:
    """A code as someone typed it, made comparable: upper case, spaces and dashes left out.

    >>> typed_code(" ac-d 3x9 ")
    'ACD3X9'
    """
    return "".join(c for c in (text or "").upper() if c.isalnum())


def next_phase(phase: str) -> str | None:
    """The phase after ``phase``; None after the last.

    >>> next_phase("check_in"), next_phase("actions")
    ('reflect', None)
    """
    order = list(PHASES)
    position = order.index(phase) + 1
    return order[position] if position < len(order) else None


def previous_phase(phase: str) -> str | None:
    """The phase before ``phase``; None before the first."""
    order = list(PHASES)
    position = order.index(phase) - 1
    return order[position] if position >= 0 else None


def phase_number(phase: str) -> int:
    """The phase's place in the session, from 1."""
    return list(PHASES).index(phase) + 1


def seconds_left(deadline: dt.datetime | None, paused_left: float | None,
                 now: dt.datetime) -> float:
    """Seconds left in the phase at ``now``: to the deadline while it runs, the seconds kept
    while paused; negative once over time.

    >>> seconds_left(dt.datetime(2026, 1, 1, 10, 5), None, dt.datetime(2026, 1, 1, 10, 4))
    60.0
    """
    if deadline is None:
        return float(paused_left or 0.0)
    return (deadline - now).total_seconds()


def minutes_problem(minutes: Mapping[str, int]) -> str | None:
    """The phase whose minutes are not 1–60 (or missing); None when the agenda is fine."""
    for phase in PHASES:
        if not 1 <= int(minutes.get(phase, 0)) <= 60:
            return phase
    return None


def card_text(text: str | None) -> str:
    """A card's text as stored: trimmed; empty when nothing was written."""
    return (text or "").strip()
