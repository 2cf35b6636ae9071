"""The benchmark harness keeps up with the code it measures: what a cached organisation
depends on names files that exist, so `make bench` starts on a fresh clone."""

from __future__ import annotations

import dataclasses

import pytest

from benchmarks import org, pages


def test_cache_key_reads_the_write_path_as_it_is_laid_out_now():
    # it read src/alignment/store.py by name, which became a package: the bench stopped
    assert len(pages.cache_key(org.Size())) == 64


@pytest.mark.parametrize("change", [{"experiments": 10_000}, {"seed": 8}, {"teams": 20}])
def test_cache_key_follows_the_size_it_was_generated_for(change):
    assert pages.cache_key(dataclasses.replace(org.Size(), **change)) != pages.cache_key(
        org.Size())


@pytest.fixture(scope="module")
def tiny_organisation(tmp_path_factory):
    """A generated organisation small enough for the test suite, in a DuckDB file."""
    path = tmp_path_factory.mktemp("bench") / "org.duckdb"
    org.generated(path, org.Size(goals=6, products=8, teams=12, experiments=400, sessions=60,
                                 streams=3))
    return path


def test_what_a_warm_rerun_sends_is_measured_for_every_page(tiny_organisation, monkeypatch):
    from alignment import db
    from alignment.sitemap import PAGES
    from benchmarks import sent

    monkeypatch.chdir(pages.ROOT)
    # the command points the app at its database through the environment: restored after
    monkeypatch.setenv(db.ENV_VAR, str(tiny_organisation))
    monkeypatch.delenv(db.URL_ENV_VAR, raising=False)
    printed = sent.main(["--db", str(tiny_organisation)]).splitlines()
    rows = {line[:28].strip(): line[28:].split() for line in printed[3:]}
    assert set(rows) == {entry.title_in("en") for entry in PAGES}
    # built KB, then what travels of it: never more than was built
    assert all(float(cells[1]) <= float(cells[0]) for cells in rows.values())


def test_the_rollup_reads_are_timed_per_period_beside_the_rows_each_rollup_keeps(
        tiny_organisation):
    from alignment.scope import PERIODS
    from alignment.store.rollups import kept_tables
    from benchmarks import rollups

    lines = rollups.main([str(tiny_organisation)])
    assert [line.split(":")[0] for line in lines[:len(kept_tables())]] == [
        f"duckdb rows {table}" for table in kept_tables()]
    assert len(lines) == len(kept_tables()) + len(PERIODS) * len(rollups.READS)
    assert all(line.endswith(" ms") for line in lines[len(kept_tables()):])
