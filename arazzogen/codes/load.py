"""Codes for reading files: AZ0xx."""

from arazzogen.codes._model import Code

CODES = (
    Code("AZ001", "file-not-found", "error",
         "The document (or a local source description) does not exist or cannot be read, or "
         "a folder given to `validate` holds no `*.arazzo.{yaml,yml,json}` document.",
         "check the path; source URLs are resolved relative to the document that names them"),
    Code("AZ002", "invalid-utf8", "error",
         "The file is not valid UTF-8 text.",
         "save the file as UTF-8"),
    Code("AZ003", "invalid-yaml", "error",
         "The file is not valid YAML (or JSON); the position is the parser's.",
         "fix the syntax at the position shown"),
    Code("AZ004", "invalid-json", "error",
         "A .json file is not valid JSON; the position is the parser's.",
         "fix the syntax at the position shown"),
    Code("AZ005", "duplicate-key", "error",
         "A mapping repeats a key; YAML and JSON parsers disagree on which value wins.",
         "remove or rename one of the duplicate keys"),
    Code("AZ006", "empty-document", "error",
         "The file holds no document (empty, or only comments).",
         "write an Arazzo document with at least `arazzo`, `info`, `sourceDescriptions` "
         "and `workflows`"),
    Code("AZ007", "root-not-mapping", "error",
         "The top level of the document is not a mapping (object).",
         "an Arazzo document is a mapping with `arazzo`, `info`, `sourceDescriptions` "
         "and `workflows`"),
    Code("AZ008", "multiple-documents", "error",
         "The YAML stream holds more than one document.",
         "keep one document per file; remove the extra `---` separators"),
    Code("AZ009", "unsupported-yaml", "error",
         "The YAML uses a construct arazzogen cannot represent as JSON data "
         "(a complex key, an unknown tag, a recursive alias, or nesting deeper than 200 "
         "levels, in YAML or JSON, unless raised with `--limit depth=N`, at most 300).",
         "use plain mappings, sequences and scalars"),
    Code("AZ010", "file-too-large", "error",
         "The file is larger than arazzogen reads (64 MiB unless raised).",
         "split the document or its sources, or raise the limit with `--limit file-bytes=N`"),
    # ------------------------------------------------------------ compiler limits
    Code("AZ011", "too-many-workflows", "error",
         "The document has more workflows than arazzogen compiles (200 unless raised).",
         "split the document, or raise the limit with `--limit workflows=N`"),
    Code("AZ012", "too-many-steps", "error",
         "The document has more steps, over all its workflows, than arazzogen compiles "
         "(300 unless raised).",
         "split the document, or raise the limit with `--limit steps=N`"),
    Code("AZ013", "too-many-parameters", "error",
         "A step or workflow has more parameters than arazzogen compiles (200 unless raised).",
         "raise the limit with `--limit parameters=N`"),
    Code("AZ014", "name-too-long", "error",
         "A workflowId, stepId, source, input, output, parameter or action name is longer "
         "than arazzogen accepts (256 characters unless raised).",
         "shorten the name, or raise the limit with `--limit name-length=N`"),
    Code("AZ015", "expression-too-long", "error",
         "A runtime expression is longer (4,096 characters) or its JSON Pointer has more "
         "segments (256) than arazzogen accepts, unless raised.",
         "shorten it, or raise the limit with `--limit pointer-length=N` or "
         "`--limit pointer-segments=N`"),
    Code("AZ016", "module-too-large", "error",
         "The generated module would be larger than arazzogen formats (256 KiB unless "
         "raised): usually very large literal payloads or hundreds of steps.",
         "split the document, or raise the limit with `--limit module-bytes=N`"),
)
