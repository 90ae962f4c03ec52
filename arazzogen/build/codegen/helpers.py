"""Private helper functions a generated module may need, emitted only when used.

Each helper is complete, typed Python source (standard library and httpx only) that
passes ``mypy --strict`` and ``ruff check``. ``REQUIRES`` lists the helpers and imports
a helper depends on; :func:`collect` closes a set of helper names over those
dependencies and returns them in a fixed order, so modules are deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable

from arazzogen.build.codegen import helpers_client, helpers_request, helpers_types, helpers_xpath
from arazzogen.build.codegen.flow_helper import FlowFeatures, flow_source

HELPERS: dict[str, str] = {
    "_pointer": '''
def _pointer(document: object, tokens: tuple[str, ...]) -> object:
    """The value at a JSON Pointer (given as unescaped tokens), or None when absent."""
    node = document
    for token in tokens:
        if isinstance(node, dict):
            node = cast("dict[str, object]", node).get(token)
        elif isinstance(node, list) and _ARRAY_INDEX.fullmatch(token):
            items, index = cast("list[object]", node), int(token)
            node = items[index] if index < len(items) else None
        else:
            return None
    return node
''',
    "_ARRAY_INDEX": """
_ARRAY_INDEX = re.compile(r"0|[1-9][0-9]*")
""",
    "_COOKIE_SAFE": """
_COOKIE_SAFE = "!#$%&'()*+-./:<=>?@[]^_`{|}~"
""",
    "_text": '''
def _text(value: object) -> str:
    """A value as text: strings as they are, other JSON values serialized as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
''',
    "_segment": '''
def _segment(value: str) -> str:
    """A serialized path parameter as one path segment: "." and ".." would be
    dot-segments, encoded they stay one segment."""
    return value.replace(".", "%2E") if value in (".", "..") else value
''',
    "_cookie_header": '''
def _cookie_header(cookies: dict[str, str]) -> str:
    """The ``Cookie`` header for the step's cookie parameters; names and values are
    percent-encoded outside RFC 6265 cookie-octets, so a ``;`` cannot add a cookie."""
    return "; ".join(
        f"{quote(name, safe=_COOKIE_SAFE)}={quote(value, safe=_COOKIE_SAFE)}"
        for name, value in cookies.items()
    )
''',
    "_json_bytes": '''
def _json_bytes(value: object) -> bytes:
    """A JSON request body (``null`` included, which ``json=`` would not send)."""
    return json.dumps(value, ensure_ascii=False).encode("utf-8")
''',
    "_equals": '''
def _equals(left: object, right: object) -> bool:
    """Arazzo equality: strings compare case-insensitively, null equals only null,
    numeric strings equal the numbers they spell, booleans equal only booleans."""
    if left is None or right is None:
        return left is None and right is None
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if isinstance(left, str) and isinstance(right, str):
        return left.casefold() == right.casefold()
    left, right = _coerce_numbers(left, right)
    return left == right
''',
    "_compare": '''
def _compare(left: object, op: str, right: object) -> bool:
    """Arazzo ordering (<, <=, >, >=) of numbers, numeric strings, or strings
    ignoring case."""
    left, right = _coerce_numbers(left, right)
    if isinstance(left, str) and isinstance(right, str):
        a, b = left.casefold(), right.casefold()
        sign = (a > b) - (a < b)
    elif isinstance(left, int | float) and isinstance(right, int | float):
        if isinstance(left, bool) or isinstance(right, bool):
            return False
        sign = (left > right) - (left < right)
    else:
        return False
    return {"<": sign < 0, "<=": sign <= 0, ">": sign > 0, ">=": sign >= 0}[op]
''',
    "_coerce_numbers": '''
def _coerce_numbers(left: object, right: object) -> tuple[object, object]:
    """Numeric strings become numbers when compared with a number."""
    if _is_number(left) and isinstance(right, str):
        return left, _as_number(right)
    if _is_number(right) and isinstance(left, str):
        return _as_number(left), right
    return left, right
''',
    "_is_number": """
def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
""",
    "_as_number": """
def _as_number(text: str) -> object:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text
""",
    "_truthy": '''
def _truthy(value: object) -> bool:
    """A bare operand as a condition: only JSON true passes."""
    return value is True
''',
    "_redact": '''
def _redact(text: str, secrets: tuple[object, ...]) -> str:
    """``text`` with every secret value replaced, for error messages, in each form a
    server may echo it: as is, percent-encoded (``%20`` and ``+``), JSON-escaped
    (unicode escapes, escaped slashes), and base64 of ``user:password`` pairs (HTTP
    Basic). An omitted (None) or empty secret redacts nothing."""
    shown = [_text(secret) for secret in secrets if secret is not None]
    shown = [value for value in shown if value]
    forms: set[str] = set()
    for value in shown:
        escaped = json.dumps(value)[1:-1]
        forms |= {value, quote(value, safe=""), quote_plus(value), escaped}
        forms.add(escaped.replace("/", "\\\\/"))
        forms.add(json.dumps(value, ensure_ascii=False)[1:-1])
        forms.add(base64.b64encode(value.encode("utf-8")).decode("ascii"))
        for other in shown:
            pair = f"{value}:{other}".encode()
            forms.add(base64.b64encode(pair).decode("ascii"))
    # the longest first, so that no part of a longer form is left behind
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, "[REDACTED]")
    return text
''',
    "_ran": '''
def _ran(outputs: _T | None, workflow_id: str, step_id: str) -> _T:
    """The outputs of a step that must have run before this point."""
    if outputs is None:
        raise WorkflowError(
            f"workflow {workflow_id!r}: step {step_id!r} has not run, "
            "but its outputs are used",
            workflow_id=workflow_id,
            step_id=step_id,
        )
    return outputs
''',
    "_Retry": '''
@dataclass(frozen=True)
class _Retry:
    """A ``retry`` failure action chose to run the failed step again: after ``delay``
    seconds, and after running step ``first`` when the action names one."""

    action: str
    delay: float
    first: str | None = None
''',
    "_retry_after": '''
def _retry_after(response: httpx.Response, default: float) -> float:
    """Seconds to wait before a retry: a ``Retry-After`` response header (seconds or an
    HTTP date) overrules the ``retryAfter`` of the action (``default``)."""
    value = response.headers.get("Retry-After", "").strip()
    if _DELTA_SECONDS.fullmatch(value):
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
''',
    "_DELTA_SECONDS": """
_DELTA_SECONDS = re.compile(r"[0-9]+")
""",
    "_regex_search": '''
def _regex_search(pattern: re.Pattern[str], value: object) -> bool:
    """A regex criterion: fails on null, otherwise searches the value as text; a text
    longer than 1,000,000 characters fails it too (bounded work on a hostile body)."""
    if value is None:
        return False
    text = _text(value)
    return len(text) <= 1_000_000 and pattern.search(text) is not None
''',
    "_plain": '''
def _plain(value: _T) -> _T:
    """An input as JSON data: at every depth a mapping becomes a ``dict`` and any other
    sequence but text a ``list``, so that a tuple or a read-only mapping, which the
    input's ``Sequence``/``Mapping`` type admits, is sent and read as the array or
    object it stands for."""
    return cast(_T, _plain_value(value))
''',
    "_plain_value": '''
def _plain_value(value: object) -> object:
    # dict and list first, then the scalars: most inputs are plain already, and the
    # Mapping/Sequence checks (ABCs) are slow; a tuple, not a union built on each call
    if isinstance(value, dict):
        pairs = cast("Mapping[object, object]", value).items()
        return {key: _plain_value(item) for key, item in pairs}
    if isinstance(value, list):
        return [_plain_value(item) for item in cast("list[object]", value)]
    if isinstance(value, (str, int, float)) or value is None:
        return value
    if isinstance(value, Mapping):
        pairs = cast("Mapping[object, object]", value).items()
        return {key: _plain_value(item) for key, item in pairs}
    if isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
        return [_plain_value(item) for item in cast("Sequence[object]", value)]
    return value
''',
}

#: helper -> helpers it calls and ``import`` lines it needs
REQUIRES: dict[str, tuple[str, ...]] = {
    "_plain": ("_plain_value", "from typing import TypeVar", "from typing import cast"),
    "_plain_value": (
        "from collections.abc import Mapping",
        "from collections.abc import Sequence",
        "from typing import cast",
    ),
    "_redact": (
        "_text",
        "import base64",
        "import json",
        "from urllib.parse import quote, quote_plus",
    ),
    "_cookie_header": ("_COOKIE_SAFE", "from urllib.parse import quote"),
    "_json_bytes": ("import json",),
    "_pointer": ("_ARRAY_INDEX", "import re", "from typing import cast"),
    "_text": ("import json",),
    "_segment": (),
    "_equals": ("_coerce_numbers",),
    "_compare": ("_coerce_numbers",),
    "_coerce_numbers": ("_is_number", "_as_number"),
    "_ran": ("from typing import TypeVar",),
    "_Retry": (),
    "_Flow": (),
    "_retry_after": (
        "_DELTA_SECONDS",
        "import re",
        "from datetime import datetime, timezone",
        "from email.utils import parsedate_to_datetime",
    ),
    "_regex_search": ("_text", "import re"),
}

#: the flow with every feature; a module gets the one its workflows need (``module_base``)
HELPERS["_Flow"] = "\n" + flow_source(FlowFeatures(loops=True, retries=True, requires=True)) + "\n"
HELPERS.update(helpers_client.HELPERS)
REQUIRES.update(helpers_client.REQUIRES)
HELPERS.update(helpers_request.HELPERS)
REQUIRES.update(helpers_request.REQUIRES)
HELPERS.update(helpers_xpath.HELPERS)
REQUIRES.update(helpers_xpath.REQUIRES)
HELPERS.update(helpers_types.HELPERS)
REQUIRES.update(helpers_types.REQUIRES)

#: classes that annotations name: emitted before the workflows, not at the end
EARLY = ("_Retry", "_Flow", "_UnsentError")
# module constants first, then functions, each in the order written above
_ORDER = [
    *EARLY,
    *(n for n in HELPERS if n[1:2].isupper() and n not in EARLY),
    *(n for n in HELPERS if not n[1:2].isupper()),
]


def collect(names: Iterable[str]) -> tuple[list[str], set[str]]:
    """Close ``names`` over dependencies: (helper names in fixed order, import lines)."""
    wanted: set[str] = set()
    imports: set[str] = set()
    stack = list(names)
    while stack:
        name = stack.pop()
        if name in wanted or name in imports:
            continue
        if name not in HELPERS:
            imports.add(name)
            continue
        wanted.add(name)
        stack.extend(REQUIRES.get(name, ()))
    return [n for n in _ORDER if n in wanted], imports


def source(name: str) -> str:
    return HELPERS[name].strip("\n")
