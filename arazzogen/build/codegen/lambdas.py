"""``lambda`` expressions whose layout black and ruff format agree on.

black and ruff format (0.15 and later) lay out a ``lambda`` whose body is an operator
expression (``a or b``, ``not a``, ``a == b``, ``a + b``) differently when the line is
too long: black splits the body at its last bracket, ruff puts the body in parentheses.
And ruff drops parentheses around a body that fits, which black keeps. A body that is a
call, a subscription, a list display or a single name or constant has brackets of its
own (or cannot be split), and both formatters split it there. So the bodies of the
generated filter lambdas are always one of those: an operator expression that yields a
``bool`` is passed through ``bool(...)``.
"""

from __future__ import annotations

import ast

__all__ = ["lambda_expr"]

_OWN_BRACKETS = (ast.Call, ast.Subscript, ast.List, ast.Name, ast.Constant)


def lambda_expr(params: str, body: str) -> str:
    """``lambda <params>: <body>``, without outer parentheses around ``body``; a body
    (Python source of a ``bool`` when it is an operator expression) that has no
    brackets of its own is passed through ``bool(...)``."""
    return f"lambda {params}: {_bracketed(body)}"


def _bracketed(body: str) -> str:
    inner = body[1:-1] if _wrapped(body) else body
    node = ast.parse(inner, mode="eval").body
    if isinstance(node, _OWN_BRACKETS):
        return inner
    if isinstance(node, ast.BinOp):
        raise ValueError(f"a lambda body that is not a bool needs brackets: {body}")
    return f"bool({inner})"


def _wrapped(code: str) -> bool:
    """Whether ``code`` is one expression in a pair of outer parentheses."""
    if not (code.startswith("(") and code.endswith(")")):
        return False
    try:
        ast.parse(code[1:-1], mode="eval")
    except SyntaxError:
        return False  # the first `(` closes before the end: `(a) or (b)`
    return True
