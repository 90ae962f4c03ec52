"""Codes for source descriptions and operation binding: AZ3xx.

AZ30x: loading source descriptions. AZ31x: resolving a step to an operation or
workflow. AZ32x: lenient reference forms of this stage (warnings ``--strict`` turns
into errors). AZ33x: checking a step's parameters and request body against its target.
"""

from arazzogen.codes._model import Code

CODES: tuple[Code, ...] = (
    # -- loading ---------------------------------------------------------------------
    Code("AZ301", "source-not-found", "error",
         "A source description's `url` names a local file that does not exist "
         "(relative URLs are resolved against the Arazzo document's directory).",
         "fix `url` so that it points at the file, relative to the Arazzo document"),
    Code("AZ302", "remote-source-not-fetched", "error",
         "A source description's `url` is remote (`http(s)://`) and `--allow-remote` was not "
         "given (without it arazzogen never opens a socket), or the URL uses a scheme "
         "arazzogen does not read.",
         "map the source to a local copy with `--source NAME=PATH` (or "
         "`[tool.arazzogen.sources]`), or fetch it with `--allow-remote`"),
    Code("AZ303", "unsupported-openapi-version", "error",
         "An `openapi` source is Swagger 2.0 or an OpenAPI version arazzogen does not read "
         "(it reads 3.0.x, 3.1.x and 3.2.x).",
         "convert the description to OpenAPI 3.0, 3.1 or 3.2 (e.g. with swagger2openapi)"),
    Code("AZ304", "source-type-mismatch", "error",
         "A source description's file is not what its `type` says (an `openapi` source "
         "without an `openapi` field, an `arazzo` source without an `arazzo` field), or its "
         "type cannot be told.",
         "point `url` at the right file, or correct `type`"),
    Code("AZ305", "uncompilable-source-type", "warning",
         "A source description has a `type` arazzogen cannot compile (e.g. `asyncapi`); "
         "the document still validates, but steps that use this source cannot be compiled.",
         "compile only workflows whose steps call `openapi` operations or `arazzo` workflows"),
    # -- resolving steps -------------------------------------------------------------
    Code("AZ310", "operation-not-found", "error",
         "A step's `operationId` matches no operation in the source descriptions.",
         "use an operationId the OpenAPI description defines, "
         "or reach the operation with `operationPath`"),
    Code("AZ311", "operation-ambiguous", "error",
         "A bare `operationId` (or a shorthand `operationPath`) matches operations in more "
         "than one place.",
         "qualify it: `$sourceDescriptions.<source>.<operationId>`, or use the full "
         "`{$sourceDescriptions.<source>.url}#/paths/...` form"),
    Code("AZ312", "invalid-operation-path", "error",
         "A step's `operationPath` cannot be parsed, or its JSON Pointer does not name an "
         "operation (`#/paths/<escaped path>/<method>`).",
         "write `{$sourceDescriptions.<name>.url}#/paths/~1path~1{param}/get`, "
         "escaping `/` as `~1` and `~` as `~0`"),
    Code("AZ313", "operation-path-not-found", "error",
         "A step's `operationPath` points at a path or method the source description does "
         "not have.",
         "use a path and method the OpenAPI description defines"),
    Code("AZ314", "workflow-not-found", "error",
         "A step's `workflowId` matches no workflow in this document or in the named "
         "`arazzo` source description.",
         "use a workflowId defined in this document, or "
         "`$sourceDescriptions.<source>.<workflowId>` for another Arazzo document"),
    Code("AZ315", "openapi-ref-unresolved", "warning",
         "A `$ref` inside the OpenAPI operation a step calls cannot be resolved (missing "
         "target, remote file, cycle); checks that need it are skipped.",
         "fix the `$ref` in the OpenAPI description, or bundle the description into one file"),
    # -- lenient reference forms -----------------------------------------------------
    Code("AZ320", "operation-path-loose-source", "warning",
         "An `operationPath` names its source without the `{$sourceDescriptions.<name>.url}` "
         "form (`<name>#/paths/...`, `$sourceDescriptions.<name>#/paths/...`, or the source's "
         "literal URL); arazzogen uses the named source.",
         "write `{$sourceDescriptions.<name>.url}#/paths/...`",
         lenient=True),
    Code("AZ321", "workflow-id-workflows-segment", "warning",
         "A `workflowId` is written `$sourceDescriptions.<name>.workflows.<workflowId>`; "
         "arazzogen reads it as `$sourceDescriptions.<name>.<workflowId>`.",
         "write `$sourceDescriptions.<name>.<workflowId>`",
         lenient=True),
    # -- binding checks --------------------------------------------------------------
    Code("AZ330", "undeclared-path-parameter", "error",
         "A step passes an `in: path` parameter the operation's path template does not have, "
         "so the URL cannot be built with it.",
         "use a path parameter the operation declares (the name is case-sensitive)"),
    Code("AZ331", "undeclared-parameter", "warning",
         "A step passes a query, header, cookie or querystring parameter the operation does "
         "not declare; it is sent anyway.",
         "check the name and `in` against the OpenAPI operation, or declare the parameter there"),
    Code("AZ332", "missing-required-parameter", "error",
         "An operation requires a parameter (path parameters always are) that neither the "
         "step nor its workflow supplies.",
         "add the parameter to the step's (or the workflow's) `parameters`"),
    Code("AZ333", "missing-request-body", "error",
         "The operation requires a request body but the step has no `requestBody`.",
         "add a `requestBody` with the payload to send"),
    Code("AZ334", "unexpected-request-body", "warning",
         "The step has a `requestBody` but the operation describes none; it is sent anyway.",
         "remove the `requestBody`, or describe it in the OpenAPI operation"),
    Code("AZ335", "content-type-not-accepted", "error",
         "The step's `requestBody.contentType` is not one the operation accepts "
         "(media ranges and `+json`-style suffixes are taken into account).",
         "use one of the content types listed in the message"),
    Code("AZ336", "parameter-without-in", "error",
         "A parameter passed to an operation has no `in`; the spec requires it unless the "
         "step calls a workflow.",
         "add `in: path`, `query`, `header` or `cookie`"),
    Code("AZ337", "unknown-workflow-input", "warning",
         "A step calling a workflow passes a parameter that is not one of the target "
         "workflow's `inputs` properties.",
         "use a property name declared in the target workflow's `inputs`"),
    Code("AZ338", "missing-workflow-input", "error",
         "A step calling a workflow does not pass an input the target workflow requires.",
         "add a parameter named after the required input"),
    # -- mapped and remote sources, the lock file (AZ340-AZ359) ------------------------
    Code("AZ340", "remote-fetch-failed", "error",
         "A remote source description could not be fetched: a network error, a timeout, an "
         "HTTP error status, too many redirects, a response over the size limit, or plain "
         "`http://` to a host that is not the local machine.",
         "check the URL, or map the source to a local copy with `--source NAME=PATH`"),
    Code("AZ341", "remote-source-changed", "error",
         "A fetched source description's SHA-256 differs from the one recorded in "
         "`arazzogen.lock`: the upstream document changed since the lock was written.",
         "review the change, then run the command with `--allow-remote --refresh`, without "
         "`--check` (the hint names it), to accept it"),
    Code("AZ342", "remote-source-not-locked", "error",
         "`--check` needs a remote source that `arazzogen.lock` does not record (a check "
         "never writes the lock); the lock file exists (without one, it is AZ345).",
         "run the command without `--check`, with `--allow-remote` (the hint names it), to "
         "fetch it and record its digest"),
    Code("AZ343", "lock-file-invalid", "error",
         "`arazzogen.lock` is not a lock file arazzogen wrote (not JSON, wrong version or "
         "shape).",
         "delete it and run the command without `--check`, with `--allow-remote` (the "
         "hint names it), to write it again"),
    Code("AZ344", "source-mapping-unused", "warning",
         "A `--source` mapping names neither a source description's `name` nor its `url` in "
         "the document compiled.",
         "use the `name` or the exact `url` of an entry of `sourceDescriptions`"),
    Code("AZ345", "lock-file-missing", "error",
         "`--check` (with or without `--allow-remote`) needs a module's remote sources and "
         "there is no `arazzogen.lock` to take their SHA-256 from (a check never writes the "
         "lock). Reported once per module, at its first remote source.",
         "run the command without `--check`, with `--allow-remote` (the hint names it), to "
         "fetch the sources and write the lock"),
    Code("AZ346", "check-needs-remote-source", "error",
         "`--check` without `--allow-remote`: the module is not up to date as far as its "
         "digests tell (an input changed, it was edited or is missing), so it must be "
         "compiled again to be checked, and that needs a remote source's content, which is "
         "fetched only with `--allow-remote`. Reported once per module, at its first remote "
         "source.",
         "run the command without `--check`, with `--allow-remote` (the hint names it), to "
         "regenerate the module, or add `--allow-remote` to the check"),
    Code("AZ348", "output-member-not-in-schema", "warning",
         "A step output reads `$response.body#/...` through a member that the response "
         "schema of the step's success status does not list, where that object schema "
         "lists its properties and admits no others by name or shape (no "
         "`additionalProperties`, `patternProperties`, `oneOf`, `anyOf`); the output is "
         "typed `object`. Most often a misspelt pointer.",
         "use a member the schema lists (the hint names the closest), or document the "
         "member in the OpenAPI description"),
    Code("AZ360", "source-outside-project", "error",
         "A source description resolves, after `..`, "
         "absolute paths, `file:` URLs and symbolic links, to a file outside the project "
         "root: the nearest folder above the document holding `.git` or `pyproject.toml` "
         "(else the working directory when the document is below it, else the document's "
         "folder). arazzogen does not read it. (A file that a `$ref` inside an OpenAPI "
         "description names outside the root is not read either: that is the warning "
         "AZ315, and what needs it goes untyped or unchecked.)",
         "move the file into the project, or allow its folder with `--allow-path PATH`"),
)
