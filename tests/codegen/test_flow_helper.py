"""The generated ``_Flow`` class holds only the parts its module uses."""

from __future__ import annotations

import ast
import inspect
import itertools
from pathlib import Path

import pytest

from arazzogen.build.codegen.flow_helper import FlowFeatures, flow_args, flow_source

REPO = Path(__file__).resolve().parents[2]

COMBINATIONS = [
    FlowFeatures(loops, retries, requires, loopless)
    for loops, retries, requires, loopless in itertools.product((False, True), repeat=4)
]


def _members(source: str) -> set[str]:
    tree = ast.parse(source)
    (cls,) = tree.body
    assert isinstance(cls, ast.ClassDef)
    found = {n.name for n in cls.body if isinstance(n, ast.FunctionDef)}
    return found | {
        t.attr
        for n in ast.walk(cls)
        if isinstance(n, ast.AnnAssign | ast.Assign)
        for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
        if isinstance(t, ast.Attribute)
    }


@pytest.mark.parametrize("features", COMBINATIONS, ids=repr)
def test_each_part_only_with_its_feature(features: FlowFeatures) -> None:
    source = flow_source(features)
    members = _members(source)
    assert ("max_repeats" in members) == features.loops
    assert ("LoopLimitError" in source) == features.loops
    assert ("require" in members) == features.requires
    assert ("runs" in members) == (features.loops or features.requires)
    assert ("_Retry" in source) == features.retries
    assert ("retried" in members) == features.retries
    assert ("workflow_id" in members) == (features.loops or features.requires)
    assert ("float" in source.split("def enter")[1].split(":\n")[0]) == (
        features.loops or features.retries
    )
    # defaults for max_repeats only when a workflow that cannot loop shares the class
    assert ("max_repeats: int = 0" in source) == (features.loops and features.loopless)


def test_flow_arguments() -> None:
    everything = FlowFeatures(loops=True, retries=True, requires=True)
    assert flow_args(everything, '"w"', loops=True) == '"w", max_repeats, repeat_delay'
    assert flow_args(everything, '"w"', loops=False) == '"w"'
    assert flow_args(FlowFeatures(False, True, False), '"w"', loops=False) == ""


def _signature(module_file: str, function: str) -> inspect.Signature:
    namespace: dict[str, object] = {}
    path = REPO / "generated_examples" / module_file
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    target = namespace[function]
    assert callable(target)
    return inspect.signature(target)


def test_a_workflow_that_cannot_loop_takes_no_loop_options() -> None:
    """Invopop retries but never goes back: no max_repeats/repeat_delay, no
    LoopLimitError; Knock polls with a goto back: it takes both."""
    invopop = _signature("invopop/invopop_create_workflow.py", "create_workflow")
    assert "max_repeats" not in invopop.parameters
    assert "repeat_delay" not in invopop.parameters
    text = (REPO / "generated_examples/invopop/invopop_create_workflow.py").read_text()
    assert "LoopLimitError" not in text
    knock = _signature("knock/knock_bulk_set_objects_notify.py", "bulk_set_objects_notify")
    assert knock.parameters["max_repeats"].default == 100
    assert knock.parameters["repeat_delay"].default == 1.0
    knock_text = (REPO / "generated_examples/knock/knock_bulk_set_objects_notify.py").read_text()
    assert "_Retry" not in knock_text and "def require" not in knock_text
