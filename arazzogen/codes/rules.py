"""Codes for semantic rules on the document alone: AZ2xx.

These run after the JSON Schema passed. They check what a schema cannot: uniqueness of
ids and names, that every reference names something that exists, that expressions,
conditions, regular expressions and JSONPath queries parse, and that fields fit the kind
of step they sit on.
"""

from arazzogen.codes._model import Code

CODES: tuple[Code, ...] = (
    # ------------------------------------------------------------ uniqueness and names
    Code("AZ201", "duplicate-workflow-id", "error",
         "Two workflows have the same `workflowId`; ids must be unique in the document.",
         "rename one of the workflows"),
    Code("AZ202", "duplicate-step-id", "error",
         "Two steps of one workflow have the same `stepId`.",
         "rename one of the steps"),
    Code("AZ203", "duplicate-source-name", "error",
         "Two source descriptions have the same `name`.",
         "rename one of the source descriptions"),
    Code("AZ204", "duplicate-parameter", "error",
         "A parameter list names the same parameter (`name` and `in`) twice, directly or "
         "through a `reference`.",
         "remove one of the two parameters"),
    Code("AZ205", "duplicate-action-name", "error",
         "Two success or failure actions in one list (or two reusable actions in "
         "`components`) have the same `name`.",
         "give every action in the list its own name"),
    Code("AZ206", "non-identifier-id", "warning",
         "A `workflowId` or `stepId` does not match `^[A-Za-z0-9_-]+$`, so runtime "
         "expressions (`$steps.<id>`, `$workflows.<id>`) cannot name it under Arazzo 1.1's "
         "grammar (arazzogen reads it in a 1.0 document, where the grammar is looser).",
         "use only letters, digits, `_` and `-` in the id"),
    # ------------------------------------------------------------ references
    Code("AZ207", "unknown-workflow", "error",
         "A `workflowId` (in a step, an action or `dependsOn`) names no workflow of this "
         "document.",
         "use the `workflowId` of a workflow defined here, or "
         "`$sourceDescriptions.<name>.<workflowId>` for another Arazzo document"),
    Code("AZ208", "unknown-step", "error",
         "A `stepId` (a goto or retry target, or a step's `dependsOn`) names no step of the "
         "workflow it must be in.",
         "use the `stepId` of a step of that workflow"),
    Code("AZ209", "action-target-conflict", "error",
         "An action names both a `stepId` and a `workflowId`; they are mutually exclusive.",
         "keep only one of `stepId` and `workflowId`"),
    Code("AZ210", "action-target-ignored", "warning",
         "An `end` action names a `stepId` or `workflowId`, which `end` ignores.",
         "remove the target, or change the type to `goto`"),
    Code("AZ211", "unknown-source-reference", "error",
         "`$sourceDescriptions.<name>` names no source description of the document.",
         "use the `name` of one of the `sourceDescriptions`"),
    Code("AZ212", "wrong-source-type", "error",
         "A reference uses a source description of the wrong type (a workflow in an "
         "`openapi` source, an operation in an `arazzo` one, a channel outside `asyncapi`).",
         "point the reference at a source description of the right `type`"),
    Code("AZ213", "unknown-component", "error",
         "A reference (`$components.<kind>.<name>` or an inputs `$ref`) names a component "
         "that does not exist.",
         "define the component under `components`, or fix the name"),
    Code("AZ214", "invalid-component-reference", "error",
         "A Reusable Object's `reference` is not a `$components.<kind>.<name>` expression of "
         "the kind its place needs (parameters, successActions or failureActions).",
         "write `$components.parameters.<name>` (or `successActions`/`failureActions`)"),
    Code("AZ215", "unknown-input", "error",
         "`$inputs.<name>` names a property the workflow's `inputs` schema does not declare.",
         "declare the input under the workflow's `inputs.properties`"),
    Code("AZ216", "unknown-output", "error",
         "`$outputs.<name>` or `$workflows.<id>.outputs.<name>` names an output the "
         "workflow does not declare.",
         "declare the output in the workflow's `outputs`"),
    Code("AZ217", "unknown-step-reference", "error",
         "`$steps.<id>` names no step of the current workflow.",
         "use the `stepId` of a step of the same workflow"),
    Code("AZ218", "expression-not-available", "error",
         "A runtime expression is used where its value cannot exist (e.g. `$response` in "
         "workflow outputs or in a step's parameters, `$message` outside an AsyncAPI step).",
         "take the value from a step output instead (`$steps.<id>.outputs.<name>`)"),
    # ------------------------------------------------------------ expressions and criteria
    Code("AZ219", "invalid-runtime-expression", "error",
         "A runtime expression does not parse or lacks the parts its kind needs "
         "(`$steps.<id>.outputs.<name>`, `$workflows.<id>.outputs.<name>`), or an output "
         "is not an expression at all.",
         "fix the expression; see the Runtime Expressions section of the Arazzo spec"),
    Code("AZ220", "invalid-condition", "error",
         "A `simple` condition does not parse.",
         "write operands (runtime expressions or literals) joined by `==`, `!=`, `<`, "
         "`<=`, `>`, `>=`, `&&`, `||`, `!` and parentheses"),
    Code("AZ221", "invalid-regex", "error",
         "A `type: regex` condition is not a valid regular expression.",
         "fix the pattern"),
    Code("AZ222", "invalid-jsonpath", "error",
         "A `type: jsonpath` condition is not an RFC 9535 JSONPath query.",
         "fix the query, e.g. `$[?@.status == 'done']`"),
    Code("AZ223", "duplicate-replacement-target", "warning",
         "Two payload replacements of one request body have the same `target`; the later "
         "one overwrites the earlier.",
         "keep one replacement per target"),
    Code("AZ224", "invalid-content-type", "warning",
         "A request body's `contentType` is not a media type (`type/subtype`).",
         "write a media type such as `application/json`"),
    # ------------------------------------------------------------ fields by kind of step
    Code("AZ225", "action-parameter-with-in", "error",
         "A parameter of a success or failure action has `in`; action parameters are "
         "workflow inputs.",
         "remove `in`"),
    Code("AZ226", "workflow-step-parameter-with-in", "warning",
         "A parameter of a step that calls a workflow has `in`, which is ignored: such "
         "parameters are the workflow's inputs.",
         "remove `in`"),
    Code("AZ227", "malformed-operation-path", "error",
         "An `operationPath` or `channelPath` is in no form arazzogen can read: neither "
         "`{$sourceDescriptions.<name>.url}#<json-pointer>` nor (leniently) another reference "
         "with `#`, a `/path` or `METHOD /path`.",
         "write e.g. `{$sourceDescriptions.api.url}#/paths/~1pets/get`"),
    Code("AZ228", "async-field-on-non-async-step", "error",
         "`action` or `correlationId` is set on a step whose source is not an AsyncAPI "
         "description.",
         "remove the field, or point the step at an `asyncapi` source"),
    Code("AZ229", "async-step-without-action", "error",
         "A step on an AsyncAPI source has no `action` (`send` or `receive`).",
         "add `action: send` or `action: receive`"),
    Code("AZ230", "request-body-on-workflow-step", "error",
         "A step that calls a workflow has a `requestBody`; only operation steps send one.",
         "pass the values as `parameters` (workflow inputs) instead"),
    Code("AZ231", "response-in-workflow-step", "warning",
         "A step that calls a workflow uses `$statusCode`, `$response`, `$request`, `$url` "
         "or `$method`; such a step has no HTTP exchange of its own.",
         "test the called workflow's outputs instead (`$outputs.<name>`)"),
    # ------------------------------------------------------------ style (Spectral parity)
    Code("AZ232", "script-tag-in-description", "warning",
         "A `description`, `summary` or `title` contains a `<script` tag.",
         "remove the script tag"),
    Code("AZ233", "missing-description", "note",
         "The document info, a workflow or a step has no `description`; generated "
         "docstrings are taken from it.",
         "add a `description`"),
    Code("AZ234", "missing-source-type", "note",
         "A source description has no `type`; arazzogen infers it from the file.",
         "add `type: openapi` (or `arazzo`, `asyncapi`)"),
    Code("AZ235", "input-without-schema", "warning",
         "`$inputs.<name>` in a workflow that has no `inputs` schema: the value can only be "
         "guessed at run time, and `compile` refuses it because it cannot type the input.",
         "add an `inputs` schema declaring the input under `properties`"),
    # ------------------------------------------------------------ names (hostile documents)
    Code("AZ270", "python-name-collision", "error",
         "Two workflows (or two inputs, or two outputs of one workflow or step) have "
         "names that become the same Python name (e.g. `getPet` and `get-pet`); numbering "
         "them would make the generated API depend on document order.",
         "rename one of the two so that their snake_case forms differ"),
    Code("AZ271", "credentials-over-http", "warning",
         "An OpenAPI server URL used as a default base URL has a user name or password and "
         "the scheme `http`: the generated client would send them unencrypted.",
         "use `https://`, and pass credentials as workflow inputs rather than in the URL"),
    Code("AZ272", "secret-in-query", "warning",
         "A step sends a credential (a query parameter the OpenAPI security schemes name, or "
         "whose name looks like one: `api_key`, `token`...) in the URL query: URLs are "
         "written to logs by httpx, proxies and servers. The generated errors redact it.",
         "send the credential in a header if the API allows it"),
    Code("AZ273", "regex-nested-quantifier", "warning",
         "A `regex` criterion repeats a group that itself repeats (`(a+)+`, `(\\d*)*`): "
         "such patterns can take exponential time on a short text from the server. The "
         "generated module evaluates regexes only on texts of at most 1,000,000 characters.",
         "rewrite the pattern without a repetition inside a repetition"),
)
