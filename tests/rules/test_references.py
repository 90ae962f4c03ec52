"""AZ207-AZ214: references by name (workflows, steps, sources, components)."""

from __future__ import annotations

HEAD = """\
arazzo: 1.0.1
info: {title: t, version: '1'}
sourceDescriptions:
  - {name: api, url: ./api.yaml, type: openapi}
  - {name: other, url: ./other.arazzo.yaml, type: arazzo}
"""


def test_workflow_depends_on(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: first
    steps: [{stepId: a, operationId: op}]
  - workflowId: second
    dependsOn:
      - first
      - missing
      - $sourceDescriptions.other.remote
      - $sourceDescriptions.nowhere.remote
      - $sourceDescriptions.api.remote
      - $sourceDescriptions.other
    steps: [{stepId: a, operationId: op}]
""")
    assert r.at("AZ207") == [r.pos("- »missing"), r.pos("- »$sourceDescriptions.other\n")]
    assert r.at("AZ211") == [r.pos("- »$sourceDescriptions.nowhere")]
    assert r.at("AZ212") == [r.pos("- »$sourceDescriptions.api.remote")]
    assert "'arazzo'" in r.messages("AZ212")[0]


def test_goto_and_retry_targets(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    successActions:
      - {name: w, type: goto, stepId: nope}
    steps:
      - stepId: a
        operationId: op
        onSuccess:
          - {name: s1, type: goto, stepId: b}
          - {name: s2, type: goto, stepId: c}
          - {name: s3, type: goto, workflowId: ghost}
          - {name: s4, type: goto, workflowId: $sourceDescriptions.other.remote}
        onFailure:
          - {name: f1, type: retry, stepId: zz}
          - reference: $components.failureActions.jump
      - stepId: b
        operationId: op
  - workflowId: second
    steps: [{stepId: c, operationId: op}]
components:
  failureActions:
    jump: {name: jump, type: goto, stepId: b}
""")
    # a goto stepId must be in the same workflow: step c belongs to another one
    assert r.at("AZ208") == [
        r.pos("name: w, type: goto, stepId: »nope"),
        r.pos("stepId: »c}"),
        r.pos("stepId: »zz"),
    ]
    assert r.at("AZ207") == [r.pos("workflowId: »ghost")]


def test_component_goto_checked_in_each_workflow_that_uses_it(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: one
    steps:
      - stepId: a
        operationId: op
        onFailure: [{reference: $components.failureActions.jump}]
      - stepId: b
        operationId: op
  - workflowId: two
    steps:
      - stepId: a
        operationId: op
        onFailure: [{reference: $components.failureActions.jump}]
components:
  failureActions:
    jump: {name: jump, type: goto, stepId: b}
""")
    assert r.at("AZ208") == [r.pos("reference: »$components.failureActions.jump", 1)]
    assert "components.failureActions.jump" in r.messages("AZ208")[0]


def test_action_target_conflicts(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    steps:
      - stepId: a
        operationId: op
        onSuccess:
          - {name: e, type: end, stepId: a}
        onFailure:
          - {name: r, type: retry, stepId: a, workflowId: flow}
""")
    assert r.at("AZ210") == [r.pos("type: end, »stepId")]
    assert r.at("AZ209") == [r.pos("stepId: a, »workflowId")]


def test_step_depends_on(lint) -> None:
    r = lint("""\
arazzo: 1.1.0
info: {title: t, version: '1'}
sourceDescriptions:
  - {name: api, url: ./api.yaml, type: openapi}
  - {name: other, url: ./other.arazzo.yaml, type: arazzo}
workflows:
  - workflowId: first
    steps:
      - {stepId: x, operationId: op}
  - workflowId: second
    steps:
      - {stepId: a, operationId: op}
      - stepId: b
        operationId: op
        dependsOn:
          - a
          - ghost
          - $workflows.first.steps.x
          - $workflows.first.steps.y
          - $workflows.third.steps.x
          - $sourceDescriptions.other.flow.steps.s
          - $sourceDescriptions.api.flow.steps.s
""", "1.1")
    assert r.at("AZ208") == [r.pos("- »ghost"), r.pos("- »$workflows.first.steps.y")]
    assert r.at("AZ207") == [r.pos("- »$workflows.third")]
    assert r.at("AZ212") == [r.pos("- »$sourceDescriptions.api.flow")]


def test_reusable_references(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    parameters:
      - reference: $components.parameters.missing
    steps:
      - stepId: a
        operationId: op
        parameters:
          - reference: $components.parameters.page
            value: 2
          - reference: $components.successActions.page
        onSuccess:
          - reference: $components.failureActions.stop
          - reference: $components.successActions.nope
components:
  parameters:
    page: {name: page, in: query, value: 1}
  failureActions:
    stop: {name: stop, type: end}
""")
    assert r.at("AZ213") == [
        r.pos("reference: »$components.parameters.missing"),
        r.pos("reference: »$components.successActions.nope"),
    ]
    assert r.at("AZ214") == [
        r.pos("reference: »$components.successActions.page"),
        r.pos("reference: »$components.failureActions.stop"),
    ]


def test_inputs_refs(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    inputs:
      $ref: '#/components/inputs/missing'
    steps: [{stepId: a, operationId: op}]
  - workflowId: ok
    inputs:
      type: object
      properties:
        store: {$ref: '#/components/inputs/store'}
        other: {$ref: '#/components/inputs/store/properties/nothing'}
    steps: [{stepId: a, operationId: op}]
components:
  inputs:
    store: {type: object, properties: {id: {type: string}}}
""")
    assert r.at("AZ213") == [
        r.pos("$ref: »'#/components/inputs/missing'"),
        r.pos("$ref: »'#/components/inputs/store/properties/nothing'"),
    ]
