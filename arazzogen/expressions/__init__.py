"""Runtime expressions, embedded templates, simple conditions and their syntax trees."""

from arazzogen.expressions.ast import ExpressionError
from arazzogen.expressions.condition import parse_condition
from arazzogen.expressions.runtime import (
    iter_runtime_expressions,
    parse_runtime_expression,
    parse_value,
)

__all__ = [
    "ExpressionError",
    "iter_runtime_expressions",
    "parse_condition",
    "parse_runtime_expression",
    "parse_value",
]
