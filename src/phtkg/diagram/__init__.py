"""Diagrams of the knowledge graph for teaching: a term's neighbourhood and two views.

Build a :class:`Diagram` with :func:`neighbourhood`, :func:`aggravation_view` or
:func:`rehab_view`, then draw it with :func:`render_mermaid`, :func:`render_dot` or
:func:`render_svg` (pure Python); :func:`run_graphviz` turns DOT into SVG or PNG where
Graphviz is installed. A :class:`DiagramCache` answers the queries of many diagrams of
one graph at once. Colours per category are in :mod:`phtkg.diagram.palette`.
"""

from __future__ import annotations

from .cache import DiagramCache
from .dot import render_dot
from .graphviz import GraphvizError, GraphvizMissing, run_graphviz
from .mermaid import render_mermaid
from .model import Diagram, Edge, Group, Node
from .neighbourhood import DEFAULT_DEPTH, DEFAULT_MAX_NODES, MAX_DEPTH, neighbourhood
from .palette import CATEGORY_COLOURS, CATEGORY_TITLES, category_title
from .relations import UnknownRelation
from .svg import render_svg
from .views import aggravation_view, rehab_view

__all__ = [
    "CATEGORY_COLOURS",
    "CATEGORY_TITLES",
    "DEFAULT_DEPTH",
    "DEFAULT_MAX_NODES",
    "Diagram",
    "DiagramCache",
    "Edge",
    "GraphvizError",
    "GraphvizMissing",
    "Group",
    "MAX_DEPTH",
    "Node",
    "UnknownRelation",
    "aggravation_view",
    "category_title",
    "neighbourhood",
    "rehab_view",
    "render_dot",
    "render_mermaid",
    "render_svg",
    "run_graphviz",
]
