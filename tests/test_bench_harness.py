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
