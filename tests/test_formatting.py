"""Formatting piece by piece gives exactly black's output for the whole module."""

from __future__ import annotations

from pathlib import Path

import pytest

from arazzogen.api import _front, _Run
from arazzogen.build.workflow import build_module
from arazzogen.diagnostics import Reporter
from arazzogen.emit import formatting
from arazzogen.emit.formatting import GeneratedCodeError, format_source, format_whole
from arazzogen.emit.render import render_module

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted(
    [
        *ROOT.glob("generated_examples/*/arazzo/*.arazzo.yaml"),
        *ROOT.glob("tests/features/*.arazzo.yaml"),
    ]
)


def rendered(path: Path) -> str:
    reporter = Reporter()
    run = _front(_Run(reporter), path, use_sources=True, cwd=ROOT)
    assert run.doc is not None and run.version is not None and run.resolved is not None
    module = build_module(run.doc, run.version, run.resolved, reporter,  # type: ignore[arg-type]
                          source_path=path.name)
    assert module is not None, [d.message for d in reporter.diagnostics]
    return render_module(module)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_generated_modules_format_as_black_formats_them_whole(path: Path) -> None:
    source = rendered(path)
    formatting.SHAPES.clear()
    assert format_source(source) == format_whole(source)
    # a second time, from the cache: the same text
    assert format_source(source) == format_whole(source)
    assert formatting.SHAPES.hits > 0


EDGE_CASES = [
    # comments just above a definition belong to it; a module docstring, imports, constants
    '"""Doc."""\nimport os\nX=1\n# about f\n# more\ndef f(a,b):\n  return a\n'
    "@decorator\n@other( 1 )\nclass C:\n  x:int=1\nY = [1,\n2]\n\n\n\n\ndef g(): pass\n",
    # statements between definitions keep their blank lines; a trailing comment
    "def f():\n    pass\nA = 1\n\nB = 2\n# the end\n",
    # an indented comment at the end of a body, then a definition
    "def f():\n    x = 1\n    # inside\ndef g():\n    return 2\n",
    # a comment block separated from the definition by a blank line
    "x = 1\n# loose\n\ndef f(): ...\nclass E(Exception): ...\n",
    # async definitions, overloads without bodies
    "import typing\n@typing.overload\ndef f(x: int) -> int: ...\n@typing.overload\n"
    "def f(x: str) -> str: ...\ndef f(x): return x\nasync def g():\n    await h()\n",
    # only statements
    "a = 1\nb = 2\n",
    # quotes inside docstrings and strings: abstracted where black ignores them, kept where
    # it pads a docstring that starts or ends with a quote
    'def f():\n    """The "result" of \'w\', checked."""\n    return g("it\'s", \'say "x"\')\n'
    'def g():\n    """Quoted at the end: "y" """\n\n\ndef h():\n    \'\'\'Say "x".\'\'\'\n'
    'class C:\n    """\n    "Starts" with a quote.\n      Indented.  \n    """\n',
    # a long call black must split
    "def f():\n    return some_function(argument_number_one, argument_number_two, "
    "argument_number_three, argument_four)\n",
]


@pytest.mark.parametrize("source", EDGE_CASES)
def test_edge_cases_format_as_black_formats_them_whole(source: str) -> None:
    assert format_source(source) == format_whole(source)


def test_empty_source() -> None:
    assert format_source("") == format_whole("")


def test_invalid_code_is_refused() -> None:
    with pytest.raises(GeneratedCodeError):
        format_source("def f(:\n")


@pytest.mark.parametrize("name", ["flow.arazzo.yaml", "values.arazzo.yaml"])
def test_many_similar_workflows_format_as_black_formats_them_whole(
    tmp_path: Path, name: str
) -> None:
    # copies of each workflow under ids of equal and of different lengths: pieces of the
    # same shape come from the cache, with their own names and strings put back
    import shutil

    import yaml

    features = ROOT / "tests" / "features"
    shutil.copy(features / "api.openapi.yaml", tmp_path / "api.openapi.yaml")
    document = yaml.safe_load((features / name).read_text(encoding="utf-8"))
    copies = []
    for suffix in ("a", "b", "cc", "dd", "eee", "Long-Suffix-9"):
        for workflow in document["workflows"]:
            copy = yaml.safe_load(yaml.safe_dump(workflow))
            copy["workflowId"] = f"{workflow['workflowId']}-{suffix}"
            copy["summary"] = f"Copy {suffix} of {workflow['workflowId']}"
            copies.append(copy)
    document["workflows"] = copies
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    source = rendered(path)
    formatting.SHAPES.clear()
    assert format_source(source) == format_whole(source)
    assert formatting.SHAPES.hits > 0


def test_abstract_and_concrete_round_trip() -> None:
    source = (
        'def create_and_fetch(api_key: str, *, client: httpx.Client) -> None:\n'
        '    """Doc string, abstracted.\n\n      Indented  line.\n    """\n'
        '    x = client.get("https://api.example.com/v1", headers={"Auth": f"B {api_key}"})'
        "  # comment: client\n"
        "    return cast('Result', x) + 'it''s' + \"a\\\"b\" + rb'raw_bytes' + 0x1e5 + 1e5\n"
        "    '''It's kept.'''\n"
    )
    shape, originals = formatting.abstract(source)
    assert formatting.concrete(shape, originals) == source
    widths = [len(line) for line in source.splitlines()]
    assert [len(line) for line in shape.splitlines()] == widths
    assert "create_and_fetch" not in shape and "https://api.example.com/v1" not in shape
    assert '"""xxx xxxxxxx xxxxxxxxxxx\n\n      xxxxxxxx  xxxxx\n    """' in shape
    assert "'s_''s'" in shape  # two strings, each abstracted
    # kept: comments, f-strings, keywords, odd strings and triple-quoted strings
    for kept in ("# comment: client", 'f"B {api_key}"', "return", '"a\\"b"',
                 "0x1e5", "'''It's kept.'''"):
        assert kept in shape
    # the same shape for names and strings of the same lengths, whatever they say
    other = source.replace("create_and_fetch", "update_and_read_").replace("httpx", "httpy")
    other = other.replace("Result", "Output").replace("Indented", "Shifted_")
    assert formatting.abstract(other)[0] == shape


def test_black_output_without_the_placeholders_is_formatted_directly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # if black's output of a shape lost or added a placeholder, the piece itself is formatted
    source = "def function_one(argument):\n  return argument\n"
    shape, originals = formatting.abstract(source)
    with pytest.raises(formatting._Mismatch):
        formatting.concrete(shape.replace("z_______", "renamed_"), originals)
    with pytest.raises(formatting._Mismatch):
        formatting.concrete(shape + "z___\n", originals)
    formatting.SHAPES.clear()
    monkeypatch.setitem(formatting.SHAPES._formatted, shape, "def other(): pass\n")
    assert format_source(source) == format_whole(source)


def test_worker_processes_format_as_this_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not hasattr(__import__("os"), "sched_getaffinity"):
        pytest.skip("no fork-based workers on this platform")
    monkeypatch.setenv("ARAZZOGEN_CACHE_DIR", "")  # every shape new: none from disk
    monkeypatch.setattr(formatting, "PARALLEL_FROM", 2)
    monkeypatch.setattr(formatting, "_workers", lambda: 2)
    source = rendered(ROOT / "tests" / "features" / "values.arazzo.yaml")
    formatting.SHAPES.clear()
    before = formatting.SHAPES.parallel
    assert format_source(source) == format_whole(source)
    assert formatting.SHAPES.parallel == before + 1


def test_the_disk_cache_spares_black(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARAZZOGEN_CACHE_DIR", str(tmp_path / "cache"))
    source = rendered(ROOT / "tests" / "features" / "linear.arazzo.yaml")
    formatting.SHAPES.clear()
    expected = format_source(source)  # black runs; the shapes are stored
    assert list((tmp_path / "cache").rglob("*")), "nothing was cached"

    def no_black(shape: str) -> str:
        raise AssertionError("black ran although every shape was cached")

    monkeypatch.setattr(formatting, "_black", no_black)
    formatting.SHAPES.clear()  # a new process: nothing in memory
    assert format_source(source) == expected
    assert formatting.SHAPES.disk_hits > 0


def test_a_damaged_cache_entry_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ARAZZOGEN_CACHE_DIR", str(folder))
    source = "def f(a,b):\n  return a\n"
    formatting.SHAPES.clear()
    expected = format_source(source)
    entries = [p for p in folder.rglob("*") if p.is_file()]
    assert entries
    for entry in entries:  # same length, other text: the digest no longer matches
        entry.write_bytes(entry.read_bytes().replace(b"return", b"yield "))
    formatting.SHAPES.clear()
    assert format_source(source) == expected
    assert formatting.SHAPES.disk_hits == 0


def test_an_empty_cache_setting_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARAZZOGEN_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    formatting.SHAPES.clear()
    assert format_source("x  =  1\n") == "x = 1\n"
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_cache_folder_still_formats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ARAZZOGEN_CACHE_DIR", str(blocker / "cache"))
    formatting.SHAPES.clear()
    assert format_source("y  =  2\n") == "y = 2\n"


def test_the_shipped_shapes_are_what_black_makes_of_them() -> None:
    import json

    entries = json.loads((ROOT / "arazzogen" / "emit" / formatting.SEEDS).read_text("utf-8"))
    if entries["black"] != formatting._key_prefix().decode():
        pytest.skip(f"shapes formatted by {entries['black'].strip()}; another black here")
    assert entries["shapes"], "no shape shipped"
    for shape, formatted in entries["shapes"]:
        assert formatting._black(shape) == formatted
    assert formatting.seeds() == dict(map(tuple, entries["shapes"]))


def test_a_first_compile_formats_the_shared_pieces_without_black(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARAZZOGEN_CACHE_DIR", "")  # no cache on disk: a first compile
    if not formatting.seeds():
        pytest.skip("the shipped shapes were formatted by another black")
    source = rendered(ROOT / "generated_examples/knock/arazzo/knock-bulk-set-objects-notify"
                      ".arazzo.yaml")
    import ast

    pieces = formatting.split_definitions(source, ast.parse(source))
    shipped = {formatting.abstract(p)[0] for p in pieces} & set(formatting.seeds())
    if not shipped:
        pytest.skip("no shape of Knock is shipped: run `python bench/seed_shapes.py`")
    formatting.SHAPES.clear()
    assert format_source(source) == format_whole(source)
    assert formatting.SHAPES.seed_hits == len(shipped)
    assert formatting.SHAPES.misses == len({formatting.abstract(p)[0] for p in pieces}) - len(
        shipped
    )


def test_a_damaged_or_foreign_shipped_file_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import resources

    class Damaged:
        def __truediv__(self, other: str) -> Damaged:
            return self

        def read_text(self, encoding: str) -> str:
            return '{"black": "black 0.1 py310 88\\n", "shapes": [["x", "y"]]}'

    monkeypatch.setattr(resources, "files", lambda package: Damaged())
    formatting.seeds.cache_clear()
    try:
        assert formatting.seeds() == {}
    finally:
        monkeypatch.undo()
        formatting.seeds.cache_clear()
