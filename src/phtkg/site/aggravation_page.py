"""The aggravation map: every load, what it aggravates, grouped by load type, with sources.

An activity with several load types (a deep lunge both compresses and stretches the
tendon) is listed under that combination, so each activity appears once, as in the
diagram above the table. Facts an activity inherits from a broader one are marked.
"""

from __future__ import annotations

from collections import defaultdict

from .. import namespaces as ns
from . import paths, templates
from .markup import esc
from .references import References

PAGE = paths.AGGRAVATION
AGGRAVATES = ns.PHT + "aggravates"
HAS_LOAD_TYPE = ns.PHT + "hasLoadType"
NO_LOAD_TYPE = "no load type stated"


def _loads(data) -> list[str]:
    for name, _, iris in data.categories:
        if name == "loads":
            return iris
    return []


def groups(data) -> list[tuple[tuple[str, ...], list[str]]]:
    """(load types, activities) pairs: single load types first, then combinations."""
    by_types: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for iri in _loads(data):
        term = data.terms.get(iri)
        if term is None:
            continue
        types = tuple(
            sorted(
                {
                    r.other
                    for r in term.relationships
                    if r.direction == "out" and r.property == HAS_LOAD_TYPE
                },
                key=lambda t: data.label(t).lower(),
            )
        )
        by_types[types].append(iri)

    def title(types):
        return " + ".join(data.label(t) for t in types) if types else NO_LOAD_TYPE

    ordered = sorted(by_types, key=lambda t: (not t, len(t), title(t).lower()))
    return [
        (types, sorted(by_types[types], key=lambda i: (data.label(i).lower(), i)))
        for types in ordered
    ]


def _targets(data, writer, term, refs) -> str:
    facts = sorted(
        (r for r in term.relationships if r.direction == "out" and r.property == AGGRAVATES),
        key=lambda r: (r.inherited, data.label(r.other).lower(), r.other),
    )
    items = []
    for fact in facts:
        via = (
            f' <span class="badge inherited">as {writer.term_link(PAGE, fact.asserter)}</span>'
            if fact.inherited
            else ""
        )
        items.append(
            f"<li>{writer.term_link(PAGE, fact.other, True)}{via} {refs.mark(fact.evidence)}</li>"
        )
    return '<ul class="targets">' + "".join(items) + "</ul>"


def render(data, writer, diagram_svg: str) -> tuple[str, str, str]:
    refs = References(data, PAGE)
    sections, toc = [], []
    for number, (types, activities) in enumerate(groups(data), 1):
        anchor = f"load-{number}"
        title = (
            " + ".join(writer.term_link(PAGE, t) for t in types)
            if types
            else esc(NO_LOAD_TYPE)[:1].upper() + esc(NO_LOAD_TYPE)[1:]
        )
        kind = data.terms.get(types[0]) if types else None
        if kind is not None and kind.categories:
            title = writer.chips(kind) + " " + title
        toc.append(
            f'<li><a href="#{anchor}">'
            f"{esc(' + '.join(data.label(t) for t in types) or NO_LOAD_TYPE)}</a> "
            f'<span class="count">{len(activities)}</span></li>'
        )
        rows = [
            f'<tr><th scope="row">{writer.term_link(PAGE, iri)}</th>'
            f"<td>{_targets(data, writer, data.terms[iri], refs)}</td></tr>"
            for iri in activities
        ]
        table = templates.TABLE.substitute(
            table_class="aggravation",
            head="<th>load</th><th>aggravates (sources)</th>",
            rows="\n".join(rows),
        )
        sections.append(
            f'<section class="block load-group" id="{anchor}">\n'
            f'<h2>{title} <span class="count">{len(activities)}</span></h2>\n'
            f"{table}\n</section>"
        )
    head = templates.PAGE_HEAD.substitute(
        before="",
        title="Aggravation map",
        after='<p class="lead">Which activities, positions and loads aggravate the tendon, '
        "the condition and its symptoms, grouped by the kind of load they put on the "
        "tendon. Each fact names the documents and sections it comes from; "
        "“as …” marks a fact an activity inherits from a broader one.</p>\n",
    )
    figure = ""
    if diagram_svg:
        figure = templates.SECTION.substitute(
            extra_class=" neighbourhood",
            id="diagram",
            title="The map as a diagram",
            body=templates.DIAGRAM.substitute(
                svg=diagram_svg,
                caption="Loads grouped by load type, with arrows to what they aggravate.",
            ),
        )
    contents = '<nav class="toc" aria-label="Load types"><ul>' + "".join(toc) + "</ul></nav>"
    return (
        PAGE,
        "Aggravation map",
        "\n".join([head, contents] + sections + [figure, refs.listing()]),
    )
