"""AZ401-AZ406: control flow."""

from __future__ import annotations

from arazzogen.check.rules.flow import strongly_connected

HEAD = """\
arazzo: 1.0.1
info: {title: t, version: '1'}
sourceDescriptions:
  - {name: api, url: ./api.yaml, type: openapi}
"""


def test_unreachable_after_unconditional_end_and_goto(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    steps:
      - stepId: a
        operationId: op
        onSuccess: [{name: skip, type: goto, stepId: c}]
      - stepId: b
        operationId: op
      - stepId: c
        operationId: op
        onSuccess: [{name: stop, type: end}]
      - stepId: d
        operationId: op
""")
    assert r.at("AZ401") == [r.pos("stepId: »b"), r.pos("stepId: »d")]


def test_conditional_actions_fall_through(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    steps:
      - stepId: a
        operationId: op
        onSuccess:
          - name: skip
            type: goto
            stepId: c
            criteria: [{condition: $statusCode == 204}]
      - stepId: b
        operationId: op
      - stepId: c
        operationId: op
""")
    assert r.codes() == []


def test_failure_goto_reaches_a_step(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    steps:
      - stepId: a
        operationId: op
        onSuccess: [{name: done, type: end}]
        onFailure: [{name: recover, type: goto, stepId: b}]
      - stepId: b
        operationId: op
""")
    assert r.at("AZ401") == []


def test_workflow_level_actions_apply_to_every_step(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    successActions:
      - {name: stop, type: end}
    steps:
      - stepId: a
        operationId: op
      - stepId: b
        operationId: op
  - workflowId: overridden
    successActions:
      - {name: stop, type: end}
    steps:
      - stepId: a
        operationId: op
        onSuccess:
          - name: stop
            type: end
            criteria: [{condition: $statusCode == 204}]
      - stepId: b
        operationId: op
""")
    # in `overridden`, step a replaces the unconditional `stop` with a conditional one
    assert r.at("AZ401") == [r.pos("stepId: »b")]


def test_loop_without_exit(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: spin
    steps:
      - stepId: poll
        operationId: op
        onSuccess: [{name: again, type: goto, stepId: poll}]
      - stepId: never
        operationId: op
  - workflowId: pingpong
    steps:
      - stepId: a
        operationId: op
      - stepId: b
        operationId: op
        onSuccess: [{name: back, type: goto, stepId: a}]
""")
    assert r.at("AZ402") == [r.pos("stepId: »poll}"), r.pos("stepId: »a}")]
    assert "'a', 'b'" in r.messages("AZ402")[1]
    assert r.at("AZ401") == [r.pos("stepId: »never")]


def test_loops_with_a_way_out_are_fine(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: polling
    steps:
      - stepId: poll
        operationId: op
        onSuccess:
          - name: again
            type: goto
            stepId: poll
            criteria: [{condition: $response.body#/done == false}]
      - stepId: after
        operationId: op
  - workflowId: escape-on-failure
    steps:
      - stepId: poll
        operationId: op
        onSuccess: [{name: again, type: goto, stepId: poll}]
        onFailure: [{name: out, type: goto, stepId: after}]
      - stepId: after
        operationId: op
  - workflowId: retrying
    steps:
      - stepId: poll
        operationId: op
        onFailure: [{name: again, type: retry, retryLimit: 5}]
""")
    assert r.codes() == []


def test_step_output_used_before_the_step_can_run(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    steps:
      - stepId: a
        operationId: op
        parameters:
          - {name: x, in: query, value: $steps.b.outputs.id}
          - {name: y, in: query, value: $steps.a.outputs.id}
        outputs: {id: $response.body#/id}
        successCriteria:
          - condition: $steps.a.outputs.id != null
      - stepId: b
        operationId: op
        outputs: {id: $response.body#/id}
    outputs:
      fromA: $steps.a.outputs.id
""")
    # a step's own outputs exist in its criteria, not in its request
    assert r.at("AZ403") == [r.pos("value: »$steps.b"), r.pos("value: »$steps.a")]
    assert "runs later" in r.messages("AZ403")[0]


def test_reference_that_may_not_have_run_is_not_reported(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    steps:
      - stepId: check
        operationId: op
        onSuccess:
          - name: skip
            type: goto
            stepId: use
            criteria: [{condition: $statusCode == 204}]
      - stepId: create
        operationId: op
        outputs: {id: $response.body#/id}
      - stepId: use
        operationId: op
        parameters: [{name: id, in: query, value: $steps.create.outputs.id}]
""")
    assert r.codes() == []


def test_loop_back_makes_a_later_step_available(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    steps:
      - stepId: page
        operationId: op
        parameters: [{name: cursor, in: query, value: $steps.next.outputs.cursor}]
      - stepId: next
        operationId: op
        outputs: {cursor: $response.body#/cursor}
        onSuccess:
          - name: more
            type: goto
            stepId: page
            criteria: [{condition: $response.body#/cursor != null}]
""")
    assert r.codes() == []


def test_workflow_outputs_and_never_run_steps(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    steps:
      - stepId: a
        operationId: op
        onSuccess: [{name: stop, type: end}]
      - stepId: b
        operationId: op
        outputs: {id: $response.body#/id}
    outputs:
      id: $steps.b.outputs.id
""")
    assert r.at("AZ401") == [r.pos("stepId: »b")]
    assert r.at("AZ403") == [r.pos("id: »$steps.b")]
    assert "never reached" in r.messages("AZ403")[0]


def test_workflow_level_values_need_one_step_where_the_reference_ran(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    parameters:
      - {name: token, in: header, value: $steps.login.outputs.token}
      - {name: late, in: header, value: $steps.last.outputs.token}
    steps:
      - stepId: login
        operationId: op
        outputs: {token: $response.body#/token}
      - stepId: last
        operationId: op
        outputs: {token: $response.body#/token}
""")
    assert r.at("AZ403") == [r.pos("value: »$steps.last")]


def test_step_depends_on_a_later_step(lint) -> None:
    r = lint("""\
arazzo: 1.1.0
info: {title: t, version: '1'}
sourceDescriptions:
  - {name: api, url: ./api.yaml, type: openapi}
workflows:
  - workflowId: flow
    steps:
      - stepId: a
        operationId: op
      - stepId: b
        operationId: op
        dependsOn: [a, c]
      - stepId: c
        operationId: op
""", "1.1")
    assert r.at("AZ404") == [r.pos("[a, »c]")]


def test_workflow_dependency_cycles_and_recursion(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: one
    dependsOn: [two]
    steps: [{stepId: s, operationId: op}]
  - workflowId: two
    dependsOn: [one]
    steps: [{stepId: s, workflowId: two}]
  - workflowId: three
    dependsOn: [one]
    steps: [{stepId: s, operationId: op}]
""")
    assert r.at("AZ405") == [r.pos("dependsOn: [»two]"), r.pos("dependsOn: [»one]")]
    assert r.at("AZ406") == [r.pos("workflowId: »two}")]


def test_a_workflow_with_an_empty_id_is_not_run_by_steps_without_workflow_id(lint) -> None:
    # a step that names no workflow must not be taken to run the workflow whose id is ""
    r = lint(HEAD + """\
workflows:
  - workflowId: ''
    dependsOn: []
    steps:
      - stepId: a
        operationId: op
        onFailure: [{name: stop, type: end}]
""")
    assert r.at("AZ406") == [] and r.at("AZ405") == []


def test_strongly_connected_components() -> None:
    edges = {0: [1], 1: [2], 2: [0, 3], 3: [4], 4: [3], 5: [5]}
    components = strongly_connected(6, lambda n: edges.get(n, []))
    assert sorted(components) == [[0, 1, 2], [3, 4], [5]]
    # reverse topological order: {3, 4} is finished before {0, 1, 2}
    assert components.index([3, 4]) < components.index([0, 1, 2])


def test_strongly_connected_handles_long_chains() -> None:
    n = 5000
    components = strongly_connected(n, lambda i: [i + 1] if i + 1 < n else [0])
    assert components == [list(range(n))]
