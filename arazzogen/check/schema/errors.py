"""Turning ``jsonschema`` validation errors into ranked, human diagnostics.

Each error becomes at most a few :class:`Problem` values with a code (AZ101-AZ106),
a JSON Pointer and a message naming the object kind. ``oneOf``/``anyOf`` failures are
never dumped: the alternative the instance most plausibly meant is chosen (by type, by
the properties it declares that the instance uses, then by the number of errors) and
only its errors are explained; when none is plausible one message lists the forms.
Properties reported as unevaluated only because a sibling subschema failed (a
cascade of ``unevaluatedProperties``) are dropped when that failure is reported.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from arazzogen import pointer as jp
from arazzogen.check.schema.choice import choose
from arazzogen.check.schema.model import SchemaError, SchemaModel, SchemaValidator, Static, Walk
from arazzogen.check.schema.text import (
    PATTERN_TEXT,
    choices_text,
    describe_form,
    expected_types,
    join_words,
    json_type,
    kind_name,
    object_phrase,
    quoted,
    typed_value_text,
    value_text,
)
from arazzogen.load.document import LoadedDocument

_Path = tuple[str | int, ...]

_STEP = "stepId"
#: the property that names an object of each kind in messages
_ID_FIELDS = {
    "step-object": _STEP, "step-object-base": _STEP, "openapi-step-object": _STEP,
    "asyncapi-step-object": _STEP, "workflow-step-object": _STEP,
    "workflow-object": "workflowId",
    "source-description-object": "name", "parameter-object": "name",
    "success-action-object": "name", "failure-action-object": "name",
}


@dataclass(frozen=True)
class Problem:
    code: str
    pointer: str
    message: str
    #: point at the member's key rather than its value
    key: bool = False


@dataclass
class _Unexpected:
    """An additional/unevaluated properties error, resolved once all others are known."""

    pointer: str
    phrase: str
    definite: list[str]
    declared: frozenset[str]
    allows_extensions: bool
    instance: dict[str, object]
    node: dict[str, object] | None


@dataclass
class Explainer:
    model: SchemaModel
    validator: SchemaValidator
    doc: LoadedDocument
    problems: list[Problem] = field(default_factory=list)
    unexpected: list[_Unexpected] = field(default_factory=list)
    _lines: list[str] | None = None

    # -- entry point ----------------------------------------------------------
    def explain_all(self, errors: Iterable[SchemaError]) -> list[Problem]:
        for error in errors:
            self.explain(error)
        for item in self.unexpected:
            self._resolve_unexpected(item)
        return _dedupe(self.problems)

    def add(self, code: str, path: _Path | str, message: str, *, key: bool = False) -> None:
        pointer = path if isinstance(path, str) else jp.from_parts(path)
        self.problems.append(Problem(code, pointer, message, key))

    # -- one error ------------------------------------------------------------
    def explain(self, error: SchemaError) -> None:
        path: _Path = tuple(error.absolute_path)
        walk = self.model.walk(list(error.absolute_schema_path), len(path))
        keyword = str(error.validator)
        when = f" ({walk.condition})" if walk.condition else ""
        instance = error.instance
        if "propertyNames" in error.absolute_schema_path:
            self._property_name(error, path, walk)
        elif keyword in ("oneOf", "anyOf") and error.context:
            self._alternatives(error, path, walk)
        elif keyword == "oneOf":
            self._ambiguous(error, path, walk, when)
        elif keyword == "required" and isinstance(instance, dict):
            for name in _strings(error.validator_value):
                if name not in instance:
                    self.add("AZ101", path, f"missing required property {quoted(name)} in "
                             f"{self._phrase(path, walk)}{when}")
        elif keyword == "dependentRequired" and isinstance(instance, dict):
            rules = error.validator_value if isinstance(error.validator_value, dict) else {}
            for trigger, needed in rules.items():
                for name in _strings(needed):
                    if trigger in instance and name not in instance:
                        self.add("AZ101", path, f"missing property {quoted(name)} in "
                                 f"{self._phrase(path, walk)} (required when "
                                 f"{quoted(str(trigger))} is present)")
        elif keyword in ("unevaluatedProperties", "additionalProperties") \
                and isinstance(instance, dict):
            self._collect_unexpected(error, path, walk, keyword)
        elif keyword == "type":
            self._type(error, path, walk, when)
        else:
            self._constraint(error, path, walk, keyword, when)

    def _phrase(self, path: _Path, walk: Walk) -> str:
        """The object at ``path``: "OpenAPI step 'getUsers'", "info object"."""
        return self._named(walk.kinds[len(path)], path)

    def _named(self, kind: str | None, path: _Path) -> str:
        id_field = _ID_FIELDS.get(kind or "")
        if id_field is not None:
            target = self.doc.get(jp.from_parts(path), {})
            value = target.get(id_field) if isinstance(target, dict) else None
            if isinstance(value, str) and value:
                return f"{kind_name(str(kind))} {quoted(value)}"
        return object_phrase(kind)

    def _who(self, path: _Path, walk: Walk, instance: object) -> str:
        """An object by its kind and id when known, else by its place."""
        if isinstance(instance, dict) and walk.kinds[len(path)] is not None and path:
            return self._phrase(path, walk)
        return self.subject(path, walk)

    def subject(self, path: _Path, walk: Walk) -> str:
        """"'retryLimit' in failure action 'again'", "'date' in 'outputs' of workflow 'w'"."""
        if not path:
            return "the Arazzo document"
        named = max((i for i, t in enumerate(path) if isinstance(t, str)), default=-1)
        if named < 0:
            return f"item {path[-1]}"
        text = str(path[named]) + "".join(f"[{t}]" for t in path[named + 1:])
        owner = walk.kinds[named]
        if owner is not None:
            return f"{quoted(text)} in {self._named(owner, path[:named])}"
        parent = next((i for i in range(named - 1, -1, -1) if isinstance(path[i], str)), None)
        if parent is None:
            return quoted(text)
        where = f"{quoted(text)} in {quoted(str(path[parent]))}"
        holder = walk.kinds[parent]
        return where + (f" of {self._named(holder, path[:parent])}" if holder else "")

    # -- simple keywords ------------------------------------------------------
    def _type(self, error: SchemaError, path: _Path, walk: Walk, when: str) -> None:
        instance = error.instance
        expected = error.validator_value
        message = (f"{self.subject(path, walk)} must be {expected_types(expected)}, "
                   f"not {typed_value_text(instance)}{when}")
        wants_string = expected == "string" or (isinstance(expected, list) and "string" in expected)
        named_property = bool(path) and isinstance(path[-1], str) \
            and walk.kinds[len(path) - 1] is not None
        if wants_string and named_property \
                and json_type(instance) in ("integer", "number", "boolean"):
            message += f"; write it in quotes: {self._quoted_source(path, instance)}"
        self.add("AZ103", path, message)

    def _quoted_source(self, path: _Path, value: object) -> str:
        location = self.doc.locate(jp.from_parts(path))
        raw = value_text(value)
        if location.end_line == location.line and location.end_column is not None:
            if self._lines is None:
                self._lines = self.doc.text.splitlines()
            lines = self._lines
            if 0 < location.line <= len(lines):
                written = lines[location.line - 1][location.column - 1: location.end_column - 1]
                if written and len(written) <= 40 and '"' not in written:
                    raw = written
        return f'"{raw}"'

    def _constraint(self, error: SchemaError, path: _Path, walk: Walk, keyword: str,
                    when: str) -> None:
        subject = self.subject(path, walk)
        instance = error.instance
        limit = error.validator_value
        shown = value_text(instance)
        if keyword == "enum":
            text = f"must be one of {choices_text(limit)}, not {shown}"
        elif keyword == "const":
            text = f"must be {value_text(limit)}, not {shown}"
        elif keyword == "pattern":
            predicate = PATTERN_TEXT.get(str(limit), f"match the pattern {limit}")
            text = f"must {predicate}, not {shown}"
        elif keyword == "format":
            text = f"must be a valid {str(limit).replace('-', ' ').replace('uri', 'URI')}, " \
                   f"not {shown}"
        elif keyword == "uniqueItems" and isinstance(instance, list):
            first, second = _duplicate(instance)
            self.add("AZ104", (*path, second),
                     f"{subject} must not repeat items: item {second} is the same as item {first}")
            return
        elif keyword == "minItems":
            text = "must not be empty" if limit == 1 else f"must have at least {limit} items"
        elif keyword == "maxItems":
            text = f"must have at most {limit} items"
        elif keyword in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
            relation = {"minimum": "at least", "exclusiveMinimum": "more than",
                        "maximum": "at most", "exclusiveMaximum": "less than"}[keyword]
            text = f"must be {relation} {value_text(limit)}, not {shown}"
        elif keyword in ("minLength", "maxLength", "minProperties", "maxProperties"):
            text = f"must have {'at least' if keyword.startswith('min') else 'at most'} " \
                   f"{limit} {'characters' if 'Length' in keyword else 'properties'}"
        else:  # not, false, contains, multipleOf, ... (none in the Arazzo schemas)
            text = f"is not allowed here ({keyword})"
        self.add("AZ104", path, f"{subject} {text}{when}")

    def _property_name(self, error: SchemaError, path: _Path, walk: Walk) -> None:
        name = str(error.instance)
        limit = error.validator_value
        predicate = PATTERN_TEXT.get(str(limit), f"match the pattern {limit}") \
            if error.validator == "pattern" else "be a valid name"
        owner = self.subject(path, walk) if path else "the document"
        self.add("AZ104", (*path, name), f"key {quoted(name)} in {owner} must {predicate}",
                 key=True)

    # -- unexpected properties -------------------------------------------------
    def _collect_unexpected(self, error: SchemaError, path: _Path, walk: Walk,
                            keyword: str) -> None:
        instance = error.instance
        assert isinstance(instance, dict)
        node = walk.node
        static = self.model.static(node) if node is not None else None
        if keyword == "additionalProperties" and node is not None:
            own = node.get("properties")
            declared = frozenset(str(k) for k in own) if isinstance(own, dict) else frozenset()
            pattern_map = node.get("patternProperties")
            patterns = [str(p) for p in pattern_map] if isinstance(pattern_map, dict) else []
        else:
            declared = static.props if static else frozenset()
            patterns = sorted(static.patterns) if static else []
        definite = [k for k in instance if k not in declared
                    and not any(re.search(p, k) for p in patterns)]
        self.unexpected.append(_Unexpected(
            jp.from_parts(path), self._phrase(path, walk), definite, declared,
            any(p.startswith("^x-") for p in patterns), instance, node,
        ))

    def _resolve_unexpected(self, item: _Unexpected) -> None:
        for name in item.definite:
            self.add("AZ102", jp.join(item.pointer, name), _unexpected_message(
                name, item.phrase, item.declared, item.allows_extensions), key=True)
        if item.definite or self._reported_within(item.pointer):
            return
        # Nothing else failed, yet declared properties were left unevaluated: each belongs
        # only to an alternative (anyOf/oneOf/then) of the object that does not match.
        evaluated = self._evaluated(item.node, item.instance, set())
        for name in [k for k in item.instance if k not in evaluated] or list(item.instance)[:1]:
            self.add("AZ102", jp.join(item.pointer, name),
                     f"property {quoted(name)} is not allowed in {item.phrase} here: it belongs "
                     "to a form of the object that the other values do not match", key=True)

    def _evaluated(self, schema: object, instance: dict[str, object], seen: set[int]) -> set[str]:
        """The properties ``schema`` evaluates for ``instance`` (as unevaluatedProperties)."""
        if not isinstance(schema, dict) or id(schema) in seen:
            return set()
        seen.add(id(schema))
        keys: set[str] = set()
        target, _ = self.model.resolve(schema.get("$ref"))
        keys |= self._evaluated(target, instance, seen)
        props = schema.get("properties")
        if isinstance(props, dict):
            keys |= set(props) & set(instance)
        patterns = schema.get("patternProperties")
        if isinstance(patterns, dict):
            keys |= {k for k in instance for p in patterns if re.search(str(p), k)}
        branches: list[object] = [b for keyword in ("allOf", "anyOf", "oneOf")
                                  for b in (schema.get(keyword) or [])]
        condition = schema.get("if")
        if isinstance(condition, dict):
            branches.append(condition)
            if self._valid(condition, instance):
                branches.append(schema.get("then"))
            else:
                branches.append(schema.get("else"))
        for branch in branches:
            if isinstance(branch, dict) and self._valid(branch, instance):
                keys |= self._evaluated(branch, instance, seen)
        return keys

    def _valid(self, schema: object, instance: object) -> bool:
        try:
            return bool(self.validator.evolve(schema=schema).is_valid(instance))
        except Exception:  # an unresolvable reference: the branch does not count
            return False

    def _reported_within(self, pointer: str) -> bool:
        return any(p.pointer == pointer or p.pointer.startswith(pointer + "/")
                   for p in self.problems)

    # -- alternatives -----------------------------------------------------------
    def _alternatives(self, error: SchemaError, path: _Path, walk: Walk) -> None:
        branches = error.validator_value if isinstance(error.validator_value, list) else []
        groups: dict[int, list[SchemaError]] = {i: [] for i in range(len(branches))}
        for sub in error.context or []:
            index = sub.relative_schema_path[0] if sub.relative_schema_path else None
            if isinstance(index, int) and index in groups:
                groups[index].append(sub)
        statics = [self.model.static(b) for b in branches]
        decision = choose(error.instance, groups, statics)
        if decision.branch is not None:
            for sub in groups[decision.branch]:
                self.explain(sub)
            return
        self._no_branch(error, path, walk, branches, statics, decision.mixed)

    def _no_branch(self, error: SchemaError, path: _Path, walk: Walk,
                   branches: list[object], statics: list[Static],
                   mixed: list[tuple[int, list[str]]]) -> None:
        when = f" ({walk.condition})" if walk.condition else ""
        instance = error.instance
        subject = self._who(path, walk, instance)
        if mixed:
            parts = [f"{join_words([quoted(k) for k in keys], 'and')} "
                     f"({_short_form(branches[i], statics[i])})" for i, keys in mixed]
            self.add("AZ106", path, f"{subject} mixes properties of different forms: "
                     f"{join_words(parts, 'and')}; keep those of one form{when}")
            return
        if statics and all(s.pure_required for s in statics) and isinstance(instance, dict):
            names = [quoted(n) for s in statics for n in sorted(s.required)]
            self.add("AZ101", path,
                     f"{subject} needs one of {join_words(names)}{when}")
            return
        forms = [describe_form(b, s.definition) for b, s in zip(branches, statics, strict=True)]
        if not isinstance(instance, dict) or not any(s.props for s in statics):
            self.add("AZ105", path, f"{subject} must be {join_words(forms)}, "
                     f"not {typed_value_text(instance)}{when}")
            return
        message = f"{subject} matches none of the accepted forms: {join_words(forms)}{when}"
        known = frozenset().union(*(s.props for s in statics))
        strangers = [k for k in instance if k not in known and not k.startswith("x-")]
        if strangers and known:
            suggestion = _suggest(strangers[0], known)
            message += f"; it has unexpected property {quoted(strangers[0])}"
            if suggestion is not None:
                message += f" (did you mean {quoted(suggestion)}?)"
        self.add("AZ105", path, message)

    def _ambiguous(self, error: SchemaError, path: _Path, walk: Walk, when: str) -> None:
        branches = error.validator_value if isinstance(error.validator_value, list) else []
        statics = [self.model.static(b) for b in branches]
        instance = error.instance
        valid = [i for i, branch in enumerate(branches) if self._valid(branch, instance)]
        subject = self._who(path, walk, instance)
        if isinstance(instance, dict) and statics and all(s.pure_required for s in statics):
            present = [n for i in valid for n in sorted(statics[i].required) if n in instance]
            every = [n for s in statics for n in sorted(s.required)]
            self.add("AZ106", path,
                     f"{subject} has both {join_words([quoted(n) for n in present], 'and')}; "
                     f"use only one of {join_words([quoted(n) for n in every])}{when}")
            return
        forms = [describe_form(branches[i], statics[i].definition) for i in valid]
        self.add("AZ106", path, f"{subject} matches more than one of the accepted forms "
                 f"({join_words(forms, 'and')}); it must match exactly one{when}")


def _short_form(branch: object, static: Static) -> str:
    if static.definition is not None:
        return kind_name(static.definition)
    return describe_form(branch, None)


def _unexpected_message(name: str, phrase: str, declared: frozenset[str],
                        allows_extensions: bool) -> str:
    message = f"unexpected property {quoted(name)} in {phrase}"
    suggestion = _suggest(name, declared)
    if suggestion is not None:
        return f"{message}; did you mean {quoted(suggestion)}?"
    if allows_extensions:
        return f"{message}; extensions must start with 'x-'"
    return message


def _suggest(name: str, declared: frozenset[str]) -> str | None:
    options = sorted(declared)
    for option in options:
        if option.lower() == name.lower():
            return option
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.75)
    return close[0] if close else None


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _duplicate(items: list[object]) -> tuple[int, int]:
    """Indexes of the first pair of equal items (JSON equality: 1 is not true)."""
    for second in range(len(items)):
        for first in range(second):
            if _json_equal(items[first], items[second]):
                return first, second
    return 0, max(len(items) - 1, 0)


def _json_equal(a: object, b: object) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b  # 1 and 1.0 are the same JSON number
    return type(a) is type(b) and a == b


def _dedupe(problems: list[Problem]) -> list[Problem]:
    """One diagnostic per problem and place; a wrong type hides other complaints there."""
    typed = {p.pointer for p in problems if p.code == "AZ103"}
    seen: set[tuple[str, str, bool, str]] = set()
    result: list[Problem] = []
    for problem in problems:
        if problem.code in ("AZ104", "AZ105", "AZ106") and problem.pointer in typed \
                and not problem.key:
            continue
        identity = (problem.code, problem.pointer, problem.key, problem.message)
        if identity not in seen:
            seen.add(identity)
            result.append(problem)
    return result
