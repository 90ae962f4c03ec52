"""Compiler limits: a document larger than arazzogen is built for is refused early.

Checked right after loading, before the schema stage, in one linear, iterative pass
over the document (no recursion, whatever its shape). Each limit has its own code with
the limit in the message and can be raised (``--limit NAME=VALUE``, or
:class:`Limits` through the API):

==================  ======  =====================================================
name                code    what is counted
==================  ======  =====================================================
``workflows``       AZ011   workflows in the document
``steps``           AZ012   steps, over all workflows
``parameters``      AZ013   parameters of one step or one workflow
``name-length``     AZ014   characters of a workflowId, stepId, source, input,
                            output, parameter or action name
``pointer-length``  AZ015   characters of a runtime expression or JSON Pointer,
                            and its number of ``/`` segments (``pointer-segments``)
``module-bytes``    AZ016   size of the generated module before formatting (the
                            formatter's time grows with it: large literal payloads)
``file-bytes``      AZ010   bytes of the document and of each source (64 MiB)
``depth``           AZ009   nesting of mappings and sequences (200; at most 300)
==================  ======  =====================================================

The last two are checked by the loader (:func:`arazzogen.load.positions.load_limits`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass

from arazzogen import pointer as jp
from arazzogen.diagnostics import Reporter
from arazzogen.load.document import LoadedDocument
from arazzogen.load.positions import DEPTH_CEILING, MAX_BYTES, MAX_DEPTH


@dataclass(frozen=True)
class Limits:
    """The largest document arazzogen compiles; every field can be raised."""

    workflows: int = 200
    steps: int = 300
    parameters: int = 200
    name_length: int = 256
    pointer_length: int = 4096
    pointer_segments: int = 256
    module_bytes: int = 256 * 1024
    #: checked by the loader (AZ010, AZ009), for the document and every source
    file_bytes: int = MAX_BYTES
    depth: int = MAX_DEPTH

    @staticmethod
    def names() -> list[str]:
        return [f.name.replace("_", "-") for f in dataclasses.fields(Limits)]

    def with_override(self, text: str) -> Limits:
        """``NAME=VALUE`` (e.g. ``steps=5000``) applied to a copy; ValueError if bad."""
        name, sep, value = text.partition("=")
        field = name.strip().replace("-", "_")
        if not sep or field not in {f.name for f in dataclasses.fields(Limits)}:
            raise ValueError(f"unknown limit {name.strip()!r}; one of: {', '.join(self.names())}")
        try:
            number = int(value.strip())
        except ValueError:
            raise ValueError(f"limit {name.strip()}: {value.strip()!r} is not a number") from None
        if number < 1:
            raise ValueError(f"limit {name.strip()}: must be at least 1")
        if field == "depth" and number > DEPTH_CEILING:
            raise ValueError(
                f"limit depth: at most {DEPTH_CEILING} (deeper documents would reach "
                "Python's recursion limit in the parsers)"
            )
        return dataclasses.replace(self, **{field: number})


#: names of the places that hold a name (a key of the object that holds it)
_NAME_KEYS = frozenset({"workflowId", "stepId", "name"})
#: prose that becomes docstrings, which are cut rather than refused
_PROSE_KEYS = frozenset({"description", "summary", "title"})
#: where a ``#`` JSON Pointer starts inside a runtime expression
_POINTER = re.compile(r"#(/[^\s{}]*)")
#: a runtime expression embedded in a string
_EMBEDDED = re.compile(r"\{\$[^{}]*\}")


def check_limits(doc: LoadedDocument, reporter: Reporter, limits: Limits) -> bool:
    """Report every limit ``doc`` exceeds; True when it is within all of them."""
    data = doc.data
    if not isinstance(data, Mapping):
        return True
    before = reporter.has_errors
    workflows = data.get("workflows")
    workflow_list = workflows if isinstance(workflows, list) else []
    if len(workflow_list) > limits.workflows:
        reporter.report(
            "AZ011",
            f"the document has {len(workflow_list):,} workflows; the limit is "
            f"{limits.workflows:,} (raise it with `--limit workflows=N`)",
            doc.locate("/workflows"),
        )
    steps = 0
    for index, workflow in enumerate(workflow_list):
        if not isinstance(workflow, Mapping):
            continue
        at = jp.join("/workflows", index)
        listed = workflow.get("steps")
        steps += len(listed) if isinstance(listed, list) else 0
        _count_parameters(doc, reporter, limits, workflow.get("parameters"), at)
        for step_index, step in enumerate(listed if isinstance(listed, list) else []):
            if isinstance(step, Mapping):
                step_at = jp.join(at, "steps", step_index)
                _count_parameters(doc, reporter, limits, step.get("parameters"), step_at)
    if steps > limits.steps:
        reporter.report(
            "AZ012",
            f"the document has {steps:,} steps; the limit is {limits.steps:,} "
            "(raise it with `--limit steps=N`)",
            doc.locate("/workflows"),
        )
    _check_strings(doc, reporter, limits)
    return before or not reporter.has_errors


def _count_parameters(
    doc: LoadedDocument, reporter: Reporter, limits: Limits, listed: object, at: str
) -> None:
    if isinstance(listed, list) and len(listed) > limits.parameters:
        reporter.report(
            "AZ013",
            f"{len(listed):,} parameters; the limit is {limits.parameters:,} "
            "(raise it with `--limit parameters=N`)",
            doc.locate(jp.join(at, "parameters")),
        )


def _check_strings(doc: LoadedDocument, reporter: Reporter, limits: Limits) -> None:
    """Names and runtime expressions, over the whole document, with an explicit stack."""
    stack: list[tuple[object, str, str]] = [(doc.data, "", "")]
    reported = 0
    while stack and reported < 20:  # a flood of the same problem says nothing new
        node, pointer, key = stack.pop()
        if isinstance(node, Mapping):
            for name, value in node.items():
                name = str(name)
                if len(name) > limits.name_length and _names_a_thing(pointer):
                    reported += _name_too_long(doc, reporter, limits, name, pointer)
                stack.append((value, jp.join(pointer, name), name))
        elif isinstance(node, list):
            stack.extend((item, jp.join(pointer, i), key) for i, item in enumerate(node))
        elif isinstance(node, str):
            if len(node) > limits.module_bytes and key not in _PROSE_KEYS:
                reporter.report(
                    "AZ016",
                    f"a string of {len(node):,} characters cannot fit in a module of at "
                    f"most {limits.module_bytes:,} bytes (raise it with "
                    "`--limit module-bytes=N`)",
                    doc.locate(pointer),
                )
                reported += 1
            elif key in _NAME_KEYS and len(node) > limits.name_length:
                reported += _name_too_long(doc, reporter, limits, node, pointer)
            elif "$" in node:
                reported += _expression(doc, reporter, limits, node, pointer)


def _names_a_thing(pointer: str) -> bool:
    """Keys that become names: input properties, outputs, components."""
    last = pointer.rsplit("/", 1)[-1]
    return last in ("properties", "outputs", "inputs", "parameters", "successActions",
                    "failureActions")


def _name_too_long(
    doc: LoadedDocument, reporter: Reporter, limits: Limits, name: str, pointer: str
) -> int:
    reporter.report(
        "AZ014",
        f"a name of {len(name):,} characters ({name[:40]!r}...); the limit is "
        f"{limits.name_length:,} (raise it with `--limit name-length=N`)",
        doc.locate(pointer),
    )
    return 1


def _expression(
    doc: LoadedDocument, reporter: Reporter, limits: Limits, text: str, pointer: str
) -> int:
    """A runtime expression (the whole string, or each ``{$...}`` embedded in it): its
    length and the number of segments of its JSON Pointer."""
    expressions = [text] if text.startswith("$") else _EMBEDDED.findall(text)
    for expression in expressions:
        if len(expression) > limits.pointer_length:
            reporter.report(
                "AZ015",
                f"a runtime expression of {len(expression):,} characters; the limit is "
                f"{limits.pointer_length:,} (raise it with `--limit pointer-length=N`)",
                doc.locate(pointer),
            )
            return 1
        for found in _POINTER.finditer(expression):
            segments = found.group(1).count("/")
            if segments > limits.pointer_segments:
                reporter.report(
                    "AZ015",
                    f"a JSON Pointer of {segments:,} segments; the limit is "
                    f"{limits.pointer_segments:,} (raise it with `--limit pointer-segments=N`)",
                    doc.locate(pointer),
                )
                return 1
    return 0
