"""AZ224-AZ230 and AZ510: fields that must fit the kind of step or action."""

from __future__ import annotations

HEAD_11 = """\
arazzo: 1.1.0
info: {title: t, version: '1'}
sourceDescriptions:
  - {name: api, url: ./api.yaml, type: openapi}
  - {name: events, url: ./events.yaml, type: asyncapi}
"""


def test_content_type(lint) -> None:
    r = lint("""\
arazzo: 1.0.1
info: {title: t, version: '1'}
sourceDescriptions:
  - {name: api, url: ./api.yaml, type: openapi}
workflows:
  - workflowId: flow
    steps:
      - stepId: a
        operationId: op
        requestBody: {contentType: application/json; charset=utf-8, payload: {}}
      - stepId: b
        operationId: op
        requestBody: {contentType: json, payload: {}}
      - stepId: c
        operationId: op
        requestBody: {contentType: application/vnd.api+json, payload: {}}
""")
    assert r.at("AZ224") == [r.pos("contentType: »json")]


def test_action_and_workflow_step_parameters_with_in(lint) -> None:
    r = lint(HEAD_11 + """\
workflows:
  - workflowId: flow
    steps:
      - stepId: a
        operationId: $sourceDescriptions.api.op
        onSuccess:
          - name: next
            type: goto
            workflowId: child
            parameters:
              - {name: id, value: 1}
              - {name: q, in: query, value: 2}
              - reference: $components.parameters.page
      - stepId: b
        workflowId: child
        parameters:
          - {name: id, in: query, value: 1}
  - workflowId: child
    steps: [{stepId: s, operationId: $sourceDescriptions.api.op}]
components:
  parameters:
    page: {name: page, in: query, value: 1}
""", "1.1")
    assert r.at("AZ225") == [
        r.pos("{name: q, »in: query"),
        r.pos("reference: »$components.parameters.page"),
    ]
    assert r.at("AZ226") == [r.pos("{name: id, »in: query")]


def test_operation_and_channel_paths(lint) -> None:
    r = lint(HEAD_11 + """\
workflows:
  - workflowId: flow
    steps:
      - stepId: a
        operationPath: '{$sourceDescriptions.api.url}#/paths/~1pets/get'
      - stepId: b
        operationPath: GET /pets
      - stepId: c
        operationPath: api#/paths/~1pets/get
      - stepId: d
        operationPath: listPets
      - stepId: e
        channelPath: '{$sourceDescriptions.events.url}#/channels/orders'
        action: receive
      - stepId: f
        channelPath: orders
        action: receive
      - stepId: g
        channelPath: '{$sourceDescriptions.api.url}#/channels/orders'
        action: send
""", "1.1")
    # the loose forms of operationPath are the sources stage's (lenient) business
    assert r.at("AZ227") == [r.pos("operationPath: »listPets"), r.pos("channelPath: »orders")]
    assert r.at("AZ212") == [r.pos("channelPath: »'{$sourceDescriptions.api.url}")]


def test_async_fields(lint) -> None:
    r = lint(HEAD_11 + """\
workflows:
  - workflowId: flow
    steps:
      - stepId: http
        operationId: $sourceDescriptions.api.op
        action: send
      - stepId: listen
        operationId: $sourceDescriptions.events.orderCreated
      - stepId: ok
        operationId: $sourceDescriptions.events.orderCreated
        action: receive
        correlationId: $inputs.id
""", "1.1")
    assert r.at("AZ228") == [r.pos("»action: send")]
    assert r.at("AZ229") == [r.pos("»operationId: $sourceDescriptions.events", 0)]


def test_bare_operation_id_takes_the_only_source_type(lint) -> None:
    r = lint("""\
arazzo: 1.1.0
info: {title: t, version: '1'}
sourceDescriptions:
  - {name: events, url: ./events.yaml, type: asyncapi}
workflows:
  - workflowId: flow
    steps:
      - {stepId: a, operationId: orderCreated}
""", "1.1")
    assert r.at("AZ229") == [r.pos("»operationId: orderCreated")]


def test_request_body_on_workflow_step(lint) -> None:
    r = lint(HEAD_11 + """\
workflows:
  - workflowId: parent
    steps:
      - stepId: call
        workflowId: child
        requestBody: {contentType: application/json, payload: {id: 1}}
  - workflowId: child
    steps: [{stepId: s, operationId: $sourceDescriptions.api.op}]
""", "1.1")
    assert r.at("AZ230") == [r.pos("»requestBody:")]


def test_action_without_name_is_lenient(lint) -> None:
    # the JSON Schema requires `name`; if the schema stage lets it through, the rules
    # still name the problem
    r = lint("""\
arazzo: 1.0.1
info: {title: t, version: '1'}
sourceDescriptions:
  - {name: api, url: ./api.yaml, type: openapi}
workflows:
  - workflowId: flow
    steps:
      - stepId: a
        operationId: op
        onSuccess:
          - type: end
""", schema_valid=False)
    assert r.at("AZ510") == [r.pos("- »type: end")]
