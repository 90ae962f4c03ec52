"""Codes for usage and internal errors: AZ9xx."""

from arazzogen.codes._model import Code

CODES = (
    Code("AZ901", "output-write-failed", "error",
         "The generated module could not be written; nothing was changed at the destination.",
         "check that the output's folder is writable (missing folders are created)"),
    Code("AZ902", "generated-code-invalid", "error",
         "The generated module did not parse as Python; this is a bug in arazzogen.",
         "please report it with the document that triggers it"),
    Code("AZ903", "internal-error", "error",
         "arazzogen hit an unexpected condition; this is a bug.",
         "please report it with the document that triggers it"),
    Code("AZ904", "output-stale", "error",
         "`--check` found that the output file differs from what arazzogen would generate.",
         "run `arazzogen compile` without `--check` to regenerate it"),
    Code("AZ905", "output-overwrites-input", "error",
         "The output path is the Arazzo document itself or one of its source descriptions.",
         "choose an output path for the generated module that is not an input"),
    # -- the command line and [tool.arazzogen] (AZ906-AZ919) --------------------------
    Code("AZ906", "unknown-ignored-code", "error",
         "`--ignore` (or `ignore` in `[tool.arazzogen]`) names a code that does not exist, "
         "or an error: only warnings and notes can be ignored.",
         "list the codes with `arazzogen codes`; fix the document for an error"),
    Code("AZ907", "nothing-to-do", "error",
         "No document was given and no `[[tool.arazzogen.modules]]` is configured.",
         "name a document, or list modules in pyproject.toml under [[tool.arazzogen.modules]]"),
    Code("AZ908", "lock-write-failed", "error",
         "The lock file `arazzogen.lock` could not be written.",
         "check that its folder is writable"),
    Code("AZ909", "invalid-source-option", "error",
         "A `--source` argument is not `NAME=PATH_OR_URL`.",
         "write `--source petstore=vendor/petstore.yaml` (the source's name or URL, `=`, "
         "a local file or a URL)"),
    Code("AZ910", "config-unreadable", "error",
         "The configuration (`pyproject.toml`, or the file `--config` names) does not exist, "
         "is a folder, could not be read, or is not valid UTF-8 TOML.",
         "fix the TOML at the position shown; for a missing file or a folder, the path given "
         "to `--config`"),
    Code("AZ911", "config-unknown-key", "error",
         "`[tool.arazzogen]` (or a module entry) has a key arazzogen does not know, or an "
         "option that cannot be set per module.",
         "use the long command-line flag names: strict, ignore, output-format, sources, "
         "allow-remote..."),
    Code("AZ912", "config-invalid-value", "error",
         "A key of `[tool.arazzogen]` has a value of the wrong type or outside its choices.",
         "give the value the type the message names"),
    Code("AZ913", "config-invalid-module", "error",
         "A `[[tool.arazzogen.modules]]` entry lacks `document` or `output`, or two entries "
         "write the same output.",
         "give each module a `document` and its own `output`, relative to pyproject.toml"),
    Code("AZ914", "stream-write-failed", "error",
         "Standard output could not be written (a full disk behind `>`, a terminal that "
         "went away): what it carries is incomplete. Not a bug in arazzogen; a reader that "
         "stops reading (`| head`) is not reported: arazzogen then exits quietly with 141.",
         "check where standard output goes (free space on that disk); write a module "
         "with `-o FILE` instead"),
    Code("AZ915", "refresh-without-effect", "warning",
         "`validate --refresh` has nothing to refresh: no remote source is fetched (neither "
         "`--allow-remote` nor `allow-remote = true`, or `--no-sources`). `compile --refresh` "
         "always has an effect: it compiles even a module its trailer says is up to date.",
         "add `--allow-remote` to fetch the remote sources and update arazzogen.lock, or "
         "drop `--refresh`"),
    Code("AZ920", "output-not-generated", "error",
         "The output file exists and does not carry arazzogen's generated header: it may be "
         "hand-written code, so `compile -o` does not replace it.",
         "choose another output path, or pass `--force` to replace the file"),
)
