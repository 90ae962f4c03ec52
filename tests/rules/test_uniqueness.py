"""AZ201-AZ206, AZ223: ids and names that must be unique or identifiers."""

from __future__ import annotations

HEAD = """\
arazzo: 1.0.1
info: {title: t, version: '1'}
sourceDescriptions:
  - {name: api, url: ./api.yaml, type: openapi}
"""


def test_duplicate_workflow_id(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    steps: [{stepId: a, operationId: op}]
  - workflowId: flow
    summary: second
    steps: [{stepId: a, operationId: op}]
""")
    assert r.at("AZ201") == [r.pos("workflowId: »flow", 1)]
    assert "workflows[0]" in r.messages("AZ201")[0]
    assert r.at("AZ202") == []  # step ids are unique per workflow


def test_duplicate_step_id(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    steps:
      - {stepId: a, operationId: op}
      - {stepId: b, operationId: op}
      - {stepId: a, operationId: other}
""")
    assert r.at("AZ202") == [r.pos("stepId: »a", 1)]


def test_duplicate_source_name(lint) -> None:
    r = lint("""\
arazzo: 1.0.1
info: {title: t, version: '1'}
sourceDescriptions:
  - {name: api, url: ./a.yaml, type: openapi}
  - {name: api, url: ./b.yaml, type: openapi}
workflows:
  - workflowId: flow
    steps: [{stepId: a, operationId: $sourceDescriptions.api.op}]
""")
    assert r.at("AZ203") == [r.pos("name: »api", 1)]


def test_duplicate_parameters_in_step_workflow_and_through_references(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    parameters:
      - {name: h, in: header, value: 1}
      - {name: h, in: header, value: 2}
    steps:
      - stepId: a
        operationId: op
        parameters:
          - {name: id, in: path, value: 1}
          - {name: id, in: query, value: 1}
          - reference: $components.parameters.pathId
components:
  parameters:
    pathId: {name: id, in: path, value: 2}
""")
    # same name in another location is a different parameter
    assert r.at("AZ204") == [
        r.pos("{name: h", 1),
        r.pos("reference: $components.parameters.pathId"),
    ]


def test_step_parameter_may_override_workflow_parameter(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    parameters: [{name: h, in: header, value: 1}]
    steps:
      - stepId: a
        operationId: op
        parameters: [{name: h, in: header, value: 2}]
""")
    assert r.codes() == []


def test_duplicate_action_names_within_a_list(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    steps:
      - stepId: a
        operationId: op
        onSuccess:
          - {name: done, type: end}
          - reference: $components.successActions.finish
        onFailure:
          - {name: done, type: end}
components:
  successActions:
    finish: {name: done, type: end}
    finish2: {name: done, type: end}
""")
    # within the onSuccess list, the referenced action repeats the name `done`; two
    # components with the same name are fine while no one list uses both
    assert r.at("AZ205") == [r.pos("$components.successActions.finish")]


def test_ids_that_expressions_cannot_name(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: Plan a trip
    steps:
      - stepId: search.stations
        operationId: op
      - stepId: ok_id-2
        operationId: op
""")
    assert r.at("AZ206") == [r.pos("Plan a trip"), r.pos("search.stations")]
    # a 1.0 document's looser grammar can name them in `{...}` and whole values
    message = r.messages("AZ206")[1]
    assert "in this Arazzo 1.0 document `$steps.<id>` can name it" in message
    assert "Arazzo 1.1's grammar and other tools cannot" in message


def test_ids_that_1_1_expressions_cannot_name(lint) -> None:
    r = lint(HEAD.replace("1.0.1", "1.1.0") + """\
workflows:
  - workflowId: get-pet
    steps:
      - stepId: получить
        operationId: op
""", version="1.1")
    assert r.messages("AZ206") == [
        "stepId 'получить' is not an identifier (`[A-Za-z0-9_-]+`), so `$steps.<id>` "
        "cannot name it (Arazzo 1.1 allows only these)"
    ]


def test_duplicate_replacement_targets(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    steps:
      - stepId: a
        operationId: op
        requestBody:
          payload: {id: 1}
          replacements:
            - {target: /id, value: '2'}
            - {target: /name, value: x}
            - {target: /id, value: '3'}
""")
    assert r.at("AZ223") == [r.pos("/id", 1)]
