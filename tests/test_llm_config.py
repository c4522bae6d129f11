"""ASSISTANT=openai at start-up: settings checked with messages naming the variable, a dead endpoint only warned of."""
import logging

import pytest

from tests.servers import free_port
from webapp import create_app
from webapp.assistant.openai_assistant import OpenAIAssistant
from webapp.config import ConfigError, Settings


def build(**settings):
    return create_app({"SECRET_KEY": "test-secret", "SESSION_BACKEND": "cachelib", **settings})


@pytest.mark.parametrize("env, named", [
    ({"ASSISTANT": "openai", "OPENAI_MODEL": "m"}, "OPENAI_BASE_URL"),
    ({"ASSISTANT": "openai", "OPENAI_BASE_URL": "localhost:8080/v1", "OPENAI_MODEL": "m"}, "OPENAI_BASE_URL"),
    ({"ASSISTANT": "openai", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}, "OPENAI_MODEL"),
    ({"OPENAI_FIRST_TOKEN_SECONDS": "soon"}, "OPENAI_FIRST_TOKEN_SECONDS"),
    ({"OPENAI_ANSWER_SECONDS": "0"}, "OPENAI_ANSWER_SECONDS"),
    ({"OPENAI_MAX_RETRIES": "-1"}, "OPENAI_MAX_RETRIES"),
])
def test_a_bad_endpoint_setting_stops_start_up_naming_it(env, named):
    with pytest.raises(ConfigError, match=named):
        Settings.from_env(env)


def test_the_catalog_assistant_needs_no_endpoint_settings():
    assert Settings.from_env({}).assistant == "catalog"


def test_an_unreachable_endpoint_starts_with_one_clear_warning(caplog):
    url = f"http://127.0.0.1:{free_port()}/v1"
    with caplog.at_level(logging.WARNING, logger="webapp.llm"):
        app = build(ASSISTANT="openai", OPENAI_BASE_URL=url, OPENAI_MODEL="m", OPENAI_MAX_RETRIES="0")
    assert isinstance(app.extensions["chat_service"].assistant, OpenAIAssistant)
    warnings = [r.getMessage() for r in caplog.records if r.name == "webapp.llm"]
    assert len(warnings) == 1 and url in warnings[0] and "does not answer" in warnings[0]
