"""The OAI example documents and corpus documents that compile, run against simulated APIs.

The documents are read from ``../shared/corpus`` (never copied into the repository); the
tests skip when it is absent. Each is compiled, imported, and called with an
``httpx.MockTransport`` that plays the API: the tests assert the exact requests the
workflow sends (method, URL, body) and the outputs it returns or the error it raises.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from conftest import import_source

from arazzogen.api import compile_document

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
OAI = CORPUS / "OAI__Arazzo-Specification" / "examples" / "1.0.0"

Handler = Callable[[httpx.Request], httpx.Response]


def _compile(document: Path, tmp_path: Path, name: str) -> ModuleType:
    if not document.is_file():
        pytest.skip(f"{document} is not available (../shared/corpus)")
    outcome = compile_document(document, cwd=document.parent)
    errors = [d for d in outcome.diagnostics if d.severity.value == "error"]
    assert outcome.module is not None and not errors, errors
    return import_source(name, outcome.module, tmp_path)


class Api:
    """A scripted API: answers by (method, path) from queues, records every request."""

    def __init__(self, answers: dict[tuple[str, str], list[httpx.Response]]) -> None:
        self.answers = answers
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        queue = self.answers.get((request.method, request.url.path))
        assert queue, f"unexpected request {request.method} {request.url}"
        return queue.pop(0)

    @property
    def calls(self) -> list[str]:
        return [f"{r.method} {r.url}" for r in self.requests]


@pytest.fixture
def client_for() -> Iterator[Callable[[Api], httpx.Client]]:
    clients: list[httpx.Client] = []

    def make(api: Api) -> httpx.Client:
        clients.append(httpx.Client(transport=httpx.MockTransport(api)))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


def _form(request: httpx.Request) -> dict[str, str]:
    return dict(parse_qsl(request.content.decode("ascii")))


def token(**body: Any) -> httpx.Response:
    return httpx.Response(200, json=body)


# ---------------------------------------------------------------- OAI oauth example


@pytest.fixture(scope="module")
def oauth(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return _compile(OAI / "oauth.arazzo.yaml", tmp_path_factory.mktemp("oauth"), "oai_oauth")


def test_oauth_refresh_flow_runs_the_authorization_code_workflow_first(
    oauth: ModuleType, client_for: Callable[[Api], httpx.Client]
) -> None:
    api = Api(
        {
            ("GET", "/authorize"): [token(code="c0de", access_token="ignored")],
            ("POST", "/oauth/token"): [
                token(access_token="a1", refresh_token="r1", expires_in=60),
                token(access_token="a2", refresh_token="r2", expires_in=3600),
            ],
        }
    )
    result = oauth.refresh_token_flow(
        my_client_id="app",
        my_client_secret="s3cret",
        my_redirect_uri="https://app.example/cb",
        client=client_for(api),
    )
    assert (result.access_token, result.refresh_token, result.expires_in) == ("a2", "r2", 3600)
    assert api.calls == [
        # fixed values first; inputs the caller may omit are added when given
        "GET https://auth.example.com/authorize?response_type=code&scope=read&state=12345"
        "&client_id=app&redirect_uri=https%3A%2F%2Fapp.example%2Fcb",
        "POST https://auth.example.com/oauth/token",
        "POST https://auth.example.com/oauth/token",
    ]
    assert _form(api.requests[1]) == {
        "grant_type": "authorization_code",
        "code": "c0de",
        "redirect_uri": "https://app.example/cb",
        "client_id": "app",
        "client_secret": "s3cret",
    }
    # the refresh token comes from the called workflow's outputs ($outputs.refresh_token)
    assert _form(api.requests[2]) == {"grant_type": "refresh_token", "refresh_token": "r1"}


def test_oauth_failure_inside_the_called_workflow_fails_the_calling_step(
    oauth: ModuleType, client_for: Callable[[Api], httpx.Client]
) -> None:
    api = Api({("GET", "/authorize"): [httpx.Response(401, json={"error": "denied"})]})
    with pytest.raises(oauth.CalledWorkflowError) as caught:
        oauth.refresh_token_flow(my_client_id="app", client=client_for(api))
    error = caught.value
    assert (error.workflow_id, error.step_id, error.called) == (
        "refresh-token-flow",
        "do-the-auth-flow",
        "authorization-code-flow",
    )
    cause = error.__cause__
    assert isinstance(cause, oauth.StepFailedError)
    assert (cause.workflow_id, cause.step_id, cause.status_code) == (
        "authorization-code-flow",
        "browser-authorize",
        401,
    )


def test_oauth_client_credentials_checks_status_and_body(
    oauth: ModuleType, client_for: Callable[[Api], httpx.Client]
) -> None:
    api = Api({("POST", "/oauth/token"): [token(access_token="cc")]})
    result = oauth.client_credentials_flow(
        client_id="svc", client_secret="pw", client=client_for(api)
    )
    assert result.access_token == "cc"
    assert _form(api.requests[0]) == {
        "client_id": "svc",
        "client_secret": "pw",
        "grant_type": "client_credentials",
    }
    # RFC 9535: `$[?@.access_token != null]` selects the members of the body; a member
    # without `access_token` compares unequal to null, so any non-empty object passes
    api = Api({("POST", "/oauth/token"): [token(token_type="none")]})
    assert oauth.client_credentials_flow(client=client_for(api)).access_token is None
    api = Api({("POST", "/oauth/token"): [token()]})  # an empty object selects nothing
    with pytest.raises(oauth.StepFailedError) as caught:
        oauth.client_credentials_flow(client_id="svc", client=client_for(api))
    assert (caught.value.step_id, caught.value.status_code) == ("get-client-creds-token", 200)


# ---------------------------------------------------------------- OAI FAPI-PAR example


def test_fapi_par_pushes_the_request_then_authorizes_then_gets_the_token(
    tmp_path: Path, client_for: Callable[[Api], httpx.Client]
) -> None:
    fapi = _compile(OAI / "FAPI-PAR.arazzo.yaml", tmp_path, "oai_fapi_par")
    api = Api(
        {
            ("POST", "/as/par.oauth2"): [token(request_uri="urn:req:1")],
            ("GET", "/as/authorize.oauth2"): [httpx.Response(302, json={"code": "xyz"})],
            ("POST", "/as/token.oauth2"): [
                token(access_token="at", token_type="Bearer", id_token="it")
            ],
        }
    )
    result = fapi.oidc_par_authz_code(
        pa_rrequest_body={"response_type": "code"},
        token_request_body={},
        client_id="c1",
        redirect_uri="https://cb",
        code_verifier="v",
        client=client_for(api),
    )
    assert [r.url.path for r in api.requests] == [
        "/as/par.oauth2",
        "/as/authorize.oauth2",
        "/as/token.oauth2",
    ]
    assert json.loads(api.requests[0].content) == {"response_type": "code"}
    assert api.requests[1].url.params["request_uri"] == "urn:req:1"
    assert json.loads(api.requests[2].content) == {
        "grant_type": "authorization_code",
        "code": "xyz",
        "redirect_uri": "https://cb",
        "code_verifier": "v",
    }
    assert "at" in json.dumps([getattr(result, f) for f in vars(result)])


def test_fapi_par_authorization_must_redirect(
    tmp_path: Path, client_for: Callable[[Api], httpx.Client]
) -> None:
    fapi = _compile(OAI / "FAPI-PAR.arazzo.yaml", tmp_path, "oai_fapi_par_fail")
    api = Api(
        {
            ("POST", "/as/par.oauth2"): [token(request_uri="urn:req:1")],
            ("GET", "/as/authorize.oauth2"): [httpx.Response(200, json={})],
        }
    )
    with pytest.raises(fapi.StepFailedError) as caught:
        fapi.oidc_par_authz_code(pa_rrequest_body={}, token_request_body={}, client=client_for(api))
    assert (caught.value.step_id, caught.value.status_code) == ("AuthzCodeStep", 200)


# ---------------------------------------------------------------- Redocly museum tickets


def test_museum_tickets_sends_the_workflow_header_and_returns_the_ticket(
    tmp_path: Path, client_for: Callable[[Api], httpx.Client]
) -> None:
    document = CORPUS / "Redocly__redocly-cli" / "resources" / "museum-tickets.arazzo.yaml"
    museum = _compile(document, tmp_path, "redocly_museum_tickets")
    answer = {
        "message": "Museum general entry ticket purchased",
        "ticketId": "t-42",
        "ticketType": "general",
        "ticketDate": "2023-09-07",
        "confirmationCode": "ticket-general-1",
    }
    api = Api(
        {
            ("POST", "/_mock/demo/openapi/museum-api/tickets"): [
                httpx.Response(201, json=answer),
                httpx.Response(400, json={"title": "bad date"}),
            ]
        }
    )
    result = museum.get_museum_tickets(client=client_for(api))
    assert (result.ticket_id, result.step_full_body) == ("t-42", answer)
    sent = api.requests[0]
    assert sent.headers["Authorization"] == "Basic Og=="  # a workflow-level parameter
    assert json.loads(sent.content) == {
        "ticketType": "general",
        "ticketDate": "2023-09-07",
        "email": "todd@example.com",
    }
    with pytest.raises(museum.StepFailedError) as caught:
        museum.get_museum_tickets(client=client_for(api))
    assert (caught.value.step_id, caught.value.status_code) == ("buy-tickets", 400)
    assert "Og==" not in caught.value.body
