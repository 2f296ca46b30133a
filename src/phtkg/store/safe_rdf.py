"""Read RDF files given by a user without letting them reach outside the files.

Every RDF file phtkg reads (``--ontology``, ``--data`` and ``--named``, a ``FROM`` that
names a local file, ``reason``, ``validate``, a Turtle case for ``check``, ``push``)
is read by :func:`read_input`, which refuses before any parser sees the bytes:

* **Only regular files.** A FIFO, a device or a folder is refused at once (reading one
  could block for ever or never end); the file is opened without blocking and checked
  on the open descriptor, so it cannot be swapped between the check and the read.
* **A size limit.** A file larger than :data:`DEFAULT_MAX_INPUT_MB` megabytes is refused
  from its size; ``--max-input-mb`` (``PHTKG_MAX_INPUT_MB``) raises the limit, 0 lifts it.
* **No entity bombs, no network.** The checks below, for the syntax the file is read in.

``reason`` and ``validate`` then parse with :func:`load_rdf_files`, so these guarantees
hold there too:

* **No network, no other files.** XML external entities and external DTDs are refused
  before the parser sees the file (Python's expat would silently drop them, leaving a
  graph that differs from what the author wrote, so the user is told instead). JSON-LD
  contexts given by address are refused for the same reason: rdflib would fetch them.
  ``owl:imports`` are resolved only against the other files given and a local
  ``catalog-v001.xml`` (the Protégé catalog format), never fetched.
* **No entity-expansion bombs.** Internal XML entities are common and harmless
  (Protégé writes ``<!ENTITY owl "http://www.w3.org/2002/07/owl#">``), so they are
  allowed, but an entity that refers to other entities ("billion laughs") or whose
  references would expand past :data:`MAX_ENTITY_EXPANSION` characters is refused from
  a scan of the prolog, before any expansion happens.
* **One line per problem.** Everything that goes wrong is an :class:`RdfFileError`
  whose text is ``FILE: line N: problem``.

Formats come from the file extension (:mod:`phtkg.store.syntaxes`); ``.owl``, ``.rdf``
and ``.xml`` are sniffed to tell RDF/XML from OWL/XML (and Turtle saved as ``.owl``). OWL/XML is read with
owlready2's parser and handed on as triples, since rdflib has no OWL/XML reader.
rdflib and owlready2 are imported inside the functions to keep importing this module
cheap.
"""

from __future__ import annotations

import json
import os
import re
import stat
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from phtkg.timeouts import DEFAULT_MAX_INPUT_MB

from . import syntaxes
from .syntaxes import Syntax

OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL_IMPORTS = OWL + "imports"

#: The most characters the entity references of one XML file may expand to.
MAX_ENTITY_EXPANSION = 10_000_000

#: The syntax whose suffixes (.owl, .rdf, .xml) are also given to OWL/XML and Turtle files,
#: so the start of such a file is read to tell which it holds.
_SNIFFED = syntaxes.named("xml")


class RdfFileError(ValueError):
    """A file cannot be read safely; ``str()`` is one line naming the file, line and problem.

    A ValueError, as the parsers' own complaints are, so that every caller that reports
    an unreadable file in one line reports this one too.
    """

    def __init__(self, file, line: int | None, problem: str):
        self.file, self.line, self.problem = str(file), line, problem
        where = f"{self.file}: line {line}" if line else self.file
        super().__init__(f"{where}: {problem}")


class InputTooLarge(RdfFileError):
    """A file is larger than the limit it is read with (``size`` and ``limit`` in bytes)."""

    def __init__(self, file, size: int, limit: int):
        self.size, self.limit = size, limit
        super().__init__(
            file,
            None,
            f"refused: {size:,} bytes, more than the limit of {limit / 1_000_000:g} MB "
            "(raise it with --max-input-mb, or 0 for no limit)",
        )


@dataclass
class Loaded:
    """What :func:`load_rdf_files` read: the merged graph and what it could not resolve."""

    graph: object
    files: list[Path] = field(default_factory=list)  # every file read, imports included
    unresolved_imports: list[str] = field(default_factory=list)


def load_rdf_files(
    paths: Iterable, *, follow_imports: bool = True, on_note: Callable[[str], None] | None = None
):
    """Parse ``paths`` safely and merge them into one rdflib Graph.

    With ``follow_imports`` an ``owl:imports`` that none of the files declares is looked
    up in a ``catalog-v001.xml`` next to any of the files read; the file it names is
    read too. Imports found nowhere are passed to ``on_note`` as one line each and skipped.
    """
    return load_rdf(paths, follow_imports=follow_imports, on_note=on_note).graph


def load_rdf(
    paths: Iterable, *, follow_imports: bool = True, on_note: Callable[[str], None] | None = None
) -> Loaded:
    """:func:`load_rdf_files` with the list of files read and the unresolved imports."""
    import rdflib

    graph = rdflib.Graph()
    loaded = Loaded(graph)
    declared: set[str] = set()  # ontology IRIs, version IRIs and file URIs already read
    pending = [Path(p) for p in paths]
    seen: set[Path] = set()
    while pending:
        path = pending.pop(0)
        key = path.resolve()
        if key in seen:
            continue
        seen.add(key)
        part = parse_file(path)
        graph += part
        loaded.files.append(path)
        declared.add(key.as_uri())
        declared.update(_ontology_iris(part))
    if not follow_imports:
        return loaded
    # Resolve imports after every given file is read, so their order does not matter.
    found_more = True
    while found_more:
        found_more = False
        for target in _import_targets(graph):
            if target in declared:
                continue
            found = _catalog_lookup(loaded.files, target)
            if found is None or found.resolve() in seen:
                continue
            seen.add(found.resolve())
            part = parse_file(found)
            graph += part
            loaded.files.append(found)
            declared.update({found.resolve().as_uri(), target, *_ontology_iris(part)})
            found_more = True
    for target in _import_targets(graph):
        if target not in declared:
            loaded.unresolved_imports.append(target)
            if on_note:
                on_note(
                    f"note: <{target}> is imported but is neither among the files given "
                    "nor in a catalog-v001.xml; it was not loaded (imports are never "
                    "fetched from the network)"
                )
    return loaded


def _ontology_iris(graph) -> set[str]:
    """The IRIs a file answers to as an import target: its ontology and version IRIs."""
    from rdflib import URIRef

    iris = {
        str(s)
        for s in graph.subjects(URIRef(RDF_TYPE), URIRef(OWL + "Ontology"))
        if isinstance(s, URIRef)
    }
    iris.update(str(o) for o in graph.objects(None, URIRef(OWL + "versionIRI")))
    return iris


def _import_targets(graph) -> list[str]:
    from rdflib import URIRef

    return sorted({str(o) for o in graph.objects(None, URIRef(OWL_IMPORTS))})


def _catalog_lookup(files: list[Path], iri: str) -> Path | None:
    """The file that a ``catalog-v001.xml`` beside one of ``files`` maps ``iri`` to."""
    for folder in dict.fromkeys(path.resolve().parent for path in files):
        found = _lookup_in(folder / "catalog-v001.xml", iri)
        if found is not None:
            return found
    return None


def _lookup_in(catalog: Path, iri: str) -> Path | None:
    if not catalog.is_file():
        return None
    data = read_regular_file(catalog, max_input_bytes())
    _check_xml_prolog(catalog, data)
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise RdfFileError(catalog, exc.position[0], f"cannot parse the catalog: {exc}") from None
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == "uri" and element.get("name") == iri:
            target = element.get("uri", "")
            if target.startswith("file:"):
                from urllib.parse import unquote, urlparse

                return Path(unquote(urlparse(target).path))
            if target and "://" not in target:
                return catalog.parent / target
    return None


# ---------------------------------------------------------------------------------------
# Reading a file: the checks every RDF input passes before a parser sees it

_max_input_mb: float = DEFAULT_MAX_INPUT_MB


@contextmanager
def input_limit(megabytes: float | None) -> Iterator[None]:
    """Read files of up to ``megabytes`` (0 or None: any size) while the block runs.

    The command line sets it once for a whole command (``--max-input-mb``); the limit
    before is restored afterwards.
    """
    global _max_input_mb
    saved, _max_input_mb = _max_input_mb, megabytes or 0
    try:
        yield
    finally:
        _max_input_mb = saved


def max_input_bytes() -> int | None:
    """The size limit in force, in bytes (None: no limit)."""
    return int(_max_input_mb * 1_000_000) if _max_input_mb else None


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_input(path, syntax: Syntax | None = None, *, limited: bool = True) -> bytes:
    """The bytes of the RDF file at ``path``, refused before parsing when they are unsafe.

    Refused with a one-line :class:`RdfFileError`: anything but a regular file, a file
    over the size limit (:func:`input_limit`; not ``limited``: the package's own files),
    and, for an XML syntax, external entities, external DTDs and entity-expansion bombs,
    or, for JSON-LD, contexts given by address. ``syntax`` is the one the file will be
    parsed as (default: from its suffix).
    """
    path = Path(path)
    data = read_regular_file(path, max_input_bytes() if limited else None)
    syntax = syntax or syntaxes.by_suffix(path.suffix)
    if syntax is not None and syntax.container == "xml":
        _check_xml_prolog(path, data)
    elif syntax is not None and syntax.container == "json":
        _check_jsonld(path, data)
    return data


def read_regular_file(path: Path, limit: int | None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (None: any size), or a
    one-line RdfFileError.

    The file is opened without blocking (a FIFO would wait for a writer), then what was
    opened is checked, so nothing can be swapped in between.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise RdfFileError(path, None, "no such file") from None
    except OSError as exc:
        raise RdfFileError(path, None, f"cannot read: {exc.strerror or exc}") from None
    try:
        found = os.fstat(descriptor)
        if not stat.S_ISREG(found.st_mode):
            kind = next((name for test, name in _KINDS if test(found.st_mode)), "something")
            raise RdfFileError(path, None, f"refused: {kind}, not a regular file")
        if limit is not None and found.st_size > limit:
            raise InputTooLarge(path, found.st_size, limit)
        os.set_blocking(descriptor, True)
        with open(descriptor, "rb", closefd=False) as stream:
            data = stream.read(limit + 1 if limit is not None else -1)
    except OSError as exc:
        raise RdfFileError(path, None, f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(descriptor)
    if limit is not None and len(data) > limit:  # it grew while being read
        raise InputTooLarge(path, len(data), limit)
    return data


def read_triples(path) -> list:
    """The distinct triples of one Turtle or N-Triples file, parsed by pyoxigraph.

    The bytes pass :func:`read_input` first, so every check of :func:`parse_file` holds
    (regular files only, the size limit); the base IRI is the file's URI, as there.
    Literals keep their lexical form, as :func:`parse_file` keeps it with rdflib. Other
    syntaxes raise ValueError, as does a file pyoxigraph cannot parse: this is a fast
    path for files known to be plain Turtle, whose errors :func:`parse_file` words.
    """
    import pyoxigraph

    path = Path(path)
    syntax = syntaxes.by_suffix(path.suffix, syntaxes.SAFE_READS)
    if syntax is None or syntax.name not in ("turtle", "nt"):
        raise ValueError(f"{path}: not Turtle or N-Triples")
    data = read_input(path, syntax)
    quads = pyoxigraph.parse(
        data, format=syntax.oxigraph_format(), base_iri=path.resolve().as_uri()
    )
    return list(dict.fromkeys(pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads))


# ---------------------------------------------------------------------------------------
# One file


def parse_file(path: Path):
    """Parse one file into a new rdflib Graph, or raise a one-line RdfFileError."""
    import rdflib

    path = Path(path)
    syntax = syntaxes.by_suffix(path.suffix, syntaxes.SAFE_READS)
    if syntax is None and path.is_file():  # else read_input says what is there instead
        known = " ".join(sorted(suffix for s in syntaxes.SAFE_READS for suffix in s.suffixes))
        raise RdfFileError(
            path, None, f"unknown file extension {path.suffix!r} (use one of {known})"
        )
    data = read_input(path, syntax)
    if syntax is _SNIFFED:
        syntax = _sniff(path, data)
    base = path.resolve().as_uri()
    graph = rdflib.Graph()
    try:
        with warnings.catch_warnings(), _literals_as_written():
            warnings.simplefilter("ignore")  # rdflib's deprecations and literal warnings
            if syntax.owlready:
                _parse_owlxml(graph, path, data)
            elif syntax.quads:
                dataset = rdflib.Dataset()
                dataset.parse(data=data, format=syntax.rdflib, publicID=base)
                for s, p, o, _ in dataset.quads((None, None, None, None)):
                    graph.add((s, p, o))
            else:
                graph.parse(data=data, format=syntax.rdflib, publicID=base)
                if syntax.container == "xml":
                    _canonical_xml_literals(graph)
    except RdfFileError:
        raise
    except Exception as exc:  # parsers raise many unrelated types; all mean "cannot parse"
        line, problem = _locate(exc, path, data, syntax)
        raise RdfFileError(path, line, f"cannot parse as {syntax.label}: {problem}") from None
    return graph


@contextmanager
def _literals_as_written():
    """Keep each literal's lexical form exactly as written while parsing.

    rdflib normally rewrites literals of known datatypes into a canonical form
    ("-INF" becomes "-inf", "2008-10-08T20:44:11.656+01:00" gains digits, "-0" may
    become "0"), and some of those rewrites are not valid lexical forms or change the
    value, which reasoners then reject or misread.
    """
    import rdflib

    saved = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = saved


def _canonical_xml_literals(graph) -> None:
    """Put ``rdf:parseType="Literal"`` values in canonical XML form, as RDF/XML requires.

    rdflib keeps the attribute order of the source, so two equal XML fragments written
    with attributes in another order become two different literals; a reasoner then
    sees two values where there is one.
    """
    import xml.etree.ElementTree as ET

    from rdflib import Literal, URIRef

    xml_literal = URIRef(RDF_TYPE.replace("type", "XMLLiteral"))
    for s, p, o in list(graph):
        if isinstance(o, Literal) and o.datatype == xml_literal:
            try:
                text = ET.canonicalize(f"<phtkg-wrapper>{o}</phtkg-wrapper>")
            except ET.ParseError:
                continue  # not well-formed: leave it for the reasoner to judge
            text = text[len("<phtkg-wrapper>") : -len("</phtkg-wrapper>")]
            if text != str(o):
                graph.remove((s, p, o))
                graph.add((s, p, Literal(text, datatype=xml_literal)))


def _sniff(path: Path, data: bytes) -> Syntax:
    """RDF/XML, OWL/XML or Turtle, from the first element or the first characters."""
    head = _decode_head(data)
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("Prefix(", "Ontology(")):
        raise RdfFileError(
            path,
            1,
            "OWL functional syntax is not read; save the ontology as RDF/XML, OWL/XML or Turtle",
        )
    if not stripped.startswith(("<?", "<!")) and not _XML_START.match(stripped):
        return syntaxes.named("turtle")  # "<http://...> <...> ." or "@prefix": Turtle saved as .owl
    root = _root_element(head)
    if root is not None and root.split(":")[-1] == "Ontology":
        return syntaxes.named("owlxml")
    return syntaxes.named("xml")


def _decode_head(data: bytes, size: int = 65536) -> str:
    """The start of a file as text, honouring a UTF-16 byte-order mark."""
    chunk = data[:size]
    if chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
        return chunk.decode("utf-16", errors="replace")
    return chunk.decode("utf-8", errors="replace")


_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")
_XML_START = re.compile(r"<[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?[\s/>]")


def _root_element(text: str) -> str | None:
    """The name of the first element, skipping the XML declaration, comments and DOCTYPE."""
    position = 0
    while True:
        start = text.find("<", position)
        if start < 0:
            return None
        if text.startswith("<?", start):
            position = text.find("?>", start) + 2
        elif text.startswith("<!--", start):
            position = text.find("-->", start) + 3
        elif text.startswith("<!DOCTYPE", start):
            end = _doctype_end(text, start)
            position = end if end > start else len(text)
        else:
            match = _ROOT.match(text, start)
            return match.group(1) if match else None
        if position <= 1:
            return None


def _doctype_end(text: str, start: int) -> int:
    """The index just past a DOCTYPE declaration (with its internal subset, if any)."""
    bracket = text.find("[", start)
    close = text.find(">", start)
    if bracket != -1 and (close == -1 or bracket < close):
        end = text.find("]", bracket)
        end = text.find(">", end) if end != -1 else -1
        return end + 1 if end != -1 else len(text)
    return close + 1 if close != -1 else len(text)


# ---------------------------------------------------------------------------------------
# XML entities

_ENTITY = re.compile(
    r"<!ENTITY\s+(?P<param>%\s+)?(?P<name>[^\s%]+)\s+"
    r"(?:(?P<external>SYSTEM|PUBLIC)\s+(?P<id>\"[^\"]*\"|'[^']*')|(?P<value>\"[^\"]*\"|'[^']*'))",
    re.DOTALL,
)
_REFERENCE = re.compile(r"[&%]([A-Za-z_:][\w.:-]*);")


def _check_xml_prolog(path: Path, data: bytes) -> None:
    """Refuse external entities, external DTDs and entity-expansion bombs before parsing.

    Only the prolog (up to the first element) can declare entities, so scanning it is
    enough and takes no time even on a hostile file.
    """
    text = _decode_head(data, size=len(data) if len(data) < 4_000_000 else 4_000_000)
    start = text.find("<!DOCTYPE")
    root_start = _first_element_offset(text)
    if start == -1 or (root_start is not None and start > root_start):
        return
    line = text.count("\n", 0, start) + 1
    end = _doctype_end(text, start)
    doctype = text[start:end]
    header = doctype.split("[", 1)[0]
    external_dtd = re.search(r"\b(SYSTEM|PUBLIC)\s+(\"[^\"]*\"|'[^']*')", header)
    if external_dtd:
        raise RdfFileError(
            path,
            line,
            f"refused: external DTD {external_dtd.group(2)} (external entities are never resolved)",
        )
    values: dict[str, str] = {}
    for match in _ENTITY.finditer(doctype):
        where = text.count("\n", 0, start + match.start()) + 1
        name = match.group("name")
        if match.group("external"):
            raise RdfFileError(
                path,
                where,
                f"external entity '{name}' {match.group('external')} "
                f"{match.group('id')} not resolved: refused (external "
                "entities are never read)",
            )
        if match.group("param"):
            raise RdfFileError(
                path,
                where,
                f"refused: XML parameter entity '{name}' (possible entity-expansion attack)",
            )
        value = match.group("value")[1:-1]
        if _REFERENCE.search(value):
            raise RdfFileError(
                path,
                where,
                "refused: XML entity declarations (possible entity-expansion "
                f"attack): entity '{name}' refers to other entities",
            )
        values[name] = value
    if "<!ENTITY" in doctype and not values:
        raise RdfFileError(
            path,
            line,
            "refused: XML entity declarations that cannot be read "
            "(possible entity-expansion attack)",
        )
    if values:
        body = data.decode("utf-8", errors="replace") if len(data) >= 4_000_000 else text
        expansion = sum(len(values.get(name, "")) for name in _REFERENCE.findall(body))
        if expansion > MAX_ENTITY_EXPANSION:
            raise RdfFileError(
                path,
                line,
                "refused: XML entity declarations (possible entity-expansion "
                f"attack): the references would expand to {expansion:,} "
                "characters",
            )


def _first_element_offset(text: str) -> int | None:
    """Where the root element starts, or None when it is not in ``text``."""
    name = _root_element(text)
    if name is None:
        return None
    return text.find(f"<{name}")


# ---------------------------------------------------------------------------------------
# JSON-LD


def _check_jsonld(path: Path, data: bytes) -> None:
    """Refuse contexts given by address: rdflib would fetch them from the network."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise RdfFileError(
            path, None, f"cannot parse as JSON-LD: not UTF-8 ({exc.reason})"
        ) from None
    except json.JSONDecodeError as exc:
        raise RdfFileError(
            path, exc.lineno, f"cannot parse as JSON-LD: {exc.msg} (column {exc.colno})"
        ) from None
    for reference in _remote_contexts(document):
        raise RdfFileError(
            path,
            _line_of(data, reference),
            f"refused: JSON-LD context {reference!r} would be fetched; put the context in the file",
        )


def _remote_contexts(node) -> Iterable[str]:
    """Every context (or @import) given as a reference instead of inline."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("@context", "@import"):
                items = value if isinstance(value, list) else [value]
                yield from (item for item in items if isinstance(item, str))
            yield from _remote_contexts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _remote_contexts(item)


def _line_of(data: bytes, text: str) -> int | None:
    offset = data.find(text.encode("utf-8"))
    return data.count(b"\n", 0, offset) + 1 if offset >= 0 else None


# ---------------------------------------------------------------------------------------
# OWL/XML


def _parse_owlxml(graph, path: Path, data: bytes) -> None:
    """Read OWL/XML with owlready2's parser (rdflib has none) and copy its triples over."""
    import io

    import owlready2

    world = owlready2.World()
    try:
        world.get_ontology(path.resolve().as_uri()).load(fileobj=io.BytesIO(data), format="owlxml")
        out = io.BytesIO()
        world.save(out, format="ntriples")
    finally:
        world.close()
    graph.parse(data=out.getvalue().decode("utf-8"), format="nt")


# ---------------------------------------------------------------------------------------
# Error positions


def _locate(exc: BaseException, path: Path, data: bytes, syntax: Syntax) -> tuple[int | None, str]:
    """The line of a parse error and its reason, from whatever the parser raised."""
    get_line = getattr(exc, "getLineNumber", None)
    if callable(get_line):  # xml.sax.SAXParseException
        message = exc.getMessage() if hasattr(exc, "getMessage") else str(exc)
        return get_line(), message
    if getattr(exc, "lineno", None) and isinstance(exc, json.JSONDecodeError):
        return exc.lineno, exc.msg
    lines = getattr(exc, "lines", None)  # rdflib's Turtle/TriG BadSyntax
    if isinstance(lines, int):
        why = getattr(exc, "_why", None) or one_line(exc)
        return lines + 1, why
    if syntax.line_based:
        return _first_bad_line(data, syntax), one_line(exc)
    match = re.search(r"line (\d+)", str(exc))
    if match:
        return int(match.group(1)), one_line(exc)
    return None, one_line(exc)


def _first_bad_line(data: bytes, syntax: Syntax) -> int | None:
    """N-Triples and N-Quads errors carry no line number: find it by parsing line by line."""
    import rdflib

    for number, raw in enumerate(data.decode("utf-8", errors="replace").splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                parser = rdflib.Dataset() if syntax.quads else rdflib.Graph()
                parser.parse(data=raw + "\n", format=syntax.rdflib)
        except Exception:  # the first line that fails on its own is the culprit
            return number
    return None


def one_line(exc: BaseException) -> str:
    """The telling part of a parser's message, on one line.

    Lines ending in ':' only introduce the next one (rdflib's Turtle parser says
    "at line 3 of <>:" and then the reason), so they are joined; the echoed source
    excerpt that follows is dropped.
    """
    lines = [" ".join(line.split()) for line in str(exc).splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    text = lines.pop(0)
    while text.endswith(":") and lines:
        text = f"{text} {lines.pop(0)}"
    return text.replace(" of <>:", ":").split(" at ^ in:")[0].rstrip(":")
