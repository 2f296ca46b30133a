"""Where each page lives in the site, and relative links between pages.

Every link is relative, so the site works from any folder, opened with ``file://``.
A term's page is named after the local name of its IRI (``terms/ProlongedSitting.html``);
a source document's page after its file stem (``sources/004_dfda55583e36a3a5.html``).
"""

from __future__ import annotations

import posixpath
import re

from .. import namespaces as ns

INDEX = "index.html"
AGGRAVATION = "aggravation.html"
DISAGREEMENTS = "disagreements.html"
SOURCES = "sources.html"
STYLESHEET = "assets/site.css"
SEARCH_SCRIPT = "assets/search.js"
SEARCH_INDEX = "assets/search-index.js"
MARKER = ".phtkg-site"

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


class UnsafeName(ValueError):
    """An IRI whose local name cannot be a file name."""


def local_name(iri: str) -> str:
    name = ns.local_name(iri)
    if not _SAFE_NAME.fullmatch(name) or name.endswith("."):
        raise UnsafeName(f"cannot name a page after {iri!r}")
    return name


def term_page(iri: str) -> str:
    return f"terms/{local_name(iri)}.html"


def document_page(stem: str) -> str:
    return f"sources/{local_name(stem)}.html"


def section_anchor(key: str) -> str:
    return "section-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)


def relative(from_page: str, to: str) -> str:
    """The link from ``from_page`` to ``to`` (both relative to the site root, ``#`` allowed)."""
    target, hash_mark, fragment = to.partition("#")
    here, there = posixpath.dirname(from_page), posixpath.dirname(target)
    if not target:
        link = ""
    elif here == there:
        link = posixpath.basename(target)
    else:
        link = root_of(from_page) + target
    return link + (hash_mark + fragment if hash_mark else "")


def root_of(page: str) -> str:
    """The prefix that leads from ``page`` back to the site root (``""`` or ``"../"``)."""
    depth = page.count("/")
    return "../" * depth
