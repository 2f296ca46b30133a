"""``phtkg check FILE``: check a patient case or rehabilitation plan with the reasoner.

Loaded only when the command runs (see :mod:`phtkg.commands.group`), so that lookups
do not pay for it. Exit codes: 0 no conflict
(inferences may be reported), 1 a conflict, 2 bad input or no reasoner (one line on
stderr, never a traceback).
"""

from __future__ import annotations

import json
import sys

import click

from phtkg.commands.context import AppContext, pass_app
from phtkg.commands.errors import fail
from phtkg.commands.options import reasoner_timeout_option


@click.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default=None,
    help="Output format (default: table on a terminal, json otherwise).",
)
@click.option(
    "--memory-mb",
    type=click.IntRange(min=64),
    default=1000,
    show_default=True,
    help="Java heap for the reasoner, in MB.",
)
@reasoner_timeout_option
@pass_app
def check_command(
    app: AppContext, file: str, fmt: str | None, memory_mb: int, timeout: float
) -> None:
    """Check a case or plan (YAML or Turtle) against the ontology with HermiT.

    Reports what the reasoner infers about the case (warning signs that call for
    referral) and which planned items conflict with the advice in the sources, naming
    the axioms and document sections behind each finding. See docs/cases.md.

    \b
    Examples:
      phtkg check docs/examples/reactive-deep-stretching.yaml
      phtkg check --format json my-case.yaml
    """
    from phtkg.cases.check import CheckFailed, check_case
    from phtkg.cases.model import CaseError, load_case

    try:
        case = load_case(file)
        result = check_case(case, memory_mb=memory_mb, timeout=timeout)
    except (CaseError, CheckFailed) as error:
        fail(str(error))
    fmt = fmt or ("table" if app.default_format() == "table" else "json")
    click.echo(render_json(result) if fmt == "json" else render_report(result))
    sys.exit(1 if result.conflict else 0)


def render_json(result) -> str:
    return json.dumps(
        {
            "case": result.case.name,
            "file": str(result.case.path),
            "verdict": result.verdict,
            "findings": [finding.as_dict() for finding in result.findings],
            "reasoner": {
                "name": "hermit",
                "runtime": result.runtime,
                "runs": result.runs,
                "seconds": round(result.seconds, 2),
            },
        },
        indent=2,
        ensure_ascii=False,
    )


def render_report(result) -> str:
    lines = [f"case: {result.case.name} ({result.case.path})"]
    for item in result.case.items:
        lines.append(f"  {item.role}: {item.label}")
    lines.append(f"verdict: {result.verdict}")
    for finding in result.findings:
        lines.append(f"{finding.kind}: {finding.message}")
        for axiom in finding.axioms:
            lines.append(f"  axiom: {axiom.text}")
            if axiom.sources:
                lines.append(f"    sources: {'; '.join(axiom.sources)}")
            if axiom.note:
                lines.append(f"    note: {axiom.note}")
    runs = f"{result.runs} run" + ("" if result.runs == 1 else "s")
    lines.append(f"reasoner: hermit ({result.runtime}; {runs}, {result.seconds:.1f} s)")
    return "\n".join(lines)
