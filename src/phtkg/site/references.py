"""Sources as a reader sees them: ``004 §8`` beside each fact, and a list at the page foot.

A section is numbered by its place in its document (``§8`` is the eighth section of
document ``004``), so the same mark means the same section on every page and in print.
Each mark links to that section on the document's page; the list at the foot of the
page spells out every document and section the page cites.
"""

from __future__ import annotations

from . import markup, paths, templates
from .collect import Document, Evidence, SiteData


def short(stem: str) -> str:
    """A document's short name: the key in front of its file stem (``004``)."""
    return stem.split("_", 1)[0]


class References:
    """The sources cited on one page."""

    def __init__(self, data: SiteData, page: str):
        self.page = page
        self.documents: dict[str, Document] = {d.stem: d for d in data.documents}
        self.numbers = {
            (d.stem, s.key): n for d in data.documents for n, s in enumerate(d.sections, 1)
        }
        self.used: set[tuple[str, str]] = set()  # (stem, section key or "")

    def _document_link(self, stem: str) -> str:
        document = self.documents.get(stem)
        if document is None:
            return f'<span class="doc">{markup.esc(short(stem))}</span>'
        return markup.link(self.page, paths.document_page(stem), short(stem), "doc", document.title)

    def mark(self, evidence: Evidence) -> str:
        """The sources of one fact, or "editorial" when no document supports it."""
        if not evidence.stems:
            return (
                '<span class="sources editorial" title="The project\'s own wording; '
                'no document is cited">editorial</span>'
            )
        parts = []
        for stem in evidence.stems:
            sections = sorted(
                {c.key: c for c in evidence.citations if c.stem == stem}.values(),
                key=lambda c: (self.numbers.get((stem, c.key), 999), c.key),
            )
            marks = []
            for citation in sections:
                self.used.add((stem, citation.key))
                number = self.numbers.get((stem, citation.key))
                target = (
                    paths.document_page(stem) + "#" + paths.section_anchor(citation.key)
                    if stem in self.documents
                    else self.page
                )
                marks.append(
                    markup.link(
                        self.page, target, f"§{number}" if number else "§", "sec", citation.heading
                    )
                )
            if not sections:
                self.used.add((stem, ""))
            parts.append(
                '<span class="src">'
                + self._document_link(stem)
                + (" " + ", ".join(marks) if marks else "")
                + "</span>"
            )
        return '<span class="sources">' + " ".join(parts) + "</span>"

    def listing(self) -> str:
        """The foot-of-page list of every document and section cited, in reading order."""
        if not self.used:
            return ""
        blocks = []
        for stem in sorted({stem for stem, _ in self.used}):
            document = self.documents.get(stem)
            keys = sorted(
                (key for s, key in self.used if s == stem and key),
                key=lambda key: (self.numbers.get((stem, key), 999), key),
            )
            headings = {s.key: s.heading for s in document.sections} if document else {}
            items = [
                templates.REFERENCE_ITEM.substitute(
                    id=markup.esc(f"ref-{short(stem)}-{paths.section_anchor(key)}"),
                    number=f"§{self.numbers[(stem, key)]}" if (stem, key) in self.numbers else "§",
                    href=markup.esc(
                        paths.relative(
                            self.page, paths.document_page(stem) + "#" + paths.section_anchor(key)
                        )
                    ),
                    heading=markup.esc(headings.get(key, key)),
                )
                for key in keys
            ]
            if (stem, "") in self.used and not keys:
                items.append('<li><span class="num"></span> (no section named)</li>')
            blocks.append(
                templates.REFERENCE_DOCUMENT.substitute(
                    href=markup.esc(paths.relative(self.page, paths.document_page(stem))),
                    title=markup.esc(document.title if document else stem),
                    stem=markup.esc(short(stem)),
                    items="\n".join(items),
                )
            )
        return templates.REFERENCES.substitute(documents="\n".join(blocks))
