"""Codes for constructs the compiler does not support yet: AZ6xx.

A document using one of these still validates (``arazzogen validate`` passes);
``arazzogen compile`` refuses it with an error naming the construct, rather than
skipping it or compiling it into something else.
"""

from arazzogen.codes._model import Code

_LATER = "not supported by the compiler yet; `arazzogen validate` still checks the document"

CODES: tuple[Code, ...] = (
    Code("AZ604", "unsupported-xpath", "error",
         "An XPath expression (an `xpath` criterion, Selector Object or replacement target) "
         "that is not XPath 1.0 or uses a construct outside the subset arazzogen compiles to "
         "ElementTree code (e.g. the `parent`, `ancestor`, `following` or `preceding` axes, "
         "`comment()`, functions such as `translate()`), or nests more than 64 location "
         "steps, predicates, calls and operators; the message names the construct. `validate` "
         "reports the syntax errors and the nesting, compile also the constructs.",
         "rewrite it with child, descendant and attribute steps, predicates and the XPath 1.0 "
         "core functions the README lists"),
    Code("AZ605", "unsupported-runtime-expression", "error",
         "A runtime expression that has no value the generated code can compute: "
         "`$sourceDescriptions.<name>.<operationId>` (an operation, not a value; the fields "
         "`url`, `type` and `name` are values) and `$workflows.<id>...` outside a dependency.",
         "use `$inputs`, `$steps.<id>.outputs`, `$response`, `$request`, `$statusCode` or a "
         "literal"),
    Code("AZ607", "unsupported-source-type", "error",
         "A step bound to a non-OpenAPI source (e.g. AsyncAPI): an httpx module cannot perform it.",
         "compile only workflows whose steps call HTTP (OpenAPI) operations"),
    Code("AZ612", "missing-base-url", "warning",
         "An operation's source has no usable `servers` URL; the generated `BaseUrls` field for it "
         "has no default and callers must pass one.",
         "add `servers: [{url: https://...}]` to the OpenAPI description"),
    Code("AZ613", "uncompilable-selector", "error",
         "A selector, payload replacement target, expression type or parameter style the "
         "compiler cannot apply: a `draft-goessner-dispatch-jsonpath-00` JSONPath using "
         "Goessner-only (JavaScript) syntax, named in the message (script expressions "
         "`[(@.length-1)]`, arithmetic, `.length`, method calls, `=~`, `===`), a replacement "
         "in a payload that is neither a mapping nor a JSON or XML document, an unknown "
         "expression type or version, or an OpenAPI style that does not exist for the "
         "parameter's location.",
         "rewrite it within what the README's \"Semantics decisions\" describe"),
    Code("AZ614", "arazzo-source-cycle", "error",
         "A `type: arazzo` source description names a document that names this one again, "
         "directly or through other Arazzo sources (or the document itself): the workflows of "
         "every Arazzo source are compiled into the module, so the documents would be compiled "
         "without end.",
         "move the workflows both documents need into a third document that both name, so "
         "that the Arazzo sources form no cycle"),
    Code("AZ620", "workflow-action-missing-input", "error",
         "A `goto` or `retry` action runs a workflow that requires an input the action does not "
         "supply: its `parameters` (Arazzo 1.1) do not name it, or (without `parameters`) the "
         "current workflow has no input of that name to pass on.",
         "add a parameter named after the input to the action's `parameters` (Arazzo 1.1), or "
         "give the current workflow an input of the same name"),
    Code("AZ621", "input-default-mismatch", "error",
         "An optional workflow input has a JSON Schema `default` that is not a value of the "
         "input's type, so the generated signature cannot use it.",
         "make the `default` a value of the input's `type`"),
    Code("AZ622", "workflow-not-a-dependency", "error",
         "`$workflows.<id>.outputs` (or a step `dependsOn` entry `$workflows.<id>.steps.<stepId>` "
         "or `$sourceDescriptions.<name>.<workflowId>.steps.<stepId>`) names a workflow that "
         "the current workflow does not list in its `dependsOn`, so it "
         "has not necessarily run.",
         "add the workflow to the current workflow's `dependsOn`"),
)
