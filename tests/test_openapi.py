"""The OpenAPI document is valid, describes every API route, and the API keeps to it (schemathesis)."""
import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate

from webapp import create_app

app = create_app({"SESSION_BACKEND": "cachelib", "RATELIMIT_ENABLED": "false", "SECRET_KEY": "openapi-test"})
# Module level: schemathesis.pytest.from_fixture fails under pytest 9 ("no attribute _nodeid").
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_document_is_valid_openapi_3_1():
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_document_lists_every_api_route():
    documented = set(app.test_client().get("/api/v1/openapi.json").get_json()["paths"])
    routes = {rule.rule.replace("<", "{").replace(">", "}") for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/") or rule.rule == "/healthz"}
    assert routes == documented


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_keeps_to_its_schema(case):
    response = case.call_and_validate()
    assert response.status_code < 500


def test_message_length_limit_follows_the_setting():
    small = create_app({"SESSION_BACKEND": "cachelib", "SECRET_KEY": "openapi-test", "MAX_MESSAGE_CHARS": "50"})
    document = small.test_client().get("/api/v1/openapi.json").get_json()
    assert document["components"]["schemas"]["ChatRequest"]["properties"]["message"]["maxLength"] == 50
