"""AZ232-AZ234: presentation checks (Spectral parity)."""

from __future__ import annotations


def test_script_tags_missing_descriptions_and_source_types(lint) -> None:
    r = lint("""\
arazzo: 1.0.1
info:
  title: t
  version: '1'
sourceDescriptions:
  - {name: api, url: ./api.yaml}
  - {name: typed, url: ./typed.yaml, type: openapi}
workflows:
  - workflowId: flow
    description: 'Hello <SCRIPT>alert(1)</script>'
    inputs:
      type: object
      properties:
        id: {type: string, description: fine}
    steps:
      - stepId: a
        operationId: op
      - stepId: b
        description: <b>bold</b> is fine
        operationId: op
""")
    assert r.at("AZ232") == [r.pos("description: »'Hello")]
    assert r.at("AZ233") == [r.pos("»info:"), r.pos("stepId: »a")]
    assert r.at("AZ234") == [r.pos("name: »api")]
    notes = [d.code for d in r.diagnostics if d.severity.value == "note"]
    assert notes == ["AZ233", "AZ234", "AZ233"]
