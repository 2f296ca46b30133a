"""The sources: an overview of the five documents, and a page per document.

The overview lists each document with its sections and how many facts cite each one;
a document's page lists, section by section, every fact that cites it (definitions,
kinds, relationships and reported quantities), so a reader can check the graph against
the text.
"""

from __future__ import annotations

from collections import defaultdict

from .. import namespaces as ns
from . import markup, paths, templates
from .collect import Document, SiteData
from .markup import esc
from .references import short

PAGE = paths.SOURCES


def cited_facts(data: SiteData) -> dict[str, list[tuple[str, str, str]]]:
    """Section IRI -> the (subject, property, object) of every fact citing it."""
    facts: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for fact, citations in data.citations.items():
        for citation in citations:
            facts[citation.section].append(fact)
    return facts


def _byline(document: Document) -> str:
    return " · ".join(esc(part) for part in (document.creator, document.publisher) if part)


def render_overview(data: SiteData) -> tuple[str, str, str]:
    facts = cited_facts(data)
    cards = []
    for document in data.documents:
        items = []
        for number, section in enumerate(document.sections, 1):
            count = len(facts.get(section.iri, []))
            href = paths.relative(
                PAGE, paths.document_page(document.stem) + "#" + paths.section_anchor(section.key)
            )
            items.append(
                f'<li><span class="num">§{number}</span> <a href="{esc(href)}">'
                f'{esc(section.heading)}</a> <span class="count">'
                f"{markup.plural(count, 'fact')}</span></li>"
            )
        cards.append(
            templates.DOCUMENT_CARD.substitute(
                id=esc(document.stem),
                stem=esc(short(document.stem)),
                href=esc(paths.relative(PAGE, paths.document_page(document.stem))),
                title=esc(document.title),
                byline=_byline(document) or "Author not named",
                description=esc(document.description),
                sections="\n".join(items),
            )
        )
    head = templates.PAGE_HEAD.substitute(
        before="",
        title="Sources",
        after='<p class="lead">Every fact in the graph comes from one or more of these five '
        'documents. Marks such as <span class="src"><span class="doc">004</span> '
        '<span class="sec">§8</span></span> name the document and its section; each '
        "section below lists the facts that cite it.</p>\n",
    )
    return PAGE, "Sources", "\n".join([head] + cards)


def _fact_sentence(data, writer, page, fact) -> str:
    subject, prop, obj = fact
    link = writer.term_link
    if prop == ns.SKOS + "definition":
        return f'<span class="relation-name">definition of</span> {link(page, subject)}'
    if prop == ns.RDFS + "subClassOf":
        relation = "is a kind of"
    elif prop == ns.RDF + "type":
        relation = "is of type"
    elif prop == ns.OWL + "equivalentClass":
        return f'<span class="relation-name">the rule that defines</span> {link(page, subject)}'
    else:
        relation = data.labels.get(prop) or ns.compact_iri(prop)
    other = (
        link(page, obj)
        if str(obj) in data.labels or str(obj) in data.terms
        else f'<span class="stated">{esc(obj)}</span>'
    )
    return f'{link(page, subject)} <span class="relation-name">{esc(relation)}</span> {other}'


def render_document(data: SiteData, writer, document: Document) -> tuple[str, str, str]:
    page = paths.document_page(document.stem)
    facts = cited_facts(data)
    blocks = []
    for number, section in enumerate(document.sections, 1):
        cited = sorted(
            facts.get(section.iri, []), key=lambda f: (data.label(f[0]).lower(), f[1], str(f[2]))
        )
        items = [f"<li>{_fact_sentence(data, writer, page, fact)}</li>" for fact in cited]
        blocks.append(
            templates.SECTION_BLOCK.substitute(
                id=esc(paths.section_anchor(section.key)),
                heading=f'<span class="num">§{number}</span> {esc(section.heading)}',
                count=esc(markup.plural(len(cited), "fact") + " cite this section"),
                items="\n".join(items) or "<li>(none)</li>",
            )
        )
    head = templates.PAGE_HEAD.substitute(
        before=f'<p class="kicker"><a href="{esc(paths.relative(page, PAGE))}">Sources</a> '
        f'› <span class="stem">{esc(short(document.stem))}</span></p>\n',
        title=esc(document.title),
        after=(
            f'<p class="byline">{_byline(document) or "Author not named"}</p>\n'
            f'<p class="lead">{esc(document.description)}</p>\n'
            f'<p class="curie">File stem <code>{esc(document.stem)}</code></p>\n'
        ),
    )
    toc = (
        '<nav class="toc" aria-label="Sections"><ol>'
        + "".join(
            f'<li><a href="#{esc(paths.section_anchor(s.key))}">{esc(s.heading)}</a></li>'
            for s in document.sections
        )
        + "</ol></nav>"
    )
    return page, document.title, "\n".join([head, toc] + blocks)
