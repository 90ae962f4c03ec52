"""Syntax trees for runtime expressions, conditions and JSONPath.

Everything a document says at run time (``$inputs.x``, ``$statusCode == 200``,
``$[?@.status == 'done']``) is parsed at compile time into these frozen trees; the
code generator turns them into plain Python. Offsets are 0-based character offsets
into the source string of the expression, for diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

# ---------------------------------------------------------------- runtime expressions

RuntimeKind = Literal[
    "url",
    "method",
    "statusCode",
    "request",
    "response",
    "inputs",
    "outputs",
    "steps",
    "workflows",
    "sourceDescriptions",
    "components",
    "self",
    "message",  # Arazzo 1.1, AsyncAPI steps: $message.header.<token> / $message.payload
]


@dataclass(frozen=True)
class RuntimeExpr:
    """One runtime expression, e.g. ``$response.body#/id`` or ``$steps.a.outputs.b``.

    * ``kind``: the part after ``$`` up to the first dot.
    * ``source``: for ``$request.`` / ``$response.`` / ``$message.``: ``header``,
      ``query``, ``path``, ``body`` or (Arazzo 1.1) ``payload``; otherwise None.
    * ``name``: the header/query/path parameter name for those sources; else None.
    * ``path``: for name-based kinds (inputs, outputs, steps, workflows,
      sourceDescriptions, components) the dot-separated segments after the kind,
      e.g. ``("bulkSetObjects", "outputs", "bulkOperationId")``; else ``()``.
    * ``pointer``: the JSON Pointer after ``#`` (``"/id"``; ``""`` for a bare ``#``), or
      None when there is no ``#``. ``$response.body`` without ``#`` has pointer None.
    * ``dotted_body``: True when the document wrote ``$response.body.a.b`` (a lenient
      form, AZ503); ``pointer`` then holds the equivalent ``/a/b``.
    * In a simple condition, the spec's index and dereference operators after an
      expression (``$response.body#/items[0].id``, ``$inputs.list[1]``) are folded into
      ``pointer`` (``/items/0/id``, ``/1``); ``text`` keeps what was written.
    """

    kind: RuntimeKind
    text: str
    source: Literal["header", "query", "path", "body", "payload"] | None = None
    name: str | None = None
    path: tuple[str, ...] = ()
    pointer: str | None = None
    dotted_body: bool = False
    #: the document wrote ``$response.headers.X`` (a lenient form, AZ512)
    plural_headers: bool = False
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Template:
    """A string value that may embed runtime expressions.

    ``parts`` alternates literal text and expressions in order. ``braceless`` lists the
    expressions that were embedded without ``{}`` (lenient form AZ502).
    A value that is exactly one runtime expression is parsed as a ``RuntimeExpr``, not
    a Template; ``{$inputs.a}`` alone is a Template with one part (an embedded
    expression is converted to a string).
    """

    parts: tuple[str | RuntimeExpr, ...]
    braceless: tuple[RuntimeExpr, ...] = ()


# ---------------------------------------------------------------- simple conditions

LiteralValue: TypeAlias = str | int | float | bool | None


@dataclass(frozen=True)
class Lit:
    """A literal in a simple condition. ``double_quoted`` marks a ``"string"`` (the spec
    only blesses single quotes; real documents use both)."""

    value: LiteralValue
    start: int = 0
    end: int = 0
    double_quoted: bool = False


Operand: TypeAlias = "RuntimeExpr | Lit"

CompareOp = Literal["==", "!=", "<", "<=", ">", ">="]


@dataclass(frozen=True)
class Compare:
    op: CompareOp
    left: RuntimeExpr | Lit
    right: RuntimeExpr | Lit


@dataclass(frozen=True)
class Truthy:
    """A bare operand used as a condition (``$response.body#/done``)."""

    operand: RuntimeExpr | Lit


@dataclass(frozen=True)
class Not:
    operand: Condition


@dataclass(frozen=True)
class And:
    left: Condition
    right: Condition


@dataclass(frozen=True)
class Or:
    left: Condition
    right: Condition


Condition: TypeAlias = "Compare | Truthy | Not | And | Or"


# ---------------------------------------------------------------- JSONPath (RFC 9535)


@dataclass(frozen=True)
class NameSelector:
    name: str


@dataclass(frozen=True)
class WildcardSelector:
    pass


@dataclass(frozen=True)
class IndexSelector:
    index: int


@dataclass(frozen=True)
class SliceSelector:
    start: int | None
    end: int | None
    step: int | None


@dataclass(frozen=True)
class FilterSelector:
    expr: LogicalExpr


Selector: TypeAlias = (
    "NameSelector | WildcardSelector | IndexSelector | SliceSelector | FilterSelector"
)


@dataclass(frozen=True)
class Segment:
    selectors: tuple[Selector, ...]
    descendant: bool = False


@dataclass(frozen=True)
class JsonPathQuery:
    """``root`` is ``$`` (the argument) or ``@`` (the current node in a filter)."""

    root: Literal["$", "@"]
    segments: tuple[Segment, ...]

    @property
    def singular(self) -> bool:
        return all(
            not s.descendant
            and len(s.selectors) == 1
            and isinstance(s.selectors[0], NameSelector | IndexSelector)
            for s in self.segments
        )


@dataclass(frozen=True)
class JsonLiteral:
    value: LiteralValue


@dataclass(frozen=True)
class FunctionCall:
    name: Literal["length", "count", "match", "search", "value"]
    args: tuple[FunctionArg, ...]


FunctionArg: TypeAlias = "JsonLiteral | JsonPathQuery | FunctionCall | LogicalExpr"
Comparable: TypeAlias = "JsonLiteral | JsonPathQuery | FunctionCall"


@dataclass(frozen=True)
class ComparisonExpr:
    op: CompareOp
    left: Comparable
    right: Comparable


@dataclass(frozen=True)
class TestExpr:
    """An existence test (a query) or a LogicalType/NodesType function call."""

    operand: JsonPathQuery | FunctionCall


@dataclass(frozen=True)
class NotExpr:
    operand: LogicalExpr


@dataclass(frozen=True)
class AndExpr:
    operands: tuple[LogicalExpr, ...]


@dataclass(frozen=True)
class OrExpr:
    operands: tuple[LogicalExpr, ...]


LogicalExpr: TypeAlias = "ComparisonExpr | TestExpr | NotExpr | AndExpr | OrExpr"


@dataclass(frozen=True)
class LenientJsonPathComparison:
    """The real-world form ``$.status == 'completed'`` (AZ501): a comparison outside a
    filter. ``left`` and ``right`` are singular queries or literals; the condition holds
    when the comparison holds for the values the queries select. ``logical`` combines
    several with ``&&`` / ``||`` as written (``$.a == 1 || $.b == 2``)."""

    expr: LogicalExpr


class ExpressionError(ValueError):
    """A syntax error in an expression, at a 0-based offset into its text."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
