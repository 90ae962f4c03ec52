"""AZ211-AZ219, AZ231 and the lenient AZ502-AZ505: runtime expressions in values."""

from __future__ import annotations

HEAD = """\
arazzo: 1.0.1
info: {title: t, version: '1'}
sourceDescriptions:
  - {name: api, url: ./api.yaml, type: openapi}
"""


def test_inputs_must_be_declared(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    inputs:
      $ref: '#/components/inputs/creds'
    steps:
      - stepId: a
        operationId: op
        parameters:
          - {name: u, in: query, value: $inputs.user}
          - {name: t, in: query, value: $inputs.token}
          - {name: x, in: header, value: 'Bearer {$inputs.tokne}'}
          - {name: e, in: header, value: $inputs.env.secret}
  - workflowId: free
    inputs: {type: object}
    steps:
      - stepId: a
        operationId: op
        parameters: [{name: u, in: query, value: $inputs.anything}]
components:
  inputs:
    creds:
      allOf:
        - {type: object, properties: {user: {type: string}}}
        - {type: object, properties: {token: {type: string}, env: {type: object}}}
""")
    # a schema without properties accepts any name; `env.secret` reaches into `env`
    assert r.at("AZ215") == [r.pos("{»$inputs.tokne}")]
    assert "token" in r.messages("AZ215")[0]


def test_step_references(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    steps:
      - stepId: a
        operationId: op
        outputs:
          id: $response.body#/id
          page.size: $response.body#/size
      - stepId: b
        operationId: op
        parameters:
          - {name: p1, in: query, value: $steps.a.outputs.id}
          - {name: p2, in: query, value: $steps.a.outputs.page.size}
          - {name: p3, in: query, value: $steps.a.outputs.id.value}
          - {name: p4, in: query, value: $steps.a.outputs.name}
          - {name: p5, in: query, value: $steps.nope.outputs.id}
          - {name: p6, in: query, value: $steps.a.id}
          - {name: p7, in: query, value: $steps.a.outputs}
""")
    # `page.size` is one output whose name has a dot; `id.value` reaches into `id`
    assert r.at("AZ504") == [r.pos("value: »$steps.a.outputs.id.value")]
    assert r.at("AZ505") == [r.pos("value: »$steps.a.outputs.name")]
    assert r.at("AZ217") == [r.pos("value: »$steps.nope")]
    assert r.at("AZ219") == [r.pos("value: »$steps.a.id")]
    assert r.codes() == ["AZ504", "AZ505", "AZ217", "AZ219"]


def test_workflow_and_called_workflow_outputs(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: parent
    steps:
      - stepId: call
        workflowId: child
        successCriteria:
          - condition: $outputs.total > 0
        outputs:
          got: $outputs.missing
      - stepId: use
        operationId: op
        parameters:
          - {name: n, in: query, value: $workflows.child.outputs.total}
          - {name: m, in: query, value: $workflows.child.outputs.nothing}
          - {name: o, in: query, value: $workflows.child.inputs.size}
          - {name: p, in: query, value: $workflows.ghost.outputs.total}
    outputs:
      total: $steps.call.outputs.got
      again: $outputs.totl
  - workflowId: child
    inputs: {type: object, properties: {limit: {type: integer}}}
    steps:
      - stepId: s
        operationId: op
        outputs: {n: $response.body#/n}
    outputs:
      total: $steps.s.outputs.n
""")
    # in a workflow step, $outputs are the called workflow's
    assert r.at("AZ216") == [
        r.pos("got: »$outputs.missing"),
        r.pos("value: »$workflows.child.outputs.nothing"),
        r.pos("again: »$outputs.totl"),
    ]
    assert r.at("AZ215") == [r.pos("value: »$workflows.child.inputs.size")]
    assert r.at("AZ207") == [r.pos("value: »$workflows.ghost")]


def test_expressions_used_where_they_have_no_value(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    parameters:
      - {name: h, in: header, value: $response.header.X-Id}
    steps:
      - stepId: a
        operationId: op
        parameters:
          - {name: q, in: query, value: '{$statusCode}'}
        requestBody:
          payload: {echo: $request.body}
        successCriteria:
          - condition: $statusCode == 200 && $response.body#/ok == true
        outputs:
          id: $response.body#/id
      - stepId: call
        workflowId: flow
        successCriteria:
          - condition: $statusCode == 200
    outputs:
      status: $statusCode
      id: $steps.a.outputs.id
""")
    assert r.at("AZ218") == [
        r.pos("value: »$response.header.X-Id"),
        r.pos("'{»$statusCode}'"),
        r.pos("echo: »$request.body"),
        r.pos("status: »$statusCode"),
    ]
    assert r.at("AZ231") == [r.pos("- condition: »$statusCode == 200", 1)]


def test_message_expressions_belong_to_asyncapi_steps(lint) -> None:
    r = lint("""\
arazzo: 1.1.0
info: {title: t, version: '1'}
sourceDescriptions:
  - {name: api, url: ./api.yaml, type: openapi}
  - {name: events, url: ./events.yaml, type: asyncapi}
workflows:
  - workflowId: flow
    steps:
      - stepId: http
        operationId: $sourceDescriptions.api.op
        outputs: {v: $message.payload#/v}
      - stepId: receive
        operationId: $sourceDescriptions.events.orderCreated
        action: receive
        outputs: {v: $message.payload#/v, s: $statusCode}
""", "1.1")
    assert r.at("AZ218") == [r.pos("{v: »$message.payload#/v}"), r.pos("s: »$statusCode")]


def test_syntax_errors_and_lenient_forms(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    steps:
      - stepId: a
        operationId: op
        parameters:
          - {name: auth, in: header, value: Bearer $inputs.token}
          - {name: id, in: query, value: $response.headers.id}
          - {name: x, in: query, value: 'a {$inputs.x b'}
          - {name: price, in: query, value: costs $5}
        outputs:
          id: $response.body.data.id
          fixed: just text
          sel: $self
""")
    assert r.at("AZ502") == [r.pos("Bearer »$inputs.token")]
    assert r.at("AZ503") == [r.pos("id: »$response.body.data.id")]
    # `$self` is Arazzo 1.1; the error points into the value where the parser stopped
    # `headers` is read as `header` (lenient), in parameters there is no response yet
    assert r.at("AZ512") == [r.pos("value: »$response.headers.id")]
    assert r.at("AZ219") == [
        r.pos("{$inputs.x b»'"),  # 1.0 names may hold spaces: the text ends first
        r.pos("fixed: »just text"),
        r.pos("sel: »$self"),
    ]
    assert "1.1" in r.messages("AZ219")[2]


def test_sources_and_components_in_expressions(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    steps:
      - stepId: a
        operationId: op
        parameters:
          - {name: u, in: query, value: $sourceDescriptions.api.url}
          - {name: v, in: query, value: $sourceDescriptions.nope.url}
          - {name: w, in: query, value: $components.parameters.page}
          - {name: y, in: query, value: $components.parameters.none}
          - {name: z, in: query, value: $components.things.x}
components:
  parameters:
    page: {name: page, in: query, value: 1}
""")
    assert r.at("AZ211") == [r.pos("value: »$sourceDescriptions.nope")]
    assert r.at("AZ213") == [r.pos("value: »$components.parameters.none")]
    assert r.at("AZ219") == [r.pos("value: »$components.things")]


def test_selector_objects_and_replacements_are_read(lint) -> None:
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
        requestBody:
          payload: {id: 1}
          replacements:
            - target: /id
              value: {context: $steps.ghost.outputs.x, selector: $.id, type: jsonpath}
        outputs:
          v: {context: $inputs.nope, selector: /a, type: jsonpointer}
""", "1.1")
    assert r.at("AZ217") == [r.pos("context: »$steps.ghost")]
    # the workflow has no inputs schema: a warning, not an error (AZ215)
    assert r.at("AZ215") == []
    assert r.at("AZ235") == [r.pos("context: »$inputs.nope")]


def test_components_are_checked_where_they_are_used(lint) -> None:
    r = lint(HEAD + """\
workflows:
  - workflowId: flow
    inputs: {type: object, properties: {store: {type: string}}}
    steps:
      - stepId: a
        operationId: op
        parameters: [{reference: $components.parameters.store}]
        onSuccess: [{reference: $components.successActions.check}]
      - stepId: b
        operationId: op
        outputs: {id: $response.body#/id}
  - workflowId: other
    inputs: {type: object, properties: {shop: {type: string}}}
    steps:
      - stepId: a
        operationId: op
        parameters: [{reference: $components.parameters.store, value: $inputs.shop}]
      - stepId: b
        operationId: op
        parameters: [{reference: $components.parameters.store}]
components:
  parameters:
    store: {name: store, in: header, value: $inputs.store}
  successActions:
    check:
      name: check
      type: end
      criteria: [{condition: $steps.b.outputs.id != null}]
""")
    # step other.a overrides the value; other.b uses `$inputs.store`, which `other` lacks
    assert r.at("AZ215") == [r.pos("value: »$inputs.store")]
    assert "shop" in r.messages("AZ215")[0]
    assert r.at("AZ403") == [r.pos("condition: »$steps.b")]
    assert "before step 'a'" in r.messages("AZ403")[0]
