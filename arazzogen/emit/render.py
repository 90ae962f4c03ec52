"""Stage 5: render the IR with the Jinja templates.

The templates live in the top-level ``templates/`` folder of the source tree; the
wheel ships them inside the package as ``arazzogen/templates``. They run under
``StrictUndefined``: a template that names a field the IR does not have fails loudly.

Compiling the templates to Python took about 50 ms in every process, so each one ships
precompiled too (:mod:`arazzogen.emit.precompiled`, written by
``python bench/precompile_templates.py``): the module jinja2 itself generates for the
template, used only when its ``KEY`` matches the template's text as read now, the jinja2
version and the syntax options. An edited template, or another jinja2, is compiled from
its text as before; the tests check the shipped modules are up to date.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import MutableMapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from arazzogen.build import ir

#: the environment's settings that change what a template compiles to (part of its ``KEY``)
SYNTAX = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "autoescape",
    "optimized",
    "finalize",
    "extensions",
)
PRECOMPILED = "arazzogen.emit.precompiled"


def templates_dir() -> Path:
    """The templates folder: inside the installed package, else beside it in a checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "templates", package.parent / "templates"):
        if (candidate / "module.py.jinja").is_file():
            return candidate
    raise FileNotFoundError("arazzogen's templates folder is missing from this installation")


def template_key(env: jinja2.Environment, source: str) -> str:
    """What a precompiled template must have been compiled from to be used."""
    settings = [(name, getattr(env, name)) for name in SYNTAX]
    text = f"jinja2 {jinja2.__version__} {settings}\n{source}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def precompiled_name(template: str) -> str:
    """The module of a template: ``step_call.py.jinja`` -> ``...precompiled.step_call_py``."""
    return f"{PRECOMPILED}.{template.removesuffix('.jinja').replace('.', '_')}"


def precompiled_text(env: jinja2.Environment, template: str) -> str:
    """The text of the precompiled module of a template, as it is shipped."""
    source, filename, _ = env.loader.get_source(env, template)  # type: ignore[union-attr]
    # deferred init: the module reads the environment from its globals, set when loaded
    code = env.compile(source, template, filename, raw=True, defer_init=True)
    return (
        f"# Generated from templates/{template} by `python bench/precompile_templates.py`:\n"
        "# do not edit. Used instead of compiling the template while KEY matches it\n"
        "# (arazzogen.emit.render.template_key).\n"
        f"# jinja2 {jinja2.__version__}\n"
        "# mypy: ignore-errors\n"
        f"KEY = {template_key(env, source)!r}\n{code}\n"
    )


class PrecompiledLoader(jinja2.FileSystemLoader):
    """Loads a template from its precompiled module when that is up to date."""

    def load(
        self,
        environment: jinja2.Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        source, _, _ = self.get_source(environment, name)
        try:
            module = importlib.import_module(precompiled_name(name))
        except ImportError:
            module = None
        # the module's functions read the environment from its globals: one environment
        # renders with it; another (a test's, say) compiles the template from its text
        if (
            module is not None
            and getattr(module, "KEY", None) == template_key(environment, source)
            and getattr(module, "environment", environment) is environment
        ):
            return environment.template_class.from_module_dict(
                environment, vars(module), globals or {}
            )
        return super().load(environment, name, globals)


@cache
def environment() -> jinja2.Environment:
    # one per process: a precompiled module holds the environment its template renders in
    # (see PrecompiledLoader)
    return jinja2.Environment(
        loader=PrecompiledLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_module(module: ir.Module) -> str:
    return environment().get_template("module.py.jinja").render(module=module)
