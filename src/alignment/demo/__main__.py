"""Regenerate the demo organisation's files in the package (``make demo``)."""

from pathlib import Path

from alignment.demo.generator import write_demo

if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    for written in write_demo(here / "data"):
        print(written.relative_to(here.parents[2]))
