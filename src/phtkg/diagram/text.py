"""Label text for drawings: estimated widths and word wrapping, without any font files.

The widths are estimates for a Helvetica-like sans-serif face, good enough to wrap
labels and size boxes; they never depend on fonts installed on this machine, so the same
input always gives the same drawing.
"""

from __future__ import annotations

_NARROW = set("iljtf.,;:'!|()[] ")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float) -> float:
    """The estimated width of ``text`` at font size ``size`` (px)."""
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.3
        elif char in _WIDE:
            em += 0.85
        elif char.isupper() or char.isdigit():
            em += 0.64
        else:
            em += 0.53
    return em * size


def wrap(text: str, width: float, size: float, max_lines: int = 4) -> list[str]:
    """Break ``text`` into lines no wider than ``width``; very long words are cut.

    More than ``max_lines`` lines end with an ellipsis on the last one.
    """
    words = " ".join(str(text).split()).split(" ")
    lines: list[str] = []
    line = ""
    for word in words:
        while text_width(word, size) > width and len(word) > 1:  # cut a word that cannot fit
            cut = len(word)
            while cut > 1 and text_width(word[:cut] + "-", size) > width:
                cut -= 1
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut] + "-")
            word = word[cut:]
        candidate = f"{line} {word}" if line else word
        if line and text_width(candidate, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line or not lines:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + "…", size) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines
