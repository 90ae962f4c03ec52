"""The templates ship precompiled (arazzogen/emit/precompiled), used only while up to date."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest

from arazzogen.emit import render

PRECOMPILED = Path(render.__file__).parent / "precompiled"
HOW = "run `python bench/precompile_templates.py`"


def _compiled_by() -> str:
    header = (PRECOMPILED / "module_py.py").read_text(encoding="utf-8")
    found = re.search(r"^# jinja2 (\S+)$", header, re.MULTILINE)
    assert found, f"module_py.py does not say which jinja2 compiled it: {HOW}"
    return found.group(1)


@pytest.fixture
def same_jinja2() -> None:
    """Another jinja2 compiles other code: the shipped modules are then not used (the
    templates are compiled from their text), and cannot be compared."""
    if _compiled_by() != jinja2.__version__:
        pytest.skip(f"precompiled by jinja2 {_compiled_by()}; jinja2 {jinja2.__version__} here")


@pytest.mark.usefixtures("same_jinja2")
def test_every_template_ships_precompiled_and_up_to_date() -> None:
    env = render.environment()
    names = env.list_templates()
    assert "module.py.jinja" in names
    wanted = {f"{render.precompiled_name(n).rpartition('.')[2]}.py": n for n in names}
    shipped = {p.name for p in PRECOMPILED.glob("*.py")} - {"__init__.py"}
    assert shipped == set(wanted), HOW
    for file, name in wanted.items():
        text = (PRECOMPILED / file).read_text(encoding="utf-8")
        assert text == render.precompiled_text(env, name), f"{file} is stale: {HOW}"


@pytest.mark.usefixtures("same_jinja2")
def test_rendering_uses_the_precompiled_modules() -> None:
    for name in render.environment().list_templates():
        template = render.environment().get_template(name)
        module = render.precompiled_name(name).rpartition(".")[2]
        assert template.filename == str(PRECOMPILED / f"{module}.py")


def _environment(folder: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=render.PrecompiledLoader(str(folder)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def test_an_edited_template_is_compiled_from_its_text(tmp_path: Path) -> None:
    (tmp_path / "module.py.jinja").write_text("edited {{ module }}\n", encoding="utf-8")
    template = _environment(tmp_path).get_template("module.py.jinja")
    assert template.filename == str(tmp_path / "module.py.jinja")
    assert template.render(module="x") == "edited x\n"


def test_other_syntax_settings_do_not_use_the_precompiled_modules() -> None:
    env = _environment(render.templates_dir())
    env.trim_blocks = False  # the same text compiles to other code
    source, _, _ = env.loader.get_source(env, "result.py.jinja")  # type: ignore[union-attr]
    assert render.template_key(env, source) != render.template_key(render.environment(), source)
    template = env.get_template("result.py.jinja")
    assert template.filename == str(render.templates_dir() / "result.py.jinja")


@pytest.mark.usefixtures("same_jinja2")
def test_a_second_environment_compiles_from_the_text_and_leaves_the_first_alone() -> None:
    # a precompiled module's functions read the environment from the module's globals
    first = render.environment().get_template("result.py.jinja")
    other = _environment(render.templates_dir()).get_template("result.py.jinja")
    assert other.filename == str(render.templates_dir() / "result.py.jinja")
    assert first.filename == str(PRECOMPILED / "result_py.py")
    module = __import__(render.precompiled_name("result.py.jinja"), fromlist=["KEY"])
    assert module.environment is render.environment()
