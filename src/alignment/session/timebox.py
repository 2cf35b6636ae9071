"""The session's timebox: an agenda of parts, each with a countdown computed from a clock.

Pure (no Streamlit): the state is an immutable ``Timebox``; every button makes a new one.
Remaining time is always computed from the moment the clock started, never decremented, so a
page that reruns late or twice still shows the right time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

# Part key → default minutes, in the order the session runs; the part's name is shown from
# the catalogue (``agenda.<part>``).
AGENDA: dict[str, int] = {
    "check_in": 2,
    "results": 5,
    "collaboration": 5,
    "safety_ownership": 3,
    "actions": 5,
}


def default_minutes() -> dict[str, int]:
    """The default minutes per agenda part."""
    return dict(AGENDA)


@dataclass(frozen=True)
class Timebox:
    """Where the session is: the current part, and its clock.

    ``started_at`` is the clock reading when the part last (re)started running, None while
    paused; ``spent`` the seconds the part ran before that.
    """

    part: int = 0
    started_at: float | None = None
    spent: float = 0.0

    @property
    def running(self) -> bool:
        """Whether the clock is running."""
        return self.started_at is not None

    def elapsed(self, now: float) -> float:
        """Seconds the current part has run by ``now``."""
        return self.spent + (now - self.started_at if self.started_at is not None else 0.0)


def started(box: Timebox, now: float) -> Timebox:
    """The clock running from ``now`` (unchanged when it already runs)."""
    return box if box.running else replace(box, started_at=now)


def paused(box: Timebox, now: float) -> Timebox:
    """The clock stopped at ``now``, keeping the time spent so far."""
    return box if not box.running else Timebox(part=box.part, spent=box.elapsed(now))


def next_part(box: Timebox, now: float, parts: int) -> Timebox:
    """The next part with a fresh clock, running if the clock ran; the last part stays last."""
    if box.part + 1 >= parts:
        return paused(box, now)
    return Timebox(part=box.part + 1, started_at=now if box.running else None)


def remaining_seconds(box: Timebox, minutes: float, now: float) -> float:
    """Seconds left in the current part; negative once it runs over.

    >>> remaining_seconds(Timebox(started_at=100.0), 2, now=130.0)
    90.0
    """
    return minutes * 60 - box.elapsed(now)


def clock_text(seconds: float) -> str:
    """Seconds as ``mm:ss``, counting whole seconds still to go; over time gets a minus.

    >>> clock_text(90.0), clock_text(89.2), clock_text(-15.5)
    ('01:30', '01:30', '-00:15')
    """
    if seconds > 0:
        whole = int(-(-seconds // 1))  # a part with 0.2 s left still shows 00:01
        sign = ""
    else:
        whole = int(-seconds // 1)
        sign = "-" if whole else ""
    return f"{sign}{whole // 60:02d}:{whole % 60:02d}"
