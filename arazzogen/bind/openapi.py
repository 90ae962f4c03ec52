"""OpenAPI 3.0/3.1 descriptions normalised into one "resolved operation" shape.

:class:`RefResolver` follows ``$ref``\\ s (local ``#/...`` pointers and relative files,
loaded through :class:`arazzogen.bind.sources.DocumentStore`), bounded and cycle-safe; the
problems it meets are kept as messages for the caller to report. :func:`index_operations`
lists a description's operations; :func:`normalise` turns one into a
:class:`ResolvedOperation`: method, path template, server URL, merged parameters, body
and response media types and the credential headers of the security schemes in force.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from arazzogen import pointer as jp
from arazzogen.bind.sources import DocumentStore
from arazzogen.load.document import LoadedDocument

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")
#: header parameters the OpenAPI Specification says are ignored (RFC 9110 names, lower case)
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
PARAMETER_LOCATIONS = ("path", "query", "header", "cookie", "querystring")
MAX_REF_HOPS = 32


@dataclass(frozen=True)
class OperationParameter:
    name: str
    location: str  # "path" | "query" | "header" | "cookie" | "querystring"
    required: bool
    schema: object | None  # JSON schema (its own $ref resolved one level) or None
    #: OpenAPI serialization: ``style`` (defaults by location) and ``explode``
    style: str = "simple"
    explode: bool = False
    #: the media type of a parameter described by ``content`` (e.g. ``querystring``)
    content_type: str | None = None


@dataclass(frozen=True)
class ResolvedOperation:
    source_name: str
    operation_id: str | None
    method: str  # upper case, "POST"
    path: str  # path template, "/v1/objects/{collection}/bulk/set"
    server_url: str | None  # servers[0].url, variables substituted by their defaults
    parameters: tuple[OperationParameter, ...]
    request_body_required: bool
    request_content_types: tuple[str, ...]
    response_content_types: tuple[str, ...]
    credential_headers: tuple[str, ...]
    credential_query: tuple[str, ...]
    source_display: str
    pointer: str
    #: whether the operation describes a request body at all
    has_request_body: bool = False
    #: the operation or its path item has its own ``servers`` (OpenAPI 3.x)
    own_servers: bool = False
    #: the operation's ``responses`` (for the types of outputs), or None
    responses: Responses | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Responses:
    """An operation's ``responses`` object and a resolver of the ``$ref``\\ s in it (its
    own, so that problems met while typing outputs stay out of the binding's report)."""

    node: Node
    resolver: RefResolver


@dataclass(frozen=True)
class Node:
    """A value and where it is: the document holding it and its JSON Pointer there."""

    value: object
    doc: LoadedDocument
    pointer: str


class RefResolver:
    """Follows ``$ref`` chains; remembers what it could not resolve in :attr:`problems`."""

    def __init__(self, store: DocumentStore) -> None:
        self.store = store
        self.problems: list[str] = []

    def take_problems(self) -> list[str]:
        found, self.problems = self.problems, []
        return found

    def deref(self, node: Node) -> Node | None:
        value = node.value
        if not isinstance(value, dict) or not isinstance(value.get("$ref"), str):
            return node  # no $ref: the common case, answered before any bookkeeping
        seen: set[tuple[int, str]] = set()
        current = node
        for _ in range(MAX_REF_HOPS):
            value = current.value
            if not isinstance(value, dict) or not isinstance(value.get("$ref"), str):
                return current
            key = (id(current.doc), current.pointer)
            if key in seen:
                self._problem(current, f"$ref {value['$ref']!r} is part of a cycle")
                return None
            seen.add(key)
            following = self._follow(current, value["$ref"])
            if following is None:
                return None
            current = following
        self._problem(node, f"more than {MAX_REF_HOPS} chained $refs")
        return None

    def child(self, node: Node, token: str | int) -> Node | None:
        """The member ``token`` of ``node`` (both dereferenced), or None when absent."""
        base = self.deref(node)
        if base is None:
            return None
        value = base.value
        item: object
        if isinstance(value, dict) and isinstance(token, str):
            if token not in value:
                return None
            item = value[token]
        elif isinstance(value, list) and isinstance(token, int) and 0 <= token < len(value):
            item = value[token]
        else:
            return None
        return self.deref(Node(item, base.doc, jp.join(base.pointer, token)))

    def _follow(self, node: Node, ref: str) -> Node | None:
        file_part, _, fragment = ref.partition("#")
        doc: LoadedDocument | None = node.doc
        if file_part:
            doc, error = self.store.referenced(node.doc, file_part)
            if doc is None:
                self._problem(node, error)
                return None
        assert doc is not None
        target = unquote(fragment)
        try:
            value = jp.resolve(doc.data, target)
        except (KeyError, jp.PointerError):
            self._problem(node, f"$ref {ref!r} names nothing in {doc.display}")
            return None
        return Node(value, doc, target)

    def _problem(self, node: Node, message: str) -> None:
        loc = node.doc.locate(jp.join(node.pointer, "$ref"))
        self.problems.append(f"{loc.file}:{loc.line}:{loc.column}: {message}")


@dataclass(frozen=True)
class OperationEntry:
    """One operation of a source: ``paths[path][method]``."""

    source_name: str
    path: str
    method: str  # lower case, as in the description
    operation_id: str | None
    operation: Node
    path_item: Node


def index_operations(
    source_name: str, root: LoadedDocument, resolver: RefResolver
) -> list[OperationEntry]:
    """Every operation under ``paths``, in document order (path items' ``$ref`` followed)."""
    entries: list[OperationEntry] = []
    paths = root.data.get("paths") if isinstance(root.data, dict) else None
    if not isinstance(paths, dict):
        return entries
    for path, raw_item in paths.items():
        item = resolver.deref(Node(raw_item, root, jp.join("/paths", path)))
        if item is None or not isinstance(item.value, dict):
            continue
        members = item.value
        for method in HTTP_METHODS:
            if method not in members:  # most path items have one or two operations
                continue
            # resolver.child(item, method), without dereferencing ``item`` again
            op = resolver.deref(Node(members[method], item.doc, jp.join(item.pointer, method)))
            if op is None or not isinstance(op.value, dict):
                continue
            op_id = op.value.get("operationId")
            entries.append(
                OperationEntry(
                    source_name, path, method, op_id if isinstance(op_id, str) else None, op, item
                )
            )
    return entries


def normalise(
    entry: OperationEntry, root: LoadedDocument, resolver: RefResolver
) -> ResolvedOperation:
    """The :class:`ResolvedOperation` for ``entry`` of the description ``root``."""
    op = entry.operation
    body = resolver.child(op, "requestBody")
    body_value = body.value if body is not None and isinstance(body.value, dict) else None
    headers, query = _credentials(op, root, resolver)
    return ResolvedOperation(
        source_name=entry.source_name,
        operation_id=entry.operation_id,
        method=entry.method.upper(),
        path=entry.path,
        server_url=_server_url(op, entry.path_item, root),
        parameters=_parameters(entry, resolver),
        request_body_required=bool(body_value and body_value.get("required") is True),
        request_content_types=_media_types(body_value),
        response_content_types=_response_types(op, resolver),
        credential_headers=headers,
        credential_query=query,
        source_display=op.doc.display,
        pointer=op.pointer,
        has_request_body=body_value is not None,
        own_servers=any(
            isinstance(h, dict) and isinstance(h.get("servers"), list) and h["servers"]
            for h in (op.value, entry.path_item.value)
        ),
        responses=_responses(op, resolver),
    )


def _parameters(entry: OperationEntry, resolver: RefResolver) -> tuple[OperationParameter, ...]:
    merged: dict[tuple[str, str], OperationParameter] = {}
    for owner in (entry.path_item, entry.operation):
        listing = resolver.child(owner, "parameters")
        if listing is None or not isinstance(listing.value, list):
            continue
        for index in range(len(listing.value)):
            param = resolver.child(listing, index)
            built = _parameter(param, resolver) if param is not None else None
            if built is not None:
                merged[parameter_key(built.name, built.location)] = built
    return tuple(merged.values())


def parameter_key(name: str, location: str) -> tuple[str, str]:
    """Identity of a parameter: (in, name); header names compare case-insensitively."""
    return (location, name.lower() if location == "header" else name)


def _parameter(param: Node, resolver: RefResolver) -> OperationParameter | None:
    value = param.value
    if not isinstance(value, dict):
        return None
    name, location = value.get("name"), value.get("in")
    if not isinstance(name, str) or location not in PARAMETER_LOCATIONS:
        return None
    assert isinstance(location, str)
    if location == "header" and name.lower() in IGNORED_HEADERS:
        return None
    schema_node = resolver.child(param, "schema")
    content_type: str | None = None
    if schema_node is None:
        content = resolver.child(param, "content")
        if content is not None and isinstance(content.value, dict) and content.value:
            content_type = str(next(iter(content.value)))
            media = resolver.child(content, content_type)
            schema_node = resolver.child(media, "schema") if media is not None else None
    required = location == "path" or value.get("required") is True
    style = value.get("style")
    if not isinstance(style, str):
        style = "form" if location in ("query", "cookie") else "simple"
    explode = value.get("explode")
    return OperationParameter(
        name,
        location,
        required,
        schema_node.value if schema_node else None,
        style=style,
        explode=explode if isinstance(explode, bool) else style == "form",
        content_type=content_type,
    )


def _media_types(holder: dict[str, object] | None) -> tuple[str, ...]:
    content = holder.get("content") if holder else None
    if not isinstance(content, dict):
        return ()
    return tuple(str(k) for k in content)


def _responses(op: Node, resolver: RefResolver) -> Responses | None:
    value = op.value
    if not isinstance(value, dict) or "responses" not in value:
        return None
    node = Node(value["responses"], op.doc, jp.join(op.pointer, "responses"))
    return Responses(node, RefResolver(resolver.store))


def _response_types(op: Node, resolver: RefResolver) -> tuple[str, ...]:
    responses = resolver.child(op, "responses")
    if responses is None or not isinstance(responses.value, dict):
        return ()
    found: dict[str, None] = {}
    for status in responses.value:
        response = resolver.child(responses, str(status))
        if response is not None and isinstance(response.value, dict):
            found.update(dict.fromkeys(_media_types(response.value)))
    return tuple(found)


_VARIABLE = re.compile(r"\{([^{}]*)\}")


def _server_url(op: Node, item: Node, root: LoadedDocument) -> str | None:
    for holder in (op.value, item.value, root.data):
        servers = holder.get("servers") if isinstance(holder, dict) else None
        if isinstance(servers, list) and servers:
            first = servers[0]
            if not isinstance(first, dict) or not isinstance(first.get("url"), str):
                return None
            variables = first.get("variables")
            return _substitute(first["url"], variables if isinstance(variables, dict) else {})
    return None


def _substitute(url: str, variables: dict[str, object]) -> str:
    """Replace ``{name}`` in a server URL by the variable's default (kept when it has none)."""

    def default(match: re.Match[str]) -> str:
        spec = variables.get(match.group(1))
        value = spec.get("default") if isinstance(spec, dict) else None
        return str(value) if isinstance(value, str | int | float) else match.group(0)

    return _VARIABLE.sub(default, url)


def _credentials(
    op: Node, root: LoadedDocument, resolver: RefResolver
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Header and query names of the security schemes in force for ``op``."""
    data = root.data if isinstance(root.data, dict) else {}
    op_value = op.value if isinstance(op.value, dict) else {}
    requirements = op_value["security"] if "security" in op_value else data.get("security")
    names: list[str] = []
    if isinstance(requirements, list):
        for requirement in requirements:
            if isinstance(requirement, dict):
                names.extend(str(k) for k in requirement)
    return _scheme_names(root, resolver, names)


def all_credentials(
    root: LoadedDocument, resolver: RefResolver
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Header and query names of every security scheme the description declares."""
    schemes = root.get("/components/securitySchemes")
    names = [str(k) for k in schemes] if isinstance(schemes, dict) else []
    return _scheme_names(root, resolver, names)


def _scheme_names(
    root: LoadedDocument, resolver: RefResolver, names: list[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    headers: dict[str, None] = {}
    query: dict[str, None] = {}
    for name in names:
        pointer = jp.join("/components/securitySchemes", name)
        if root.get(pointer) is None:
            continue
        scheme = resolver.deref(Node(root.get(pointer), root, pointer))
        value = scheme.value if scheme is not None else None
        if not isinstance(value, dict):
            continue
        kind = value.get("type")
        if kind in ("http", "oauth2", "openIdConnect"):
            headers["Authorization"] = None
        elif kind == "apiKey" and isinstance(value.get("name"), str):
            if value.get("in") == "header":
                headers[value["name"]] = None
            elif value.get("in") == "query":
                query[value["name"]] = None
    return tuple(headers), tuple(query)
