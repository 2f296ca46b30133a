"""The class tree and relation paths as text for people.

Both are drawn from the rows the lookups return (:mod:`phtkg.lookups.navigation`), the
same rows the other formats write, so the text and the data never disagree. Control
characters in labels are shown as escapes, as in every table (:mod:`.text`).
"""

from __future__ import annotations

from phtkg.output.text import visible


def _last_among_siblings(depths: list[int]) -> list[bool]:
    """For each row of a depth-first tree, whether no later sibling follows it."""
    last = [True] * len(depths)
    next_at: dict[int, bool] = {}  # depth -> a later row at that depth shares the parent
    for index in range(len(depths) - 1, -1, -1):
        depth = depths[index]
        last[index] = not next_at.get(depth, False)
        next_at = {d: seen for d, seen in next_at.items() if d < depth}
        next_at[depth] = True
    return last


def tree_text(rows: list[dict]) -> str:
    """The rows of ``tree`` drawn as an indented tree, one class a line.

    A repeated place says where the class's subclasses are shown; a class at the depth
    limit says how many subclasses are left out.
    """
    last = _last_among_siblings([row["depth"] for row in rows])
    lines = []
    open_levels: list[bool] = []  # for each level above, whether its branch goes on
    for row, is_last in zip(rows, last):
        depth = row["depth"]
        del open_levels[max(depth - 1, 0) :]
        prefix = ""
        if depth:
            prefix = "".join("│   " if going_on else "    " for going_on in open_levels)
            prefix += "└── " if is_last else "├── "
            open_levels.append(not is_last)
        text = row["label"]
        if row["repeat"]:
            text += f"  [repeat: see under {row['first_under']}]"
        elif row["hidden_subclasses"]:
            count = row["hidden_subclasses"]
            text += f"  [+{count} subclass{'es' if count != 1 else ''}]"
        lines.append(visible(prefix + text))
    return "\n".join(lines) + "\n" if lines else ""


def _arrow(row: dict) -> str:
    """The step's relation, pointing from the fact's subject to its object."""
    if row["direction"] == "out":
        return f"--{row['relation']}-->"
    return f"<--{row['relation']}--"


def _source_lines(row: dict) -> list[str]:
    """Each cited section (``stem § heading``), then each source without one."""
    cited = {section.split(" § ", 1)[0] for section in row["sections"]}
    return list(row["sections"]) + [stem for stem in row["sources"] if stem not in cited]


def paths_text(rows: list[dict]) -> str:
    """The rows of ``paths`` as one block a path: the start, then each step (its
    relation, the term it reaches, how it is known when no document states it) with the
    documents and sections behind it."""
    blocks: list[list[str]] = []
    for row in rows:
        if row["step"] == 1:
            steps = row["length"]
            blocks.append(
                [f"path {row['path']}: {steps} step{'s' if steps != 1 else ''}"]
                + [f"  {row['from_label']}"]
            )
        known = row["evidence"]
        how = f"  ({known})" if known and known != "stated" else ""
        blocks[-1].append(f"    {_arrow(row)}  {row['to_label']}{how}")
        blocks[-1] += [f"        {line}" for line in _source_lines(row)]
    return "\n".join(visible(line) for block in blocks for line in [*block, ""]).rstrip() + "\n"
