"""The app's colours: red means broken, so the primary colour (buttons, score bars) is not red."""

from __future__ import annotations

import colorsys
import tomllib
from pathlib import Path

import pytest

from alignment.charts import structure

ROOT = Path(__file__).resolve().parents[1]


def rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))


def looks_red(colour: str) -> bool:
    hue, lightness, saturation = colorsys.rgb_to_hls(*rgb(colour))
    return saturation > 0.25 and (hue < 25 / 360 or hue > 335 / 360)


def contrast_with_white(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(colour))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


@pytest.mark.parametrize(("colour", "red"), [
    ("#ff4b4b", True),  # Streamlit's default primary
    ("#c62828", True),
    ("#0e7490", False),
    ("#2e7d32", False),
    ("#9e9e9e", False),
])
def test_the_red_detector(colour, red):
    assert looks_red(colour) is red


def test_the_primary_colour_does_not_mean_broken_and_reads_white_text():
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    primary = theme["primaryColor"]
    assert not looks_red(primary)
    assert contrast_with_white(primary) >= 4.5
    assert looks_red(structure.RED)  # a break stays red in the charts


def test_the_tab_icon_ships_with_the_app_in_the_primary_colour():
    from alignment.ui.context import APP_ICON

    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    assert APP_ICON.is_file()
    assert theme["primaryColor"] in APP_ICON.read_text()
