"""Codes for JSON Schema validation: AZ1xx."""

from arazzogen.codes._model import Code

CODES = (
    Code("AZ100", "unknown-arazzo-version", "error",
         "The `arazzo` field is missing or names a version arazzogen has no schema for.",
         "set `arazzo` to a 1.0.x or 1.1.x version, e.g. `arazzo: 1.0.1`"),
    Code("AZ101", "schema-missing-property", "error",
         "An object lacks a property the Arazzo schema requires.",
         "add the missing property"),
    Code("AZ102", "schema-unexpected-property", "error",
         "An object has a property the Arazzo schema does not allow "
         "(extensions must start with `x-`).",
         "remove or rename the property"),
    Code("AZ103", "schema-wrong-type", "error",
         "A value has the wrong JSON type for its place in the document.",
         "change the value to the type shown"),
    Code("AZ104", "schema-invalid-value", "error",
         "A value breaks a constraint of the Arazzo schema "
         "(pattern, enum, format, range, uniqueness).",
         "change the value as the message says"),
    Code("AZ105", "schema-no-matching-form", "error",
         "A value matches none of the forms the schema allows at that place.",
         "rewrite the value in one of the forms listed in the message"),
    Code("AZ106", "schema-ambiguous-form", "error",
         "An object matches more than one of the forms the schema allows where exactly one "
         "is required (e.g. both `operationId` and `operationPath`), or mixes properties of "
         "different forms.",
         "keep the properties of one form only"),
    Code("AZ107", "schema-too-deep", "error",
         "The document nests so deeply that it cannot be checked against the schema.",
         "reduce the nesting (usually of workflow `inputs` schemas or payloads)"),
)
