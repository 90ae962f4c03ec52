#!/usr/bin/env python3
"""Write ``arazzogen/emit/precompiled/``: each template of ``templates/`` compiled to
Python by jinja2, so that a compile loads it instead of compiling it (~50 ms a process).

Run by hand from a checkout after a change to a template (or to another jinja2)::

    python bench/precompile_templates.py

Until then the stale modules are merely unused: a template whose text no longer matches
its module's ``KEY`` is compiled from its text. ``tests/test_precompiled_templates.py``
fails while a module is stale, missing or left over.
"""

from __future__ import annotations

from pathlib import Path

from arazzogen.emit import render

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "arazzogen" / "emit" / "precompiled"


def main() -> None:
    env = render.environment()
    wanted = {
        TARGET / f"{render.precompiled_name(name).rpartition('.')[2]}.py": name
        for name in env.list_templates()
    }
    for path in sorted(TARGET.glob("*.py")):
        if path.name != "__init__.py" and path not in wanted:
            path.unlink()
            print(f"removed {path.relative_to(ROOT)}")
    for path, name in sorted(wanted.items()):
        text = render.precompiled_text(env, name)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
