"""The fast readers (libyaml, the C json decoder) agree with the strict readers.

For every YAML and JSON file of the repository (and of the shared corpus when it sits
beside the checkout) the fast reader must give the same data as the strict reader and,
for every value and key the strict reader located, the same span, on demand.
"""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest
import yaml

from arazzogen.diagnostics import Reporter
from arazzogen.load import json_fast, yaml_fast
from arazzogen.load.document import load_bytes
from arazzogen.load.json_text import parse_json
from arazzogen.load.positions import Positions
from arazzogen.load.yaml_text import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

needs_libyaml = pytest.mark.skipif(not yaml_fast.AVAILABLE, reason="PyYAML without libyaml")


def _files(suffixes: tuple[str, ...]) -> list[Path]:
    found = [
        p
        for folder in (ROOT / "tests", ROOT / "generated_examples", ROOT / "arazzogen")
        for p in sorted(folder.rglob("*"))
        if p.suffix in suffixes and p.is_file() and p.stat().st_size < 2_000_000
    ]
    if CORPUS.is_dir():
        found += [p for p in sorted(CORPUS.rglob("*")) if p.suffix in suffixes and p.is_file()]
    return found


def _assert_same_positions(strict: Positions, lazy: object) -> None:
    assert isinstance(lazy, (yaml_fast.NodePositions, json_fast.JsonTextPositions))
    for pointer, span in strict.values.items():
        assert lazy.value(pointer) == span, pointer
    for pointer, span in strict.keys.items():
        assert lazy.key(pointer) == span, pointer


@needs_libyaml
def test_yaml_files_read_alike() -> None:
    checked = 0
    for path in _files((".yaml", ".yml")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        fast = yaml_fast.parse_yaml_fast(text)
        if fast is None:
            continue
        reporter = Reporter()
        try:
            data, positions = parse_yaml(text, path.name, reporter)
        except Exception as exc:  # the fast reader accepted what the strict one refuses
            pytest.fail(f"{path}: fast reader accepted, strict reader raised {exc!r}")
        assert not reporter.diagnostics, path
        assert fast[0] == data, path
        _assert_same_positions(positions, fast[1])
        checked += 1
    assert checked > 100


def _json_texts() -> list[tuple[str, str]]:
    """The repository's JSON files, and its YAML files written as JSON (indented, compact)."""
    texts = []
    for path in _files((".json",)):
        try:
            texts.append((str(path), path.read_text(encoding="utf-8")))
        except UnicodeDecodeError:
            continue
    for path in _files((".yaml", ".yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            texts.append((f"{path} (indented)", json.dumps(data, indent=2, ensure_ascii=False)))
            texts.append((f"{path} (compact)", json.dumps(data, separators=(",", ":"))))
        except (UnicodeDecodeError, yaml.YAMLError, TypeError, ValueError, RecursionError):
            continue
    return texts


def test_json_files_read_alike() -> None:
    checked = 0
    for path, text in _json_texts():
        fast = json_fast.parse_json_fast(text)
        if fast is None:
            continue
        reporter = Reporter()
        data, positions = parse_json(text, "doc.json", reporter)
        assert not reporter.diagnostics, path
        assert fast[0] == data and json.dumps(fast[0]) == json.dumps(data), path
        _assert_same_positions(positions, fast[1])
        checked += 1
    assert checked > 100


BLOCKS = """\
# a comment
info:
  title: "Demo"   # trailing
  tags:
    - a
    - {x: 1, y: [1, 2]}
    -
      - nested
  text: |
    line one
    line two

  folded: >-
    one
    two
empty: {}
list: []
last: [a,
  b]
"""


@needs_libyaml
@pytest.mark.parametrize("text", [
    BLOCKS,
    "a: 1\nb:\n  c:\n    d: x\n",
    "a:\n  b: 1",  # no final line break: libyaml would end the mappings on line 3
    "a:\n  - x\n  - y  ",
    "a: x\r\nb:\r\n  c: [1]",
    "k: &anchor {a: 1}\nm: *anchor\n",  # an alias: the expansion check runs; aliases allowed
    '{"a":&x [1, {"b": 2}], "c":*x, "d": [*x, *x]}',  # anchors right after a JSON-style ':'
    "s: &s text\nt: *s\n",  # an alias to a scalar
    "a: 'é ü'\nb: \"日本語\"\nc:\n  - ẞ\n",  # columns count characters
    "s: 'it''s'\n'quoted key': 1\n\"x y\": [1]\n? explicit\n: value\n",
    "n: 0x1f\no: 0o17\nf: 1_000.5\nb: yes\nz: ~\nt: 2024-01-01\ne: =\n200: ok\n",
])
def test_fast_yaml_matches_strict(text: str) -> None:
    fast = yaml_fast.parse_yaml_fast(text)
    assert fast is not None
    data, positions = parse_yaml(text, "doc.yaml", Reporter())
    assert fast[0] == data
    _assert_same_positions(positions, fast[1])


@needs_libyaml
@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",  # duplicate key
    "b: &b {x: 1}\nm:\n  <<: *b\n",  # merge key
    "a: !foo 1\n",
    "? [a]\n: 1\n",
    "a: .inf\n",
    "a: !!int x\n",
    "a: [1, 2\n",  # syntax error
    "[" * 300 + "]" * 300,  # deeper than MAX_DEPTH
    "[" * 2000,  # past libyaml's own nesting limit
    "a: &x\n  - *x\n",  # recursive alias
    "a: 1\n---\nb: 2\n",
    "",
])
def test_fast_yaml_hands_irregular_documents_to_the_strict_reader(text: str) -> None:
    assert yaml_fast.parse_yaml_fast(text) is None


@pytest.mark.parametrize("text", [
    '{"a": 1, "a": 2}',  # duplicate key: the C decoder would keep the last value
    '{"a": {"x": ":"}, "a": 3}',
    # each way the count of `":` is not the count of members: the colons decide
    '{"a": ":x", "a": 1}',  # a string that starts with a colon
    '{"a" : 1, "a": 2}',  # blanks between a key and its colon
    '{"a": "say \\":\\"", "a": 2}',  # an escaped quote before a colon
    '{"a":1,"b":[{"c":2,"c":3}]}',  # compact, nested
    '{"u": "\\u003a", "a": 1, "a": 1}',
    '{"a": NaN}',
    '{"a": 1e999}',
    '[' + '1' * 5000 + ']',
    "[" * 201 + "]" * 201,
    "[" * 5000 + "]" * 5000,
    '{"a": 1,}',
    "",
])
def test_fast_json_hands_irregular_documents_to_the_strict_reader(text: str) -> None:
    assert json_fast.parse_json_fast(text) is None


def test_fast_json_accepts_colons_in_strings_and_nesting_at_the_limit() -> None:
    for text in [
        '{"url": "https://x:1/a:b", "k:ey": {"z": [":", "::"]}}',
        '{":": ":a", "b" : {"c":"\\":"}, "d": "x\\\\"}',
        '{"a":1,"b":[{"c":2,"d":{}}],"e":[]}',
    ]:
        fast = json_fast.parse_json_fast(text)
        assert fast is not None and fast[0] == json.loads(text), text
    assert json_fast.parse_json_fast("[" * 200 + "]" * 200) is not None


@needs_libyaml
def test_loaded_documents_use_the_fast_readers() -> None:
    reporter = Reporter()
    doc = load_bytes(b"a:\n  b: [1, 2]\n", Path("d.yaml"), "d.yaml", reporter)
    assert doc is not None and isinstance(doc.positions, yaml_fast.NodePositions)
    assert (doc.locate("/a/b/1").line, doc.locate("/a/b/1").column) == (2, 10)
    doc = load_bytes(b'{"a": {"b": [1, 2]}}', Path("d.json"), "d.json", reporter)
    assert doc is not None and isinstance(doc.positions, json_fast.JsonTextPositions)
    assert (doc.locate("/a/b/1").line, doc.locate("/a/b/1").column) == (1, 17)
    assert not reporter.diagnostics


def test_without_libyaml_the_pure_python_reader_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_fast, "AVAILABLE", False)
    reporter = Reporter()
    doc = load_bytes(b"a:\n  b: [1, 2]\n", Path("d.yaml"), "d.yaml", reporter)
    assert doc is not None and isinstance(doc.positions, Positions)
    assert doc.data == {"a": {"b": [1, 2]}}
    assert (doc.locate("/a/b/1").line, doc.locate("/a/b/1").column) == (2, 10)


@needs_libyaml
def test_a_large_text_composes_its_graph_again_when_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yaml_fast, "KEEP_GRAPH_BELOW", 10)
    text = "a:\n  b: [1, 2]\nc: x\n"
    fast = yaml_fast.parse_yaml_fast(text)
    assert fast is not None
    positions = fast[1]
    assert isinstance(positions, yaml_fast.NodePositions)
    span = positions.value("/c")
    assert span is not None and (span.line, span.column) == (3, 4)
    assert positions.value("/a/b/7") is None and positions.key("/a/nope") is None


@needs_libyaml
def test_libyaml_is_what_composes() -> None:
    assert isinstance(yaml_fast.compose("a: 1\n"), yaml.MappingNode)


@needs_libyaml
def test_an_alias_bomb_however_written_is_refused_before_expansion() -> None:
    # anchors right after ':' in flow style: no whitespace before the '&'
    lines = ['{"a":&a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"],']
    names = "abcdefghij"
    for prev, name in itertools.pairwise(names):
        lines.append(f'"{name}":&{name} [' + ",".join([f"*{prev}"] * 9) + "],")
    text = "\n".join(lines).rstrip(",") + "}\n"
    assert yaml_fast.parse_yaml_fast(text) is None
    reporter = Reporter()
    assert load_bytes(text.encode(), Path("bomb.yaml"), "bomb.yaml", reporter) is None
    assert [d.code for d in reporter.diagnostics] == ["AZ009"]
    assert "expands to" in reporter.diagnostics[0].message


@needs_libyaml
def test_without_libyaml_nesting_limit_depth_is_counted_before_composing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # libyaml before 0.2.6 has no nesting limit and PyYAML's composer recurses in C:
    # a deep text would overflow the C stack, so the events are counted first
    monkeypatch.setattr(yaml_fast, "NESTING_LIMITED", False)
    with pytest.raises(yaml_fast.TooDeep):
        yaml_fast.compose("[" * 201 + "]" * 201)
    with pytest.raises(yaml_fast.TooDeep):
        yaml_fast.compose("a:\n" + "".join(" " * i + "b:\n" for i in range(1, 202)) + "x")
    assert isinstance(yaml_fast.compose("[" * 200 + "]" * 200), yaml.SequenceNode)
    assert yaml_fast.parse_yaml_fast("[" * 100_000) is None
    fast = yaml_fast.parse_yaml_fast("a: [1, {b: 2}]\n")
    assert fast is not None and fast[0] == {"a": [1, {"b": 2}]}


def _depth(value: object) -> int:
    """The nesting depth of ``value`` (a scalar: 0), by plain recursion."""
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


@pytest.mark.parametrize("text", [
    "1",
    '"x"',
    "{}",
    "[]",
    '{"a": 1, "b": "x", "c": null}',  # an object of scalars: not tracked by the collector
    '{"a": {}}',
    '{"a": []}',
    '[{"a": 1}, [2, {"b": {}}], {"c": [[], {}]}]',
    '{"a": [{"b": [{"c": {"d": 1}}]}], "e": {"f": [1, 2]}}',
    "[" * 12 + "]" * 12,
    '{"a":' * 11 + "{}" + "}" * 11,
    '{"a":' * 11 + '{"b": 1}' + "}" * 11,
    "[" * 11 + '{"b": 1}' + "]" * 11,
])
def test_fast_json_measures_depth_exactly(text: str) -> None:
    # the walk skips the objects that hold only scalars: each is still a level
    data = json.loads(text)
    depth = _depth(data)
    for limit in range(0, depth + 2):
        assert json_fast._deeper_than(data, limit) is (depth > limit), (text, limit)


def test_fast_json_measures_the_depth_of_random_documents_exactly() -> None:
    rng = random.Random(7)

    def value(depth: int) -> object:
        roll = rng.random()
        if depth <= 0 or roll < 0.3:
            return rng.choice([1, "s", None, True, 2.5, "a:b"])
        if roll < 0.55:
            return [value(depth - rng.randint(1, 2)) for _ in range(rng.randint(0, 3))]
        return {f"k{i}": value(depth - rng.randint(1, 2)) for i in range(rng.randint(0, 3))}

    for _ in range(500):
        text = json.dumps(value(rng.randint(0, 12)))
        fast = json_fast.parse_json_fast(text)
        assert fast is not None
        depth = _depth(fast[0])
        for limit in range(0, depth + 2):
            assert json_fast._deeper_than(fast[0], limit) is (depth > limit), (text, limit)


def test_fast_json_needs_no_second_encoding(monkeypatch: pytest.MonkeyPatch) -> None:
    # duplicate keys are found while decoding: the data is never encoded again
    def no_dumps(*args: object, **kwargs: object) -> str:
        raise AssertionError("the data was encoded again")

    data = {"servers": [{"url": "https://x.test:8443/v1"}], "paths": {"/a": {"get": {}}}}
    texts = [json.dumps(data, indent=2), json.dumps(data, separators=(",", " : "))]
    monkeypatch.setattr(json_fast.json, "dumps", no_dumps)
    for text in texts:
        fast = json_fast.parse_json_fast(text)
        assert fast is not None and fast[0] == data
    assert json_fast.parse_json_fast('{\n  "a": 1,\n  "b": {"a": 2, "a": 3}\n}') is None
