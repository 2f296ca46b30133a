"""The fixed set of commands whose output must not change when the code is reorganised.

Each entry is a name and the arguments given to ``phtkg``. ``{out}`` stands for an
output file the command writes; the file's bytes are then what is compared.
"""

from __future__ import annotations

LOOKUP_FORMATS = ("table", "json", "csv", "tsv")

CATEGORIES = (
    "anatomy",
    "symptoms",
    "red-flags",
    "risk-factors",
    "loads",
    "activities",
    "exercises",
    "load-types",
    "tests",
    "differentials",
    "disorders",
    "treatments",
    "stages",
    "phases",
    "populations",
    "mechanisms",
    "considerations",
    "outcomes",
    "measures",
    "disagreements",
    "sources",
)

QUERIES = (
    ("adjacent-structures", "term=pht:ProximalHamstringTendon"),
    ("aggravated-by", "activity=pht:ProlongedSitting"),
    ("aggravates", "term=pht:ProximalHamstringTendinopathy"),
    ("describe-relations", "term=pht:ProlongedSitting"),
    ("describe-term", "term=pht:ProximalHamstringTendinopathy"),
    ("describe-claims", "term=pht:DelayedPainDisagreement"),
    ("describe-sides", "term=pht:DelayedPainDisagreement"),
    ("disagreements", ""),
    ("describe-hierarchy", "term=pht:ProximalHamstringTendinopathy"),
)

EXPORT_FORMATS = ("turtle", "xml", "nt", "nquads", "trig", "json-ld", "kgx", "sssom", "csv")


def commands() -> list[tuple[str, list[str], bool]]:
    """(name, arguments, slow) for every command of the comparison."""
    out: list[tuple[str, list[str], bool]] = []
    for fmt in LOOKUP_FORMATS:
        out.append((f"aggravates.{fmt}", ["aggravates", "--format", fmt], False))
        out.append(
            (f"aggravated-by-sitting.{fmt}", ["aggravated-by", "sitting", "--format", fmt], False)
        )
        out.append((f"describe-pht.{fmt}", ["describe", "PHT", "--format", fmt], False))
        out.append(
            (f"describe-sciatic.{fmt}", ["describe", "sciatic nerve", "--format", fmt], False)
        )
        out.append((f"search-sit.{fmt}", ["search", "sit", "--format", fmt], False))
    for category in CATEGORIES:
        out.append((f"list-{category}.json", ["list", category, "--format", "json"], False))
    out.append(("list-phases.table", ["list", "phases", "--format", "table"], False))
    for name, param in QUERIES:
        args = ["query", name] + (["--param", param] if param else [])
        for fmt in ("json", "tsv"):
            out.append((f"query-{name}.{fmt}", [*args, "--format", fmt], False))
    out.append(("query-list", ["query", "--list"], False))
    for fmt in EXPORT_FORMATS:
        out.append((f"export.{fmt}", ["export", "--format", fmt, "-o", "{out}"], False))
    out.append(("export.void", ["export", "--format", "void"], False))
    out.append(("stats.json", ["stats", "--format", "json"], False))
    out.append(("reason-rl", ["reason", "--reasoner", "rl"], False))
    out.append(("reason-hermit", ["reason"], True))
    out.append(("validate.json", ["validate", "--format", "json"], False))
    out.append(("validate.table", ["validate", "--format", "table"], False))
    for case in (
        "reactive-deep-stretching.yaml",
        "saddle-numbness.yaml",
        "settled-runner.yaml",
        "reactive-running.ttl",
    ):
        out.append((f"check-{case}", ["check", f"docs/examples/{case}", "--format", "json"], True))
    out.append(("diagram-pht.mermaid", ["diagram", "PHT", "--format", "mermaid"], False))
    out.append(
        ("diagram-aggravation.dot", ["diagram", "--view", "aggravation", "--format", "dot"], False)
    )
    out.append(
        ("diagram-rehab.svg", ["diagram", "--view", "rehab", "--format", "svg", "--builtin"], False)
    )
    return out
