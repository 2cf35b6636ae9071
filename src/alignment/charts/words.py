"""The words a chart shows, handed in by the face as a mapping from catalogue key to text.

Charts never import the translations: the face passes the reader's catalogue
(``alignment.i18n.catalogue(lang)``) as ``words``, and a builder looks its titles, categories
and labels up in it by key, so the same builder draws in any language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

Words = Mapping[str, str]


def title(words: Words, key: str) -> str:
    """A chart, axis, legend or tooltip title (``chart.<key>``)."""
    return words[f"chart.{key}"]


def labels(words: Words, family: str, values: Iterable[str]) -> dict[str, str]:
    """Each of ``values`` with its label (``<family>.<value>``): ``running`` → ``lopend``."""
    return {value: words[f"{family}.{value}"] for value in values}


def counted(words: Words, key: str, n: int) -> str:
    """``n`` things in words, one or many (``chart.<key>_one`` / ``_many``): ``3 experiments``."""
    return words[f"chart.{key}_{'one' if n == 1 else 'many'}"].format(n=n)
