"""Schema validation: version choice, and one well-placed human diagnostic per problem."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from arazzogen.check.schema.errors import Explainer
from arazzogen.check.schema.validate import compiled, is_uri_reference, validate_schema
from arazzogen.diagnostics import Reporter
from arazzogen.load.document import load_document

HEAD_10 = """\
arazzo: 1.0.1
info:
  title: Demo
  version: 1.0.0
sourceDescriptions:
  - name: api
    url: ./openapi.yaml
workflows:
  - workflowId: flow
    steps:
"""
HEAD_11 = HEAD_10.replace("arazzo: 1.0.1", "arazzo: 1.1.0")
# lines 1-10 are the head; the first step starts on line 11 at column 9


class Result:
    def __init__(self, version: str | None, reporter: Reporter) -> None:
        self.version = version
        self.diagnostics = reporter.diagnostics
        self.found = [(d.code, d.location.line, d.location.column)
                      for d in self.diagnostics if d.location is not None]
        self.messages = [d.message for d in self.diagnostics]
        self.pointers = [d.location.pointer for d in self.diagnostics if d.location is not None]

    def message(self) -> str:
        assert len(self.messages) == 1, self.messages
        return self.messages[0]


def check(tmp_path: Path, text: str, name: str = "doc.yaml") -> Result:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    reporter = Reporter()
    doc = load_document(path, reporter, display=name)
    assert doc is not None, reporter.diagnostics
    return Result(validate_schema(doc, reporter), reporter)


def steps(head: str, body: str) -> str:
    """The head followed by ``body`` indented as the first workflow's steps."""
    return head + textwrap.indent(textwrap.dedent(body), " " * 6)


# -- versions -------------------------------------------------------------------------

@pytest.mark.parametrize(("head", "version"), [(HEAD_10, "1.0"), (HEAD_11, "1.1")])
def test_valid_documents(tmp_path: Path, head: str, version: str) -> None:
    result = check(tmp_path, steps(head, "- stepId: first\n  operationId: getThing\n"))
    assert result.version == version
    assert result.diagnostics == []


def test_valid_json_document(tmp_path: Path) -> None:
    text = ('{"arazzo": "1.0.0", "info": {"title": "T", "version": "1"},\n'
            ' "sourceDescriptions": [{"name": "api", "url": "a.yaml"}],\n'
            ' "workflows": [{"workflowId": "w", "steps": [{"stepId": "s", "operationId": "o",\n'
            '   "bogus": 1}]}]}')
    result = check(tmp_path, text, "doc.json")
    assert result.version == "1.0"
    assert result.found == [("AZ102", 4, 4)]


def test_missing_version_points_at_the_root(tmp_path: Path) -> None:
    result = check(tmp_path, "info:\n  title: x\n")
    assert result.version is None
    assert result.found == [("AZ100", 1, 1)]


def test_openapi_document_is_named(tmp_path: Path) -> None:
    result = check(tmp_path, "openapi: 3.1.0\ninfo: {title: x, version: '1'}\n")
    assert result.found == [("AZ100", 1, 1)]
    assert "looks like an OpenAPI description" in result.message()


@pytest.mark.parametrize(
    ("value", "words"),
    [("2", "not the number 2"), ("1.0", "not the number 1.0"), ("'2.0.0'", '"2.0.0"'),
     ("1.2.0", '"1.2.0"'), ("'1.0'", '"1.0"'), ("[1]", "not an array")],
)
def test_unknown_version_points_at_the_value(tmp_path: Path, value: str, words: str) -> None:
    result = check(tmp_path, HEAD_10.replace("1.0.1", value, 1) + "      - stepId: s\n")
    assert result.version is None
    assert result.found == [("AZ100", 1, 9)]
    assert words in result.message()


def test_root_not_a_mapping(tmp_path: Path) -> None:
    result = check(tmp_path, "- a\n- b\n")
    assert result.version is None
    assert result.found == [("AZ007", 1, 1)]


def test_prerelease_versions_are_accepted(tmp_path: Path) -> None:
    text = HEAD_11.replace("1.1.0", "1.1.0-rc1") + "      - stepId: s\n        workflowId: w\n"
    assert check(tmp_path, text).version == "1.1"


# -- AZ101 missing properties -------------------------------------------------------------

def test_missing_top_level_property(tmp_path: Path) -> None:
    result = check(tmp_path, "arazzo: 1.0.1\ninfo:\n  title: Demo\n  version: '1'\n"
                   "sourceDescriptions: [{name: a, url: a.yaml}]\n")
    assert result.found == [("AZ101", 1, 1)]
    assert result.message() == "missing required property 'workflows' in Arazzo document"


def test_missing_property_points_at_the_object(tmp_path: Path) -> None:
    text = HEAD_10.replace("  version: 1.0.0\n", "") + "      - stepId: s\n        workflowId: w\n"
    result = check(tmp_path, text)
    assert result.found == [("AZ101", 3, 3)]
    assert result.message() == "missing required property 'version' in info object"


def test_missing_property_in_parameter(tmp_path: Path) -> None:
    result = check(tmp_path, steps(HEAD_10, """\
        - stepId: first
          operationId: getThing
          parameters:
            - name: limit
              value: 10
        """))
    # operation steps need `in`; the parameter object starts at line 14, column 13
    assert result.found == [("AZ101", 14, 13)]
    assert result.message() == "missing required property 'in' in parameter 'limit'"


def test_required_only_when_a_condition_holds(tmp_path: Path) -> None:
    result = check(tmp_path, steps(HEAD_10, """\
        - stepId: first
          operationId: getThing
          onSuccess:
            - name: next
              type: goto
        """))
    assert result.found == [("AZ101", 14, 13)]
    assert result.message() == ("success action 'next' needs one of 'workflowId' or 'stepId' "
                                "(when 'type' is \"goto\")")


def test_dependent_required(tmp_path: Path) -> None:
    result = check(tmp_path, steps(HEAD_10, """\
        - stepId: first
          operationId: getThing
          successCriteria:
            - condition: $.ok
              type: jsonpath
        """))
    assert result.found == [("AZ101", 14, 13)]
    assert result.message() == \
        "missing property 'context' in criterion object (required when 'type' is present)"


def test_step_without_any_target_in_1_0(tmp_path: Path) -> None:
    result = check(tmp_path, steps(HEAD_10, "- stepId: lonely\n  description: nothing\n"))
    assert result.found == [("AZ101", 11, 9)]
    assert result.message() == \
        "step 'lonely' needs one of 'operationId', 'operationPath' or 'workflowId'"


# -- AZ102 unexpected properties ---------------------------------------------------------------

def test_unexpected_property_points_at_the_key(tmp_path: Path) -> None:
    result = check(tmp_path, steps(HEAD_10, """\
        - stepId: first
          operationId: getThing
          foo: 1
          x-fine: 2
          bar: 3
        """))
    assert result.found == [("AZ102", 13, 9), ("AZ102", 15, 9)]
    assert result.messages == [
        "unexpected property 'foo' in step 'first'; extensions must start with 'x-'",
        "unexpected property 'bar' in step 'first'; extensions must start with 'x-'",
    ]
    assert result.pointers == ["/workflows/0/steps/0/foo", "/workflows/0/steps/0/bar"]


def test_unexpected_property_suggests_a_close_name(tmp_path: Path) -> None:
    result = check(tmp_path, steps(HEAD_11, """\
        - stepId: first
          operationId: getThing
          sucessCriteria:
            - condition: $statusCode == 200
        """))
    assert result.found == [("AZ102", 13, 9)]
    assert result.message() == ("unexpected property 'sucessCriteria' in OpenAPI step 'first'; "
                                "did you mean 'successCriteria'?")


def test_unexpected_top_level_property(tmp_path: Path) -> None:
    result = check(tmp_path, "servers: []\n" + steps(HEAD_10, "- stepId: s\n  workflowId: w\n"))
    assert result.found == [("AZ102", 1, 1)]
    assert result.message() == \
        "unexpected property 'servers' in Arazzo document; extensions must start with 'x-'"


def test_reusable_object_allows_no_extensions(tmp_path: Path) -> None:
    result = check(tmp_path, steps(HEAD_10, """\
        - stepId: first
          workflowId: other
          parameters:
            - reference: $components.parameters.page
              x-note: hi
        """))
    assert result.found == [("AZ102", 15, 13)]
    assert result.message() == "unexpected property 'x-note' in reusable object"


def test_cascade_of_unevaluated_properties_is_not_reported(tmp_path: Path) -> None:
    # In 1.1 a failing step-object-base leaves every base property "unevaluated";
    # only the real problem is reported.
    result = check(tmp_path, steps(HEAD_11, """\
        - stepId: first
          operationId: getThing
          description: d
          successCriteria: []
        """))
    assert result.found == [("AZ104", 14, 26)]
    assert result.message() == "'successCriteria' in OpenAPI step 'first' must not be empty"


def test_property_of_a_form_that_does_not_match(tmp_path: Path) -> None:
    # the 1.0 schema also models the expression type inline; `version` is only evaluated
    # by that form, which fails, while the plain form matches
    result = check(tmp_path, steps(HEAD_10, """\
        - stepId: s
          operationId: o
          successCriteria:
            - context: $response.body
              condition: $.x
              type: jsonpath
              version: rfc9535
        """))
    assert result.found == [("AZ102", 17, 13)]
    assert result.message().startswith("property 'version' is not allowed in criterion object")


# -- AZ103 types ------------------------------------------------------------------------------

def test_wrong_type(tmp_path: Path) -> None:
    result = check(tmp_path, steps(HEAD_10, """\
        - stepId: first
          operationId: getThing
          onFailure:
            - name: again
              type: retry
              retryLimit: "3"
        """))
    assert result.found == [("AZ103", 16, 25)]
    assert result.message() == ("'retryLimit' in failure action 'again' must be an integer, "
                                'not a string ("3")')


def test_number_where_a_string_is_expected_suggests_quotes(tmp_path: Path) -> None:
    text = HEAD_10.replace("version: 1.0.0", "version: 1.0") + "      - stepId: s\n" \
        "        workflowId: w\n"
    result = check(tmp_path, text)
    assert result.found == [("AZ103", 4, 12)]
    assert result.message() == ("'version' in info object must be a string, not the number "
                                '1.0; write it in quotes: "1.0"')


def test_wrong_type_of_a_list(tmp_path: Path) -> None:
    result = check(tmp_path, HEAD_10.replace("    steps:\n", "    steps: {a: 1}\n"))
    assert result.found == [("AZ103", 10, 12)]
    assert result.message() == "'steps' in workflow 'flow' must be an array, not an object with 'a'"


def test_wrong_type_of_every_alternative(tmp_path: Path) -> None:
    result = check(tmp_path, steps(HEAD_10, """\
        - stepId: first
          operationId: getThing
          onSuccess:
            - 42
        """))
    assert [code for code, _, _ in result.found] == ["AZ105"]
    assert result.found[0][1:] == (14, 13)
    assert "not the number 42" in result.message()


# -- AZ104 values -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("body", "line", "column", "message"),
    [
        ("- stepId: first\n  operationId: o\n  parameters:\n    - name: p\n      in: body\n"
         "      value: 1\n", 15, 17,
         "'in' in parameter 'p' must be one of \"path\", \"query\", \"header\" or \"cookie\", "
         'not "body"'),
        ("- stepId: first\n  operationId: o\n  onFailure:\n    - name: wait\n      type: retry\n"
         "      retryAfter: -1\n", 16, 25,
         "'retryAfter' in failure action 'wait' must be at least 0, not -1"),
        ("- stepId: first\n  operationId: o\n  successCriteria:\n    - condition: a\n"
         "    - condition: a\n", 15, 13,
         "'successCriteria' in step 'first' must not repeat items: item 1 is the same as item 0"),
        ("- stepId: first\n  operationId: o\n  successCriteria:\n"
         "    - context: $response.body\n      condition: $.x\n      type:\n"
         "        type: jsonpath\n        version: rfc9535\n", 18, 24,
         "'version' in criterion expression type object must be "
         '"draft-goessner-dispatch-jsonpath-00", not "rfc9535" (when \'type\' is "jsonpath")'),
    ],
)
def test_invalid_values(tmp_path: Path, body: str, line: int, column: int, message: str) -> None:
    result = check(tmp_path, steps(HEAD_10, body))
    assert result.found == [("AZ104", line, column)]
    assert result.message() == message


def test_pattern_and_format(tmp_path: Path) -> None:
    text = HEAD_10.replace("name: api", "name: my api").replace("./openapi.yaml", "./my api.yaml")
    result = check(tmp_path, text + "      - stepId: s\n        workflowId: w\n")
    assert result.found == [("AZ104", 6, 11), ("AZ104", 7, 10)]
    assert result.messages == [
        "'name' in source description 'my api' must use letters, digits, '_' and '-' only, "
        'not "my api"',
        "'url' in source description 'my api' must be a valid URI reference, not "
        '"./my api.yaml"',
    ]


def test_empty_list(tmp_path: Path) -> None:
    result = check(tmp_path, HEAD_10.replace("    steps:\n", "    steps: []\n"))
    assert result.found == [("AZ104", 10, 12)]
    assert result.message() == "'steps' in workflow 'flow' must not be empty"


def test_component_key_pattern_points_at_the_key(tmp_path: Path) -> None:
    text = steps(HEAD_10, "- stepId: s\n  workflowId: w\n") + \
        "components:\n  parameters:\n    bad key:\n      name: p\n      value: 1\n"
    result = check(tmp_path, text)
    assert result.found == [("AZ104", 15, 5)]
    assert result.message() == ("key 'bad key' in 'parameters' in components object must use "
                                "letters, digits, '.', '-' and '_' only")


def test_fragment_in_self(tmp_path: Path) -> None:
    text = "$self: https://x.test/a.yaml#/x\n" + steps(HEAD_11, "- stepId: s\n  workflowId: w\n")
    result = check(tmp_path, text)
    assert result.found == [("AZ104", 1, 8)]
    assert "must not contain a fragment ('#')" in result.message()


def test_long_values_are_cut(tmp_path: Path) -> None:
    long = "x" * 500
    result = check(tmp_path, steps(HEAD_10, f"- stepId: s\n  operationId: o\n  parameters:\n"
                                            f"    - name: p\n      in: {long}\n      value: 1\n"))
    message = result.message()
    assert len(message) < 200 and "\u2026" in message and long not in message


# -- oneOf / anyOf ------------------------------------------------------------------------------

def test_step_with_no_form_lists_the_forms(tmp_path: Path) -> None:
    result = check(tmp_path, steps(HEAD_11, "- stepId: lonely\n"))
    assert result.found == [("AZ105", 11, 9)]
    assert result.message() == (
        "step 'lonely' matches none of the accepted forms: an OpenAPI step (with operationId "
        "or operationPath), an AsyncAPI step (with operationId or channelPath, and action) or "
        "a workflow step (with workflowId)")


def test_no_form_names_an_unknown_property(tmp_path: Path) -> None:
    result = check(tmp_path, steps(HEAD_11, "- stepId: typo\n  operationID: getThing\n"))
    assert result.found == [("AZ105", 11, 9)]
    assert result.message().endswith(
        "; it has unexpected property 'operationID' (did you mean 'operationId'?)")


def test_the_meant_branch_is_explained(tmp_path: Path) -> None:
    # `action` says AsyncAPI step: only its error is reported, not one per alternative
    result = check(tmp_path, steps(HEAD_11, "- stepId: s\n  operationId: o\n  action: sned\n"))
    assert result.found == [("AZ104", 13, 17)]
    assert result.message() == \
        "'action' in AsyncAPI step 's' must be one of \"send\" or \"receive\", not \"sned\""


def test_nested_alternatives(tmp_path: Path) -> None:
    result = check(tmp_path, steps(HEAD_11, """\
        - stepId: s
          operationId: o
          outputs:
            picked:
              context: $response.body
              selector: $.id
              type: jmespath
        """))
    # `type` is a string, so the string alternative of the selector type is the one meant
    assert result.found == [("AZ104", 17, 19)]
    assert result.message() == ("'type' in selector object must be one of \"jsonpointer\", "
                                '"jsonpath" or "xpath", not "jmespath"')


def test_both_of_exclusive_properties(tmp_path: Path) -> None:
    body = "- stepId: s\n  operationId: o\n  operationPath: '{$sourceDescriptions.api.url}#/x'\n"
    result = check(tmp_path, steps(HEAD_10, body))
    assert result.found == [("AZ106", 11, 9)]
    assert result.message() == ("step 's' has both 'operationId' and 'operationPath'; use only "
                                "one of 'operationId', 'operationPath' or 'workflowId'")


def test_mixed_forms(tmp_path: Path) -> None:
    result = check(tmp_path, steps(HEAD_11, "- stepId: s\n  operationId: o\n  workflowId: w\n"))
    assert result.found == [("AZ106", 11, 9)]
    assert result.message() == ("step 's' mixes properties of different forms: 'operationId' "
                                "(OpenAPI step) and 'workflowId' (workflow step); keep those of "
                                "one form")


def test_string_alternatives(tmp_path: Path) -> None:
    result = check(tmp_path, steps(HEAD_11, "- stepId: s\n  operationId: o\n  action: send\n"
                                            "  dependsOn: [$steps.x]\n"))
    assert result.found == [("AZ105", 14, 21)]
    assert result.message() == (
        "'dependsOn[0]' in AsyncAPI step 's' must be a stepId of this workflow, "
        "'$workflows.<workflowId>.steps.<stepId>' or "
        "'$sourceDescriptions.<name>.<workflowId>.steps.<stepId>', not a string (\"$steps.x\")")


# -- whole-run properties -----------------------------------------------------------------------

def test_one_diagnostic_per_problem_and_place(tmp_path: Path) -> None:
    result = check(tmp_path, steps(HEAD_11, """\
        - stepId: a
          operationId: o
          parameters:
            - name: p
              value: 1
          successCriteria: []
          extra: 1
        - stepId: b
          workflowId: w
          action: send
        - stepId: c
        """))
    places = [(d.code, d.location.pointer if d.location else None) for d in result.diagnostics]
    assert len(places) == len(set(places))
    assert sorted(places) == sorted([
        ("AZ101", "/workflows/0/steps/0/parameters/0"),
        ("AZ104", "/workflows/0/steps/0/successCriteria"),
        ("AZ102", "/workflows/0/steps/0/extra"),
        ("AZ102", "/workflows/0/steps/1/action"),
        ("AZ105", "/workflows/0/steps/2"),
    ])
    for message in result.messages:
        assert "{'" not in message and "['" not in message  # no Python reprs


def test_too_deep_to_validate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object) -> object:
        raise RecursionError

    monkeypatch.setattr(Explainer, "explain_all", explode)
    result = check(tmp_path, steps(HEAD_10, "- stepId: s\n  workflowId: w\n"))
    assert result.version == "1.0"
    assert result.found == [("AZ107", 1, 1)]


def test_schemas_are_compiled_once() -> None:
    assert compiled("1.0") is compiled("1.0")
    assert compiled("1.1").schema["$id"] != compiled("1.0").schema["$id"]


# -- where the schema contradicts the spec text (validate_schema.ERRATA) -----------------------

def test_criterion_type_object_in_1_0(tmp_path: Path) -> None:
    result = check(tmp_path, steps(HEAD_10, """\
        - stepId: s
          operationId: o
          successCriteria:
            - context: $response.body
              condition: $.ok
              type:
                type: jsonpath
                version: draft-goessner-dispatch-jsonpath-00
        """))
    assert result.diagnostics == []


@pytest.mark.parametrize(("head", "value"), [(HEAD_10, "[1, 2]"), (HEAD_10, "{a: 1}"),
                                             (HEAD_11, "42"), (HEAD_11, "[1]")])
def test_payload_replacement_values(tmp_path: Path, head: str, value: str) -> None:
    result = check(tmp_path, steps(head, f"""\
        - stepId: s
          operationId: o
          requestBody:
            payload: {{}}
            replacements:
              - target: /a
                value: {value}
        """))
    assert result.diagnostics == []


@pytest.mark.parametrize(
    ("text", "valid"),
    [("./openapi.yaml", True), ("https://example.com/a.yaml#/paths", True), ("", True),
     ("a%20b", True), ("//[::1]:80/x", True), ("urn:isbn:123", True),
     ("my file.yaml", False), ("a%zz", False), ("a#b#c", False), ("1:foo", False),
     ("x[1]", False), ("{$inputs.url}", False), ("C:\\dir\\file", False)],
)
def test_uri_reference(text: str, valid: bool) -> None:
    assert is_uri_reference(text) is valid


# -- third-party documents ---------------------------------------------------------------------

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _corpus_documents() -> list[Path]:
    manifest = SHARED / "corpus" / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    rows = [line.split("\t") for line in manifest.read_text(encoding="utf-8").splitlines()[1:]]
    return sorted(SHARED / "corpus" / row[4] for row in rows
                  if len(row) >= 5 and row[3] == "arazzo")


@pytest.mark.skipif(not _corpus_documents(), reason="shared/corpus is not available")
def test_corpus_documents_get_placed_readable_diagnostics() -> None:
    for path in _corpus_documents():
        reporter = Reporter()
        doc = load_document(path, reporter, display=path.name)
        assert doc is not None, (path, reporter.diagnostics)
        assert validate_schema(doc, reporter) in ("1.0", "1.1"), path
        places = set()
        for diagnostic in reporter.diagnostics:
            assert diagnostic.location is not None and diagnostic.location.line >= 1
            assert "{'" not in diagnostic.message and "['" not in diagnostic.message
            assert len(diagnostic.message) < 400
            place = (diagnostic.code, diagnostic.location.pointer, diagnostic.message)
            assert place not in places
            places.add(place)


@pytest.mark.skipif(not (SHARED / "seeds" / "knock").is_dir(), reason="no shared/seeds")
def test_reference_workflow_is_schema_valid() -> None:
    path = next((SHARED / "seeds" / "knock" / "arazzo").glob("*.arazzo.yaml"))
    reporter = Reporter()
    doc = load_document(path, reporter)
    assert doc is not None
    assert validate_schema(doc, reporter) == "1.0"
    assert reporter.diagnostics == []


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_bundled_json_schemas_are_the_official_yaml_ones(version: str) -> None:
    import json

    import yaml

    folder = Path(__file__).resolve().parent.parent / "arazzogen" / "schemas"
    official = yaml.safe_load((folder / f"arazzo-{version}.schema.yaml").read_text("utf-8"))
    shipped = json.loads((folder / f"arazzo-{version}.schema.json").read_text("utf-8"))
    assert shipped == official, (
        "regenerate the JSON schema from the YAML one: json.dumps(yaml.safe_load(...), indent=1)"
    )


def test_validation_never_crawls_the_schema_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every JSON Schema in `inputs` makes the 2020-12 meta-schema look up `$dynamicRef:
    # "#meta"`; with a registry crawled once (when the schema is compiled) no lookup has
    # anything left to crawl
    import referencing

    compiled("1.0")
    crawls = []
    original = referencing.Registry.crawl

    def counting(self: referencing.Registry) -> referencing.Registry:  # type: ignore[type-arg]
        crawls.extend(self._uncrawled)  # what this crawl has to walk (none: nothing to do)
        return original(self)

    monkeypatch.setattr(referencing.Registry, "crawl", counting)
    path = tmp_path / "doc.arazzo.yaml"
    path.write_text(textwrap.dedent("""\
        arazzo: 1.0.1
        info: {title: T, version: '1'}
        sourceDescriptions: [{name: api, url: api.yaml, type: openapi}]
        workflows:
          - workflowId: w
            inputs:
              type: object
              properties:
                a: {type: string, minLength: 1}
                b: {type: array, items: {type: integer}}
            steps:
              - {stepId: s, operationId: op}
        """), encoding="utf-8")
    reporter = Reporter()
    doc = load_document(path, reporter)
    assert doc is not None
    assert validate_schema(doc, reporter) == "1.0"
    assert not reporter.has_errors
    assert crawls == []


def test_inputs_schemas_checked_once_each_error_still_reported(tmp_path: Path) -> None:
    # a JSON Schema found valid is remembered (documents repeat the same `inputs` in many
    # workflows); an invalid one is checked wherever it is, each error at its own place
    import arazzogen.check.schema.validate as validate

    good = "{type: object, properties: {a: {type: string}}}"
    bad = "{type: object, properties: {a: {type: 5}}}"
    flows = "".join(
        f"  - workflowId: w{i}\n    inputs: {inputs}\n    steps: [{{stepId: s, operationId: op}}]\n"
        for i, inputs in enumerate([good, bad, good, bad, "{type: object, minProperties: 1.0}"])
    )
    text = (
        "arazzo: 1.0.1\ninfo: {title: T, version: '1'}\n"
        "sourceDescriptions: [{name: api, url: api.yaml, type: openapi}]\nworkflows:\n" + flows
    )
    validate._valid_schemas.clear()
    first = check(tmp_path, text)
    assert [(code, line) for code, line, _ in first.found] == [("AZ104", 9), ("AZ104", 15)]
    assert len(validate._valid_schemas) == 2  # the good one, and 1.0 as an integer
    again = check(tmp_path, text)  # from what is remembered: the same diagnostics
    assert again.found == first.found and again.messages == first.messages
    assert validate._exact({"a": [1]}) != validate._exact({"a": [1.0]})
    assert validate._exact({"a": 1, "b": True}) == validate._exact({"b": True, "a": 1})
