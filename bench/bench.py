#!/usr/bin/env python
"""Benchmark phtkg: a cold lookup against an rdflib baseline, and query time at scale.

Run from a checkout with phtkg installed (``pip install -e .``):

    python bench/bench.py            # full: 15 pairs, 100k / 1M / 5M triples
    python bench/bench.py --quick    # a few minutes: 5 pairs, 100k / 1M triples
    python bench/bench.py --runs 25 --sizes 100000,1000000

It prints

1. machine facts and the names of the baselines;
2. **cold lookup**: the wall time of a fresh ``phtkg aggravated-by sitting --format tsv``
   process against a fresh process that parses the shipped Turtle with rdflib and runs the
   same named SPARQL queries (``match-terms``, then ``aggravated-by`` for each matched
   term, bound with ``initBindings``), as medians of paired runs and the median of the
   per-pair ratios (goal: at most 0.15); where the lookup's time goes (in-process phases
   and ``-X importtime``); and which modules a lookup imports (rdflib and owlready2 must
   not be among them);
3. **scale**: the ontology merged with generated data shaped like it (classes with labels,
   synonyms, definitions, subclass chains, existential restrictions on pht:aggravates and
   pht:hasLoadType, owl:Axiom annotations carrying dcterms:source and pht:citation to the
   real source documents) at each size; for each size, in its own process, the time to
   load the N-Triples into an in-memory pyoxigraph store, the time of three bundled named
   queries run with :func:`phtkg.store.queries.run_query`, and the peak resident memory; then the
   time per triple relative to the smallest size (at most about 1 means growth no worse than
   linear) and the log-log slope between neighbouring sizes (1 is linear).

The generated data is deterministic (``--seed``) and written to a temporary folder that
is removed at the end (``--keep-data DIR`` keeps it). Only the standard library is
imported at the top, so the child processes this script starts pay nothing extra.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_RATIO = 0.15
LOOKUP_ARGS = ["aggravated-by", "sitting", "--format", "tsv"]
LOOKUP_TERM = "sitting"
FORBIDDEN_IN_LOOKUP = ("rdflib", "owlready2")
# Modules a lookup should not need either (build, reasoning, export, remote endpoints).
# A lookup on the local graph needs neither; with --endpoint it imports phtkg.store.remote itself.
UNEXPECTED_IN_LOOKUP = (
    "phtkg.build.builder",
    "phtkg.reasoning.reason",
    "phtkg.serialization",
    "phtkg.store.remote",
    "phtkg.store.push",
    "requests",
    "urllib3",
    "http.client",
    "urllib.request",
    "ssl",
    "numpy",
    "pandas",
)

PHT = "https://w3id.org/phtkg/"
SYN = PHT + "synthetic/"
PHT_CONDITION = PHT + "ProximalHamstringTendinopathy"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"

# The three bundled queries timed at scale: (label, query name, parameters).
SCALE_QUERIES = [
    ("aggravates PHT", "aggravates", {"term": PHT_CONDITION}),
    ("search 'sitting'", "search", {"needle": "sitting"}),
    ("single-source-claims", "single-source-claims", {}),
]

HERE = Path(__file__).resolve()


# ---- small helpers --------------------------------------------------------------------
def median(values):
    return statistics.median(values) if values else float("nan")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def secs(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def human_triples(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def section(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 76 - len(title)), flush=True)


def phtkg_command() -> list[str]:
    """The installed ``phtkg`` console script next to this interpreter (else on PATH)."""
    beside = Path(sys.executable).with_name("phtkg")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("phtkg")
    if found:
        return [found]
    sys.exit("bench: the 'phtkg' command is not installed; run 'pip install -e .' first")


def version_of(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def rss_now_kib() -> int:
    """The current resident set size of this process, in KiB (Linux)."""
    return _status_kib("VmRSS")


def _status_kib(field: str) -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def reset_peak() -> bool:
    """Reset the kernel's resident-memory high-water mark (VmHWM) of this process (Linux)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
        return True
    except OSError:
        return False


def peak_rss_kib() -> int:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS, KiB on Linux


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


# ---- 1. machine facts ---------------------------------------------------------------
def machine_facts() -> None:
    section("machine")
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB memory"
    except OSError:
        pass
    print(
        f"python      {platform.python_version()} ({platform.python_implementation()}) on "
        f"{platform.system()} {platform.machine()}"
    )
    print(f"cpu         {os.cpu_count()} logical cores ({cpu}){memory}")
    try:
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(
            f"load        {load} (1, 5, 15 min averages at the start; other work on the "
            "machine slows wall times)"
        )
    except OSError:
        pass
    print(
        f"packages    phtkg {version_of('phtkg')}, pyoxigraph {version_of('pyoxigraph')}, "
        f"rdflib {version_of('rdflib')}, click {version_of('click')}"
    )
    print(
        "baselines   cold lookup: a fresh Python process that parses the shipped Turtle with "
        "rdflib\n            (rdflib.Graph().parse) and runs the same named queries with "
        "rdflib's SPARQL engine\n            (initBindings); scale: the smallest size "
        "(time per triple relative to it)"
    )


# ---- 2. cold lookup against the rdflib baseline ----------------------------------------
def baseline_child() -> None:
    """The baseline process: rdflib parses the Turtle and runs the lookup's named queries.

    It does what ``phtkg aggravated-by sitting`` does with the same SPARQL text: resolve the
    term with ``match-terms`` (exact matches win, else every match), run ``aggravated-by``
    for each matched term, and print one tab-separated line per distinct fact.
    """
    timings = {}
    start = time.perf_counter()
    import rdflib
    from rdflib import Literal, URIRef

    from phtkg import resources

    timings["import"] = time.perf_counter() - start
    mark = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(str(resources.ontology_turtle()), format="turtle")
    timings["parse"] = time.perf_counter() - mark
    mark = time.perf_counter()
    queries = resources.queries_dir()
    match_terms = (queries / "match-terms.rq").read_text(encoding="utf-8")
    aggravated_by = (queries / "aggravated-by.rq").read_text(encoding="utf-8")
    found = list(
        graph.query(
            match_terms, initBindings={"needle": Literal(LOOKUP_TERM), "iri": Literal(LOOKUP_TERM)}
        )
    )
    exact = [row for row in found if row.exact is not None and row.exact.toPython()]
    terms = sorted({str(row.term) for row in (exact or found)})
    facts = {}
    for term in terms:
        for row in graph.query(aggravated_by, initBindings={"activity": URIRef(term)}):
            key = (
                str(row.factor),
                str(row.target),
                "" if row.asserter == row.factor else str(row.asserter),
            )
            facts.setdefault(
                key,
                [
                    str(row.factorLabel or ""),
                    str(row.targetLabel or ""),
                    str(row.loadTypes or ""),
                    str(row.sources or ""),
                ],
            )
    timings["queries"] = time.perf_counter() - mark
    out = sys.stdout
    out.write("factor\ttarget\tinherited_from\tfactor_label\ttarget_label\tload_type\tsources\n")
    for key in sorted(facts):
        out.write("\t".join(list(key) + facts[key]) + "\n")
    out.flush()
    print(
        json.dumps(
            {"triples": len(graph), "terms": terms, "facts": len(facts), "timings": timings}
        ),
        file=sys.stderr,
    )


def baseline_command() -> list[str]:
    return [sys.executable, str(HERE), "--child", "baseline"]


def children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(command: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    """Run ``command``; its wall time (and, as ``done.cpu``, its user + system CPU time)."""
    cpu = children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    done.cpu = children_cpu() - cpu
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done


def lookup_phases(runs: int) -> dict[str, float]:
    """Where a lookup's time goes, measured in fresh processes (median of ``runs``)."""
    probe = (
        "import time, json, sys\n"
        "t0 = time.perf_counter()\n"
        "import phtkg.cli\n"
        "t1 = time.perf_counter()\n"
        "import pyoxigraph\n"
        "t2 = time.perf_counter()\n"
        "from phtkg.store.embedded import ontology_store\n"
        "store = ontology_store()\n"
        "t3 = time.perf_counter()\n"
        "from phtkg import lookups\n"
        f"rows = lookups.aggravated_by({LOOKUP_TERM!r}, store=store)\n"
        "t4 = time.perf_counter()\n"
        "print(json.dumps({'import phtkg.cli (click, phtkg)': t1 - t0,"
        " 'import pyoxigraph': t2 - t1, 'load the Turtle into pyoxigraph': t3 - t2,"
        " 'resolve + aggravated-by queries': t4 - t3, 'rows': len(rows)}))\n"
    )
    empty = [timed_run([sys.executable, "-c", "pass"])[0] for _ in range(runs)]
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        _, done = timed_run([sys.executable, "-c", probe])
        for key, value in json.loads(done.stdout).items():
            samples.setdefault(key, []).append(value)
    phases = {"python start-up and exit (python -c pass)": median(empty)}
    phases.update({key: median(values) for key, values in samples.items() if key != "rows"})
    return phases


def baseline_phases(runs: int) -> dict[str, float]:
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        _, done = timed_run(baseline_command())
        report = json.loads(done.stderr.strip().splitlines()[-1])
        for key, value in report["timings"].items():
            samples.setdefault(key, []).append(value)
    names = {
        "import": "import rdflib",
        "parse": "parse the Turtle with rdflib",
        "queries": "match-terms + aggravated-by in rdflib",
    }
    return {names[key]: median(values) for key, values in samples.items()}


def cold_lookup(runs: int) -> dict:
    section(f"cold lookup: phtkg {' '.join(LOOKUP_ARGS)}  vs  rdflib baseline ({runs} pairs)")
    lookup = phtkg_command() + LOOKUP_ARGS
    # One untimed run of each warms the file cache and checks that both find the same facts.
    _, looked = timed_run(lookup)
    _, based = timed_run(baseline_command())
    lookup_rows = max(0, len(looked.stdout.strip().splitlines()) - 1)
    report = json.loads(based.stderr.strip().splitlines()[-1])
    same = "same" if lookup_rows == report["facts"] else "DIFFERENT"
    print(f"ontology    {report['triples']} triples ({_relative_ontology()})")
    print(
        f"answers     lookup {lookup_rows} rows, baseline {report['facts']} facts for "
        f"{', '.join(t.rsplit('/', 1)[-1] for t in report['terms'])} ({same})"
    )

    lookup_times, baseline_times, ratios = [], [], []
    lookup_cpu, baseline_cpu, cpu_ratios = [], [], []
    for pair in range(runs):
        # Alternate which runs first so neither always follows the other.
        if pair % 2 == 0:
            a, a_done = timed_run(lookup)
            b, b_done = timed_run(baseline_command())
        else:
            b, b_done = timed_run(baseline_command())
            a, a_done = timed_run(lookup)
        lookup_times.append(a)
        baseline_times.append(b)
        ratios.append(a / b)
        lookup_cpu.append(a_done.cpu)
        baseline_cpu.append(b_done.cpu)
        cpu_ratios.append(a_done.cpu / b_done.cpu)
    result = {
        "lookup": median(lookup_times),
        "baseline": median(baseline_times),
        "ratio": median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
        "cpu_ratio": median(cpu_ratios),
        "lookup_rows": lookup_rows,
        "baseline_facts": report["facts"],
    }
    print(
        f"lookup      median {ms(result['lookup'])} wall  (min {ms(min(lookup_times))}, "
        f"max {ms(max(lookup_times))}); CPU {ms(median(lookup_cpu))}"
    )
    print(
        f"baseline    median {ms(result['baseline'])} wall  (min {ms(min(baseline_times))}, "
        f"max {ms(max(baseline_times))}); CPU {ms(median(baseline_cpu))}"
    )
    met = "MET" if result["ratio"] <= GOAL_RATIO else "NOT MET"
    print(
        f"ratio       median of per-pair wall-time ratios {result['ratio']:.3f} "
        f"(range {result['ratio_min']:.3f}-{result['ratio_max']:.3f}), "
        f"{1 / result['ratio']:.1f}x faster; of CPU-time ratios {result['cpu_ratio']:.3f}"
    )
    print(f"goal        lookup <= {GOAL_RATIO} x baseline: {met}")

    phase_runs = max(3, min(runs, 7))
    print(f"\nwhere the time goes (fresh processes, median of {phase_runs}):")
    for name, value in lookup_phases(phase_runs).items():
        print(f"  lookup    {name:<44} {ms(value):>9}")
    for name, value in baseline_phases(min(phase_runs, 3)).items():
        print(f"  baseline  {name:<44} {ms(value):>9}")
    return result


def _relative_ontology() -> str:
    from phtkg import resources

    path = resources.ontology_turtle()
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# ---- import time and imported modules --------------------------------------------------
_IMPORTTIME = re.compile(r"^import time:\s*(\d+)\s*\|\s*(\d+)\s*\|( *)(\S+)")


def parse_importtime(text: str) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Cumulative microseconds of top-level imports and of the imports they make directly,
    and self microseconds of every module."""
    top, second, own = {}, {}, {}
    for line in text.splitlines():
        match = _IMPORTTIME.match(line)
        if not match:
            continue
        self_us, cumulative_us, indent, name = match.groups()
        own[name] = own.get(name, 0) + int(self_us)
        if len(indent) <= 1:  # one space after the bar for top-level imports
            top[name] = top.get(name, 0) + int(cumulative_us)
        elif len(indent) <= 3:  # two more per level of nesting
            second[name] = second.get(name, 0) + int(cumulative_us)
    return top, second, own


def import_breakdown(runs: int) -> None:
    section("import time of a lookup (python -X importtime)")
    code_import = "import phtkg.cli"
    code_lookup = (
        "import sys\nfrom phtkg.cli import main\n"
        f"try:\n    main({LOOKUP_ARGS!r})\nexcept SystemExit:\n    pass\n"
    )
    for title, code in (
        ("import phtkg.cli", code_import),
        (f"the whole lookup (phtkg {' '.join(LOOKUP_ARGS)})", code_lookup),
    ):
        tops: dict[str, list[int]] = {}
        seconds: dict[str, list[int]] = {}
        owns: dict[str, list[int]] = {}
        totals = []
        for _ in range(runs):
            done = subprocess.run(
                [sys.executable, "-X", "importtime", "-c", code],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            top, second, own = parse_importtime(done.stderr)
            # Interpreter start-up imports (encodings, site, ...) are the same for any
            # Python program; leave them out of the lookup's own imports.
            startup = {
                "encodings",
                "site",
                "_io",
                "marshal",
                "posix",
                "_frozen_importlib_external",
                "time",
                "zipimport",
                "codecs",
                "abc",
                "io",
                "stat",
                "_collections_abc",
                "genericpath",
                "posixpath",
                "os",
                "_sitebuiltins",
                "_distutils_hack",
                "_codecs",
                "_signal",
                "_abc",
                "_stat",
                "_thread",
                "_warnings",
                "_weakref",
                "winreg",
                "encodings.utf_8",
                "_virtualenv",
            }
            top = {
                k: v
                for k, v in top.items()
                if k not in startup
                and not k.startswith(("encodings.", "__editable__", "_distutils"))
            }
            totals.append(sum(top.values()))
            for name, value in top.items():
                tops.setdefault(name, []).append(value)
            for name, value in second.items():
                seconds.setdefault(name, []).append(value)
            for name, value in own.items():
                owns.setdefault(name, []).append(value)
        print(
            f"{title}: {median(totals) / 1000:.0f} ms of imports after interpreter start-up "
            f"(median of {runs})"
        )
        heaviest = sorted(((median(v), k) for k, v in tops.items()), reverse=True)[:8]
        print(
            "  heaviest top-level imports (cumulative): "
            + ", ".join(f"{name} {value / 1000:.1f} ms" for value, name in heaviest)
        )
        nested = sorted(((median(v), k) for k, v in seconds.items()), reverse=True)[:8]
        print(
            "  heaviest imports they make (cumulative): "
            + ", ".join(f"{name} {value / 1000:.1f} ms" for value, name in nested)
        )
        selfish = sorted(((median(v), k) for k, v in owns.items()), reverse=True)[:8]
        print(
            "  heaviest single modules (self):          "
            + ", ".join(f"{name} {value / 1000:.1f} ms" for value, name in selfish)
        )


def modules_check() -> bool:
    section("modules a lookup imports")
    code = (
        "import sys, json, io, contextlib\n"
        "from phtkg.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({LOOKUP_ARGS!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if done.returncode != 0:
        print(f"could not check: {done.stderr.strip()}")
        return False
    modules = json.loads(done.stdout.strip().splitlines()[-1])
    roots = sorted({name.split(".")[0] for name in modules})
    phtkg_modules = sorted(name for name in modules if name.startswith("phtkg"))
    forbidden = sorted(name for name in modules if name.split(".")[0] in FORBIDDEN_IN_LOOKUP)
    unexpected = sorted(name for name in modules if name in UNEXPECTED_IN_LOOKUP)
    print(
        f"{len(modules)} modules in sys.modules after the lookup; third-party: "
        + ", ".join(
            r
            for r in roots
            if r
            in (
                "click",
                "pyoxigraph",
                "rdflib",
                "owlready2",
                "requests",
                "urllib3",
                "numpy",
                "pandas",
            )
        )
    )
    print("phtkg modules: " + ", ".join(phtkg_modules))
    ok = not forbidden
    print(
        f"rdflib / owlready2 imported by the lookup: "
        f"{'no (OK)' if ok else 'YES: ' + ', '.join(forbidden[:10])}"
    )
    if unexpected:
        print("also imported though a lookup should not need them: " + ", ".join(unexpected))
    return ok


# ---- 3. scale: generated data shaped like the ontology -----------------------------------
NOUNS = [
    "sitting",
    "running",
    "sprinting",
    "lunging",
    "squatting",
    "cycling",
    "driving",
    "climbing",
    "kicking",
    "hurdling",
    "stretching",
    "bending",
    "lifting",
    "jumping",
    "hiking",
    "rowing",
    "skating",
    "dancing",
    "walking",
    "deadlifting",
]
ADJECTIVES = [
    "prolonged",
    "repeated",
    "fast",
    "slow",
    "loaded",
    "deep",
    "uphill",
    "downhill",
    "explosive",
    "sustained",
    "weighted",
    "low",
    "high",
    "static",
    "eccentric",
]


class _Real:
    """IRIs of the shipped ontology that the generated data hangs off and points to."""

    def __init__(self, store):
        def column(query: str) -> list[str]:
            prefixes = f"PREFIX rdfs: <{RDFS}> PREFIX owl: <{OWL}> PREFIX pht: <{PHT}> "
            return sorted({row[0].value for row in store.query(prefixes + query)})

        self.activities = column(
            "SELECT ?a WHERE { ?a rdfs:subClassOf* pht:Activity FILTER(isIRI(?a)) }"
        )
        self.load_types = column(
            "SELECT ?t WHERE { ?t rdfs:subClassOf+ pht:LoadType FILTER(isIRI(?t)) }"
        )
        self.documents = column("SELECT ?d WHERE { ?d a pht:SourceDocument }")
        sections = column("SELECT ?s WHERE { ?s a pht:SectionCitation }")
        self.sections = {
            doc: [s for s in sections if s.startswith(doc + "/")] or [doc] for doc in self.documents
        }
        self.targets = [
            PHT + name
            for name in (
                "ProximalHamstringTendon",
                "SittingPain",
                "ReactiveTendinopathy",
                "SettledTendinopathy",
            )
        ]


def generate(path: Path, triples: int, seed: int, ontology: Path) -> int:
    """Write the ontology plus generated triples, ``triples`` in all, as N-Triples."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(path=str(ontology), format=pyoxigraph.RdfFormat.TURTLE)
    real = _Real(store)
    rng = random.Random(seed)
    written = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for quad in store:
            out.write(f"{quad.subject} {quad.predicate} {quad.object} .\n")
            written += 1
        del store

        a_ = RDF_TYPE
        label, alt, definition = f"<{RDFS}label>", f"<{SKOS}altLabel>", f"<{SKOS}definition>"
        sub = f"<{RDFS}subClassOf>"
        owl_class, restriction, axiom_type = f"<{OWL}Class>", f"<{OWL}Restriction>", f"<{OWL}Axiom>"
        on_property, some = f"<{OWL}onProperty>", f"<{OWL}someValuesFrom>"
        a_source, a_property, a_target = (
            f"<{OWL}annotatedSource>",
            f"<{OWL}annotatedProperty>",
            f"<{OWL}annotatedTarget>",
        )
        source, citation = f"<{DCTERMS}source>", f"<{PHT}citation>"
        aggravates, has_load = f"<{PHT}aggravates>", f"<{PHT}hasLoadType>"
        disorder = f"<{PHT}Disorder>"
        pht_condition = f"<{PHT_CONDITION}>"
        counter = 0
        conditions: list[str] = []

        def axiom(lines: list[str], subject: str, prop: str, target: str) -> None:
            nonlocal counter
            counter += 1
            node = f"_:syna{counter}"
            documents = rng.sample(real.documents, rng.choice((1, 1, 1, 2, 2, 3)))
            lines += [
                f"{node} {a_} {axiom_type} .",
                f"{node} {a_source} {subject} .",
                f"{node} {a_property} {prop} .",
                f"{node} {a_target} {target} .",
            ]
            for document in documents:
                lines.append(f"{node} {source} <{document}> .")
                lines.append(f"{node} {citation} <{rng.choice(real.sections[document])}> .")

        def restrict(lines: list[str], subject: str, prop: str, value: str) -> None:
            nonlocal counter
            counter += 1
            node = f"_:synr{counter}"
            lines += [
                f"{subject} {sub} {node} .",
                f"{node} {a_} {restriction} .",
                f"{node} {on_property} {prop} .",
                f"{node} {some} {value} .",
            ]
            axiom(lines, subject, sub, node)

        def term(
            lines: list[str], iri: str, name: str, synonyms: list[str], text: str, parent: str
        ) -> None:
            lines += [f"{iri} {a_} {owl_class} .", f'{iri} {label} "{name}"@en .']
            lines += [f'{iri} {alt} "{synonym}"@en .' for synonym in synonyms]
            literal = f'"{text}"@en'
            lines += [f"{iri} {definition} {literal} .", f"{iri} {sub} {parent} ."]
            axiom(lines, iri, definition, literal)
            axiom(lines, iri, sub, parent)

        def aggravated_target() -> str:
            draw = rng.random()
            if draw < 0.06 or not conditions:
                return pht_condition
            if draw < 0.10:
                return f"<{rng.choice(real.targets)}>"
            return rng.choice(conditions[-50:])

        family = 0
        while written < triples:
            family += 1
            lines: list[str] = []
            # Now and then a new condition: under pht:Disorder, a synthetic condition or PHT.
            if rng.random() < 0.3:
                counter += 1
                condition = f"<{SYN}Condition{counter}>"
                draw = rng.random()
                parent = (
                    pht_condition
                    if draw < 0.1
                    else rng.choice(conditions[-20:])
                    if draw < 0.5 and conditions
                    else disorder
                )
                term(
                    lines,
                    condition,
                    f"synthetic condition {counter}",
                    [f"condition variant {counter}"],
                    f"A generated condition (family {family}).",
                    parent,
                )
                conditions.append(condition)
            # A chain of one to four ever more specific activities under a real one.
            parent = f"<{rng.choice(real.activities)}>"
            for level in range(rng.randint(1, 4)):
                counter += 1
                noun, adjective = rng.choice(NOUNS), rng.choice(ADJECTIVES)
                activity = f"<{SYN}Activity{counter}>"
                term(
                    lines,
                    activity,
                    f"{adjective} {noun} {counter}",
                    [f"{noun} variant {counter}", f"{adjective} {noun} pattern {counter}"],
                    f"A generated {adjective} {noun} activity (family {family}, level {level}).",
                    parent,
                )
                for _ in range(rng.choices((0, 1, 2), weights=(40, 45, 15))[0]):
                    restrict(lines, activity, aggravates, aggravated_target())
                if rng.random() < 0.5:
                    restrict(lines, activity, has_load, f"<{rng.choice(real.load_types)}>")
                parent = activity
            out.write("\n".join(lines) + "\n")
            written += len(lines)
    return written


def release_freed_memory() -> None:
    """Give memory freed by the last query back to the system (glibc), so that the peak
    measured for the next query is its own."""
    import gc

    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def scale_child(data: Path, query_runs: int) -> None:
    """Load ``data`` into an in-memory store and time the bundled queries; JSON on stdout."""
    rss_start = rss_now_kib()
    start = time.perf_counter()
    import pyoxigraph

    from phtkg.store.queries import run_query

    import_time = time.perf_counter() - start
    rss_imported = rss_now_kib()
    start, cpu = time.perf_counter(), time.process_time()
    store = pyoxigraph.Store()
    store.load(path=str(data), format=pyoxigraph.RdfFormat.N_TRIPLES)
    load_time, load_cpu = time.perf_counter() - start, time.process_time() - cpu
    triples = len(store)
    release_freed_memory()
    rss_loaded = rss_now_kib()
    peak_loaded = peak_rss_kib()
    queries = []
    for title, name, parameters in SCALE_QUERIES:
        times, cpus, rows = [], [], 0
        release_freed_memory()
        before = rss_now_kib()
        resettable = reset_peak()
        for _ in range(query_runs):
            mark, cpu = time.perf_counter(), time.process_time()
            rows = len(run_query(name, store, **parameters))
            times.append(time.perf_counter() - mark)
            cpus.append(time.process_time() - cpu)
        # The highest resident memory while this query ran (with its rows as Python dicts).
        peak = _status_kib("VmHWM") if resettable else 0
        queries.append(
            {
                "title": title,
                "query": name,
                "times": times,
                "cpu": cpus,
                "rows": rows,
                "rss_before_kib": before,
                "peak_kib": peak,
            }
        )
    print(
        json.dumps(
            {
                "triples": triples,
                "import": import_time,
                "load": load_time,
                "load_cpu": load_cpu,
                "queries": queries,
                "rss_start_kib": rss_start,
                "rss_imported_kib": rss_imported,
                "rss_loaded_kib": rss_loaded,
                "peak_load_kib": peak_loaded,
                # Resetting VmHWM resets ru_maxrss too: the process's peak is the highest of the parts.
                "peak_rss_kib": max(
                    [peak_loaded, peak_rss_kib()] + [q["peak_kib"] for q in queries]
                ),
            }
        )
    )


def scale(sizes: list[int], query_runs: int, seed: int, keep: Path | None) -> list[dict]:
    from phtkg import resources

    section(
        f"scale: the ontology merged with generated data (seed {seed}, "
        f"query times are medians of {query_runs})"
    )
    folder = keep or Path(tempfile.mkdtemp(prefix="phtkg-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for size in sizes:
            data = folder / f"phtkg-{human_triples(size)}.nt"
            mark = time.perf_counter()
            written = generate(data, size, seed, resources.ontology_turtle())
            generated = time.perf_counter() - mark
            print(
                f"{human_triples(size):>4}: generated {written} triples "
                f"({data.stat().st_size / 2**20:.0f} MiB N-Triples) in {secs(generated)}; "
                "loading and querying in a fresh process ...",
                flush=True,
            )
            done = subprocess.run(
                [
                    sys.executable,
                    str(HERE),
                    "--child",
                    "scale",
                    "--data",
                    str(data),
                    "--query-runs",
                    str(query_runs),
                ],
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                print(f"      failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
                continue
            result = json.loads(done.stdout.strip().splitlines()[-1])
            result["size"] = size
            results.append(result)
            per = ", ".join(f"{q['title']} {secs(median(q['times']))}" for q in result["queries"])
            print(
                f"      loaded {result['triples']} triples in {secs(result['load'])}; {per}; "
                f"peak RSS {mib(result['peak_rss_kib'])}",
                flush=True,
            )
            if keep is None:
                data.unlink()
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    if results:
        print_scale_table(results)
    return results


def print_scale_table(results: list[dict]) -> None:
    titles = [q["title"] for q in results[0]["queries"]]
    width = max(24, *(len(t) + 2 for t in titles))
    print("\ntime: wall (CPU) / rows returned; queries: median of the runs")
    print(f"{'triples':>9} {'load':>16} " + " ".join(f"{t:>{width}}" for t in titles))
    for result in results:
        cells = " ".join(
            f"{secs(median(q['times']))} ({secs(median(q['cpu']))}) /{q['rows']}".rjust(width)
            for q in result["queries"]
        )
        load = f"{secs(result['load'])} ({secs(result['load_cpu'])})"
        print(f"{result['triples']:>9} {load:>16} {cells}")

    print(
        "\nmemory, resident: store = what the loaded store adds; peak load = the process's peak "
        "up to the end\nof loading; per query = the peak while it ran (+ above the resident "
        "size before it); peak RSS = the\nprocess's peak (ru_maxrss, VmHWM)"
    )
    print(
        f"{'triples':>9} {'store':>9} {'peak load':>10} "
        + " ".join(f"{t:>{width}}" for t in titles)
        + f" {'peak RSS':>9}"
    )
    for result in results:
        store_kib = result["rss_loaded_kib"] - result["rss_imported_kib"]
        cells = " ".join(
            (
                f"{mib(q['peak_kib'])} (+{(q['peak_kib'] - q['rss_before_kib']) / 1024:.0f})"
                if q.get("peak_kib")
                else "n/a"
            ).rjust(width)
            for q in result["queries"]
        )
        print(
            f"{result['triples']:>9} {mib(store_kib):>9} {mib(result['peak_load_kib']):>10} "
            f"{cells} {mib(result['peak_rss_kib']):>9}"
        )
    memory = ", ".join(
        f"{human_triples(r['size'])} "
        f"{(r['rss_loaded_kib'] - r['rss_imported_kib']) * 1024 / r['triples']:.0f}"
        for r in results
    )
    print(f"store bytes per triple: {memory}")

    base = results[0]
    columns = [("load", "load_cpu", "load", None)] + [
        (t, "cpu", "times", i) for i, t in enumerate(titles)
    ]

    def value(result: dict, key: str, index) -> float:
        if index is None:
            return result[key]
        return median(result["queries"][index][key])

    for kind, pick in (("CPU", 1), ("wall", 2)):
        print(
            f"\ngrowth in {kind} time: time per triple relative to {human_triples(base['size'])} "
            "(<= ~1: no worse than linear)\n[log-log slope from the previous size: 1 = linear]"
        )
        print(
            f"{'triples':>9} "
            + " ".join(f"{c[0]:>{width}}" for c in columns)
            + f" {'rows/1000 triples':>18}"
        )
        previous = None
        for result in results:
            cells = []
            for column in columns:
                key, index = column[pick], column[3]
                relative = (value(result, key, index) / result["triples"]) / (
                    value(base, key, index) / base["triples"]
                )
                text = f"{relative:.2f}"
                if previous is not None:
                    slope = math.log(
                        value(result, key, index) / value(previous, key, index)
                    ) / math.log(result["triples"] / previous["triples"])
                    text += f" [{slope:.2f}]"
                cells.append(f"{text:>{width}}")
            rows = " ".join(
                f"{q['rows'] / result['triples'] * 1000:.1f}" for q in result["queries"]
            )
            print(f"{result['triples']:>9} " + " ".join(cells) + f" {rows:>18}")
            previous = result

    million = [r for r in results if r["triples"] >= 1_000_000]
    if million:
        first = million[0]
        slowest = max(median(q["times"]) for q in first["queries"])
        verdict = "queryable in seconds" if first["load"] + slowest < 60 else "NOT in seconds"
        print(
            f"\n{human_triples(first['size'])} triples: loaded in {secs(first['load'])}, "
            f"slowest of the three queries {secs(slowest)} ({verdict}); "
            f"peak RSS {mib(first['peak_rss_kib'])}"
        )


# ---- command line -------------------------------------------------------------------
def parse_sizes(text: str) -> list[int]:
    sizes = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        factor = 1_000_000 if part.endswith("m") else 1_000 if part.endswith("k") else 1
        sizes.append(int(float(part.rstrip("mk")) * factor))
    return sorted(sizes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="5 pairs, sizes 100k and 1M, 2 query runs (a few minutes)",
    )
    parser.add_argument(
        "--runs", type=int, default=None, help="pairs of cold runs (default 15, quick 5)"
    )
    parser.add_argument(
        "--sizes",
        default=None,
        help="total triples per size, comma-separated; suffixes k and M allowed "
        "(default 100000,1000000,5000000; quick 100000,1000000)",
    )
    parser.add_argument(
        "--query-runs",
        type=int,
        default=None,
        help="runs of each query per size (default 3, quick 2)",
    )
    parser.add_argument("--seed", type=int, default=20240601, help="seed of the generated data")
    parser.add_argument(
        "--keep-data",
        type=Path,
        default=None,
        metavar="DIR",
        help="write the generated N-Triples here and keep them",
    )
    parser.add_argument("--skip-lookup", action="store_true", help="only the scale part")
    parser.add_argument("--skip-scale", action="store_true", help="only the cold-lookup part")
    parser.add_argument("--child", choices=("baseline", "scale"), help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child == "baseline":
        baseline_child()
        return 0
    if args.child == "scale":
        scale_child(args.data, args.query_runs or 1)
        return 0

    runs = args.runs or (5 if args.quick else 15)
    sizes = parse_sizes(
        args.sizes or ("100000,1000000" if args.quick else "100000,1000000,5000000")
    )
    query_runs = args.query_runs or (2 if args.quick else 3)
    started = time.perf_counter()
    machine_facts()
    ok = True
    if not args.skip_lookup:
        cold = cold_lookup(runs)
        import_breakdown(max(3, min(runs, 7)))
        ok = modules_check() and cold["ratio"] <= GOAL_RATIO and ok
    if not args.skip_scale:
        scale(sizes, query_runs, args.seed, args.keep_data)
    section("done")
    print(f"total benchmark time {secs(time.perf_counter() - started)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
