"""Stage 5: render the IR with the Jinja templates.

The templates live in the top-level ``templates/`` folder of the source tree; the
wheel ships them inside the package as ``arazzogen/templates``. They run under
``StrictUndefined``: a template that names a field the IR does not have fails loudly.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from arazzogen.build import ir


def templates_dir() -> Path:
    """The templates folder: inside the installed package, else beside it in a checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "templates", package.parent / "templates"):
        if (candidate / "module.py.jinja").is_file():
            return candidate
    raise FileNotFoundError("arazzogen's templates folder is missing from this installation")


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_module(module: ir.Module) -> str:
    return environment().get_template("module.py.jinja").render(module=module)
