"""Helpers that check a decoded JSON value against the type a workflow output is given
(:mod:`arazzogen.build.pytypes`): used by the result functions and the ``TypedDict``
checkers of a generated module.

Merged into :data:`arazzogen.build.codegen.helpers.HELPERS`; same rules: complete,
typed source using the standard library only, dependencies in ``REQUIRES``. Each is
written so that pyright in strict mode knows every type (a ``list`` or ``dict`` found
by ``isinstance`` is cast to ``list[object]``/``dict[str, object]`` before use).
"""

from __future__ import annotations

HELPERS: dict[str, str] = {
    "_one_of": '''
def _one_of(value: object, values: tuple[object, ...]) -> bool:
    """Whether ``value`` is one of ``values``, of the same JSON type (``True`` is not
    ``1``)."""
    return any(type(value) is type(v) and value == v for v in values)
''',
    "_is_list": '''
def _is_list(value: object, item: Callable[[object], bool]) -> bool:
    """Whether ``value`` is a JSON array whose every item passes ``item``."""
    return isinstance(value, list) and all(item(v) for v in cast("list[object]", value))
''',
    "_is_dict": '''
def _is_dict(value: object, item: Callable[[object], bool] | None = None) -> bool:
    """Whether ``value`` is a JSON object (whose every member value passes ``item``)."""
    if not isinstance(value, dict):
        return False
    members = cast("dict[str, object]", value)
    return item is None or all(item(v) for v in members.values())
''',
}

REQUIRES: dict[str, tuple[str, ...]] = {
    "_one_of": (),
    "_is_list": ("from collections.abc import Callable", "from typing import cast"),
    "_is_dict": ("from collections.abc import Callable", "from typing import cast"),
}
