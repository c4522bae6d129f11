"""Export of a conversation, from the API (by session id) and the page (by cookie), as Markdown or JSON."""
import json
import re

import pytest

from tests.conftest import cookie_session_id
from tests.test_preferences import api_chat, page_say, page_token


def is_error(response, status, code):
    body = response.get_json()
    return response.status_code == status and body["success"] is False and body["error"]["code"] == code


@pytest.fixture
def conversation(client):
    """A session with two turns and a remembered budget; its id."""
    session_id = api_chat(client, "my budget is $800")["session_id"]
    api_chat(client, "show me laptops", session_id)
    return session_id


def test_the_json_export_is_the_history_read_as_an_attachment(client, conversation):
    exported = client.get(f"/api/v1/chat/session/{conversation}/export?format=json")
    assert exported.status_code == 200 and exported.mimetype == "application/json"
    assert exported.headers["Content-Disposition"] == 'attachment; filename="conversation.json"'
    read = client.get(f"/api/v1/chat/session/{conversation}").get_json()
    assert json.loads(exported.get_data(as_text=True)) == read
    assert read["preferences"]["max_price"] == 800 and len(read["messages"]) == 4


def test_the_markdown_export_holds_every_message_with_its_author_and_time(client, conversation):
    exported = client.get(f"/api/v1/chat/session/{conversation}/export?format=md")
    assert exported.status_code == 200 and exported.mimetype == "text/markdown"
    assert exported.headers["Content-Disposition"] == 'attachment; filename="conversation.md"'
    text = exported.get_data(as_text=True)
    read = client.get(f"/api/v1/chat/session/{conversation}").get_json()
    headings = re.findall(r"^## (You|Assistant) · (\S+)$", text, re.M)
    assert headings == [("You" if m["role"] == "user" else "Assistant", m["timestamp"]) for m in read["messages"]]
    assert all(m["content"] in text for m in read["messages"]) and "Remembering: budget $800" in text
    assert client.get(f"/api/v1/chat/session/{conversation}/export").get_data(as_text=True) == text  # md by default


@pytest.mark.parametrize("path, status, code", [
    ("/api/v1/chat/session/{id}/export?format=pdf", 400, "invalid_format"),
    ("/api/v1/chat/session/no-such-session/export?format=md", 404, "session_not_found"),
    ("/api/v1/chat/session/no-such-session/export?format=json", 404, "session_not_found"),
])
def test_bad_exports_get_contract_errors(client, conversation, path, status, code):
    assert is_error(client.get(path.replace("{id}", conversation)), status, code)


def test_an_export_after_a_delete_is_404(client, conversation):
    client.delete(f"/api/v1/chat/session/{conversation}")
    assert is_error(client.get(f"/api/v1/chat/session/{conversation}/export?format=json"), 404, "session_not_found")


def test_the_page_export_matches_the_stored_history_and_withholds_the_session_id(client):
    token = page_token(client)
    page_say(client, token, "I only buy Sony")
    page_say(client, token, "show me headphones")
    read = client.get(f"/api/v1/chat/session/{cookie_session_id(client)}").get_json()
    exported = client.get("/export?format=json")
    assert exported.headers["Content-Disposition"].startswith("attachment")
    document = json.loads(exported.get_data(as_text=True))
    assert document["session_id"] is None
    assert document["messages"] == read["messages"] and document["preferences"] == read["preferences"]
    markdown = client.get("/export?format=md").get_data(as_text=True)
    assert all(m["content"] in markdown for m in read["messages"]) and cookie_session_id(client) not in markdown


def test_the_page_export_of_a_new_browser_is_empty_and_a_bad_format_is_400(client):
    assert json.loads(client.get("/export?format=json").get_data(as_text=True))["messages"] == []
    assert "(No messages.)" in client.get("/export?format=md").get_data(as_text=True)
    refused = client.get("/export?format=exe")
    assert refused.status_code == 400 and "export format" in refused.get_data(as_text=True)
