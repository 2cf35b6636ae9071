"""What a warm rerun of each page sends to the browser: counted in bytes, not timed.

Every page of ``alignment.ui.navigation.PAGES`` runs through the real ``app.py`` with
``AppTest`` as the local admin, once to warm its caches and once more; the second run's
forward messages are serialised as the server serialises them. Two figures per page: all
of it (what the server builds and hashes on every rerun), and what still travels once the
browser holds the messages of the run before (Streamlit sends a reference for an unchanged
message of at least ``global.minCachedMessageSize`` bytes). The largest kinds of element
name where the bytes go.

    python -m benchmarks.sent                        # the million-experiment organisation
    python -m benchmarks.sent --db FILE              # any database file
    python -m benchmarks.sent --url postgresql://…   # a PostgreSQL database
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmarks import org
from benchmarks.pages import ROOT, organisation_file


@dataclass(frozen=True)
class Sent:
    """One page's warm rerun: bytes built, bytes that travel, and the largest element kinds."""

    title: str
    built: int
    travelling: int
    largest: str


def element_kind(msg) -> str:
    """The kind of element a forward message adds or changes, or the message's own kind."""
    if msg.WhichOneof("type") != "delta":
        return msg.WhichOneof("type")
    delta = msg.delta
    if delta.HasField("new_element"):
        return delta.new_element.WhichOneof("type")
    return delta.WhichOneof("type")


def warm_rerun_sent(entry, smallest_cached: int) -> Sent:
    """What the second run of ``entry``'s page sends."""
    from streamlit.testing.v1 import AppTest
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    runs: list[list] = []
    forward_msgs = LocalScriptRunner.forward_msgs

    def kept(runner):
        msgs = forward_msgs(runner)
        runs.append([(element_kind(m), m.SerializeToString()) for m in msgs])
        return msgs

    LocalScriptRunner.forward_msgs = kept
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.switch_page(entry.path)
        at.run()
        at.run()
    finally:
        LocalScriptRunner.forward_msgs = forward_msgs
    before = {data for _, data in runs[-2]}
    warm = runs[-1]
    by_kind: Counter[str] = Counter()
    for kind, data in warm:
        by_kind[kind] += len(data)
    travelling = sum(len(data) for _, data in warm
                     if len(data) < smallest_cached or data not in before)
    return Sent(entry.title_in("en"), sum(by_kind.values()), travelling,
                ", ".join(f"{kind} {size / 1024:.0f}" for kind, size in by_kind.most_common(3)))


def main(argv: list[str] | None = None) -> str:
    """Measure every page as the command line asks; returns the printed table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing database file to use")
    parser.add_argument("--url", help="a PostgreSQL database to use instead of a file")
    parser.add_argument("--experiments", type=int, default=org.Size.experiments)
    args = parser.parse_args(argv)
    from alignment import db

    if args.url:
        os.environ[db.URL_ENV_VAR] = args.url
    else:
        path = args.db or organisation_file(org.Size(experiments=args.experiments))
        os.environ.pop(db.URL_ENV_VAR, None)
        os.environ[db.ENV_VAR] = str(path.resolve())
    from streamlit import config

    from alignment.ui.navigation import PAGES

    smallest = int(config.get_option("global.minCachedMessageSize"))
    head = f"{'page':<28} {'built KB':>9} {'travels KB':>10}  largest elements (KB)"
    lines = [head, "-" * len(head)]
    for entry in PAGES:
        sent = warm_rerun_sent(entry, smallest)
        lines.append(f"{sent.title:<28} {sent.built / 1024:>9.0f} {sent.travelling / 1024:>10.0f}"
                     f"  {sent.largest}")
    printed = "What a warm rerun sends\n" + "\n".join(lines)
    print(printed, flush=True)
    return printed


if __name__ == "__main__":
    main()
