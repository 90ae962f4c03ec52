"""Control-flow analysis of each workflow: AZ401-AZ406.

Each workflow becomes a graph whose nodes are its steps plus END (the workflow
completes). After a step:

* on success, every success action that applies (the step's own, then the workflow's
  it does not override) is an edge: ``goto`` a step, ``end`` or ``goto`` a workflow
  (END: control leaves this workflow). Unless one of them has no criteria (and so
  always fires), the next step runs too (END after the last step);
* on failure, every failure action is an edge the same way; ``retry`` runs the step
  again (a bounded loop), after running the step it names, if any, and then goes on
  to the later failure actions. With no failure action matching, the workflow fails,
  which is no edge.

The edges over-approximate what can happen (every action may match, whatever the
order of the merged list), so each check below reports only what holds on every path:
a step no edge reaches (AZ401), a goto loop from which END cannot be reached (AZ402),
a ``$steps.x`` reference or ``dependsOn: x`` where x cannot have run before on any path
(AZ403, AZ404). Across workflows: ``dependsOn`` cycles (AZ405) and workflows that call
themselves through workflow steps (AZ406).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from arazzogen import pointer as jp
from arazzogen.check.rules.expressions import Collected, StepRef
from arazzogen.check.rules.model import (
    ACTION_KINDS,
    Ctx,
    ResolvedAction,
    WorkflowInfo,
    as_list,
    as_str,
    merged_actions,
)

EdgeKind = Literal["goto", "next", "retry"]


@dataclass(frozen=True)
class Edge:
    target: int
    kind: EdgeKind
    site: str | None = None


@dataclass
class Graph:
    """Steps are nodes ``0..n-1``; ``end`` (== n) is the workflow completing."""

    n: int
    edges: list[list[Edge]] = field(default_factory=list)

    @property
    def end(self) -> int:
        return self.n

    def successors(
        self, node: int, kinds: Sequence[EdgeKind] = ("goto", "next", "retry")
    ) -> list[int]:
        if node >= self.n:
            return []
        return [e.target for e in self.edges[node] if e.kind in kinds]


def check(ctx: Ctx, collected: Collected) -> None:
    refs: dict[int, list[StepRef]] = {}
    for ref in collected.step_refs:
        if ref.place.workflow is not None:
            refs.setdefault(ref.place.workflow.index, []).append(ref)
    for workflow in ctx.workflows:
        if not workflow.steps:
            continue
        graph = build_graph(ctx, workflow)
        ran = may_have_run(graph)
        _unreachable(ctx, workflow, ran)
        _loops(ctx, workflow, graph, ran)
        _references(ctx, workflow, ran, refs.get(workflow.index, []))
        _depends_on(ctx, workflow, ran)
    _workflow_cycles(ctx)


# ---------------------------------------------------------------------- the graph


def build_graph(ctx: Ctx, workflow: WorkflowInfo) -> Graph:
    n = len(workflow.steps)
    graph = Graph(n, [[] for _ in range(n)])
    for step in workflow.steps:
        i = step.index
        for kind in ACTION_KINDS:
            always = False
            for action in merged_actions(ctx, workflow, step, kind):
                always = _action_edges(graph, workflow, i, action) or always
            if kind == "success" and not always:
                graph.edges[i].append(Edge(i + 1, "next"))  # i + 1 == END after the last
    return graph


def _action_edges(graph: Graph, workflow: WorkflowInfo, i: int, action: ResolvedAction) -> bool:
    """Add the edges of one action; True when it always fires and ends the list."""
    kind = action.type
    step_id = as_str(action.data.get("stepId"))
    target = workflow.step_index.get(step_id) if step_id is not None else None
    if kind == "retry":
        graph.edges[i].append(Edge(i, "retry"))
        if target is not None:
            graph.edges[i].append(Edge(target, "retry"))
            graph.edges[target].append(Edge(i, "retry"))  # control comes back to retry i
        return False
    if kind == "end" or (kind == "goto" and "workflowId" in action.data and target is None):
        graph.edges[i].append(Edge(graph.end, "goto"))
    elif kind == "goto" and target is not None:
        graph.edges[i].append(Edge(target, "goto", action.field_pointer("stepId")))
    else:
        return False
    return not action.conditional


def may_have_run(graph: Graph) -> list[set[int] | None]:
    """For every node, the steps that may have run before it on some path from the first
    step (None for a node no path reaches)."""
    ran: list[set[int] | None] = [None] * (graph.n + 1)
    ran[0] = set()
    work = [0]
    while work:
        node = work.pop()
        before = ran[node]
        assert before is not None
        after = before | {node}
        for target in graph.successors(node):
            current = ran[target]
            if current is None:
                ran[target] = set(after)
                work.append(target)
            elif not after <= current:
                current |= after
                work.append(target)
    return ran


def strongly_connected(n: int, successors: Callable[[int], list[int]]) -> list[list[int]]:
    """Tarjan's algorithm, iteratively; components in reverse topological order."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    out: list[list[int]] = []
    counter = 0
    for root in range(n):
        if root in index:
            continue
        work: list[tuple[int, int]] = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = successors(node)
            if child < len(targets):
                work.append((node, child + 1))
                nxt = targets[child]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component: list[int] = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                out.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out


# ---------------------------------------------------------------------- checks


def _unreachable(ctx: Ctx, workflow: WorkflowInfo, ran: list[set[int] | None]) -> None:
    for step in workflow.steps:
        if ran[step.index] is None:
            ctx.report(
                "AZ401",
                f"step {step.step_id!r} is never reached: no step goes to it and the step "
                "before it never falls through",
                jp.join(step.pointer, "stepId"),
            )


def _loops(
    ctx: Ctx, workflow: WorkflowInfo, graph: Graph, ran: list[set[int] | None]
) -> None:
    n = graph.n
    finishing = _can_reach_end(graph)
    loop_succ: Callable[[int], list[int]] = lambda node: [  # noqa: E731
        t for t in graph.successors(node, ("goto", "next")) if t < n
    ]
    for component in strongly_connected(n, loop_succ):
        members = set(component)
        first = component[0]
        if ran[first] is None or members & finishing:
            continue
        closing = [
            e for node in component for e in graph.edges[node]
            if e.kind == "goto" and e.target in members and e.target <= node
        ]
        if not closing:
            continue  # a single step with no goto to itself: no loop
        site = closing[0].site
        names = ", ".join(repr(workflow.steps[i].step_id) for i in component)
        steps = "step" if len(component) == 1 else "steps"
        if site is not None:
            ctx.report(
                "AZ402",
                f"this goto closes a loop ({steps} {names}) that no path leaves except by "
                "failing; the workflow can never complete",
                site,
            )


def _can_reach_end(graph: Graph) -> set[int]:
    back: dict[int, list[int]] = {}
    for node in range(graph.n):
        for target in graph.successors(node):
            back.setdefault(target, []).append(node)
    seen = {graph.end}
    work = [graph.end]
    while work:
        node = work.pop()
        for prev in back.get(node, []):
            if prev not in seen:
                seen.add(prev)
                work.append(prev)
    return seen


def _references(
    ctx: Ctx, workflow: WorkflowInfo, ran: list[set[int] | None], refs: list[StepRef]
) -> None:
    reachable = [i for i in range(len(workflow.steps)) if ran[i] is not None]
    for ref in refs:
        target = workflow.step_index.get(ref.target)
        if target is None:
            continue
        step = ref.place.step
        after = ref.place.phase == "response"
        if ref.place.phase == "outputs":
            at_end = ran[len(workflow.steps)]
            if at_end is None or target in at_end:
                continue
            where = "before the workflow completes"
        elif step is not None:
            before = ran[step.index]
            if before is None or target in before or (after and target == step.index):
                continue
            where = f"before step {step.step_id!r}"
        else:
            if any(target in (ran[i] or set()) or (after and target == i) for i in reachable):
                continue
            where = "before any step this workflow-level value applies to"
        why = "it is never reached" if ran[target] is None else "it runs later"
        ctx.report(
            "AZ403",
            f"`$steps.{ref.target}`: step {ref.target!r} cannot have run {where} on any path "
            f"({why})",
            ref.pointer,
            offset=ref.offset,
        )


def _depends_on(ctx: Ctx, workflow: WorkflowInfo, ran: list[set[int] | None]) -> None:
    for step in workflow.steps:
        before = ran[step.index]
        if before is None:
            continue
        for i, item in enumerate(as_list(step.data.get("dependsOn"))):
            name = as_str(item)
            target = workflow.step_index.get(name) if name is not None else None
            if target is None or target in before:
                continue
            why = "it is never reached" if ran[target] is None else "it runs later"
            ctx.report(
                "AZ404",
                f"step {step.step_id!r} depends on step {name!r}, which cannot have run "
                f"before it on any path ({why})",
                jp.join(step.pointer, "dependsOn", i),
            )


def _workflow_named(ctx: Ctx, value: object) -> WorkflowInfo | None:
    """The workflow a ``workflowId`` / ``dependsOn`` entry names; None when the field is
    absent (a workflow whose id is the empty string is named only by an empty string)."""
    name = as_str(value)
    return ctx.by_id.get(name) if name is not None else None


def _workflow_cycles(ctx: Ctx) -> None:
    """AZ405: a cycle of ``dependsOn``. AZ406: a workflow that runs itself again before it
    finishes, through steps or actions that name a workflow (and the ``dependsOn`` of the
    workflows they run): the generated functions would recurse without end."""
    depends: dict[int, list[tuple[int, str]]] = {}
    calls: dict[int, list[tuple[int, str]]] = {}
    for w in ctx.workflows:
        for i, item in enumerate(as_list(w.data.get("dependsOn"))):
            other = _workflow_named(ctx, item)
            if other is not None:
                depends.setdefault(w.index, []).append(
                    (other.index, jp.join(w.pointer, "dependsOn", i))
                )
        for step in w.steps:
            other = _workflow_named(ctx, step.data.get("workflowId"))
            if other is not None:
                calls.setdefault(w.index, []).append(
                    (other.index, jp.join(step.pointer, "workflowId"))
                )
            for kind in ("success", "failure"):
                for action in merged_actions(ctx, w, step, kind):
                    other = _workflow_named(ctx, action.data.get("workflowId"))
                    if other is not None and "stepId" not in action.data:  # else AZ209
                        at = jp.join(action.pointer, "workflowId")
                        if (other.index, at) not in calls.get(w.index, []):
                            calls.setdefault(w.index, []).append((other.index, at))
    _cycle_edges(ctx, depends, "AZ405", "this dependsOn entry closes a cycle of workflow "
                 "dependencies")
    both = {n: calls.get(n, []) + depends.get(n, []) for n in set(calls) | set(depends)}
    call_edges = {n: set(calls.get(n, [])) for n in calls}
    _cycle_edges(ctx, both, "AZ406", "this runs a workflow that leads back to its own "
                 "workflow, so the generated functions would never end",
                 only=lambda source, edge: edge in call_edges.get(source, set()))


def _cycle_edges(
    ctx: Ctx,
    edges: dict[int, list[tuple[int, str]]],
    code: str,
    message: str,
    only: Callable[[int, tuple[int, str]], bool] = lambda source, edge: True,
) -> None:
    n = len(ctx.workflows)
    components = strongly_connected(n, lambda node: [t for t, _ in edges.get(node, [])])
    where = {node: k for k, component in enumerate(components) for node in component}
    for source in range(n):
        for target, pointer in edges.get(source, []):
            if where[source] == where[target] and only(source, (target, pointer)):
                ctx.report(code, message, pointer)
