"""The demo organisation, Gemeente Rivierstad: its story (`catalogue`), the generator that
writes it as CSV files (`generator`), and those files, shipped inside the package (`DATA`), so
an installed wheel carries its demo.

``python -m alignment.demo`` regenerates the files in ``DATA``.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

from alignment.demo.catalogue import DEMO_AS_OF
from alignment.demo.generator import demo_tables, write_demo

DATA: Traversable = files(__name__) / "data"

__all__ = ["DATA", "DEMO_AS_OF", "demo_tables", "write_demo"]
