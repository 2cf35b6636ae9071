"""What a write can change, named so a cache follows only the writes that concern it.

The data falls into topics. Every write says which topics it touched (``db.written(con,
work, touches=…)``), and for the topics kept per value stream, which streams; every cached
read says which topics it depends on (``ui/cached.py``). The database keeps a version per
topic and per topic and stream (``topic_versions``), moved in the write's own transaction,
so a cached figure is recomputed after exactly the writes that can change it, on every
replica.

A write that names nothing moves ``ANY``, which every cached read depends on: nothing can be
forgotten silently, it only costs warm caches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

EXPERIMENTS = "experiments"  # the experiments and their links to teams, products and goals
DECISIONS = "decisions"  # the governance decisions on experiments
SESSIONS = "sessions"  # reflection sessions, their actions and hand-overs
ANSWERS = "answers"  # governance answers a team has discussed
VALUE = "value"  # goal measures and their check-ins
REFERENCE = "reference"  # goals, products, teams and their links: joined by nearly everything
PEOPLE = "people"  # people, their roles, and the teams coaches coach
LIVE = "live"  # live sessions: phases, cards, votes, drafted actions
UPLOADS = "uploads"  # the upload log

TOPICS = (EXPERIMENTS, DECISIONS, SESSIONS, ANSWERS, VALUE, REFERENCE, PEOPLE, LIVE, UPLOADS)

# Topics with a version per value stream too: a write names the streams it touched, and a
# read filtered on one stream depends on that stream's version only.
STREAM_TOPICS = frozenset({EXPERIMENTS, DECISIONS, SESSIONS})

# Moved by a write that names no topic, and by a write to a stream topic that cannot say
# which streams it touched (``ALL_STREAMS``): every read depends on it.
ANY = "*"
ALL_STREAMS = "*"

# The topics an upload of each kind touches (``uploads`` besides, always).
UPLOAD_TOPICS: dict[str, frozenset[str]] = {
    "goals": frozenset({REFERENCE}),
    "products": frozenset({REFERENCE}),
    "product_goals": frozenset({REFERENCE}),
    "teams": frozenset({REFERENCE}),
    "team_products": frozenset({REFERENCE}),
    "experiments": frozenset({EXPERIMENTS, DECISIONS}),
    "sessions": frozenset({SESSIONS}),
    "actions": frozenset({SESSIONS}),
    "goal_measures": frozenset({VALUE}),
    "check_ins": frozenset({VALUE}),
    "people": frozenset({PEOPLE}),
    "coach_teams": frozenset({PEOPLE}),
}


def stream_key(topic: str, stream: str) -> str:
    """The version key of ``topic`` within value stream ``stream``."""
    return f"{topic}@{stream}"


@dataclass(frozen=True)
class Touched:
    """What one write changed: its topics and, for the stream topics, the value streams
    (None: it cannot say which, so every stream's reads follow)."""

    topics: frozenset[str]
    streams: frozenset[str] | None = None

    def keys(self) -> list[str]:
        """The version keys this write moves on."""
        unknown = {t for t in self.topics if t not in TOPICS}
        if unknown:
            raise ValueError(f"unknown topics {sorted(unknown)}")
        keys = set(self.topics)
        for topic in self.topics & STREAM_TOPICS:
            keys.update(stream_key(topic, s) for s in
                        (self.streams if self.streams is not None else {ALL_STREAMS}))
        return sorted(keys)

    def _streams(self) -> frozenset[str] | None:
        # a write to no stream topic touched no stream, whatever it says
        return self.streams if self.topics & STREAM_TOPICS else frozenset()

    def __or__(self, other: Touched) -> Touched:
        mine, theirs = self._streams(), other._streams()
        streams = None if mine is None or theirs is None else mine | theirs
        return Touched(self.topics | other.topics, streams)


def touched(*topics: str, streams: Iterable[str] | None = None) -> Touched:
    """``Touched`` of ``topics``, within ``streams`` (None: streams unknown)."""
    return Touched(frozenset(topics), None if streams is None else frozenset(streams))


def upload_touched(kind: str, streams: Iterable[str] | None = None) -> Touched:
    """What an upload of ``kind`` touches: its kind's topics and the upload log."""
    return Touched(UPLOAD_TOPICS[kind] | {UPLOADS},
                   None if streams is None else frozenset(streams))


def read_keys(topics: Iterable[str], stream: str | None) -> list[str]:
    """The version keys a read of ``topics`` depends on, filtered to ``stream`` (or None)."""
    keys = {ANY}
    for topic in topics:
        if stream is not None and topic in STREAM_TOPICS:
            keys.update((stream_key(topic, stream), stream_key(topic, ALL_STREAMS)))
        else:
            keys.add(topic)
    return sorted(keys)
