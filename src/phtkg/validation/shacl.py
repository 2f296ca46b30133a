"""Run the SHACL shapes of ``ontology/shapes.ttl`` on a graph.

pyshacl checks the core constraints (counts, classes, datatypes, node kinds). The
SPARQL-based constraints (``sh:sparql``) join classes, restrictions and axiom
annotations; pyshacl runs them with rdflib's SPARQL engine once per focus node, which
takes about a minute on the ontology. They are evaluated here on pyoxigraph instead:
each constraint runs once, with the shape's focus nodes bound first in its WHERE
clause, so its answers are those of binding ``$this`` to each focus node in turn.
Constraints that use ``$PATH``, ``$shapesGraph`` or ``$currentShape`` are refused,
since that evaluation cannot give them their meaning.

Two things keep pyshacl's share small without changing one result:

* **Property shapes get their node shape's targets** (:func:`_give_targets`). pyshacl
  validates a node shape's ``sh:property`` shapes once per focus node, a call each (ten
  thousand for the axiom annotations); a property shape with the same targets of its
  own is validated once over all of them. SHACL defines the results of ``sh:property``
  as those of validating the focus node against the property shape, and pyshacl counts
  them the same way towards conformance when the node shape has the default severity,
  so this is done only for a property shape that one node shape of default severity
  names, that has no targets of its own, and in shapes that nest no shapes otherwise
  (``sh:node``, ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone``,
  ``sh:qualifiedValueShape``) and deactivate none.
* **pyshacl reads only the triples the core shapes can read** (:func:`_core_triples`):
  the triples of every predicate a ``sh:path`` names (all of them, so counts such as
  ``sh:maxCount`` see every value), and of ``rdf:type`` and ``rdfs:subClassOf`` only
  those that can make a node a SHACL instance of a class the shapes name in
  ``sh:targetClass`` or ``sh:class``. A node is an instance of C when it has a type T
  with T ``rdfs:subClassOf*`` C: every class on that chain, T included, is itself a
  subclass of C, so the chain uses only subClassOf triples whose object is a subclass
  of C, and the type triple's object is one too; these are the triples kept. The other
  core constraints (counts, node kinds, datatypes) read only the values of a path.
  When a path is not a plain predicate or its inverse, or a shape is a class itself
  (an implicit class target), every triple is handed on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from phtkg import resources

from .report import ERROR, INFO, WARN, Finding, describe_node

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SEVERITY_LEVELS = {SH + "Violation": ERROR, SH + "Warning": WARN, SH + "Info": INFO}
_UNSUPPORTED = re.compile(r"\$(PATH|shapesGraph|currentShape)\b")
_WHERE = re.compile(r"\bWHERE\s*\{", re.I)


class ShapesError(Exception):
    """The shapes file cannot be read or holds a constraint this module cannot run."""


@dataclass(frozen=True)
class SparqlConstraint:
    """One ``sh:sparql`` constraint of a node shape, ready to run on pyoxigraph."""

    id: str
    level: str
    message: str
    query: str


def shapes_path() -> Path:
    return resources.ontology_dir() / "shapes.ttl"


def load_shapes(path: Path | None = None):
    """The shapes graph (rdflib)."""
    import rdflib

    path = path or shapes_path()
    graph = rdflib.Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as error:  # rdflib raises many types; all mean "cannot read"
        raise ShapesError(
            f"cannot read the shapes {str(path)!r}: {' '.join(str(error).split())}"
        ) from None
    return graph


def check_id(node) -> str:
    """The name of a shape or constraint: the part of its IRI after ``#`` (or ``/``)."""
    text = str(node)
    return re.split(r"[#/]", text)[-1] or text


def core_shapes(shapes, store):
    """A copy of ``shapes`` for pyshacl: no ``sh:sparql``, SPARQL targets as ``sh:targetNode``.

    The SPARQL-based targets are run here on pyoxigraph, so that pyshacl needs neither
    its advanced features nor the triples those queries read.
    """
    import rdflib

    sh = rdflib.Namespace(SH)
    core = rdflib.Graph()
    for triple in shapes:
        if triple[1] not in (sh.sparql, sh.target):
            core.add(triple)
    for shape, target in shapes.subject_objects(sh.target):
        select = shapes.value(target, sh.select)
        if select is None:
            raise ShapesError(
                f"shape {check_id(shape)}: only SPARQL-based targets "
                "(sh:select) are supported in sh:target"
            )
        query = _prefix_lines(shapes, target) + "\n" + str(select)
        try:
            solutions = store.query(query, use_default_graph_as_union=True)
        except SyntaxError as error:
            raise ShapesError(
                f"the target of shape {check_id(shape)} is not valid SPARQL: "
                f"{' '.join(str(error).split())}"
            ) from None
        for solution in solutions:
            if solution["this"] is not None:
                core.add((shape, sh.targetNode, to_rdflib(solution["this"])))
    _give_targets(core)
    return core


_TARGETS = ("targetNode", "targetClass", "targetSubjectsOf", "targetObjectsOf")
_NESTING = ("node", "not", "and", "or", "xone", "qualifiedValueShape")


def _give_targets(core) -> None:
    """Give each property shape its node shape's targets in place of the ``sh:property``
    link, where that gives the same results (see the module's docstring)."""
    import rdflib

    sh = rdflib.Namespace(SH)
    if any(True for name in _NESTING for _ in core.triples((None, sh[name], None))):
        return
    if any(True for _ in core.triples((None, sh.deactivated, None))):
        return
    owners: dict = {}
    for node_shape, prop in core.subject_objects(sh.property):
        owners.setdefault(prop, []).append(node_shape)
    class_types = {rdflib.RDFS.Class, rdflib.OWL.Class}
    for prop, (node_shape, *others) in owners.items():
        if others or any((prop, sh[name], None) in core for name in _TARGETS):
            continue
        if any((node_shape, rdflib.RDF.type, kind) in core for kind in class_types):
            continue
        severity = core.value(node_shape, sh.severity)
        if severity is not None and severity != sh.Violation:
            continue
        for name in _TARGETS:
            for target in list(core.objects(node_shape, sh[name])):
                core.add((prop, sh[name], target))
        core.remove((node_shape, sh.property, prop))


def _core_predicates(shapes) -> set | None:
    """The predicates the core shapes read, or None if a path is too complex to tell."""
    import rdflib

    sh = rdflib.Namespace(SH)
    predicates = {rdflib.RDF.type, rdflib.RDFS.subClassOf}
    for path in shapes.objects(None, sh.path):
        if isinstance(path, rdflib.URIRef):
            predicates.add(path)
        elif isinstance(shapes.value(path, sh.inversePath), rdflib.URIRef):
            predicates.add(shapes.value(path, sh.inversePath))
        else:
            return None
    return predicates


def _core_classes(shapes) -> set | None:
    """The classes the core shapes test membership of (``sh:targetClass``, ``sh:class``),
    or None when a shape is a class itself (an implicit class target)."""
    import rdflib

    sh = rdflib.Namespace(SH)
    for kind in (rdflib.RDFS.Class, rdflib.OWL.Class):
        if any(True for _ in shapes.triples((None, rdflib.RDF.type, kind))):
            return None
    return set(shapes.objects(None, sh.targetClass)) | set(shapes.objects(None, sh["class"]))


def _core_triples(store, shapes):
    """The rdflib graph of the triples of ``store`` the core ``shapes`` can read (see the
    module's docstring), or of all of them when that cannot be told."""
    import rdflib

    predicates = _core_predicates(shapes)
    classes = _core_classes(shapes)
    if predicates is None or classes is None:
        return data_graph(store)
    if not all(isinstance(cls, rdflib.URIRef) for cls in classes):
        return data_graph(store, predicates)
    sh = rdflib.Namespace(SH)
    on_paths = set(shapes.objects(None, sh.path))
    on_paths.update(shapes.objects(None, sh.inversePath))
    narrowed = [p for p in (rdflib.RDFS.subClassOf, rdflib.RDF.type) if p not in on_paths]
    graph = data_graph(store, predicates - set(narrowed))
    values = " ".join(f"<{cls}>" for cls in sorted(classes))
    for predicate in narrowed:
        query = (
            f"SELECT DISTINCT ?s ?o WHERE {{ VALUES ?class {{ {values} }} "
            f"?o <{rdflib.RDFS.subClassOf}>* ?class . ?s <{predicate}> ?o }}"
        )
        solutions = store.query(query, use_default_graph_as_union=True)
        graph.addN(
            (to_rdflib(row["s"]), predicate, to_rdflib(row["o"]), graph) for row in solutions
        )
    return graph


def data_graph(store, predicates=None):
    """An rdflib graph of the triples in ``store`` (only those with ``predicates`` if given)."""
    import pyoxigraph
    import rdflib

    graph = rdflib.Graph()
    if predicates is None:
        quads = store.quads_for_pattern(None, None, None)
        graph.addN(
            (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), graph)
            for q in quads
        )
        return graph
    for predicate in predicates:
        node = pyoxigraph.NamedNode(str(predicate))
        graph.addN(
            (to_rdflib(q.subject), predicate, to_rdflib(q.object), graph)
            for q in store.quads_for_pattern(None, node, None)
        )
    return graph


def run_core(store, shapes) -> list[Finding]:
    """pyshacl with the core constraints on the triples of ``store`` they read."""
    import pyshacl
    import rdflib

    core = core_shapes(shapes, store)
    graph = _core_triples(store, core)
    conforms, results, _text = pyshacl.validate(
        graph,
        shacl_graph=core,
        inference="none",
        allow_warnings=True,
        allow_infos=True,
        inplace=True,
    )
    if conforms:
        return []
    sh = rdflib.Namespace(SH)
    findings = []
    for result in results.subjects(rdflib.RDF.type, sh.ValidationResult):

        def one(predicate, result=result):
            return results.value(result, predicate)

        shape = one(sh.sourceShape)
        message = one(sh.resultMessage)
        findings.append(
            Finding(
                level=SEVERITY_LEVELS.get(str(one(sh.resultSeverity)), ERROR),
                check="shacl:"
                + (
                    check_id(shape)
                    if isinstance(shape, rdflib.URIRef)
                    else check_id(one(sh.sourceConstraintComponent))
                ),
                subject=describe_node(store, to_oxigraph(one(sh.focusNode))),
                property=describe_node(store, to_oxigraph(one(sh.resultPath))),
                value=describe_node(store, to_oxigraph(one(sh.value))),
                note=str(message) if message is not None else "",
            )
        )
    return findings


# ---- SPARQL-based constraints on pyoxigraph ------------------------------------------------
def _prefix_lines(shapes, node) -> str:
    """PREFIX declarations for the ``sh:prefixes`` of ``node``."""
    import rdflib

    sh = rdflib.Namespace(SH)
    lines = []
    for owner in shapes.objects(node, sh.prefixes):
        for declaration in shapes.objects(owner, sh.declare):
            prefix = shapes.value(declaration, sh.prefix)
            namespace = shapes.value(declaration, sh.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


def _focus_patterns(shapes, shape) -> tuple[list[str], list[str]]:
    """SPARQL patterns binding ``?this`` to each kind of target of ``shape``, and prefixes."""
    import rdflib

    sh = rdflib.Namespace(SH)
    patterns, prefixes = [], []
    classes = list(shapes.objects(shape, sh.targetClass))
    if (shape, rdflib.RDF.type, rdflib.RDFS.Class) in shapes:
        classes.append(shape)
    for cls in classes:
        patterns.append(f"?this <{RDF_TYPE}>/<{rdflib.RDFS.subClassOf}>* {cls.n3()} .")
    for node in shapes.objects(shape, sh.targetNode):
        patterns.append(f"VALUES ?this {{ {node.n3()} }}")
    for predicate in shapes.objects(shape, sh.targetSubjectsOf):
        patterns.append(f"?this {predicate.n3()} ?targetObject .")
    for predicate in shapes.objects(shape, sh.targetObjectsOf):
        patterns.append(f"?targetSubject {predicate.n3()} ?this .")
    for target in shapes.objects(shape, sh.target):
        select = shapes.value(target, sh.select)
        if select is None:
            raise ShapesError(
                f"shape {check_id(shape)}: only SPARQL-based targets "
                "(sh:select) are supported in sh:target"
            )
        patterns.append(f"{{ {select} }}")
        prefixes.append(_prefix_lines(shapes, target))
    return patterns, prefixes


def sparql_constraints(shapes) -> list[SparqlConstraint]:
    """Every active ``sh:sparql`` constraint, as one query over all focus nodes."""
    import rdflib

    sh = rdflib.Namespace(SH)
    constraints = []
    for shape, constraint in sorted(shapes.subject_objects(sh.sparql)):
        if _deactivated(shapes, shape) or _deactivated(shapes, constraint):
            continue
        select = shapes.value(constraint, sh.select)
        if select is None:
            raise ShapesError(f"constraint {check_id(constraint)} has no sh:select")
        unsupported = _UNSUPPORTED.search(str(select))
        if unsupported:
            raise ShapesError(
                f"constraint {check_id(constraint)} uses {unsupported.group(0)}, "
                "which is not supported"
            )
        where = _WHERE.search(str(select))
        if where is None:
            raise ShapesError(f"constraint {check_id(constraint)}: no WHERE {{ in its sh:select")
        patterns, prefixes = _focus_patterns(shapes, shape)
        if not patterns:
            continue  # a shape without targets checks nothing
        focus = " UNION ".join(f"{{ {pattern} }}" for pattern in patterns)
        text = str(select)
        query = "\n".join(filter(None, set(prefixes) | {_prefix_lines(shapes, constraint)}))
        query += (
            "\n"
            + text[: where.end()]
            + f"\n  {{ SELECT DISTINCT ?this WHERE {{ {focus} }} }}"
            + text[where.end() :]
        )
        severity = shapes.value(shape, sh.severity)
        message = shapes.value(constraint, sh.message) or shapes.value(shape, sh.message)
        constraints.append(
            SparqlConstraint(
                id=check_id(constraint),
                level=SEVERITY_LEVELS.get(str(severity), ERROR),
                message=str(message) if message is not None else "",
                query=query,
            )
        )
    return constraints


def _deactivated(shapes, node) -> bool:
    import rdflib

    value = shapes.value(node, rdflib.URIRef(SH + "deactivated"))
    return value is not None and str(value).lower() in ("true", "1")


def run_sparql(store, constraints: list[SparqlConstraint]) -> list[Finding]:
    """Run each constraint on a pyoxigraph store (the union of its graphs)."""
    findings = []
    for constraint in constraints:
        try:
            solutions = store.query(constraint.query, use_default_graph_as_union=True)
        except SyntaxError as error:
            raise ShapesError(
                f"constraint {constraint.id} is not valid SPARQL: {' '.join(str(error).split())}"
            ) from None
        variables = {variable.value for variable in solutions.variables}
        for solution in solutions:

            def cell(name: str, solution=solution, variables=variables):
                return solution[name] if name in variables else None

            message = cell("message")
            findings.append(
                Finding(
                    level=constraint.level,
                    check="shacl:" + constraint.id,
                    subject=describe_node(store, cell("this")),
                    property=describe_node(store, cell("path")),
                    value=describe_node(store, cell("value")),
                    note=message.value if message is not None else constraint.message,
                )
            )
    return findings


def to_oxigraph(term):
    """The pyoxigraph term for an rdflib term (blank node labels are kept)."""
    import pyoxigraph
    import rdflib

    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return pyoxigraph.BlankNode(_bnode_label(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))
        return pyoxigraph.Literal(str(term))
    raise ValueError(f"not an RDF term: {term!r}")


_BNODE_LABEL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def _bnode_label(node) -> str:
    """A label pyoxigraph accepts for an rdflib blank node, the same for the same node."""
    text = str(node)
    if _BNODE_LABEL.match(text) and not text.endswith("."):
        return text
    import hashlib

    return "b" + hashlib.sha1(text.encode("utf-8")).hexdigest()


def to_rdflib(term):
    """The rdflib term for a pyoxigraph term (blank node labels are kept)."""
    import pyoxigraph
    import rdflib

    if isinstance(term, pyoxigraph.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def to_store(graph):
    """A pyoxigraph store holding the triples of an rdflib graph."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.bulk_extend(
        pyoxigraph.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph
    )
    return store


def validate_shapes(store, shapes=None) -> list[Finding]:
    """Every SHACL finding on the triples of ``store`` (all its graphs)."""
    shapes = shapes if shapes is not None else load_shapes()
    return run_core(store, shapes) + run_sparql(store, sparql_constraints(shapes))


def shape_checks(shapes=None) -> list[dict]:
    """Each named constraint of the shapes: ``shacl:<id>``, its level and its message."""
    import rdflib

    shapes = shapes if shapes is not None else load_shapes()
    sh = rdflib.Namespace(SH)
    rows = []
    for link, default_owner in ((sh.property, False), (sh.sparql, True)):
        for shape, constraint in shapes.subject_objects(link):
            owner = shape if default_owner else constraint
            severity = shapes.value(owner, sh.severity)
            message = shapes.value(constraint, sh.message)
            rows.append(
                {
                    "check": "shacl:" + check_id(constraint),
                    "level": SEVERITY_LEVELS.get(str(severity), ERROR),
                    "description": str(message) if message is not None else "",
                }
            )
    order = {str(node): index for index, node in enumerate(_file_order(shapes))}
    return sorted(rows, key=lambda row: order.get(row["check"][6:], len(order)))


def _file_order(shapes) -> list[str]:
    """Constraint ids in the order the shapes file lists them, for a stable listing."""
    text = shapes_path().read_text(encoding="utf-8")
    return list(dict.fromkeys(re.findall(r"^phtsh:([\w-]+)\s*$", text, re.M)))
