"""The timebox: remaining time is computed from the clock, through start, pause and next."""

from __future__ import annotations

import pytest

from alignment.session.timebox import (
    AGENDA,
    Timebox,
    clock_text,
    default_minutes,
    next_part,
    paused,
    remaining_seconds,
    started,
)


def test_default_agenda():
    assert default_minutes() == {"check_in": 2, "results": 5, "collaboration": 5,
                                 "safety_ownership": 3, "actions": 5}


def test_a_paused_clock_keeps_its_time():
    box = Timebox()
    assert remaining_seconds(box, 2, now=500.0) == 120.0
    box = started(box, now=100.0)
    assert remaining_seconds(box, 2, now=130.0) == 90.0
    box = paused(box, now=130.0)
    assert remaining_seconds(box, 2, now=999.0) == 90.0
    box = started(box, now=1000.0)
    assert remaining_seconds(box, 2, now=1010.0) == 80.0


def test_starting_twice_does_not_reset_the_clock():
    box = started(Timebox(), now=100.0)
    assert started(box, now=150.0) == box


def test_next_part_starts_a_fresh_clock_and_keeps_running():
    box = next_part(started(Timebox(), now=100.0), now=200.0, parts=len(AGENDA))
    assert (box.part, box.running) == (1, True)
    assert remaining_seconds(box, 5, now=260.0) == 240.0
    stopped = next_part(paused(box, now=260.0), now=300.0, parts=len(AGENDA))
    assert (stopped.part, stopped.running) == (2, False)
    assert remaining_seconds(stopped, 5, now=400.0) == 300.0


def test_the_last_part_stays_last_and_pauses():
    box = Timebox(part=len(AGENDA) - 1, started_at=0.0)
    last = next_part(box, now=30.0, parts=len(AGENDA))
    assert (last.part, last.running, last.spent) == (len(AGENDA) - 1, False, 30.0)


def test_running_over_gives_negative_time():
    box = started(Timebox(), now=0.0)
    assert remaining_seconds(box, 2, now=135.0) == -15.0


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(300.0, "05:00"), (90.0, "01:30"), (89.2, "01:30"), (0.2, "00:01"), (0.0, "00:00"),
     (-0.4, "00:00"), (-15.5, "-00:15"), (-75.0, "-01:15"), (3600.0, "60:00")],
)
def test_clock_text(seconds, text):
    assert clock_text(seconds) == text
