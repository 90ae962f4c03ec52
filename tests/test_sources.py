"""Loading source descriptions: relative and file: URLs, remote refusal, cwd fallback,
type sanity checks, display paths, and the document store used for ``$ref`` files."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from arazzogen.bind.sources import DocumentStore, Sources, load_sources
from arazzogen.diagnostics import Reporter, Severity
from arazzogen.load.document import LoadedDocument, load_document

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
REPO = Path(__file__).resolve().parent.parent
KNOCK = (
    REPO.parent
    / "shared"
    / "seeds"
    / "knock"
    / "arazzo"
    / "knock-bulk-set-objects-notify.arazzo.yaml"
)

HEAD = """\
arazzo: 1.0.1
info:
  title: t
  version: 1.0.0
"""


def pos(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first character of ``needle`` (which must be unique)."""
    assert text.count(needle) == 1, needle
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def api(tmp_path: Path) -> Path:
    root = tmp_path / "api"
    shutil.copytree(FIXTURES, root)
    return root


def load(
    path: Path, text: str, cwd: Path, *, strict: bool = False
) -> tuple[LoadedDocument, Sources, Reporter]:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    reporter = Reporter(strict=strict)
    doc = load_document(path, reporter, display=path.name)
    assert doc is not None
    return doc, load_sources(doc, reporter, cwd=cwd), reporter


def codes(reporter: Reporter) -> list[tuple[str, int, int]]:
    return [
        (d.code, d.location.line if d.location else 0, d.location.column if d.location else 0)
        for d in reporter.diagnostics
    ]


def sources_block(*entries: tuple[str, str, str | None]) -> str:
    lines = ["sourceDescriptions:"]
    for name, url, kind in entries:
        lines += [f"  - name: {name}", f"    url: {url}"]
        if kind is not None:
            lines.append(f"    type: {kind}")
    return HEAD + "\n".join(lines) + "\nworkflows: []\n"


def test_relative_url_is_resolved_against_the_document_directory(tmp_path: Path) -> None:
    root = api(tmp_path)
    text = sources_block(("pets", "../petstore.openapi.yaml", "openapi"))
    _doc, sources, reporter = load(root / "flows" / "doc.arazzo.yaml", text, tmp_path)
    assert codes(reporter) == []
    pets = sources.by_name["pets"]
    assert pets.type == "openapi"
    assert pets.url == "../petstore.openapi.yaml"
    assert pets.pointer == "/sourceDescriptions/0"
    assert pets.document is not None
    assert pets.document.display == "api/petstore.openapi.yaml"
    assert pets.document.get("/info/title") == "Pet store (arazzogen test fixture)"


def test_file_url_and_percent_encoding(tmp_path: Path) -> None:
    root = api(tmp_path)
    (root / "my pets.yaml").write_text((root / "petstore.openapi.yaml").read_text())
    text = sources_block(
        ("a", (root / "users.openapi.yaml").as_uri(), "openapi"),
        ("b", "my%20pets.yaml", "openapi"),
    )
    _doc, sources, reporter = load(root / "doc.yaml", text, tmp_path)
    assert codes(reporter) == []
    assert sources.by_name["a"].document is not None
    assert sources.by_name["b"].document is not None
    assert sources.by_name["b"].document.display == "api/my pets.yaml"


def test_display_is_absolute_when_outside_cwd(tmp_path: Path) -> None:
    root = api(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    text = sources_block(("pets", "petstore.openapi.yaml", "openapi"))
    _doc, sources, _ = load(root / "doc.yaml", text, elsewhere)
    document = sources.by_name["pets"].document
    assert document is not None
    assert document.display == (root / "petstore.openapi.yaml").resolve().as_posix()


def test_missing_file_is_reported_at_the_url_once(tmp_path: Path) -> None:
    root = api(tmp_path)
    text = sources_block(("pets", "nope/missing.yaml", "openapi"))
    _doc, sources, reporter = load(root / "doc.yaml", text, tmp_path)
    assert codes(reporter) == [("AZ301", *pos(text, "nope/missing.yaml"))]
    (diag,) = reporter.diagnostics
    assert "api/nope/missing.yaml" in diag.message
    assert diag.location is not None and diag.location.pointer == "/sourceDescriptions/0/url"
    assert sources.by_name["pets"].document is None


def test_directory_is_not_a_source(tmp_path: Path) -> None:
    root = api(tmp_path)
    text = sources_block(("pets", "paths", "openapi"))
    _doc, _sources, reporter = load(root / "doc.yaml", text, tmp_path)
    assert codes(reporter) == [("AZ301", *pos(text, "paths\n"))]


@pytest.mark.parametrize(
    "url", ["https://example.com/openapi.yaml", "http://example.com/o.json", "ftp://h/x.yaml"]
)
def test_remote_urls_are_refused(tmp_path: Path, url: str) -> None:
    root = api(tmp_path)
    text = sources_block(("remote", url, "openapi"))
    _doc, sources, reporter = load(root / "doc.yaml", text, tmp_path)
    assert codes(reporter) == [("AZ302", *pos(text, url))]
    (diag,) = reporter.diagnostics
    if url.startswith("http"):
        assert "fetched only with --allow-remote" in diag.message
        assert "--source remote=PATH" in diag.hint and "--allow-remote" in diag.hint
    else:  # --allow-remote would not help: the hint says what is read
        assert "has the scheme 'ftp', which arazzogen does not read" in diag.message
        assert diag.hint is not None and "use a local path, a `file:` URL" in diag.hint
        assert "--source remote=PATH" in diag.hint
    assert sources.by_name["remote"].document is None


def test_relative_to_cwd_fallback_warns(tmp_path: Path) -> None:
    api(tmp_path)
    text = sources_block(("pets", "api/petstore.openapi.yaml", "openapi"))
    _doc, sources, reporter = load(tmp_path / "flows" / "doc.yaml", text, tmp_path)
    assert codes(reporter) == [("AZ509", *pos(text, "api/petstore.openapi.yaml"))]
    assert reporter.diagnostics[0].severity is Severity.WARNING
    assert sources.by_name["pets"].document is not None


def test_relative_to_cwd_fallback_is_an_error_when_strict(tmp_path: Path) -> None:
    api(tmp_path)
    text = sources_block(("pets", "api/petstore.openapi.yaml", "openapi"))
    _doc, _sources, reporter = load(tmp_path / "flows" / "doc.yaml", text, tmp_path, strict=True)
    assert [d.severity for d in reporter.diagnostics] == [Severity.ERROR]


def test_swagger_2_is_unsupported(tmp_path: Path) -> None:
    root = api(tmp_path)
    text = sources_block(("old", "swagger.yaml", "openapi"))
    _doc, sources, reporter = load(root / "doc.yaml", text, tmp_path)
    assert codes(reporter) == [("AZ303", *pos(text, "swagger.yaml"))]
    assert "Swagger 2.0" in reporter.diagnostics[0].message
    assert sources.by_name["old"].document is None


def test_openapi_version_outside_3x_is_unsupported(tmp_path: Path) -> None:
    root = api(tmp_path)
    (root / "four.yaml").write_text("openapi: 4.0.0\ninfo: {title: x, version: '1'}\n")
    text = sources_block(("four", "four.yaml", "openapi"))
    _doc, _sources, reporter = load(root / "doc.yaml", text, tmp_path)
    assert codes(reporter) == [("AZ303", *pos(text, "four.yaml"))]


@pytest.mark.parametrize(
    ("url", "kind", "said"),
    [
        ("flows.arazzo.yaml", "openapi", "an Arazzo document"),
        ("users.openapi.yaml", "arazzo", "an OpenAPI document"),
        ("paths/params.yaml", "openapi", "not an OpenAPI document"),
    ],
)
def test_type_mismatch(tmp_path: Path, url: str, kind: str, said: str) -> None:
    root = api(tmp_path)
    text = sources_block(("s", url, kind))
    _doc, sources, reporter = load(root / "doc.yaml", text, tmp_path)
    assert codes(reporter) == [("AZ304", *pos(text, url))]
    assert said in reporter.diagnostics[0].message
    assert sources.by_name["s"].document is None


def test_unsupported_type_is_only_a_warning(tmp_path: Path) -> None:
    root = api(tmp_path)
    text = sources_block(("events", "asyncapi.yaml", "asyncapi"))
    _doc, sources, reporter = load(root / "doc.yaml", text, tmp_path)
    assert codes(reporter) == [("AZ305", *pos(text, "asyncapi\n"))]
    assert not reporter.has_errors
    assert sources.by_name["events"].type == "asyncapi"
    assert sources.by_name["events"].document is None


def test_missing_type_is_inferred_from_the_file(tmp_path: Path) -> None:
    root = api(tmp_path)
    (root / "events.yaml").write_text("asyncapi: 3.0.0\ninfo: {title: x, version: '1'}\n")
    text = sources_block(
        ("pets", "petstore.openapi.yaml", None),
        ("flows", "flows.arazzo.yaml", None),
        ("events", "events.yaml", None),
        ("params", "paths/params.yaml", None),
    )
    _doc, sources, reporter = load(root / "doc.yaml", text, tmp_path)
    assert sources.by_name["pets"].type == "openapi"
    assert sources.by_name["flows"].type == "arazzo"
    assert sources.by_name["flows"].document is not None
    assert sources.by_name["events"].type == "asyncapi"
    assert sources.by_name["events"].document is None
    assert codes(reporter) == [
        ("AZ305", *pos(text, "events.yaml")),
        ("AZ304", *pos(text, "paths/params.yaml")),
    ]


def test_unreadable_source_is_reported_by_the_loader_only(tmp_path: Path) -> None:
    root = api(tmp_path)
    (root / "bad.yaml").write_text("openapi: 3.0.0\npaths: [unclosed\n")
    text = sources_block(("bad", "bad.yaml", "openapi"))
    _doc, sources, reporter = load(root / "doc.yaml", text, tmp_path)
    assert [d.code for d in reporter.diagnostics] == ["AZ003"]
    assert reporter.diagnostics[0].location is not None
    assert reporter.diagnostics[0].location.file == "api/bad.yaml"
    assert sources.by_name["bad"].document is None


def test_malformed_entries_are_left_to_the_schema_stage(tmp_path: Path) -> None:
    root = api(tmp_path)
    text = HEAD + "sourceDescriptions:\n  - 3\n  - name: x\n  - url: y.yaml\nworkflows: []\n"
    _doc, sources, reporter = load(root / "doc.yaml", text, tmp_path)
    assert dict(sources.by_name) == {}
    assert codes(reporter) == []


def test_first_of_duplicate_names_wins(tmp_path: Path) -> None:
    root = api(tmp_path)
    text = sources_block(
        ("pets", "petstore.openapi.yaml", "openapi"), ("pets", "users.openapi.yaml", "openapi")
    )
    _doc, sources, _ = load(root / "doc.yaml", text, tmp_path)
    assert sources.by_name["pets"].url == "petstore.openapi.yaml"


def test_store_loads_referenced_files_once_and_is_bounded(tmp_path: Path) -> None:
    root = api(tmp_path)
    reporter = Reporter()
    base = load_document(root / "paths" / "external.yaml", reporter)
    assert base is not None
    store = DocumentStore(tmp_path, limit=2)
    first, error = store.referenced(base, "params.yaml")
    assert first is not None and error == ""
    again, _ = store.referenced(base, "./params.yaml")
    assert again is first
    missing, error = store.referenced(base, "nothere.yaml")
    assert missing is None and "api/paths/nothere.yaml does not exist" in error
    over, error = store.referenced(base, "../users.openapi.yaml")
    assert over is None and "more than 2 referenced files" in error
    remote, error = store.referenced(base, "https://example.com/x.yaml")
    assert remote is None and "remote" in error
    assert codes(reporter) == []


@pytest.mark.skipif(not KNOCK.is_file(), reason="the Knock seed is not present")
def test_knock_reference_sources_load() -> None:
    reporter = Reporter()
    doc = load_document(KNOCK, reporter, display="knock.arazzo.yaml")
    assert doc is not None
    sources = load_sources(doc, reporter, cwd=REPO.parent)
    assert codes(reporter) == []
    assert list(sources.by_name) == [
        "knockObjectsApi",
        "knockBulkOperationsApi",
        "knockWorkflowsApi",
    ]
    shown = {name: s.document.display for name, s in sources.by_name.items() if s.document}
    folder = "shared/seeds/knock/openapi"
    assert shown == {
        "knockObjectsApi": f"{folder}/knock-objects-api-openapi.yml",
        "knockBulkOperationsApi": f"{folder}/knock-bulk-operations-api-openapi.yml",
        "knockWorkflowsApi": f"{folder}/knock-workflows-api-openapi.yml",
    }


def test_no_source_descriptions_at_all(tmp_path: Path) -> None:
    text = textwrap.dedent(HEAD) + "workflows: []\n"
    _doc, sources, reporter = load(tmp_path / "doc.yaml", text, tmp_path)
    assert dict(sources.by_name) == {}
    assert codes(reporter) == []


def test_type_stays_unknown_when_absent_and_unreadable(tmp_path: Path) -> None:
    root = api(tmp_path)
    text = sources_block(("gone", "gone.yaml", None), ("far", "https://example.com/x", None))
    _doc, sources, reporter = load(root / "doc.yaml", text, tmp_path)
    assert [d.code for d in reporter.diagnostics] == ["AZ301", "AZ302"]
    assert sources.by_name["gone"].type == "" and sources.by_name["far"].type == ""
