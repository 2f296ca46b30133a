"""One colour and one shape per top category, shared by every renderer and by web pages.

The fills are Paul Tol's "light" and "pale" schemes, chosen to stay distinguishable with
the common colour-vision deficiencies and light enough that dark text on them has a
contrast ratio of at least 7:1 (WCAG AAA). Sixteen categories are more than any palette
can keep apart by hue alone, so each category also has a shape in Mermaid and DOT, and
every renderer draws a legend naming the categories.
"""

from __future__ import annotations

TEXT_COLOUR = "#111111"
BORDER_COLOUR = "#333333"
EDGE_COLOUR = "#444444"
OTHER_COLOUR = "#FFFFFF"  # a term outside the sixteen categories

#: Fill colour per top category (local name), most common categories first.
CATEGORY_COLOURS: dict[str, str] = {
    "Disorder": "#EE8866",
    "Activity": "#77AADD",
    "ClinicalFeature": "#EEDD88",
    "RiskFactor": "#FFAABB",
    "Intervention": "#44BB99",
    "DiagnosticProcedure": "#BBCC33",
    "AnatomicalEntity": "#99DDFF",
    "Outcome": "#AAAA00",
    "LoadType": "#BBCCEE",
    "RehabilitationPhase": "#CCDDAA",
    "Population": "#FFCCCC",
    "MechanismOrEffect": "#EEEEBB",
    "Consideration": "#CCEEFF",
    "TendonStage": "#D1BBD7",
    "Measure": "#DDDDDD",
    "InformationResource": "#F4F4F4",
}

#: Human names of the categories (their labels in the ontology).
CATEGORY_TITLES: dict[str, str] = {
    "Disorder": "disorder",
    "Activity": "activity",
    "ClinicalFeature": "clinical feature",
    "RiskFactor": "risk factor",
    "Intervention": "intervention",
    "DiagnosticProcedure": "diagnostic procedure",
    "AnatomicalEntity": "anatomical entity",
    "Outcome": "outcome",
    "LoadType": "load type",
    "RehabilitationPhase": "rehabilitation phase",
    "Population": "population",
    "MechanismOrEffect": "mechanism or effect",
    "Consideration": "clinical consideration",
    "TendonStage": "tendon stage",
    "Measure": "reported quantity",
    "InformationResource": "information resource",
}

#: A second cue beside colour: the Graphviz shape of each category's nodes.
DOT_SHAPES: dict[str, str] = {
    "Disorder": "box",
    "Activity": "box",
    "ClinicalFeature": "note",
    "RiskFactor": "box",
    "Intervention": "box",
    "DiagnosticProcedure": "component",
    "AnatomicalEntity": "ellipse",
    "Outcome": "tab",
    "LoadType": "parallelogram",
    "RehabilitationPhase": "cds",
    "Population": "house",
    "MechanismOrEffect": "box",
    "Consideration": "folder",
    "TendonStage": "box3d",
    "Measure": "box",
    "InformationResource": "cylinder",
}
#: Extra Graphviz node styles: rounded corners, or small diagonals in the corners.
DOT_STYLES: dict[str, str] = {
    "Activity": "rounded",
    "Intervention": "rounded",
    "RiskFactor": "diagonals",
}

#: Mermaid node brackets (open, close) per category.
MERMAID_SHAPES: dict[str, tuple[str, str]] = {
    "Disorder": ("[", "]"),
    "Activity": ("([", "])"),
    "ClinicalFeature": (">", "]"),
    "RiskFactor": ("{{", "}}"),
    "Intervention": ("(", ")"),
    "DiagnosticProcedure": ("[[", "]]"),
    "AnatomicalEntity": ("[/", "/]"),
    "Outcome": ("[/", "\\]"),
    "LoadType": ("[\\", "\\]"),
    "RehabilitationPhase": ("[\\", "/]"),
    "Population": ("(", ")"),
    "MechanismOrEffect": ("[", "]"),
    "Consideration": ("[(", ")]"),
    "TendonStage": ("[[", "]]"),
    "Measure": ("[", "]"),
    "InformationResource": ("[(", ")]"),
}


def colour(category: str) -> str:
    """The fill colour for ``category`` (a neutral white for an unknown one)."""
    return CATEGORY_COLOURS.get(category, OTHER_COLOUR)


def category_title(category: str) -> str:
    """The readable name of ``category``: "AnatomicalEntity" -> "anatomical entity"."""
    if category in CATEGORY_TITLES:
        return CATEGORY_TITLES[category]
    if not category:
        return "other"
    words, word = [], ""
    for char in category:
        if char.isupper() and word:
            words.append(word)
            word = ""
        word += char
    words.append(word)
    return " ".join(w.lower() for w in words)


def category_order(categories) -> tuple[str, ...]:
    """``categories`` in the palette's order, unknown ones (by name) last."""
    known = list(CATEGORY_COLOURS)
    return tuple(
        sorted(
            set(categories),
            key=lambda c: (
                c not in CATEGORY_COLOURS,
                known.index(c) if c in CATEGORY_COLOURS else 0,
                c,
            ),
        )
    )


def css_class(category: str) -> str:
    """A CSS / Mermaid class name for ``category`` ("cat-anatomicalentity", "cat-other")."""
    return "cat-" + ("".join(ch for ch in category.lower() if ch.isalnum()) or "other")


def relative_luminance(hex_colour: str) -> float:
    """WCAG relative luminance of ``#RRGGBB``."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two ``#RRGGBB`` colours (1 to 21)."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)
