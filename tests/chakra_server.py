"""A simulated Chakra Bulk Update Process API for behavioural tests (standard library only).

It serves the one operation of the bundled Chakra example, as Chakra's documentation
describes it: ``PATCH /v1/procedure/{procedure id or shortId}/process`` with a JSON body
``{"processes": [...]}``. Each item identifies a process by ``id`` or by the procedure's
primary key (e.g. ``lead_id``) and carries the ``update`` to make: ``data`` (an object),
``state``, ``status`` (``OPEN``, ``COMPLETED`` or ``CANCELLED``), ``assignedTo``,
``nextActionAt`` (epoch milliseconds) and ``isDeleted``. Every answer comes in the
wrapper ``{"_data": {}, "_meta": {}, "_errors": []}``. The call is asynchronous: an
accepted request is acknowledged and its items are kept in :attr:`accepted` (the updates
the background job would apply).

Where the documentation is silent, the simulator makes the simplest plausible choice:

* the acknowledgment is 200 with ``_data`` and ``_meta`` as configured (``{}`` by
  default) and ``_errors: []``;
* errors come in the wrapper too, each ``_errors`` item ``{"message": ...}``: 401 without
  ``Authorization: Bearer <token>`` (its error echoes the header it got in
  ``request_authorization``, to prove that callers redact secrets), 404 for an unknown
  procedure or route, 400 for a body that is not JSON or whose items do not have the
  documented shape (one error per problem). The Content-Type is not checked (the
  documentation's curl example sends none).

Scripted answers (:meth:`JsonApiSimulator.script`, :meth:`ChakraSimulator.error`,
:meth:`ChakraSimulator.rejected`) simulate rate limits, outages and a 2xx wrapper whose
``_errors`` is not empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from api_simulator import Answer, JsonApiSimulator, RecordedRequest

DEFAULT_TOKEN = "chk_test_token_0123"
UPDATE_FIELDS = frozenset({"data", "state", "status", "assignedTo", "nextActionAt", "isDeleted"})
STATUSES = ("OPEN", "COMPLETED", "CANCELLED")

_PROCESSES = re.compile(r"^/v1/procedure/(?P<procedure>[^/]+)/process$")


@dataclass(frozen=True)
class Procedure:
    """A procedure the simulator knows: its id, shortId and primary key attribute."""

    id: str
    short_id: str
    primary_key: str


TELE_SALES = Procedure("7a409cf7-5529-4570-9085-90798d7eb742", "tele_sales", "lead_id")


@dataclass(frozen=True)
class Accepted:
    """One accepted bulk update: the procedure's id and the items as sent."""

    procedure_id: str
    processes: list[dict[str, Any]]


def wrapper(
    data: object = None, meta: object = None, errors: Sequence[object] = ()
) -> dict[str, object]:
    """Chakra's answer wrapper (``None`` stands for an empty object)."""
    return {
        "_data": {} if data is None else data,
        "_meta": {} if meta is None else meta,
        "_errors": list(errors),
    }


class ChakraSimulator(JsonApiSimulator):
    """A threaded HTTP server on 127.0.0.1 (ephemeral port) that behaves like Chakra."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        procedures: Sequence[Procedure] = (TELE_SALES,),
        data: dict[str, object] | None = None,
        meta: dict[str, object] | None = None,
        socket_timeout: float = 10.0,
    ) -> None:
        super().__init__(
            token=token,
            name="chakra-simulator",
            label="the Chakra simulator",
            socket_timeout=socket_timeout,
        )
        self.procedures = tuple(procedures)
        self.data = data
        self.meta = meta
        self._accepted: list[Accepted] = []

    # -- observation -----------------------------------------------------------------

    @property
    def accepted(self) -> list[Accepted]:
        """Every accepted bulk update, in arrival order."""
        with self._lock:
            return list(self._accepted)

    # -- answers ---------------------------------------------------------------------

    @staticmethod
    def error(status: int, message: str, *, retry_after: str | None = None) -> Answer:
        """A scripted error answer in the wrapper (it echoes the ``Authorization``)."""
        headers = (("Retry-After", retry_after),) if retry_after is not None else ()
        return Answer(
            status,
            wrapper(errors=[{"message": message}]),
            headers=headers,
            echo_authorization=True,
        )

    @staticmethod
    def rejected(*messages: str, status: int = 200) -> Answer:
        """A scripted 2xx wrapper whose ``_errors`` is not empty (it echoes the
        ``Authorization``)."""
        errors = [{"message": message} for message in messages]
        return Answer(status, wrapper(errors=errors), echo_authorization=True)

    def unauthorized(self, request: RecordedRequest) -> Answer:
        message = "The access token is missing or invalid."
        return Answer(401, wrapper(errors=[{"message": message}]), echo_authorization=True)

    def not_found(self, request: RecordedRequest) -> Answer:
        message = f"No route matches {request.method} {request.path}."
        return Answer(404, wrapper(errors=[{"message": message}]))

    def echo(self, payload: object, authorization: str | None) -> object:
        if not isinstance(payload, dict) or not isinstance(payload.get("_errors"), list):
            return payload
        errors = [
            {**item, "request_authorization": authorization} if isinstance(item, dict) else item
            for item in payload["_errors"]
        ]
        return {**payload, "_errors": errors}

    # -- routing ---------------------------------------------------------------------

    def route(self, request: RecordedRequest) -> Callable[[], Answer] | None:
        match = _PROCESSES.match(request.path)
        if request.method == "PATCH" and match:
            name = unquote(match["procedure"])
            return lambda: self._bulk_update(request, name)
        return None

    def _procedure(self, name: str) -> Procedure | None:
        for procedure in self.procedures:
            if name in (procedure.id, procedure.short_id):
                return procedure
        return None

    def _bulk_update(self, request: RecordedRequest, name: str) -> Answer:
        procedure = self._procedure(name)
        if procedure is None:
            return Answer(404, wrapper(errors=[{"message": f"No procedure {name!r}."}]))
        if request.json is None:
            return Answer(400, wrapper(errors=[{"message": "The body is not valid JSON."}]))
        problems = _body_problems(request.json, procedure)
        if problems:
            return Answer(400, wrapper(errors=[{"message": text} for text in problems]))
        with self._lock:
            self._accepted.append(Accepted(procedure.id, request.json["processes"]))
        return Answer(200, wrapper(self.data, self.meta))


def _body_problems(body: object, procedure: Procedure) -> list[str]:
    """Everything wrong with a bulk update body (empty when it has the documented shape)."""
    if not isinstance(body, dict) or set(body) != {"processes"}:
        return ["The body must be an object with just `processes`."]
    items = body["processes"]
    if not isinstance(items, list):
        return ["`processes` must be an array."]
    problems: list[str] = []
    identifiers = ("id", procedure.primary_key)
    for index, item in enumerate(items):
        here = f"processes[{index}]"
        if not isinstance(item, dict):
            problems.append(f"`{here}` must be an object.")
            continue
        unknown = sorted(set(item) - {*identifiers, "update"})
        if unknown:
            problems.append(f"`{here}` has unknown field(s): {', '.join(unknown)}.")
        if not any(key in item for key in identifiers):
            problems.append(f"`{here}` needs `id` or `{procedure.primary_key}`.")
        for key in identifiers:
            if key in item and not (isinstance(item[key], str) and item[key]):
                problems.append(f"`{here}.{key}` must be a non-empty string.")
        problems.extend(_update_problems(item.get("update"), f"{here}.update"))
    return problems


def _update_problems(update: object, here: str) -> list[str]:
    if not isinstance(update, dict) or not update:
        return [f"`{here}` must be an object with at least one field."]
    problems: list[str] = []
    unknown = sorted(set(update) - UPDATE_FIELDS)
    if unknown:
        problems.append(f"`{here}` has unknown field(s): {', '.join(unknown)}.")
    if "data" in update and not isinstance(update["data"], dict):
        problems.append(f"`{here}.data` must be an object.")
    for key in ("state", "assignedTo"):
        if key in update and not isinstance(update[key], str):
            problems.append(f"`{here}.{key}` must be a string.")
    if "status" in update and update["status"] not in STATUSES:
        problems.append(f"`{here}.status` must be one of {', '.join(STATUSES)}.")
    if "nextActionAt" in update and not _is_epoch_millis(update["nextActionAt"]):
        problems.append(f"`{here}.nextActionAt` must be epoch milliseconds.")
    if "isDeleted" in update and not isinstance(update["isDeleted"], bool):
        problems.append(f"`{here}.isDeleted` must be a boolean.")
    return problems


def _is_epoch_millis(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value >= 0
    return isinstance(value, str) and value.isascii() and value.isdigit()
