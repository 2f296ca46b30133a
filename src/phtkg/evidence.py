"""How an assertion is known: the evidence kinds of ontology/src/evidence.tsv.

The build writes each kind's ECO class on the axiom annotation (``obo:RO_0002558``);
the lookups read it back and show the kind's mark. The kinds are repeated here, rather
than read from the table, so that a lookup opens no table; a test keeps both the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from phtkg import namespaces as ns


@dataclass(frozen=True)
class EvidenceKind:
    name: str
    eco: str  # the ECO class's IRI
    mark: str  # what a lookup shows
    knowledge_level: str  # Biolink's, for a KGX edge
    agent_type: str


KINDS = (
    EvidenceKind(
        "document", ns.OBO + "ECO_0000302", "stated", "knowledge_assertion", "manual_agent"
    ),
    EvidenceKind(
        "project",
        ns.OBO + "ECO_0000305",
        "inferred by phtkg",
        "knowledge_assertion",
        "manual_agent",
    ),
    EvidenceKind(
        "anatomy", ns.OBO + "ECO_0000306", "standard anatomy", "knowledge_assertion", "manual_agent"
    ),
    EvidenceKind(
        "entailed",
        ns.OBO + "ECO_0000363",
        "entailed by the reasoner",
        "logical_entailment",
        "automated_agent",
    ),
)
BY_ECO = {kind.eco: kind for kind in KINDS}
BY_NAME = {kind.name: kind for kind in KINDS}
DOCUMENT = BY_NAME["document"]


def kinds_of(eco_iris, cited: bool = False) -> tuple[str, ...]:
    """The kind names of ECO IRIs, in the order of :data:`KINDS` (unknown IRIs left out).

    A graph without evidence annotations (one made by other tools) still cites documents:
    with ``cited`` and no known kind, the fact counts as stated by them.
    """
    found = {BY_ECO[iri].name for iri in eco_iris if iri in BY_ECO}
    if not found and cited:
        return (DOCUMENT.name,)
    return tuple(kind.name for kind in KINDS if kind.name in found)


def marks(kinds) -> str:
    """What a lookup shows for a fact known in these ways ("stated", "inferred by phtkg")."""
    return ", ".join(BY_NAME[name].mark for name in kinds)


def stated(kinds) -> bool:
    """Whether a document states the fact."""
    return DOCUMENT.name in kinds
