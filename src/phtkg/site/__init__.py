"""A browsable, offline HTML site of the knowledge graph (``phtkg site -o DIR``).

:func:`site_files` makes every file in memory from a graph; :func:`write_site` puts them
in a folder all at once. The modules each do one job: ``collect`` reads the graph,
``templates`` holds the HTML, the ``*_page`` modules fill it, ``diagrams`` draws with
:mod:`phtkg.diagram`, ``search_index`` writes the index for the search box.
"""

from __future__ import annotations

from .build import site_files
from .writer import SiteFolderError, write_site

__all__ = ["SiteFolderError", "site_files", "write_site"]
