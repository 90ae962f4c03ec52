"""The XPath helpers a generated module may need: the ``_xp_*`` functions of
:mod:`arazzogen.build.codegen.xpath_runtime` (real, tested code there) as source text.

Merged into :data:`arazzogen.build.codegen.helpers.HELPERS`; dependencies in
``REQUIRES``, read from each source. Kept apart from
:mod:`arazzogen.build.codegen.xpath_emit`, which compiles XPath and is imported only
when a document has an XPath expression.
"""

from __future__ import annotations

import re

from arazzogen.build.codegen.runtime_source import function_sources
from arazzogen.build.codegen.xpath_runtime import RUNTIME_FUNCTIONS

HELPERS: dict[str, str] = function_sources(RUNTIME_FUNCTIONS)
_CALLS = re.compile(r"\b(_xp_\w+|_xml_replace)\(")
REQUIRES: dict[str, tuple[str, ...]] = {
    name: tuple(
        sorted({c for c in _CALLS.findall(source.split(":", 1)[1]) if c != name})
        + (["import math"] if "math." in source else [])
        + (["from xml.etree import ElementTree"] if "ElementTree." in source else [])
        + (["from collections.abc import Callable"] if "Callable[" in source else [])
        + (["from typing import cast"] if "cast(" in source else [])
    )
    for name, source in HELPERS.items()
}
