"""Loading YAML and JSON: data, positions, and one diagnostic per loading problem."""

from __future__ import annotations

import hashlib
import itertools
import threading
from pathlib import Path

import pytest

from arazzogen.check.schema.validate import check_root
from arazzogen.diagnostics import Reporter
from arazzogen.load import document as loader
from arazzogen.load.document import LoadedDocument, load_bytes, load_document

Found = list[tuple[str, int, int]]


def load(tmp_path: Path, name: str, content: str | bytes) -> tuple[LoadedDocument | None, Found,
                                                                   Reporter]:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    reporter = Reporter()
    doc = load_document(path, reporter, display=name)
    found = [(d.code, d.location.line, d.location.column) for d in reporter.diagnostics
             if d.location is not None]
    return doc, found, reporter


def only(reporter: Reporter) -> str:
    """The message of the one diagnostic reported."""
    assert len(reporter.diagnostics) == 1, reporter.diagnostics
    return reporter.diagnostics[0].message


# -- documents that load -------------------------------------------------------------

def test_yaml_data_and_positions(tmp_path: Path) -> None:
    text = "info:\n  title: Demo\n  tags: [a, 'b']\nwhen: 2024-01-01\n200: ok\neq: =\n"
    doc, found, _ = load(tmp_path, "doc.yaml", text)
    assert found == []
    assert doc is not None
    assert doc.data == {"info": {"title": "Demo", "tags": ["a", "b"]}, "when": "2024-01-01",
                        "200": "ok", "eq": "="}
    title = doc.locate("/info/title")
    assert (title.line, title.column, title.end_line, title.end_column) == (2, 10, 2, 14)
    key = doc.locate("/info/title", key=True)
    assert (key.line, key.column) == (2, 3)
    assert (doc.locate("/info/tags/1").line, doc.locate("/info/tags/1").column) == (3, 13)
    # a pointer that does not exist falls back to its nearest ancestor
    missing = doc.locate("/info/nothing/here")
    assert (missing.line, missing.column, missing.pointer) == (2, 3, "/info/nothing/here")
    assert doc.get("/info/tags/0") == "a"
    assert doc.get("/info/nope", "default") == "default"


def test_json_data_and_positions(tmp_path: Path) -> None:
    text = '{\n  "a": {"b": [1, 2.5, 1e2, -0, "\\u00e9\\n"]},\n  "c": true, "d": null\n}\n'
    doc, found, _ = load(tmp_path, "doc.json", text)
    assert found == []
    assert doc is not None
    assert doc.data == {"a": {"b": [1, 2.5, 100.0, 0, "\u00e9\n"]}, "c": True, "d": None}
    assert isinstance(doc.get("/a/b/2"), float)
    b = doc.locate("/a/b")
    assert (b.line, b.column, b.end_line, b.end_column) == (2, 14, 2, 43)
    assert (doc.locate("/a/b/4").line, doc.locate("/a/b/4").column) == (2, 32)
    assert (doc.locate("/c", key=True).line, doc.locate("/c", key=True).column) == (3, 3)
    assert (doc.locate("").line, doc.locate("").column) == (1, 1)


def test_utf8_bom_is_skipped(tmp_path: Path) -> None:
    doc, found, _ = load(tmp_path, "doc.yaml", b"\xef\xbb\xbfa: 1\n")
    assert found == [] and doc is not None
    assert doc.data == {"a": 1}
    assert (doc.locate("/a").line, doc.locate("/a").column) == (1, 4)


def test_merge_keys_keep_explicit_values_and_positions(tmp_path: Path) -> None:
    text = "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n"
    doc, found, _ = load(tmp_path, "doc.yaml", text)
    assert found == [] and doc is not None
    assert doc.data == {"base": {"x": 1, "y": 2}, "m": {"x": 1, "y": 3}}
    assert (doc.locate("/m/y").line, doc.locate("/m/y").column) == (4, 6)


def test_reused_anchor_loads_everywhere(tmp_path: Path) -> None:
    text = "a: &p {name: id, in: path}\nb: [*p, *p]\n"
    doc, found, _ = load(tmp_path, "doc.yaml", text)
    assert found == [] and doc is not None
    assert doc.data == {"a": {"name": "id", "in": "path"},
                        "b": [{"name": "id", "in": "path"}, {"name": "id", "in": "path"}]}


# -- syntax --------------------------------------------------------------------------

def test_invalid_yaml_points_where_the_parser_stopped(tmp_path: Path) -> None:
    _, found, reporter = load(tmp_path, "doc.yaml", "a: 1\nb: [1, 2\nc: 3\n")
    assert found == [("AZ003", 3, 2)]
    assert "invalid YAML" in only(reporter)


def test_invalid_yaml_indentation(tmp_path: Path) -> None:
    _, found, _ = load(tmp_path, "doc.yaml", "a:\n  b: 1\n c: 2\n")
    assert found == [("AZ003", 3, 2)]


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ('{"a": 1,\n "b": }', 2, 7, "expected a value"),
        ('{"a": 1,}', 1, 9, "property name"),
        ('[1, 2,]', 1, 7, "expected a value"),
        ('{"a" 1}', 1, 6, "expected ':'"),
        ("{'a': 1}", 1, 2, "double quotes"),
        ('{"a": "x', 1, 7, "unterminated string"),
        ('{"a": "x\ty"}', 1, 9, "control character U+0009"),
        ('{"a": "\\q"}', 1, 8, "invalid escape"),
        ('{"a": 1} {"b": 2}', 1, 10, "extra data"),
        ("NaN", 1, 1, "expected a value"),
        ('{"a": 1e999}', 1, 7, "out of range"),
        ('[' + "1" * 5000 + "]", 1, 2, "too long"),
        ("[1 2]", 1, 4, "expected ',' or ']'"),
    ],
)
def test_invalid_json(tmp_path: Path, text: str, line: int, column: int, words: str) -> None:
    _, found, reporter = load(tmp_path, "doc.json", text)
    assert found == [("AZ004", line, column)]
    assert words in only(reporter)


def test_json_is_not_read_as_yaml(tmp_path: Path) -> None:
    # valid YAML, invalid JSON: a .json file is held to JSON
    _, found, _ = load(tmp_path, "doc.json", "a: 1\n")
    assert found == [("AZ004", 1, 1)]


# -- duplicate keys ---------------------------------------------------------------------

def test_duplicate_yaml_key_at_the_second_key(tmp_path: Path) -> None:
    doc, found, reporter = load(tmp_path, "doc.yaml", "a: 1\nb:\n  c: 1\n  c: 2\n")
    assert found == [("AZ005", 4, 3)]
    assert only(reporter) == "duplicate key 'c' (first defined on line 3)"
    assert reporter.diagnostics[0].location is not None
    assert reporter.diagnostics[0].location.pointer == "/b/c"
    assert doc is not None and doc.data == {"a": 1, "b": {"c": 1}}


def test_duplicate_json_key_at_the_second_key(tmp_path: Path) -> None:
    text = '{"a": 1,\n "x": {"k": [1]},\n "x": {"k": {"deep": [2]}}, "z": 3}'
    doc, found, reporter = load(tmp_path, "doc.json", text)
    assert found == [("AZ005", 3, 2)]
    assert only(reporter) == "duplicate key 'x' (first defined on line 2)"
    assert doc is not None and doc.data == {"a": 1, "x": {"k": [1]}, "z": 3}
    assert doc.locate("/x/k").line == 2


def test_merged_keys_are_not_duplicates(tmp_path: Path) -> None:
    _, found, _ = load(tmp_path, "doc.yaml", "b: &b {x: 1}\nm:\n  x: 0\n  <<: *b\n")
    assert found == []


# -- empty and non-mapping documents ------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "content"),
    [("doc.yaml", ""), ("doc.yaml", "  \n\n"), ("doc.yaml", "# just a comment\n  # two\n"),
     ("doc.yaml", "---\n"), ("doc.json", ""), ("doc.json", " \n\t\n")],
)
def test_empty_document(tmp_path: Path, name: str, content: str) -> None:
    doc, found, _ = load(tmp_path, name, content)
    assert doc is None
    assert found == [("AZ006", 1, 1)]


@pytest.mark.parametrize(
    ("content", "words"),
    [("- a\n- b\n", "not a list"), ("just text\n", 'not a string ("just text")'),
     ("~\n", "not null"), ("42\n", "not the number 42")],
)
def test_root_must_be_a_mapping(tmp_path: Path, content: str, words: str) -> None:
    doc, found, reporter = load(tmp_path, "doc.yaml", content)
    assert doc is not None and found == []
    assert check_root(doc, reporter) is False
    assert [(d.code, d.location.line, d.location.column) for d in reporter.diagnostics
            if d.location] == [("AZ007", 1, 1)]
    assert words in only(reporter)


def test_root_mapping_passes_check_root(tmp_path: Path) -> None:
    doc, _, reporter = load(tmp_path, "doc.yaml", "a: 1\n")
    assert doc is not None and check_root(doc, reporter) is True
    assert len(reporter) == 0


def test_multiple_documents(tmp_path: Path) -> None:
    _, found, _ = load(tmp_path, "doc.yaml", "a: 1\n---\nb: 2\n")
    assert found == [("AZ008", 2, 1)]


# -- encodings and binary files ------------------------------------------------------------

def test_invalid_utf8_points_at_the_bad_byte(tmp_path: Path) -> None:
    # the column counts characters: "é" before the bad byte is one column
    _, found, reporter = load(tmp_path, "doc.yaml", b"a: 1\nb: \xc3\xa9\xff\n")
    assert found == [("AZ002", 2, 5)]
    assert "0xff" in only(reporter)


def test_utf16_is_named(tmp_path: Path) -> None:
    _, found, reporter = load(tmp_path, "doc.yaml", "a: 1\n".encode("utf-16"))
    assert found == [("AZ002", 1, 1)]
    assert "UTF-16" in only(reporter)


def test_binary_garbage(tmp_path: Path) -> None:
    _, found, reporter = load(tmp_path, "doc.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert found == [("AZ002", 1, 1)]
    assert "binary" in only(reporter)


def test_nul_in_utf8_text(tmp_path: Path) -> None:
    _, found, reporter = load(tmp_path, "doc.yaml", b"a: 1\nb: x\x00y\n")
    assert found == [("AZ003", 2, 5)]
    assert "U+0000" in only(reporter)


def test_control_character_in_yaml(tmp_path: Path) -> None:
    _, found, _ = load(tmp_path, "doc.yaml", "a: 1\nb: \x07\n")
    assert found == [("AZ003", 2, 4)]


# -- the file system --------------------------------------------------------------------------

def test_missing_file(tmp_path: Path) -> None:
    reporter = Reporter()
    assert load_document(tmp_path / "nope.yaml", reporter, display="nope.yaml") is None
    assert [d.code for d in reporter.diagnostics] == ["AZ001"]
    assert only(reporter) == "no such file: nope.yaml"


def test_directory(tmp_path: Path) -> None:
    reporter = Reporter()
    assert load_document(tmp_path, reporter) is None
    assert [d.code for d in reporter.diagnostics] == ["AZ001"]
    assert "directory" in only(reporter)


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_not_a_regular_file() -> None:
    reporter = Reporter()
    assert load_document(Path("/dev/null"), reporter) is None
    assert [d.code for d in reporter.diagnostics] == ["AZ001"]
    assert "not a regular file" in only(reporter)


def test_huge_file(tmp_path: Path) -> None:
    with loader.load_limits(depth=loader.MAX_DEPTH, file_bytes=100):  # --limit file-bytes=100
        _, found, reporter = load(tmp_path, "doc.yaml", "a: " + "x" * 200 + "\n")
        assert found == [("AZ010", 1, 1)]
        assert "the limit is 100" in only(reporter)
        reporter = Reporter()
        assert load_bytes(b"a" * 101, Path("x.yaml"), "x.yaml", reporter) is None
        assert [d.code for d in reporter.diagnostics] == ["AZ010"]


def test_a_file_grown_since_stat_is_read_to_its_end_or_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the loader reads one byte past the size stat() gave; more means the file grew
    text = '{"a": "' + "x" * 100 + '"}'
    real_stat = Path.stat

    class Older:
        """A stat result from before the file grew: only the size differs."""

        st_size = 3

        def __init__(self, real: object) -> None:
            self.real = real

        def __getattr__(self, name: str) -> object:
            return getattr(self.real, name)

    monkeypatch.setattr(Path, "stat", lambda self, **kw: Older(real_stat(self, **kw)))
    doc, found, _ = load(tmp_path, "doc.json", text)
    assert found == [] and doc is not None and doc.data == {"a": "x" * 100}
    with loader.load_limits(depth=loader.MAX_DEPTH, file_bytes=50):
        _, found, reporter = load(tmp_path, "doc.json", text)
    assert found == [("AZ010", 1, 1)]
    assert "is more than 51 bytes; the limit is 50" in only(reporter)


@pytest.mark.parametrize("threshold", [loader.HASH_IN_THREAD, 1])
@pytest.mark.parametrize("content", [b"a: [1, 2]\n", b"a: [1, 2\n", b"\xff\xfe"])
def test_a_loaded_file_carries_the_sha256_of_its_bytes(
    monkeypatch: pytest.MonkeyPatch, threshold: int, content: bytes
) -> None:
    # large files are hashed on another thread, joined before loading returns, also
    # when the file does not load (no thread is ever left running)
    monkeypatch.setattr(loader, "HASH_IN_THREAD", threshold)
    before = threading.active_count()
    doc = load_bytes(content, Path("d.yaml"), "d.yaml", Reporter())
    assert threading.active_count() == before
    if content == b"a: [1, 2]\n":
        assert doc is not None and doc.sha256 == hashlib.sha256(content).hexdigest()
    else:
        assert doc is None


# -- deep nesting, aliases, tags ---------------------------------------------------------------

@pytest.mark.parametrize("name", ["doc.yaml", "doc.json"])
@pytest.mark.parametrize("closed", [False, True])
def test_deeply_nested_sequences(tmp_path: Path, name: str, closed: bool) -> None:
    depth = 100_000
    text = "[" * depth + ("]" * depth if closed else "")
    _, found, reporter = load(tmp_path, name, text)
    # the 201st bracket is one level too deep
    assert found == [("AZ009", 1, loader.MAX_DEPTH + 1)]
    assert "nesting deeper than 200" in only(reporter)


def test_deeply_nested_yaml_mappings(tmp_path: Path) -> None:
    depth = 10_000
    text = "a: " + "{a: " * depth + "1" + "}" * depth + "\n"
    _, found, _ = load(tmp_path, "doc.yaml", text)
    # the root mapping is level 1; the 200th "{a: " opens level 201
    assert found == [("AZ009", 1, 4 + 4 * (loader.MAX_DEPTH - 1))]


def test_deeply_nested_json_objects(tmp_path: Path) -> None:
    depth = 10_000
    text = '{"a": ' * depth + "1" + "}" * depth
    _, found, _ = load(tmp_path, "doc.json", text)
    assert found == [("AZ009", 1, 1 + 6 * loader.MAX_DEPTH)]


def test_nesting_at_the_limit_loads(tmp_path: Path) -> None:
    depth = loader.MAX_DEPTH
    doc, found, _ = load(tmp_path, "doc.json", "[" * depth + "]" * depth)
    assert found == [] and doc is not None
    doc, found, _ = load(tmp_path, "doc.yaml", "[" * depth + "]" * depth)
    assert found == [] and doc is not None


def test_alias_bomb_is_refused_before_expansion(tmp_path: Path) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghij"
    for prev, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    _, found, reporter = load(tmp_path, "doc.yaml", "\n".join(lines) + "\n")
    # reported at the first alias of the largest expansion: *i on the line of j
    assert found == [("AZ009", 10, 8)]
    message = only(reporter)
    values = sum(9**level for level in range(10))  # the lists and strings under *i
    assert f"alias *i expands to {values:,} values" in message


def test_modest_alias_reuse_is_fine(tmp_path: Path) -> None:
    items = ", ".join(f"k{i}: {i}" for i in range(50))
    uses = "\n".join(f"u{i}: *big" for i in range(100))
    doc, found, _ = load(tmp_path, "doc.yaml", f"big: &big {{{items}}}\n{uses}\n")
    assert found == [] and doc is not None
    assert isinstance(doc.data, dict) and len(doc.data) == 101


def test_recursive_alias(tmp_path: Path) -> None:
    _, found, reporter = load(tmp_path, "doc.yaml", "a: &x\n  - *x\n")
    assert found == [("AZ009", 2, 5)]
    assert "recursive alias" in only(reporter)


def test_alias_nesting_beyond_the_limit(tmp_path: Path) -> None:
    deep = "[" * 150 + "]" * 150
    _, found, reporter = load(tmp_path, "doc.yaml", f"a: &x {deep}\nb: {'[' * 60}*x{']' * 60}\n")
    assert [code for code, _, _ in found] == ["AZ009"]
    assert "through aliases" in only(reporter)


@pytest.mark.parametrize(
    ("content", "column", "words"),
    [
        ("a: !foo 1\n", 4, "tag !foo"),
        ("a: !foo {b: 1}\n", 4, "tag !foo"),
        ("a: !!binary aGVsbG8=\n", 4, "tag !!binary"),
        ("a: !!set {x: null}\n", 4, "tag !!set"),
        ("a: !!omap [x: 1]\n", 4, "tag !!omap"),
        ("a: !!timestamp 2024-01-01\n", 4, "tag !!timestamp"),
        ("a: !!python/object:os.system {}\n", 4, "tag !!python/object:os.system"),
        ("a: .inf\n", 4, "JSON can represent"),
        ("a: .nan\n", 4, "JSON can represent"),
        ("? [a, b]\n: 1\n", 3, "key must be a plain value"),
        ("a:\n  <<: 5\n", 7, "merge key"),
    ],
)
def test_unsupported_yaml(tmp_path: Path, content: str, column: int, words: str) -> None:
    _, found, reporter = load(tmp_path, "doc.yaml", content)
    assert len(found) == 1
    code, _, col = found[0]
    assert (code, col) == ("AZ009", column)
    assert words in only(reporter)


def test_explicit_standard_tags_are_fine(tmp_path: Path) -> None:
    doc, found, _ = load(tmp_path, "doc.yaml", "a: !!str 123\nb: !!int '7'\nc: !!float 1\n")
    assert found == [] and doc is not None
    assert doc.data == {"a": "123", "b": 7, "c": 1.0}


def test_undefined_alias(tmp_path: Path) -> None:
    _, found, _ = load(tmp_path, "doc.yaml", "a: *nope\n")
    assert found == [("AZ003", 1, 4)]
