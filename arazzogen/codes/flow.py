"""Codes for control-flow analysis: AZ4xx."""

from arazzogen.codes._model import Code

CODES: tuple[Code, ...] = (
)
