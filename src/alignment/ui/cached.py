"""The one way a page reads: ``ctx.cached(views.x, …)`` or ``ctx.cached(queries.x, …)``.

Every reader a page may call is listed in ``READS`` with the topics of the data it depends
on (``alignment.topics``). Its result is cached under the versions of those topics, read once
per page run in one small query (``queries.versions``): a write moves the versions of the
topics it touched, in its own transaction, so a page never shows a figure from before a
write that can change it, and keeps every other figure warm, on every replica. A reader
whose figures come from one value stream's rows only depends on that stream's versions of
the stream topics (``Reads.stream``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import pickle
from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from streamlit import dataframe_util

from alignment import i18n, kpis, queries, topics, views
from alignment.db import Database
from alignment.scope import Scope
from alignment.topics import ANSWERS as A
from alignment.topics import DECISIONS as D
from alignment.topics import EXPERIMENTS as E
from alignment.topics import LIVE as L
from alignment.topics import PEOPLE as P
from alignment.topics import REFERENCE as R
from alignment.topics import SESSIONS as S
from alignment.topics import TOPICS
from alignment.topics import UPLOADS as U
from alignment.topics import VALUE as V
from alignment.ui.failures import failures_said

# A read that takes a value stream in its ``Scope``.
IN_SCOPE = "scope"


@dataclasses.dataclass(frozen=True)
class Reads:
    """What a reader's result depends on: topics, and for a read whose figures come only
    from its value stream's rows (a write names every stream it touches), where that stream
    is given: ``IN_SCOPE`` or the index of the argument after the connection. Without one,
    a filtered read still depends on every stream: a cascade's breaks count a goal's
    experiments in any stream, a spread tree crosses streams."""

    topics: tuple[str, ...]
    stream: int | str | None = None


# Every reader a page calls, next to the data it depends on: one visible place to check.
READS: dict[Callable, Reads] = {
    # views: what a page shows, whole
    views.breaks_by_type: Reads((E, R, V)),
    views.cascade: Reads((E, R, V)),
    views.coaching: Reads((S, R), IN_SCOPE),
    views.collaboration: Reads((E, S, R), IN_SCOPE),
    views.example_ids: Reads((E, R)),
    views.goal_breaks: Reads((E, R, V)),
    views.first_experiment_breaks: Reads((E, R)),
    views.goal_measures: Reads((V, R)),
    views.goal_values: Reads((V, R)),
    views.learning: Reads((E, D, A, R)),
    views.value_proof: Reads((E, D, R)),
    kpis.overview_kpis: Reads((E, D, S, R, V)),
    # leader pages' own questions
    queries.entity_counts: Reads((E, S, R)),
    queries.filtered_experiment_counts: Reads((E, D, R), IN_SCOPE),
    queries.filtered_experiments: Reads((E, D, R), IN_SCOPE),
    queries.learning_cards: Reads((E, D, R), IN_SCOPE),
    queries.product_balance: Reads((E, D, R), stream=2),
    queries.lens_counts: Reads((E, R), stream=2),
    queries.goal_product_matrix: Reads((E, R)),
    queries.goal_choices: Reads((R,)),
    queries.goal_products: Reads((E, R)),
    queries.goal_teams: Reads((E, R)),
    queries.goal_experiments: Reads((E, D, R)),
    queries.goal_decisions: Reads((E, D, R)),
    # the sidebar, who is in, the filters
    queries.person_record: Reads((P,)),
    queries.value_streams: Reads((R,)),
    queries.team_choices: Reads((R,)),
    # a team's session
    queries.team_chain: Reads((R,)),
    queries.team_experiments: Reads((E, D)),
    queries.open_actions: Reads((S, E)),
    queries.score_trends: Reads((S, R)),
    queries.team_sessions: Reads((S, R), stream=1),
    queries.team_roster: Reads((S, R), stream=0),
    queries.session_actions: Reads((S, R), stream=1),
    queries.session_record: Reads((S, R)),
    queries.session_action_list: Reads((S, E)),
    queries.team_decisions: Reads((E, D)),
    queries.team_answers: Reads((A, E, D)),
    # live sessions
    queries.open_live_session: Reads((L, R)),
    queries.live_session: Reads((L, R)),
    queries.live_cards: Reads((L,)),
    queries.live_scores: Reads((L,)),
    queries.live_actions: Reads((L, S)),
    # records, people, uploads, tables
    queries.record_as_text: Reads((E, D, R)),
    queries.entity_changes: Reads(TOPICS),
    queries.people_list: Reads((P, R)),
    queries.coach_assignments: Reads((P, R)),
    queries.upload_history: Reads((U,)),
    queries.table_rows: Reads(TOPICS),
    queries.table_size: Reads(TOPICS),
}


def _name(fn: Callable) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def read_stream(reads: Reads, args: tuple, kwargs: dict) -> str | None:
    """The value stream a read is filtered to, or None."""
    if reads.stream == IN_SCOPE:
        return next(v.value_stream for v in (*args, *kwargs.values()) if isinstance(v, Scope))
    if reads.stream is None:
        return None
    return args[reads.stream] if len(args) > reads.stream else None


# By name: a reader wrapped with ``functools.wraps`` (the page benchmark times them so) is
# still the reader ``READS`` lists.
_READS_BY_NAME = {_name(fn): reads for fn, reads in READS.items()}


def version_key(versions: queries.Versions, fn: Callable, args: tuple = (),
                kwargs: dict | None = None) -> tuple:
    """The versions ``fn(con, *args, **kwargs)`` is cached under: those of its topics."""
    reads = _READS_BY_NAME[_name(fn)]
    return versions.of(topics.read_keys(reads.topics, read_stream(reads, args, kwargs or {})))


# Results of older versions are never asked for again; the time limit and the entry cap let
# them go, so memory stays bounded on a long-running server.
@st.cache_data(show_spinner=False, max_entries=1000, ttl=dt.timedelta(hours=1))
def _result(name: str, version: tuple, args: tuple, kwargs: dict, _fn: Callable,
            _con: Database) -> Any:
    # ``name`` and ``version`` make the key; the connection and function are not hashed.
    return _fn(_con, *args, **kwargs)


@dataclasses.dataclass(frozen=True)
class CachedReads:
    """A connection and the versions read at the top of this run: ``cached`` serves every
    read of the run from the cache while its topics have not changed."""

    con: Database
    versions: queries.Versions

    @property
    def version(self) -> str:
        """The data version as a whole: moves with every write."""
        return f"{self.versions.database_id}:{self.versions.version}"

    def cached(self, fn: Callable, *args, **kwargs) -> Any:
        """``fn(con, *args, **kwargs)`` of a reader in ``READS``, cached under its topics'
        versions."""
        return _result(_name(fn), version_key(self.versions, fn, args, kwargs), args, kwargs,
                       fn, self.con)

    def at_click(self, fn: Callable, *args) -> Callable[[], Any]:
        """``fn(con, *args)`` to read when a download is clicked, not on a rerun: whole
        tables, read once and too big to keep in the cache."""
        return functools.partial(fn, self.con, *args)

    def reread(self):
        """The same, with the versions read again: for a fragment that reruns on its own."""
        return dataclasses.replace(self, versions=queries.versions(self.con))


def cached_reads(con: Database) -> CachedReads:
    """``con`` with the versions as they are now; a database that fails to say them is said
    to the person, and the run stops."""
    with failures_said():
        return CachedReads(con=con, versions=queries.versions(con))


def _frame_key(frame: pd.DataFrame) -> bytes:
    """A chart's data as its spec's cache key: a digest of its pickled bytes (Streamlit's own
    hash of a frame of text columns took 4–13 ms a chart on every rerun, this 0.2–0.9 ms)."""
    return hashlib.md5(pickle.dumps(frame, protocol=5), usedforsecurity=False).digest()


@st.cache_data(show_spinner=False, max_entries=1000, ttl=dt.timedelta(hours=1),
               hash_funcs={pd.DataFrame: _frame_key})
def _spec(name: str, args: tuple, lang: str, _build: Callable) -> dict:
    # ``args`` (the chart's data) are hashed into the key; building and validating the
    # Vega-Lite spec is most of a chart's cost on a rerun.
    # Altair refuses more than 5,000 rows unless told; the data here is already aggregated
    # (a goal × product matrix at scale has ~12,000 cells), as st.altair_chart allowed.
    with alt.data_transformers.disable_max_rows():
        chart = _build(*args, words=i18n.catalogue(lang))
        spec = chart.configure(locale=i18n.vega_locale(lang)).to_dict()
    # each dataset as the Arrow bytes the chart element sends, made once: Streamlit converts
    # rows given as a list on every draw (2–7 ms a dataset)
    for dataset, rows in spec.get("datasets", {}).items():
        spec["datasets"][dataset] = dataframe_util.convert_anything_to_arrow_bytes(rows)
    return spec


def chart_spec(lang: str, build: Callable, *args) -> dict:
    """The Vega-Lite spec of ``build(*args)`` in ``lang``, cached on its data: its titles,
    categories and tooltips in ``lang``'s words (the builder gets the catalogue as ``words``),
    its numbers and dates formatted the language's way; its datasets as Arrow bytes."""
    return _spec(_name(build), args, lang, build)
