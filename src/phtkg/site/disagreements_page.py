"""The page of the points where the documents disagree, each claim with its source."""

from __future__ import annotations

from . import markup, paths, templates
from .collect import Claim, Disagreement
from .markup import esc
from .references import References

PAGE = paths.DISAGREEMENTS


def _amount(claim: Claim) -> str:
    """The numbers of a reported quantity, as far as the document gives them."""
    low, high, unit = claim.minimum, claim.maximum, claim.unit
    if low is not None and high is not None:
        amount = f"{low}–{high}" if low != high else f"{low}"
    elif low is not None:
        amount = f"at least {low}"
    elif high is not None:
        amount = f"up to {high}"
    else:
        return ""
    return f"{amount} {unit}".strip()


def claims_table(writer, page: str, disagreement: Disagreement, refs: References) -> str:
    """One row per claim: who says what, with the source and section."""
    rows = []
    for claim in disagreement.claims:
        if claim.stated:
            said = f'<span class="stated">{esc(claim.stated)}</span>'
            amount = _amount(claim)
            if amount:
                said += f' <span class="amount">({esc(amount)})</span>'
            what = writer.term_link(page, claim.subject)
        else:
            said = (
                f"{writer.term_link(page, claim.subject)} "
                f'<span class="relation-name">{esc(claim.relation)}</span> '
                f"{writer.term_link(page, claim.object)}"
            )
            what = ""
        note = f'<div class="note">{esc(claim.note)}</div>' if claim.note else ""
        rows.append(
            f"<tr><td>{refs.mark(claim.evidence)}</td><td>{said}{note}</td><td>{what}</td></tr>"
        )
    if not rows:
        return ""
    return templates.TABLE.substitute(
        table_class="claims",
        head="<th>source</th><th>claim</th><th>recorded as</th>",
        rows="\n".join(rows),
    )


def render(data, writer) -> tuple[str, str, str]:
    refs = References(data, PAGE)
    articles = []
    for disagreement in data.disagreements:
        resolution = (
            f'<p class="resolution"><strong>How it is settled:</strong> '
            f"{esc(disagreement.resolution)}</p>"
            if disagreement.resolution
            else ""
        )
        articles.append(
            templates.DISAGREEMENT.substitute(
                id=esc(paths.local_name(disagreement.iri)),
                href=esc(paths.relative(PAGE, paths.term_page(disagreement.iri))),
                title=esc(disagreement.label[:1].upper() + disagreement.label[1:]),
                description=esc(disagreement.description),
                resolution=resolution,
                claims=claims_table(writer, PAGE, disagreement, refs),
                evidence="Described from: " + refs.mark(disagreement.evidence),
            )
        )
    head = templates.PAGE_HEAD.substitute(
        before="",
        title="Where the documents disagree",
        after=f'<p class="lead">The five documents do not always agree. '
        f"{markup.plural(len(data.disagreements), 'point')} of disagreement, each with "
        f"what every document says and where it says it.</p>\n",
    )
    toc = (
        '<nav class="toc" aria-label="On this page"><ul>'
        + "".join(
            f'<li><a href="#{esc(paths.local_name(d.iri))}">{esc(d.label)}</a></li>'
            for d in data.disagreements
        )
        + "</ul></nav>"
    )
    return PAGE, "Disagreements", "\n".join([head, toc] + articles + [refs.listing()])
