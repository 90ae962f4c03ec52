"""A plain member path compared to a literal is emitted as the Python a person would
write (one small typed helper reads the member); the semantics are tested by
conformance/cases/requests/jsonpath-plain-member-comparisons.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from arazzogen.build.codegen.jsonpath_emit import emit_condition, emit_nodes
from arazzogen.expressions.jsonpath import parse_jsonpath, parse_jsonpath_condition

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("condition", "code"),
    [
        ("$.status == 'done'", '_jp_member(body, "status") == "done"'),
        ("'done' == $.status", '_jp_member(body, "status") == "done"'),
        ("$.status != 'done'", '_jp_member(body, "status") != "done"'),
        ("$.flag == true", '_jp_member(body, "flag") is True'),
        ("$.flag != false", '_jp_member(body, "flag") is not False'),
        ("$.n == 5", '_jp_member(body, "n") == 5'),
        ("$.n == 1", '_jp_member(body, "n") == 1 and _jp_member(body, "n") is not True'),
        ("$.n != 0", 'not (_jp_member(body, "n") == 0 and _jp_member(body, "n") is not False)'),
        ("$.a.b == 'x'", '_jp_member(body, "a", "b") == "x"'),
    ],
)
def test_plain_member_comparisons(condition: str, code: str) -> None:
    used: set[str] = set()
    assert emit_condition(parse_jsonpath_condition(condition), "body", used) == code
    assert used == {"_jp_member"}  # the one small helper


def test_the_general_machinery_stays_for_the_rest() -> None:
    used: set[str] = set()
    emit_condition(parse_jsonpath_condition("$.n < 5"), "body", used)  # ordering
    assert "_jp_lt" in used
    used = set()
    emit_condition(parse_jsonpath_condition("$.a[0] == 'x'"), "body", used)  # an index
    assert "_jp_eq" in used
    used = set()
    emit_nodes(parse_jsonpath("$.items[?@.kind == 'k']"), "body", used)  # inside a filter
    assert "_jp_eq" in used
    used = set()
    emit_condition(parse_jsonpath_condition("$.n == null"), "body", used)  # absent != null
    assert "_jp_eq" in used


def test_the_knock_example_reads_plainly() -> None:
    text = (REPO / "generated_examples/knock/knock_bulk_set_objects_notify.py").read_text()
    assert 'if _jp_member(body, "status") == "completed":' in text
    assert "_jp_eq" not in text and "_jp_path" not in text
