"""Codes for semantic rules on the document alone: AZ2xx."""

from arazzogen.codes._model import Code

CODES: tuple[Code, ...] = (
)
