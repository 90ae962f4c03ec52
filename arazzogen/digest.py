"""The freshness trailer of a generated module: what it was generated from.

The last lines of every generated module::

    # arazzogen-input:flow.arazzo.yaml
    # arazzogen-input:api/openapi.yaml
    # arazzogen-input:https://example.com/other.json
    # arazzogen-inputs-digest: <32 hex digits>
    # arazzogen-module-digest: <32 hex digits>

``inputs`` lists everything the output depends on, relative to the module's folder
(``!`` marks a file that was looked for and did not exist, so that its appearance is a
change too); the ``inputs`` digest covers arazzogen's version, the options that shape
the output (:func:`fingerprint`) and the content of every input (the SHA-256 recorded in
the lock file for a URL). The ``module`` digest covers the module's own text without the
trailer, so a hand-edited module is stale even when its inputs are not.

An input longer than :data:`CHUNK` characters continues on ``# arazzogen-input+`` lines,
so no trailer line is longer than 79 characters (line-length checks never complain).

``compile --check`` recomputes both from the files alone (:mod:`arazzogen.load.freshness`)
and, when they match, answers without compiling: without importing the YAML loader's
validators, jinja2, black or jsonschema. Pure: only :mod:`hashlib` and :mod:`urllib.parse`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple
from urllib.parse import quote, unquote

INPUT_PREFIX = "# arazzogen-input: "
CONTINUATION_PREFIX = "# arazzogen-input+ "
#: an input longer than this goes on several lines (each at most 79 characters)
CHUNK = 60
INPUTS_DIGEST_PREFIX = "# arazzogen-inputs-digest: "
MODULE_DIGEST_PREFIX = "# arazzogen-module-digest: "
#: the module digest before it is known (same length as a real one)
PLACEHOLDER = "0" * 32
_HEX = re.compile(r"^[0-9a-f]{32}$")
MISSING = "!"


class Trailer(NamedTuple):
    inputs: tuple[str, ...]
    inputs_digest: str
    module_digest: str
    #: the module text without the trailer
    body: str


def _hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def fingerprint(version: str, *, strict: bool, sources: Mapping[str, str], base: str) -> str:
    """The options that decide the output, as canonical text. Mapped paths are written
    relative to ``base`` (the module's folder), so the text is the same on every machine."""
    relative = {}
    for key, target in sources.items():
        if "://" not in target:
            with contextlib.suppress(ValueError):  # another drive: keep it absolute
                target = os.path.relpath(target, base).replace(os.sep, "/")
        relative[key] = target
    lines = [f"arazzogen {version!r}", f"strict {strict!r}"]
    lines.extend(f"source {key!r} {target!r}" for key, target in sorted(relative.items()))
    return "\n".join(lines)


def quote_input(entry: str) -> str:
    """An input as written in the trailer: no spaces, one line."""
    return quote(entry, safe="/:.-_~!@+=,()")


def inputs_digest(fingerprint_text: str, hashes: Iterable[tuple[str, str | None]]) -> str:
    """The digest of (fingerprint, each input with the SHA-256 of its content or None
    when it does not exist)."""
    lines = [fingerprint_text]
    lines.extend(f"{entry} {sha or 'missing'}" for entry, sha in hashes)
    return _hex("\n".join(lines).encode("utf-8"))


def trailer_lines(entries: Iterable[str], digest_of_inputs: str) -> tuple[str, ...]:
    """The trailer's lines, the module digest still :data:`PLACEHOLDER`."""
    lines: list[str] = []
    for entry in entries:
        quoted = quote_input(entry)
        chunks = [quoted[i : i + CHUNK] for i in range(0, len(quoted), CHUNK)] or [""]
        lines.append(INPUT_PREFIX + chunks[0])
        lines.extend(CONTINUATION_PREFIX + chunk for chunk in chunks[1:])
    return (
        *lines,
        INPUTS_DIGEST_PREFIX + digest_of_inputs,
        MODULE_DIGEST_PREFIX + PLACEHOLDER,
    )


def parse_trailer(text: str) -> Trailer | None:
    """The trailer at the end of ``text``, or None when there is none."""
    if not text.endswith("\n"):
        return None
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        return None
    inputs_line, module_line = lines[-2], lines[-1]
    if not (
        inputs_line.startswith(INPUTS_DIGEST_PREFIX)
        and module_line.startswith(MODULE_DIGEST_PREFIX)
    ):
        return None
    inputs_hex = inputs_line[len(INPUTS_DIGEST_PREFIX) :]
    module_hex = module_line[len(MODULE_DIGEST_PREFIX) :]
    if not (_HEX.match(inputs_hex) and _HEX.match(module_hex)):
        return None
    first = len(lines) - 2
    while first > 0 and lines[first - 1].startswith((INPUT_PREFIX, CONTINUATION_PREFIX)):
        first -= 1
    quoted: list[str] = []
    for line in lines[first:-2]:
        if line.startswith(INPUT_PREFIX):
            quoted.append(line[len(INPUT_PREFIX) :])
        elif quoted:
            quoted[-1] += line[len(CONTINUATION_PREFIX) :]
        else:
            return None  # a continuation of nothing
    inputs = tuple(unquote(q) for q in quoted)
    body = "".join(line + "\n" for line in lines[:first])
    return Trailer(inputs, inputs_hex, module_hex, body)


def module_digest(body: str) -> str:
    return _hex(body.encode("utf-8"))


def seal(text: str) -> str:
    """Fill in the module digest of a freshly generated module."""
    trailer = parse_trailer(text)
    if trailer is None or trailer.module_digest != PLACEHOLDER:
        return text
    head, _, _ = text.rpartition(MODULE_DIGEST_PREFIX + PLACEHOLDER)
    return f"{head}{MODULE_DIGEST_PREFIX}{module_digest(trailer.body)}\n"


def without_trailer(text: str) -> str:
    """``text`` without its trailer (to compare two modules generated in different places)."""
    trailer = parse_trailer(text)
    return text if trailer is None else trailer.body
