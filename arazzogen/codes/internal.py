"""Codes for usage and internal errors: AZ9xx."""

from arazzogen.codes._model import Code

CODES = (
    Code("AZ901", "output-write-failed", "error",
         "The generated module could not be written; nothing was changed at the destination.",
         "check that the output directory exists and is writable"),
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
    Code("AZ920", "output-not-generated", "error",
         "The output file exists and does not carry arazzogen's generated header: it may be "
         "hand-written code, so `compile -o` does not replace it.",
         "choose another output path, or pass `--force` to replace the file"),
)
