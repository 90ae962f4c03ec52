"""The source of the generated ``_Flow`` class, with only the parts the module uses.

Every workflow with success or failure actions runs its steps in a loop that asks a
``_Flow`` where to go next. Each of its duties belongs to a feature a document may not
use, and the class holds only those the module's workflows need:

* ``loops``: some workflow has a ``goto`` to the same or an earlier step. The flow counts
  the runs of each step, stops past ``max_repeats`` repeats (``LoopLimitError``) and waits
  ``repeat_delay`` before each repeat. Without it a step never runs twice through
  ``enter`` and nothing is counted or awaited.
* ``retries``: some step has a ``retry`` action. The flow counts each action's retries of
  the current step (``retryLimit``), runs the step a retry names first and waits
  ``retryAfter``.
* ``requires``: some step has a 1.1 ``dependsOn`` checked at run time (a workflow with
  jumps). The flow records which steps ran.

``enter`` returns the seconds to wait only when the module has loops or retries.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass


@dataclass(frozen=True)
class FlowFeatures:
    loops: bool
    retries: bool
    requires: bool
    #: some workflow with actions cannot loop: it passes no max_repeats/repeat_delay
    loopless: bool = False

    @property
    def waits(self) -> bool:
        """``enter`` also returns a delay (a repeat or a retry may wait)."""
        return self.loops or self.retries

    @property
    def counts(self) -> bool:
        return self.loops or self.requires

    @property
    def named(self) -> bool:
        """The flow knows its workflow's id (for the errors it raises)."""
        return self.loops or self.requires


def flow_args(features: FlowFeatures, workflow_id_code: str, loops: bool) -> str:
    """The arguments of ``_Flow(...)`` for a workflow (``loops``: this one can loop)."""
    args = [workflow_id_code] if features.named else []
    if loops:
        args += ["max_repeats", "repeat_delay"]
    return ", ".join(args)


def flow_source(f: FlowFeatures) -> str:
    """The ``_Flow`` class of a module with these features."""
    duties = []
    if f.loops:
        duties.append(
            "It counts how often each step ran (a ``goto`` loop stops past ``max_repeats`` "
            "repeats, each repeat waits ``repeat_delay``)"
        )
    elif f.requires:
        duties.append("It records which steps ran (for ``dependsOn``)")
    if f.retries:
        duties.append(
            ("" if f.loops else "; it counts " if duties else "It counts ")
            + "how often each ``retry`` action of the current step retried it (its "
            "``retryLimit`` bounds that), and which steps wait for a step that a ``retry`` "
            "action runs first"
        )
    doc = '    """Where one run of a workflow goes next.'
    if duties:
        text = "".join(d if i == 0 or d.startswith(";") else ", " + d for i, d in enumerate(duties))
        text += "."
        doc += "\n\n" + textwrap.fill(text, 88, initial_indent="    ", subsequent_indent="    ")
        doc += "\n    "
    doc += '"""'
    then = "str | _Retry | None" if f.retries else "str | None"
    goes = "tuple[str | None, float]" if f.waits else "str | None"
    lines = ["class _Flow:", doc, ""]
    params = ["self"]
    if f.named:
        params.append("workflow_id: str")
    if f.loops and f.loopless:
        # a workflow that cannot loop passes neither: it never enters a step twice
        params += ["max_repeats: int = 0", "repeat_delay: float = 0.0"]
    elif f.loops:
        params += ["max_repeats: int", "repeat_delay: float"]
    tracks = f.retries or f.requires  # only these read the current step
    if f.named or f.loops or f.counts or tracks:
        lines.append(f"    def __init__({', '.join(params)}) -> None:")
    if f.named:
        lines.append("        self.workflow_id = workflow_id")
    if f.loops:
        lines += [
            "        self.max_repeats = max_repeats",
            "        self.repeat_delay = repeat_delay",
        ]
    if f.counts:
        lines.append("        self.runs: dict[str, int] = {}")
    if tracks:
        lines.append("        self.step: str | None = None")
    if f.retries:
        lines += [
            "        #: retry action name -> retries of the current step so far",
            "        self.retried: dict[str, int] = {}",
            "        self.waiting: list[tuple[str, dict[str, int], float]] = []",
        ]
    if lines[-1] != "":
        lines.append("")
    lines.append(f"    def enter(self, then: {then}) -> {goes}:")
    if f.waits:
        lines += [
            '        """The step to run after the last step chose ``then``, and the seconds '
            "to wait",
            '        before it (None: the workflow ends)."""',
        ]
    else:
        lines.append(
            '        """The step to run after the last step chose ``then`` (None: the end)."""'
        )
    end = "None, 0.0" if f.waits else "None"
    if f.retries:
        lines += [
            "        if isinstance(then, _Retry):",
            "            if self.step is None:",
            '                raise AssertionError("a retry needs a step to retry")',
            "            self.retried[then.action] = self.retried.get(then.action, 0) + 1",
            "            if then.first is None:",
            "                return self.step, then.delay",
            "            self.waiting.append((self.step, self.retried, then.delay))",
            "            # a run on behalf of a retry is bounded by retryLimit, not max_repeats",
            "            self.step, self.retried = then.first, {}",
            "            return then.first, 0.0",
            "        if self.waiting:  # the step a retry ran first has completed: retry now",
            "            self.step, self.retried, delay = self.waiting.pop()",
            "            return self.step, delay",
        ]
    if not (f.counts or f.waits or tracks):  # nothing to count or wait: ``then`` it is
        lines.append("        return then")
        return "\n".join(lines)
    lines += ["        if then is None:"]
    if tracks:
        lines.append("            self.step = None")
    lines.append(f"            return {end}")
    # the step starts here, not in a method of its own: this runs for every step
    if f.counts:
        lines.append("        count = self.runs.get(then, 0)")
    if f.loops:
        lines += [
            "        if count > self.max_repeats:",
            "            raise LoopLimitError(",
            '                f"workflow {self.workflow_id!r}: step {then!r} would run again "',
            '                f"after {count} runs; max_repeats={self.max_repeats} allows one run "',
            '                f"and {self.max_repeats} repeats",',
            "                workflow_id=self.workflow_id,",
            "                step_id=then,",
            "            )",
        ]
    if f.counts:
        lines.append("        self.runs[then] = count + 1")
    if f.retries:
        lines.append("        self.step, self.retried = then, {}")
    elif tracks:
        lines.append("        self.step = then")
    if f.loops:
        lines.append("        return then, self.repeat_delay if count else 0.0")
    elif f.waits:
        lines.append("        return then, 0.0")
    else:
        lines.append("        return then")
    if f.requires:
        lines += [
            "",
            "    def require(self, needed: tuple[str, ...]) -> None:",
            '        """Before a step with ``dependsOn``: the steps it depends on must have '
            'run."""',
            "        missing = [step_id for step_id in needed if step_id not in self.runs]",
            "        if missing and self.step is not None:",
            "            raise WorkflowError(",
            '                f"workflow {self.workflow_id!r}: step {self.step!r} depends on "',
            "                f\"{', '.join(repr(m) for m in missing)}, which did not run\",",
            "                workflow_id=self.workflow_id,",
            "                step_id=self.step,",
            "            )",
        ]
    return "\n".join(lines)
