"""Codes for constructs the compiler does not support yet: AZ6xx.

A document using one of these still validates (``arazzogen validate`` passes);
``arazzogen compile`` refuses it with an error naming the construct, rather than
skipping it or compiling it into something else.
"""

from arazzogen.codes._model import Code

_LATER = "not supported by the compiler yet; `arazzogen validate` still checks the document"

CODES: tuple[Code, ...] = (
    Code("AZ601", "unsupported-workflow-step", "error",
         "A step that runs another workflow (`workflowId`) cannot be compiled yet.",
         "inline the other workflow's steps, or call its generated function yourself"),
    Code("AZ603", "unsupported-workflow-action", "error",
         "A success or failure action that transfers to another workflow cannot be compiled yet.",
         "use `goto` with a `stepId` of the same workflow, or `end`"),
    Code("AZ604", "unsupported-criterion-type", "error",
         "A criterion of type `xpath` (or a custom expression type) cannot be compiled.",
         "use a `simple`, `regex` or `jsonpath` criterion"),
    Code("AZ605", "unsupported-runtime-expression", "error",
         "A runtime expression kind the compiler cannot evaluate at that place yet "
         "(e.g. `$request.*`, `$workflows.*`, `$self`).",
         "use `$inputs`, `$steps.<id>.outputs`, `$response`, `$statusCode` or a literal"),
    Code("AZ606", "unsupported-content-type", "error",
         "A request body content type other than JSON or form-urlencoded cannot be compiled yet.",
         "use `application/json` or `application/x-www-form-urlencoded`"),
    Code("AZ607", "unsupported-source-type", "error",
         "A step bound to a non-OpenAPI source (e.g. AsyncAPI): an httpx module cannot perform it.",
         "compile only workflows whose steps call HTTP (OpenAPI) operations"),
    Code("AZ608", "unsupported-depends-on", "error",
         "A workflow with `dependsOn` cannot be compiled yet.",
         "call the workflows it depends on first, from your own code"),
    Code("AZ609", "unsupported-payload-replacements", "error",
         "A request body with `replacements` cannot be compiled yet.",
         "write the values into `payload` with runtime expressions instead"),
    Code("AZ610", "unsupported-parameter-location", "error",
         "A parameter location the compiler cannot send yet (`in: querystring`), or a parameter "
         "without `in` on an operation step.",
         "use `in: path`, `query`, `header` or `cookie`"),
    Code("AZ611", "unsupported-selector", "error",
         "Selector Objects and action `parameters` (Arazzo 1.1) cannot be compiled yet.",
         "use runtime expressions with JSON Pointers instead"),
    Code("AZ612", "missing-base-url", "warning",
         "An operation's source has no usable `servers` URL; the generated `BaseUrls` field for it "
         "has no default and callers must pass one.",
         "add `servers: [{url: https://...}]` to the OpenAPI description"),
)
