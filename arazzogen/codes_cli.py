"""``arazzogen codes``: the table of codes, or one code explained with an example."""

from __future__ import annotations

import sys
import textwrap

from arazzogen import streams
from arazzogen.codes import REGISTRY

#: lines of the example shown around the reported line
CONTEXT = 6


def run_codes(code: str | None, *, markdown: bool = False) -> int:
    if markdown:
        from arazzogen.codes_doc import markdown_table

        streams.write(sys.stdout, markdown_table())
        return 0
    if code is None:
        lines = (f"{item.id}  {item.severity:<7}  {item.name}\n" for item in REGISTRY.values())
        streams.write(sys.stdout, "".join(lines))
        return 0
    wanted = code.strip().upper()
    if wanted.isdigit():
        wanted = f"AZ{wanted}"
    entry = REGISTRY.get(wanted)
    if entry is None:
        sys.stderr.write(
            f"arazzogen: error: unknown code {code!r}; `arazzogen codes` lists them all\n"
        )
        return 2
    streams.write(sys.stdout, explain(wanted))
    return 0


def explain(code: str) -> str:
    from arazzogen.load.examples import find_example

    entry = REGISTRY[code]
    strict = " (an error with --strict)" if entry.lenient else ""
    out = [
        f"{entry.id} {entry.name}: {entry.severity}{strict}",
        "",
        *textwrap.wrap(entry.description, 88),
        "",
        *textwrap.wrap(f"What to do: {entry.hint}.".replace("..", "."), 88),
        "",
    ]
    example = find_example(code)
    if example is None:
        out.append("No example document: this code is about the command line or the output.")
    else:
        out.append(f"Example ({example.name}):")
        out.append("")
        lines = [ln for ln in example.text.splitlines() if not ln.startswith("# expect")]
        offset = len(example.text.splitlines()) - len(lines)
        if example.at is not None:
            target = example.at[0] - offset
            first = max(0, target - 1 - CONTEXT)
            shown = lines[first : target + CONTEXT]
        else:
            first, target, shown = 0, 0, lines[: 2 * CONTEXT + 1]
        for number, line in enumerate(shown, first + 1):
            mark = ">" if number == target else " "
            out.append(f"{mark} {number + offset:>4} | {line}")
            if number == target and example.at is not None:
                out.append(f"       | {' ' * (example.at[1] - 1)}^")
    return "\n".join(out) + "\n"
