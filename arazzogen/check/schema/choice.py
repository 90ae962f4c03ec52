"""Choosing the alternative of a failed ``oneOf``/``anyOf`` that the author meant.

The ranking, in order:

1. an alternative whose ``type`` the instance does not have is out;
2. for an object, an alternative that declares properties but none of those the
   instance uses is out; among the rest, the one using most of the properties that tell
   the alternatives apart (``operationId`` says "OpenAPI step", ``workflowId`` says
   "workflow step") wins, then the one using most properties, then the one with the
   fewest errors;
3. otherwise the one with the fewest errors wins.

A tie means there is nothing to choose: the caller lists the accepted forms, or, when
the tied alternatives are told apart by different properties the instance uses, says
that it mixes forms.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from arazzogen.check.schema.model import SchemaError, Static


@dataclass(frozen=True)
class Decision:
    #: the alternative to explain, or None
    branch: int | None
    #: when the instance mixes forms: (alternative, the properties that belong only to it)
    mixed: list[tuple[int, list[str]]] = field(default_factory=list)


def choose(instance: object, groups: dict[int, list[SchemaError]],
           statics: list[Static]) -> Decision:
    indexes = sorted(groups)
    failing = [i for i in indexes if groups[i]]
    typed = [i for i in failing if not any(
        e.validator == "type" and not e.relative_path for e in groups[i])]
    if not typed or all(statics[i].pure_required for i in indexes):
        return Decision(None)
    if isinstance(instance, dict) and any(statics[i].props for i in typed):
        return _choose_object(instance, groups, statics, typed)
    return _fewest_errors(typed, groups)


def _choose_object(instance: dict[str, object], groups: dict[int, list[SchemaError]],
                   statics: list[Static], typed: list[int]) -> Decision:
    keys = {k for k in instance if not k.startswith("x-")}
    common = frozenset.intersection(*(s.props for s in statics))
    cover = {i: keys & statics[i].props for i in typed}
    plausible = [i for i in typed if cover[i]]
    if not plausible:
        return Decision(None)
    distinct = {i: cover[i] - common for i in plausible}

    def rank(i: int) -> tuple[int, int, int]:
        return len(distinct[i]), len(cover[i]), -len(groups[i])

    best = max(rank(i) for i in plausible)
    top = [i for i in plausible if rank(i) == best]
    if len(top) == 1:
        return Decision(top[0])
    if all(distinct[i] for i in top) and len({frozenset(distinct[i]) for i in top}) > 1:
        mixed: list[tuple[int, list[str]]] = []
        for i in top:
            others: set[str] = set().union(*(distinct[j] for j in top if j != i))
            own = sorted(distinct[i] - others)
            if own:
                mixed.append((i, own))
        if len(mixed) >= 2:
            return Decision(None, mixed)
    return Decision(None)


def _fewest_errors(typed: list[int], groups: dict[int, list[SchemaError]]) -> Decision:
    fewest = min(len(groups[i]) for i in typed)
    top = [i for i in typed if len(groups[i]) == fewest]
    return Decision(top[0] if len(top) == 1 else None)
