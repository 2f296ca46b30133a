"""Small pieces of escaped markup shared by the pages: text, links, chips, lists.

Every value from the graph passes through :func:`esc` (``html.escape`` with quotes)
before it reaches a template, so a label can never become markup.
"""

from __future__ import annotations

import html
import re

from .. import namespaces as ns
from . import paths


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def link(from_page: str, to: str, text: str, css: str = "", title: str = "") -> str:
    """An ``<a>`` to another page of the site; ``text`` is escaped here."""
    attributes = f' class="{esc(css)}"' if css else ""
    attributes += f' title="{esc(title)}"' if title else ""
    return f'<a href="{esc(paths.relative(from_page, to))}"{attributes}>{esc(text)}</a>'


#: The only schemes a link from the graph may have: anything else (``javascript:``,
#: ``data:``, ``vbscript:``, ``file:``) could run code or read files when clicked.
LINKED_SCHEMES = ("http", "https", "mailto")


def is_safe_href(href: str) -> bool:
    """An http(s) or mailto address, or a relative one (no scheme at all).

    A browser ignores spaces and control characters in a scheme (a tab inside
    ``javascript:``), so an address holding any is never linked.
    """
    if any(ch.isspace() or ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in href):
        return False
    scheme, colon, _ = href.partition(":")
    if not colon or any(ch in scheme for ch in "/?#"):  # "page.html#a:b" is relative
        return True
    return scheme.lower() in LINKED_SCHEMES


def external(href: str, text: str) -> str:
    """A link out of the site (followed only when clicked; nothing is loaded from it).

    An address with another scheme (see :data:`LINKED_SCHEMES`) is shown as text.
    """
    if not is_safe_href(href):
        return f'<span class="external">{esc(text)}</span>'
    return f'<a class="external" href="{esc(href)}" rel="external noopener">{esc(text)}</a>'


def category_class(iri: str) -> str:
    """The CSS class that gives a category chip its colour (``chip-Activity``)."""
    return "chip-" + re.sub(r"[^A-Za-z0-9_-]", "-", ns.local_name(iri))


def chip(iri: str, label: str) -> str:
    return f'<span class="chip {category_class(iri)}">{esc(label)}</span>'


def joined(parts: list[str], separator: str = ", ") -> str:
    return separator.join(part for part in parts if part)


def anchor_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-").lower() or "x"


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"
