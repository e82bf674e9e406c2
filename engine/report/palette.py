"""One distinct colour per member, for any number of members: the plan page's grid tells members apart by
colour (with a legend), so two members must never share one.

How: light colours (dark text stays readable on them) are laid out in OKLab, a space where distance matches
perceived difference, and picked one by one, each the farthest from every colour already picked (greedy
farthest-point sampling). So the colours are as far apart as the light range allows for any count, the
first members get the most distinct ones, and adding a member never changes the colours of the others.
Each member also gets a darker shade of its hue for borders. Colours are display only: floats are fine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

LIGHTNESS = (0.74, 0.83, 0.92)
CHROMA = (0.05, 0.10, 0.15)
FIRST_HUE = 250.0
HUE_STEPS = (5.0, 1.0, 0.2, 0.05)  # degrees between the hues of a grid, coarsest first
OPENING = (LIGHTNESS[1], -0.02, -0.09)  # OKLab of a light blue: the first colour is the nearest to it


@dataclass(frozen=True)
class Swatch:
    background: str  # `#rrggbb`, light: the block's fill
    border: str  # `#rrggbb`, darker, same hue
    lab: tuple[float, float, float]  # OKLab of the background


def oklch_to_srgb(lightness: float, chroma: float, hue: float) -> tuple[float, float, float] | None:
    """OKLCH → sRGB components in 0..1 (Björn Ottosson's matrices); None when outside the sRGB gamut."""
    a = chroma * math.cos(math.radians(hue))
    b = chroma * math.sin(math.radians(hue))
    l_ = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m_ = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s_ = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    linear = (
        4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
        -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
        -0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_,
    )
    if any(c < -1e-6 or c > 1 + 1e-6 for c in linear):
        return None
    return tuple(_gamma(min(1.0, max(0.0, c))) for c in linear)  # type: ignore[return-value]


def _gamma(c: float) -> float:
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def hex_of(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of `#rrggbb`."""

    def channel(i: int) -> float:
        c = int(hex_colour[1 + 2 * i : 3 + 2 * i], 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two `#rrggbb` colours."""
    hi, lo = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@cache
def _candidates(hue_step: float) -> tuple[tuple[tuple[float, float, float], str, float], ...]:
    """Every light colour of the grid inside sRGB: (OKLab, hex, hue), one per distinct hex."""
    out = []
    seen: set[str] = set()
    steps = round(360 / hue_step)
    for i in range(steps):
        hue = (FIRST_HUE + i * hue_step) % 360
        for lightness in LIGHTNESS:
            for chroma in CHROMA:
                rgb = oklch_to_srgb(lightness, chroma, hue)
                if rgb is None:
                    continue
                code = hex_of(rgb)
                if code in seen:
                    continue
                seen.add(code)
                lab = (lightness, chroma * math.cos(math.radians(hue)), chroma * math.sin(math.radians(hue)))
                out.append((lab, code, hue))
    return tuple(out)


@cache
def palette(count: int) -> tuple[Swatch, ...]:
    """`count` colours, pairwise distinct, each as far as possible from those before it."""
    if count <= 0:
        return ()
    for hue_step in HUE_STEPS:  # the coarsest grid that holds enough colours
        candidates = _candidates(hue_step)
        if count <= len(candidates):
            break
    else:
        raise ValueError(f"no palette of {count} distinct light colours (at most {len(candidates)})")
    labs = np.array([lab for lab, _, _ in candidates])
    pick = int(np.argmin(np.linalg.norm(labs - np.array(OPENING), axis=1)))
    nearest = np.full(len(candidates), np.inf)
    chosen = [pick]
    while len(chosen) < count:
        nearest = np.minimum(nearest, np.linalg.norm(labs - labs[pick], axis=1))
        pick = int(np.argmax(nearest))  # the first of the farthest: deterministic
        chosen.append(pick)
    return tuple(_swatch(candidates[i]) for i in chosen)


def _swatch(candidate: tuple[tuple[float, float, float], str, float]) -> Swatch:
    lab, code, hue = candidate
    border = None
    for chroma in (0.12, 0.09, 0.06, 0.03, 0.0):
        border = oklch_to_srgb(0.50, chroma, hue)
        if border is not None:
            break
    assert border is not None  # chroma 0 is a grey, always inside sRGB
    return Swatch(code, hex_of(border), lab)
