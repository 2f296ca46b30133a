"""One page per term: what ``phtkg describe`` says about it, with sources down to the section.

The page gives the definition, synonyms, cross-references, where the term sits in the
hierarchy, its neighbourhood as a diagram, every relationship grouped by relation in
both directions (inherited ones marked with the broader term that carries them), any
reported quantities and disagreements, and the documents and sections behind it all.
"""

from __future__ import annotations

from collections import defaultdict

from .. import namespaces as ns
from . import markup, paths, templates
from .collect import Relationship, SiteData, Term
from .markup import esc
from .references import References

XREF_NAMES = {
    "exactMatch": "same as",
    "closeMatch": "close to",
    "broadMatch": "broader",
    "narrowMatch": "narrower",
    "relatedMatch": "related to",
}


class TermPageWriter:
    """Renders term pages; knows which IRIs have a page, so links never dangle."""

    def __init__(self, data: SiteData, diagrams):
        self.data = data
        self.diagrams = diagrams  # iri -> inline SVG markup, or "" for none

    # ---- links ----------------------------------------------------------------------
    def page_of(self, iri: str) -> str | None:
        term = self.data.terms.get(iri)
        if term is None:
            return None
        if term.kind == "document":
            return paths.document_page(term.local)
        return paths.term_page(iri)

    def term_link(self, page: str, iri: str, with_chip: bool = False) -> str:
        """A link to a term's page (plain text where it has none), optionally with its chip."""
        label = self.data.label(iri)
        target = self.page_of(iri)
        text = (
            markup.link(page, target, label, "term")
            if target
            else (f'<span class="term">{esc(label)}</span>')
        )
        if with_chip:
            term = self.data.terms.get(iri)
            if term and term.categories:
                text += " " + self.chips(term, small=True)
        return text

    def chips(self, term: Term, small: bool = False) -> str:
        chips = [markup.chip(c, self.data.label(c)) for c in term.categories]
        if small:
            chips = [c.replace('class="chip ', 'class="chip small ') for c in chips]
        return " ".join(chips)

    # ---- parts ----------------------------------------------------------------------
    def _facts(self, page: str, term: Term, refs: References) -> str:
        rows = []
        if term.synonyms:
            rows.append(("Also called", markup.joined([esc(s) for s in term.synonyms])))
        if term.parents:
            rows.append(
                (
                    "Is a kind of",
                    "<br>".join(
                        f"{self.term_link(page, p, True)} {refs.mark(e)}" for p, e in term.parents
                    ),
                )
            )
        if term.types:
            rows.append(
                (
                    "Is of type",
                    "<br>".join(
                        f"{self.term_link(page, t, True)} {refs.mark(e)}" for t, e in term.types
                    ),
                )
            )
        if term.children:
            children = sorted(term.children, key=lambda iri: self.data.label(iri).lower())
            rows.append(
                ("More specific kinds", markup.joined([self.term_link(page, c) for c in children]))
            )
        if term.xrefs:
            rows.append(
                (
                    "Cross-references",
                    "<br>".join(
                        f"{esc(XREF_NAMES.get(p.rsplit('#', 1)[-1], ns.compact_iri(p)))}: "
                        f"{markup.external(x, ns.compact_iri(x))}"
                        for p, x in term.xrefs
                    ),
                )
            )
        values = [v for v in term.values if term.kind == "measure"]
        for value in values:
            shown = (
                self.term_link(page, value["value"]) if value["is_term"] else esc(value["value"])
            )
            evidence = refs.mark(value["evidence"]) if value["evidence"].stems else ""
            name = value["label"] or ns.compact_iri(value["property"])
            rows.append((name[:1].upper() + name[1:], f"{shown} {evidence}".strip()))
        if not rows:
            return ""
        return templates.FACTS.substitute(
            rows="\n".join(
                templates.FACT_ROW.substitute(name=esc(name), value=value) for name, value in rows
            )
        )

    def _relation_item(self, page: str, relationship: Relationship, refs: References) -> str:
        badges = []
        if relationship.inherited:
            badges.append(
                '<span class="badge inherited">inherited from '
                + self.term_link(page, relationship.asserter)
                + "</span>"
            )
        for iri in relationship.disagreements:
            badges.append(
                '<span class="badge disputed">disputed: ' + self.term_link(page, iri) + "</span>"
            )
        note = f'<span class="note">{esc(relationship.note)}</span>' if relationship.note else ""
        return templates.RELATION_ITEM.substitute(
            extra_class=" is-inherited" if relationship.inherited else "",
            target=self.term_link(page, relationship.other, True),
            badges=(" " + " ".join(badges)) if badges else "",
            evidence=" " + refs.mark(relationship.evidence),
            note=note,
        )

    def _relationships(self, page: str, term: Term, refs: References) -> str:
        groups: dict[tuple[str, str], list[Relationship]] = defaultdict(list)
        for relationship in term.relationships:
            groups[(relationship.direction, relationship.relation)].append(relationship)
        if not groups:
            return ""
        parts = []
        label = esc(term.label)
        for direction, heading in (
            ("out", f"What {label} relates to"),
            ("in", f"What relates to {label}"),
        ):
            keys = sorted((k for k in groups if k[0] == direction), key=lambda k: k[1].lower())
            if not keys:
                continue
            parts.append(f'<h3 class="direction">{heading}</h3>')
            for key in keys:
                items = sorted(
                    groups[key],
                    key=lambda r: (r.inherited, self.data.label(r.other).lower(), r.other),
                )
                if direction == "out":
                    group_heading = (
                        f'<span class="subject">{label}</span> '
                        f'<span class="relation-name">{esc(key[1])}</span> …'
                    )
                else:
                    group_heading = (
                        f'… <span class="relation-name">{esc(key[1])}</span> '
                        f'<span class="subject">{label}</span>'
                    )
                parts.append(
                    templates.RELATION_GROUP.substitute(
                        heading=group_heading,
                        items="\n".join(self._relation_item(page, r, refs) for r in items),
                    )
                )
        return templates.SECTION.substitute(
            extra_class=" relationships",
            id="relationships",
            title=f'Relationships <span class="count">{len(term.relationships)}</span>',
            body="\n".join(parts),
        )

    def _quantities(self, page: str, term: Term, refs: References) -> str:
        measures = [iri for iri in term.mentions if self.data.terms[iri].kind == "measure"]
        if not measures:
            return ""
        rows = []
        for iri in sorted(measures, key=lambda i: self.data.label(i).lower()):
            quantity = self.data.quantities.get(iri, {})
            measure = self.data.terms[iri]
            evidence = measure.types[0][1] if measure.types else measure.definition_evidence
            rows.append(
                "<tr><td>"
                + self.term_link(page, iri)
                + "</td><td>"
                + esc(quantity.get("stated") or "")
                + "</td><td>"
                + esc(quantity.get("typeLabel") or "")
                + "</td><td>"
                + refs.mark(evidence)
                + "</td></tr>"
            )
        table = templates.TABLE.substitute(
            table_class="quantities",
            head="<th>reported quantity</th><th>as the document states it</th>"
            "<th>kind</th><th>source</th>",
            rows="\n".join(rows),
        )
        return templates.SECTION.substitute(
            extra_class="", id="quantities", title="Reported quantities", body=table
        )

    def _disagreements(self, page: str, term: Term) -> str:
        involved = list(term.disagreements) + [
            iri
            for iri in term.mentions
            if self.data.terms[iri].kind == "disagreement" and iri not in term.disagreements
        ]
        if term.kind == "disagreement" or not involved:
            return ""
        items = []
        for iri in sorted(set(involved), key=lambda i: self.data.label(i).lower()):
            disagreement = self.data.terms.get(iri)
            summary = (
                f' <span class="summary">{esc(disagreement.definition)}</span>'
                if (disagreement and disagreement.definition)
                else ""
            )
            items.append(f"<li>{self.term_link(page, iri)}{summary}</li>")
        body = (
            "<p>The documents disagree on points that involve this term:</p>\n"
            '<ul class="disagreement-list">\n' + "\n".join(items) + "\n</ul>"
        )
        return templates.SECTION.substitute(
            extra_class="", id="disagreements", title="Where the documents disagree", body=body
        )

    def _claims(self, page: str, term: Term, refs: References) -> str:
        if term.kind != "disagreement":
            return ""
        disagreement = next((d for d in self.data.disagreements if d.iri == term.iri), None)
        if disagreement is None:
            return ""
        from .disagreements_page import claims_table

        body = ""
        if disagreement.resolution:
            body += f'<p class="resolution"><strong>How it is settled:</strong> {esc(disagreement.resolution)}</p>\n'
        body += claims_table(self, page, disagreement, refs)
        return templates.SECTION.substitute(
            extra_class="", id="claims", title="What each document says", body=body
        )

    def _diagram(self, term: Term) -> str:
        svg = self.diagrams(term.iri) if callable(self.diagrams) else self.diagrams.get(term.iri)
        if not svg:
            return ""
        return templates.SECTION.substitute(
            extra_class=" neighbourhood",
            id="diagram",
            title="Neighbourhood",
            body=templates.DIAGRAM.substitute(
                svg=svg,
                caption=f"The facts one step away from {esc(term.label)}, "
                "as the knowledge graph asserts them.",
            ),
        )

    # ---- the page -------------------------------------------------------------------
    def render(self, term: Term) -> tuple[str, str, str]:
        """(path, title, content) of the term's page."""
        page = paths.term_page(term.iri)
        refs = References(self.data, page)
        kind = {"measure": "reported quantity", "disagreement": "disagreement"}.get(term.kind, "")
        before = f'<p class="kicker">{self.chips(term)}'
        if kind and not term.categories:
            before += f" {esc(kind)}"
        before += "</p>\n"
        after = f'<p class="curie"><code>{esc(term.curie)}</code></p>\n'
        head = templates.PAGE_HEAD.substitute(before=before, title=esc(term.label), after=after)
        definition = ""
        if term.definition:
            definition = templates.DEFINITION.substitute(
                definition=esc(term.definition),
                evidence="Definition: " + refs.mark(term.definition_evidence),
            )
        content = "\n".join(
            part
            for part in (
                head,
                definition,
                self._facts(page, term, refs),
                self._claims(page, term, refs),
                self._relationships(page, term, refs),
                self._quantities(page, term, refs),
                self._disagreements(page, term),
                self._diagram(term),
                refs.listing(),
            )
            if part
        )
        return page, term.label, content
