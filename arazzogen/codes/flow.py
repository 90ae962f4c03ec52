"""Codes for control-flow analysis: AZ4xx.

Each workflow is a graph of steps: success and failure actions (workflow-level actions
merged in) go to a step, end the workflow or hand over to another workflow; with no
matching action a successful step falls through to the next one and a failed step fails
the workflow. Retries are bounded loops.
"""

from arazzogen.codes._model import Code

CODES: tuple[Code, ...] = (
    Code("AZ401", "unreachable-step", "warning",
         "No path from the workflow's first step reaches this step.",
         "add a `goto` to the step, or remove it"),
    Code("AZ402", "loop-without-exit", "error",
         "A `goto` loop has no way out: every path from it stays in it (or fails), so the "
         "workflow can never complete.",
         "add an action with criteria that leaves the loop (an `end`, or a `goto` to a step "
         "after it)"),
    Code("AZ403", "step-output-not-available", "error",
         "`$steps.<id>` names a step that cannot have run yet on any path to this point "
         "(it runs later, or never).",
         "reference only steps that run before this one, or reorder the steps"),
    Code("AZ404", "dependency-not-run", "error",
         "A step's `dependsOn` names a step that cannot have run before it on any path.",
         "move the step after the steps it depends on"),
    Code("AZ405", "workflow-dependency-cycle", "error",
         "Workflows depend on each other in a cycle through `dependsOn`.",
         "remove one of the `dependsOn` entries of the cycle"),
    Code("AZ406", "recursive-workflow-call", "error",
         "A workflow runs itself again before it finishes, directly or through other "
         "workflows (steps or actions naming a `workflowId`, and the `dependsOn` of the "
         "workflows they run); the generated functions would call each other without end.",
         "restructure the workflows so that none runs itself; repeat work with a `goto` loop "
         "inside one workflow"),
)
