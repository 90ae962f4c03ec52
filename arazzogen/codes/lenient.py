"""Codes for lenient real-world forms: AZ5xx.

Each is a warning (``lenient=True``) that ``--strict`` turns into an error. arazzogen
accepts the form and compiles its evident meaning; it never accepts one silently.
"""

from arazzogen.codes._model import Code

CODES: tuple[Code, ...] = (
    Code("AZ501", "jsonpath-comparison-outside-filter", "warning",
         "A `type: jsonpath` condition is a comparison outside a filter (`$.status == 'done'`), "
         "which RFC 9535 does not allow; arazzogen compiles it as a comparison of the single "
         "value the path selects.",
         "write an RFC 9535 filter such as `$[?@.status == 'done']`, or a simple condition "
         "`$response.body#/status == 'done'`",
         lenient=True),
    Code("AZ502", "expression-without-braces", "warning",
         "A string embeds a runtime expression without `{}` (`Bearer $inputs.token`); arazzogen "
         "substitutes it as if it were written `{$inputs.token}`.",
         "wrap the expression in braces: `Bearer {$inputs.token}`",
         lenient=True),
    Code("AZ503", "dotted-body-access", "warning",
         "A body is reached with dots (`$response.body.id`) instead of a JSON Pointer; arazzogen "
         "reads it as `$response.body#/id`.",
         "write `$response.body#/id`",
         lenient=True),
    Code("AZ504", "dotted-output-access", "warning",
         "A step or workflow output is reached into with dots (`$steps.s.outputs.a.b`); "
         "arazzogen reads it as `$steps.s.outputs.a#/b`.",
         "declare an output for the inner value, or use `#/b`",
         lenient=True),
    Code("AZ505", "undeclared-step-output", "warning",
         "`$steps.<id>.outputs.<name>` names an output the step does not declare.",
         "declare the output in the step's `outputs`",
         lenient=True),
    Code("AZ506", "operation-id-case-mismatch", "warning",
         "An `operationId` matches an OpenAPI operation only when case is ignored.",
         "write the operationId exactly as the OpenAPI description spells it",
         lenient=True),
    Code("AZ507", "unqualified-source-prefix", "warning",
         "An `operationId` is qualified as `source.opId` instead of "
         "`$sourceDescriptions.source.opId`.",
         "write `$sourceDescriptions.<source>.<operationId>`",
         lenient=True),
    Code("AZ508", "operation-path-shorthand", "warning",
         "An `operationPath` is written as `/path` or `METHOD /path` instead of "
         "`{$sourceDescriptions.<name>.url}#/paths/...`.",
         "write `{$sourceDescriptions.<name>.url}#/paths/~1path/method`",
         lenient=True),
    Code("AZ509", "source-url-relative-to-cwd", "warning",
         "A source description URL does not exist relative to the document but does relative to "
         "the current directory; arazzogen uses the latter.",
         "make `url` relative to the Arazzo document",
         lenient=True),
    Code("AZ510", "action-without-name", "warning",
         "A success or failure action has no `name`; arazzogen names it after its position.",
         "give every action a `name`",
         lenient=True),
    Code("AZ511", "source-name-case-mismatch", "warning",
         "A `$sourceDescriptions.<name>` reference matches a source description only when case "
         "is ignored; arazzogen uses that source.",
         "write the source description's name exactly as declared",
         lenient=True),
    Code("AZ512", "plural-headers-source", "warning",
         "A runtime expression reads `$response.headers.<name>` (or `$request.headers`), which "
         "the grammar spells `header`; arazzogen reads it as `$response.header.<name>`.",
         "write `$response.header.<name>`",
         lenient=True),
)
