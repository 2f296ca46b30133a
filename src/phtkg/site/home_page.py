"""The home page: every term, by the categories of ``phtkg list``, in their order.

Categories overlap on purpose (the loads are activities too), as in ``phtkg list``.
Terms that no category lists (such as the classes the case rules generate) follow under
"Other terms", so that every page can be reached from here.
"""

from __future__ import annotations

from . import markup, paths, templates
from .markup import esc

PAGE = paths.INDEX


def category_title(name: str) -> str:
    """``red-flags`` -> ``Red flags``."""
    text = name.replace("-", " ")
    return text[:1].upper() + text[1:]


def _chip_for(data, category_iri: str) -> str:
    """The colour chip of the top category a ``phtkg list`` category belongs to."""
    term = data.terms.get(category_iri)
    if term and term.categories:
        top = term.categories[0]
        return markup.chip(top, data.label(top))
    return ""


def render(data, writer) -> tuple[str, str, str]:
    blocks, toc = [], []
    listed: set[str] = set()
    for name, category, iris in data.categories:
        iris = [iri for iri in iris if writer.page_of(iri)]
        if not category.ordered:
            iris = sorted(iris, key=lambda iri: (data.label(iri).lower(), iri))
        listed.update(iris)
        anchor = f"category-{name}"
        toc.append(
            f'<li><a href="#{esc(anchor)}">{esc(category_title(name))}</a> '
            f'<span class="count">{len(iris)}</span></li>'
        )
        items = [
            templates.TERM_ITEM.substitute(
                href=esc(paths.relative(PAGE, writer.page_of(iri))),
                label=esc(data.label(iri)),
                extra="",
            )
            for iri in iris
        ]
        blocks.append(
            templates.CATEGORY_BLOCK.substitute(
                id=esc(anchor),
                chip=_chip_for(data, category.iri),
                title=esc(category_title(name)),
                count=len(iris),
                description=esc(category.description[:1].upper() + category.description[1:]) + ".",
                list_tag="ol" if category.ordered else "ul",
                items="\n".join(items) or "<li>(none)</li>",
            )
        )
    others = sorted(
        (iri for iri, term in data.terms.items() if iri not in listed and term.kind == "class"),
        key=lambda iri: (data.label(iri).lower(), iri),
    )
    if others:
        toc.append(
            f'<li><a href="#category-other">Other terms</a> '
            f'<span class="count">{len(others)}</span></li>'
        )
        blocks.append(
            templates.CATEGORY_BLOCK.substitute(
                id="category-other",
                chip="",
                title="Other terms",
                count=len(others),
                description="Terms no category above lists: the top categories themselves, the "
                "kinds of reported quantity and of information resource, and the "
                "classes the reasoner uses to check case records.",
                list_tag="ul",
                items="\n".join(
                    templates.TERM_ITEM.substitute(
                        href=esc(paths.relative(PAGE, writer.page_of(iri))),
                        label=esc(data.label(iri)),
                        extra="",
                    )
                    for iri in others
                ),
            )
        )
    facts = sum(
        1
        for term in data.terms.values()
        for r in term.relationships
        if r.direction == "out" and not r.inherited
    )
    head = templates.PAGE_HEAD.substitute(
        before="",
        title="Proximal hamstring tendinopathy",
        after=(
            f'<p class="lead">A knowledge graph of what five documents say about proximal '
            f"hamstring tendinopathy: {markup.plural(len(data.terms), 'term')} and "
            f"{markup.plural(facts, 'fact')}, each with the document and section it comes "
            f"from. Browse by category below, search by name or synonym above, or start "
            f'from the <a href="{esc(paths.AGGRAVATION)}">aggravation map</a>, the '
            f'<a href="{esc(paths.DISAGREEMENTS)}">points where the documents disagree</a> '
            f'or the <a href="{esc(paths.SOURCES)}">sources</a>.</p>\n'
        ),
    )
    contents = (
        '<nav class="toc categories-toc" aria-label="Categories"><ul>\n'
        + "\n".join(toc)
        + "\n</ul></nav>"
    )
    return (
        PAGE,
        "Home",
        "\n".join([head, contents, '<div class="categories">'] + blocks + ["</div>"]),
    )
