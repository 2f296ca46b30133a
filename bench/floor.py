#!/usr/bin/env python
"""Every command against its physical floor, as paired ratios.

Run from a checkout with phtkg installed (``pip install -e .``):

    python bench/floor.py                  # every row, 7 pairs each (about 4 minutes)
    python bench/floor.py --pairs 15       # steadier medians
    python bench/floor.py --only lookup,help

Two floors, each a fresh process that does the least any tool must do for the answer:

* **floor**: Python starts, imports pyoxigraph, loads the shipped ``ontology/phtkg.ttl``
  into an in-memory store and runs one label lookup (``"sitting"``), printing its rows;
* **HermiT direct**: Java runs HermiT's own command line on the shipped
  ``ontology/phtkg.owl`` with the options phtkg gives it (the heap of ``phtkg reason``,
  the quick JIT compiler), classifying classes and individuals as ``phtkg reason`` does.

Each row runs its command and its floor alternately (which goes first alternates too) for
``--pairs`` pairs, and prints the median wall time of each, their median CPU time (user +
system, which other work on the machine disturbs less), the median of the per-pair wall
ratios and the goal for that ratio, and the median of the per-pair CPU-time ratios (the
steadier figure on a busy machine). The exit status is 1 when a row misses its goal.
The children are fresh processes (this script imports phtkg only to find HermiT); outputs
go to a temporary folder that is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import pty
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench import children_cpu, median, ms, phtkg_command  # the other benchmark's helpers

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_TTL = ROOT / "ontology" / "phtkg.ttl"
ONTOLOGY_OWL = ROOT / "ontology" / "phtkg.owl"
CASE = ROOT / "docs" / "examples" / "complete-rest.yaml"

FLOOR_SCRIPT = f"""
import pyoxigraph
store = pyoxigraph.Store()
store.load(path={str(ONTOLOGY_TTL)!r}, format=pyoxigraph.RdfFormat.TURTLE)
query = '''SELECT ?term WHERE {{
  ?term <http://www.w3.org/2000/01/rdf-schema#label> ?label
  FILTER(LCASE(STR(?label)) = "sitting") }}'''
for row in store.query(query):
    print(row[0])
"""


@dataclass
class Row:
    name: str  # the --only name
    title: str
    command: list[str]
    floor: str  # "floor" or "hermit"
    goal: float | None  # the most the median ratio may be; None: reported only
    terminal: bool = False  # stdout on a pseudo-terminal, as a person sees it


def hermit_command() -> list[str]:
    """HermiT's command line as phtkg reason runs it, on the shipped RDF/XML."""
    from phtkg.reasoning.dl import JVM_OPTIONS, hermit_classpath
    from phtkg.reasoning.java import choose_java

    java = choose_java(minimum=8)
    return [
        java.path,
        "-Xmx2000M",
        *JVM_OPTIONS,
        "-cp",
        hermit_classpath(),
        "org.semanticweb.HermiT.cli.CommandLine",
        "-c",
        "-I",
        ONTOLOGY_OWL.resolve().as_uri(),
    ]


def rows(work: Path) -> list[Row]:
    cli = phtkg_command()
    return [
        Row(
            "lookup",
            "phtkg aggravated-by sitting --format tsv",
            [*cli, "aggravated-by", "sitting", "--format", "tsv"],
            "floor",
            1.5,
        ),
        Row(
            "describe",
            "phtkg describe PHT --format tsv",
            [*cli, "describe", "proximal hamstring tendinopathy", "--format", "tsv"],
            "floor",
            2.0,
        ),
        Row(
            "table",
            "phtkg aggravated-by sitting, a table on a terminal",
            [*cli, "aggravated-by", "sitting"],
            "floor",
            2.1,
            terminal=True,
        ),
        Row("help", "phtkg --help", [*cli, "--help"], "floor", 0.9),
        Row("site", "phtkg site -o DIR", [*cli, "site", "-o", str(work / "site")], "floor", 40),
        Row("validate", "phtkg validate", [*cli, "validate"], "floor", 16),
        Row("reason", "phtkg reason (HermiT)", [*cli, "reason"], "hermit", 1.15),
        Row(
            "check",
            f"phtkg check {CASE.relative_to(ROOT)}",
            [*cli, "check", str(CASE)],
            "hermit",
            None,
        ),
    ]


#: The children's environment: with Python's bytecode cache on, as for an installed package
#: (pip compiles the modules when it installs them), even where PYTHONDONTWRITEBYTECODE is
#: set for development; without it every run would compile phtkg's modules again.
ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run_once(command: list[str], terminal: bool, work: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run; a failing run stops the benchmark."""
    for leftover in (work / "site",):
        shutil.rmtree(leftover, ignore_errors=True)
    cpu = children_cpu()
    started = time.perf_counter()
    if terminal:
        controller, stdout = pty.openpty()
        child = subprocess.Popen(
            command, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT, env=ENVIRONMENT
        )
        os.close(stdout)
        while True:  # drain the terminal, as a terminal would
            try:
                if not os.read(controller, 65536):
                    break
            except OSError:
                break
        os.close(controller)
        error = child.stderr.read()
        code = child.wait()
    else:
        done = subprocess.run(command, capture_output=True, cwd=ROOT, env=ENVIRONMENT)
        code, error = done.returncode, done.stderr
    wall = time.perf_counter() - started
    if code not in (0, 1):  # 1: reason, validate and check report findings with it
        sys.exit(f"bench: {' '.join(command)} failed ({code}):\n{error.decode()[-2000:]}")
    return wall, children_cpu() - cpu


def measure(row: Row, floors: dict[str, list[str]], pairs: int, work: Path) -> bool:
    """Run ``row`` against its floor; print the line; True when the goal is met."""
    floor = floors[row.floor]
    run_once(row.command, row.terminal, work)  # warm the file cache; not counted
    run_once(floor, False, work)
    walls, cpus, floor_walls, floor_cpus, ratios, cpu_ratios = [], [], [], [], [], []
    for pair in range(pairs):
        order = [(row.command, row.terminal), (floor, False)]
        if pair % 2:
            order.reverse()
        results = {id(command): run_once(command, terminal, work) for command, terminal in order}
        (wall, cpu), (floor_wall, floor_cpu) = results[id(row.command)], results[id(floor)]
        walls.append(wall)
        cpus.append(cpu)
        floor_walls.append(floor_wall)
        floor_cpus.append(floor_cpu)
        ratios.append(wall / floor_wall)
        cpu_ratios.append(cpu / floor_cpu)
    ratio = median(ratios)
    met = row.goal is None or ratio <= row.goal
    goal = "reported" if row.goal is None else f"<= {row.goal:g}x: {'MET' if met else 'MISSED'}"
    name = "HermiT direct" if row.floor == "hermit" else "floor"
    print(
        f"{row.title}\n"
        f"  command {ms(median(walls)):>10} wall, {ms(median(cpus)):>10} CPU\n"
        f"  {name:<7} {ms(median(floor_walls)):>10} wall, {ms(median(floor_cpus)):>10} CPU\n"
        f"  ratio   {ratio:.2f}x (median of {pairs} pairs; range "
        f"{min(ratios):.2f}-{max(ratios):.2f}); goal {goal}\n"
        f"  CPU     {median(cpu_ratios):.2f}x (median of the per-pair CPU-time ratios)",
        flush=True,
    )
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=7, help="pairs per row (default 7)")
    parser.add_argument(
        "--only",
        help="comma-separated row names: " + ", ".join(row.name for row in rows(Path("."))),
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="phtkg-floor-") as tmp:
        work = Path(tmp)
        chosen = rows(work)
        if args.only:
            names = set(args.only.split(","))
            unknown = names - {row.name for row in chosen}
            if unknown:
                parser.error(f"unknown rows: {', '.join(sorted(unknown))}")
            chosen = [row for row in chosen if row.name in names]
        floor_script = work / "floor.py"
        floor_script.write_text(FLOOR_SCRIPT, encoding="utf-8")
        floors = {"floor": [sys.executable, str(floor_script)]}
        if any(row.floor == "hermit" for row in chosen):
            floors["hermit"] = hermit_command()
        print(
            f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; "
            f"Python {sys.version.split()[0]}\n"
        )
        met = [measure(row, floors, args.pairs, work) for row in chosen]
    return 0 if all(met) else 1


if __name__ == "__main__":
    sys.exit(main())
