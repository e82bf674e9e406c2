"""Schemathesis against the OpenAPI document, in-process (ASGI), as a manager of a group with data: every
operation, valid and invalid input, no 5xx, only documented status codes, responses that match the
document, invalid input refused, unknown methods answered 405 with `Allow`.

The run is bounded and reproducible: a fixed seed, deterministic generation, a few examples per operation
(`MAX_EXAMPLES`), Hypothesis' database off. Solves run as jobs with a solver double that fails at once
(the job machinery is exercised, not CP-SAT). The ids the document's examples cannot guess (a plan
version, an invoice) are those of the data, through schemathesis' use of earlier responses.
"""

from __future__ import annotations

import warnings

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    allow_header_conformance,
    content_type_conformance,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)
from schemathesis.config import SchemathesisConfig

from persistence.credentials import authenticate_api_key, create_api_key
from persistence.db import make_engine, write_session
from persistence.plans import save_draft
from persistence.scenario_io import import_scenario
from persistence.settings import Settings
from persistence.tables import metadata
from tests.persistence.factories import minimal, small_plan

SEED = 20261207
MAX_EXAMPLES = 6
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    unsupported_method,
    allow_header_conformance,
    missing_required_header,
    ignored_auth,
]
STATE: dict[str, object] = {}


def live_manager_key() -> str:
    """The run's manager key, made again when the run itself revoked or rotated it (it may: those are
    operations under test)."""
    engine, group_id, key = STATE["engine"], STATE["group_id"], STATE.get("key")
    with write_session(engine) as session:  # type: ignore[arg-type]
        if key is None or authenticate_api_key(session, key) is None:  # type: ignore[arg-type]
            _, STATE["key"] = create_api_key(session, group_id, "manager", label="schemathesis")  # type: ignore[arg-type]
    return str(STATE["key"])


@pytest.fixture
def api_schema(tmp_path, monkeypatch):
    from api.main import create_app
    from jobs import service

    monkeypatch.setenv("GE_SOLVE_FUNCTION", "tests.jobs.doubles:failing_solve")
    engine = make_engine(f"sqlite:///{tmp_path / 'st.db'}")
    metadata.create_all(engine)
    with write_session(engine) as session:
        group = import_scenario(session, minimal())
        save_draft(session, group.id, small_plan())
        STATE.update(engine=engine, group_id=group.id, key=None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        app = create_app(Settings(), engine=engine)
    config = SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "headers": {"Authorization": f"Bearer {live_manager_key()}"},
            "generation": {
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "database": "none",
                "with-security-parameters": False,
                "mode": "all",
            },
            "phases": {
                "stateful": {"enabled": False},
                "coverage": {"unexpected-methods": ["trace"]},
            },
            # The coverage phase varies every field of a body one at a time: hundreds of requests per
            # body. It runs on the create bodies; the update bodies (the same fields, all optional)
            # and the plan and re-plan bodies (nested lists of assignments, needs, absences) are
            # fuzzed with valid and invalid bodies like every other operation.
            "operations": [
                {
                    "include-method": "PATCH",
                    "phases": {"coverage": {"enabled": False}},
                },
                {
                    "include-operation-id": [
                        "create_plan_plans_post",
                        "replan_plan_plans__plan_id__replan_post",
                    ],
                    "phases": {"coverage": {"enabled": False}},
                },
            ],
        }
    )
    yield schemathesis.openapi.from_asgi("/openapi.json", app, config=config)
    service.stop_pools(terminate=True)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request):
    """schemathesis' lazy loader reads `node._nodeid`, which pytest 9 no longer has."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


RESOURCES = r"^/(members|sites|employees|absences|needs|loans)"
"""The run in two halves (the resources' CRUD, and the rest), so that `pytest -n 2` runs them side by side."""
HYPOTHESIS = settings(deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))


def _call(case) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {live_manager_key()}"}, checks=CHECKS)


@schema.include(path_regex=RESOURCES).parametrize()
@HYPOTHESIS
def test_resources_honour_the_openapi_document(case):
    _call(case)


@schema.exclude(path_regex=RESOURCES).parametrize()
@HYPOTHESIS
def test_plans_billing_jobs_feeds_and_keys_honour_the_openapi_document(case):
    _call(case)


def test_openapi_document_declares_problem_responses_and_security(api_schema):
    document = api_schema.raw_schema
    assert "Problem" in document["components"]["schemas"]
    assert document["components"]["securitySchemes"]
    member_ops = document["paths"]["/members/{member_id}"]
    assert {"404", "401", "403"} <= set(member_ops["get"]["responses"])


def test_openapi_document_builds_without_warnings():
    """No duplicate operation ids (GET and HEAD of a feed share a path) nor other FastAPI warnings."""
    from api.main import create_app

    app = create_app(Settings(), engine=make_engine("sqlite://"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        document = app.openapi()
    ids = [op["operationId"] for path in document["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
