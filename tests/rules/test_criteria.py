"""AZ219-AZ222 and AZ501: Criterion Objects."""

from __future__ import annotations

HEAD = """\
arazzo: 1.0.1
info: {title: t, version: '1'}
sourceDescriptions:
  - {name: api, url: ./api.yaml, type: openapi}
workflows:
  - workflowId: flow
    inputs: {type: object, properties: {pattern: {type: string}, status: {type: string}}}
    steps:
      - stepId: a
        operationId: op
"""


def test_simple_conditions(lint) -> None:
    r = lint(HEAD + """\
        successCriteria:
          - condition: $statusCode == 200 && $response.body#/n > 0
          - condition: $statusCode = 200
          - condition: $statusCode == 200 && $inputs.nope == 'x'
          - condition: $response.body.status == 'done'
          - type: simple
            context: $response.body
            condition: "!($statusCode >= 500)"
""")
    assert r.at("AZ220") == [r.pos("$statusCode »= 200")]
    assert r.at("AZ215") == [r.pos("&& »$inputs.nope")]
    assert r.at("AZ503") == [r.pos("- condition: »$response.body.status")]
    assert r.codes() == ["AZ220", "AZ215", "AZ503"]


def test_regex_conditions(lint) -> None:
    r = lint(HEAD + """\
        successCriteria:
          - {context: $statusCode, condition: '^2\\d{2}$', type: regex}
          - {context: $response.body#/code, condition: '^([a-z]+$', type: regex}
          - {context: $response.body#/code, condition: '^({$inputs.pattern})$', type: regex}
          - {context: $response.body#/code, condition: '^{$inputs.patern}$', type: regex}
          - {context: $response.bodyy, condition: '^a$', type: regex}
""")
    assert r.at("AZ221") == [r.pos("'^»([a-z]+$'")]
    assert r.at("AZ215") == [r.pos("'^{»$inputs.patern}")]
    assert r.at("AZ219") == [r.pos("$response.»bodyy")]


def test_jsonpath_conditions(lint) -> None:
    r = lint(HEAD + """\
        successCriteria:
          - {context: $response.body, condition: '$[?count(@.pets) > 0]', type: jsonpath}
          - {context: $response.body, condition: "$.status == 'done'", type: jsonpath}
          - {context: $response.body, condition: '$[?@.a ==]', type: jsonpath}
          - context: $response.body
            condition: "$[?@.status == '{$inputs.status}']"
            type: jsonpath
          - context: $response.body
            condition: "$[?@.status == '{$inputs.state}']"
            type: jsonpath
          - {context: $response.body, condition: '/a/b[@c]', type: xpath}
""")
    # the lenient comparison form is accepted with a warning; XPath is compiled, not read here
    assert r.at("AZ501") == [r.pos("condition: »\"$.status")]
    assert r.at("AZ222") == [r.pos("'$[?@.a ==»]'")]
    assert r.at("AZ215") == [r.pos("'{»$inputs.state}'")]
    assert r.codes() == ["AZ501", "AZ222", "AZ215"]


def test_expression_type_objects(lint) -> None:
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
        successCriteria:
          - context: $response.body
            condition: "$..[?(@.price < 10)]"
            type: {type: jsonpath, version: draft-goessner-dispatch-jsonpath-00}
          - context: $response.body
            condition: "$[?(@.price <> 10)]"
            type: {type: jsonpath, version: rfc9535}
""", "1.1")
    # only RFC 9535 is read; the Goessner dialect is left to the compiler
    assert r.at("AZ222") == [r.pos("$[?(@.price <»> 10)]")]
    assert r.codes() == ["AZ222"]


def test_expressions_embedded_in_xpath_and_goessner_conditions(lint) -> None:
    """compile needs them parsed: validate reports them as in RFC 9535 JSONPath."""
    r = lint(HEAD.replace("1.0.1", "1.1.0") + """\
        successCriteria:
          - {context: $response.body, condition: '/pet[name = {$inputs.}]', type: xpath}
          - {context: $response.body, condition: '$statusCode}', type: xpath}
          - {context: $response.body, condition: '/pet[name = {$inputs.nope}]', type: xpath}
          - context: $response.body
            condition: "$[?(@.code == {$statuscode})]"
            type: {type: jsonpath, version: draft-goessner-dispatch-jsonpath-00}
""", "1.1")
    assert r.at("AZ219") == [
        r.pos("{$inputs.»}"),
        r.pos("'$statusCode»}'"),
        r.pos("== {»$statuscode"),
    ]
    assert r.at("AZ215") == [r.pos("{»$inputs.nope}")]
    assert r.codes() == ["AZ219", "AZ219", "AZ215", "AZ219"]


def test_xpath_syntax_and_nesting(lint) -> None:
    """What compile refuses before emitting (a syntax error, a path nested past the
    limit), in conditions and Selector Objects; constructs are named by compile only."""
    deep = "/a" * 70
    r = lint(HEAD.replace("1.0.1", "1.1.0") + f"""\
        successCriteria:
          - {{context: $response.body, condition: '/pet[name =]', type: xpath}}
          - {{context: $response.body, condition: '{deep}', type: xpath}}
          - {{context: $response.body, condition: '/pet/..', type: xpath}}
          - {{context: $response.body, condition: "/pet[name = '{{$inputs.status}}']", type: xpath}}
        outputs:
          name:
            context: $response.body
            selector: '{deep}'
            type: {{type: xpath, version: xpath-10}}
""", "1.1")
    assert r.at("AZ604") == [
        r.pos("'/pet[name =»]'"),
        r.pos("condition: '»/a/a"),
        r.pos("selector: '»/a/a"),
    ]
    assert r.codes() == ["AZ604", "AZ604", "AZ604"]


def test_criteria_of_actions_are_checked(lint) -> None:
    r = lint(HEAD + """\
        onSuccess:
          - name: loop
            type: goto
            stepId: a
            criteria:
              - condition: $response.body#/done == false
              - {context: $response.body, condition: '$.done', type: jsonpath}
              - {condition: $statusCode ==, context: $statusCode, type: simple}
""")
    assert r.at("AZ220") == [r.pos("condition: $statusCode ==»,")]
    assert r.codes() == ["AZ220"]
