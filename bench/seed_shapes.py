#!/usr/bin/env python3
"""Write ``arazzogen/emit/shapes.json``: black's formatting of the shapes modules share.

Run by hand from a checkout (after a change to the helpers, the error classes or the
templates, or to another black version)::

    python bench/seed_shapes.py

Every example document of the repository (``generated_examples/*/arazzo``,
``tests/features``) is rendered and cut into pieces as ``arazzogen.emit.formatting``
cuts a module; the shapes found in at least :data:`SHARED_BY` documents are formatted
with the installed black and written with its version. A compile then formats them
without black, even with no cache on disk; a shape the file lacks (or a file written by
another black) only costs a black run.
"""

from __future__ import annotations

import ast
import collections
import json
from pathlib import Path

from compile_speed import renderer

from arazzogen.emit import formatting

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "arazzogen" / "emit" / formatting.SEEDS
#: in how many documents a shape must appear to be shipped
SHARED_BY = 3


def shapes_of(path: Path) -> set[str]:
    source = renderer(path, cwd=ROOT, limits=None)()
    pieces = formatting.split_definitions(source, ast.parse(source))
    return {formatting.abstract(piece)[0] for piece in pieces}


def main() -> None:
    documents = sorted(
        [
            *ROOT.glob("generated_examples/*/arazzo/*.arazzo.yaml"),
            *ROOT.glob("tests/features/*.arazzo.yaml"),
        ]
    )
    counts: collections.Counter[str] = collections.Counter()
    for document in documents:
        counts.update(shapes_of(document))
    shared = sorted(shape for shape, count in counts.items() if count >= SHARED_BY)
    entries = {
        "black": formatting._key_prefix().decode(),
        "shapes": [[shape, formatting._black(shape)] for shape in shared],
    }
    TARGET.write_text(json.dumps(entries, indent=0, ensure_ascii=True) + "\n", encoding="utf-8")
    print(f"{len(shared)} shapes shared by {SHARED_BY}+ of {len(documents)} documents -> {TARGET}")


if __name__ == "__main__":
    main()
