"""Codes for constructs the compiler does not support yet: AZ6xx.

A document using one of these still validates; ``arazzogen compile`` refuses it with
an error naming the construct, rather than skipping it or compiling something else.
"""

from arazzogen.codes._model import Code

CODES: tuple[Code, ...] = (
)
