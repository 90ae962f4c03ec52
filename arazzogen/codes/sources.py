"""Codes for source descriptions and operation binding: AZ3xx."""

from arazzogen.codes._model import Code

CODES: tuple[Code, ...] = (
)
