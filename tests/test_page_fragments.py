"""Kept message markup (webapp/web/fragments.py): a message rendered once still shows what is true at each view."""
import re
import time

from tests.test_page import send
from webapp.security import SignedTokens

TOKENS = re.compile(r'name="csrf_token" value="([^"]+)"')
TIMES = re.compile(r'<time class="message-time"[^>]*>([^<]+)</time>')


def assistant_parts(page):
    """Each assistant message's markup, up to the next message."""
    return page.split('data-role="assistant"')[1:]


def test_kept_messages_show_their_age_at_each_view(client, monkeypatch):
    send(client, "show me tvs")
    assert TIMES.findall(client.get("/").get_data(as_text=True)) == ["just now", "just now"]
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 180)
    assert TIMES.findall(client.get("/").get_data(as_text=True)) == ["3 min ago", "3 min ago"]


def test_the_latest_answers_forms_carry_the_token_of_each_view(client):
    send(client, "show me laptops under $1000")  # renders the answer, and keeps it
    time.sleep(1.1)  # a token signed a second later differs
    page = client.get("/").get_data(as_text=True)
    tokens = TOKENS.findall(page)
    assert len(tokens) > 8 and len(set(tokens)) == 1 and "<csrf-token>" not in page and "<age>" not in page
    details = re.search(r'name="message" value="(tell me about number 2)"', page).group(1)
    answer = client.post("/chat", data={"message": details, "csrf_token": tokens[-1]}, headers={"HX-Request": "true"})
    assert answer.status_code == 200 and '<dl class="specs">' in answer.get_data(as_text=True)


def test_an_answer_kept_while_latest_loses_its_actions_after_the_next_turn(client):
    send(client, "show me laptops under $1000")
    assert "card-actions" in assistant_parts(client.get("/").get_data(as_text=True))[0]
    send(client, "show me tablets")
    first, second = assistant_parts(client.get("/").get_data(as_text=True))
    assert "<form" not in first and "card-actions" in second and 'class="suggestions"' in second


def test_a_turns_answer_posts_with_the_token_the_turn_was_sent_with(client):
    sent_with = TOKENS.findall(client.get("/").get_data(as_text=True))[0]
    client.application.extensions["signed_tokens"] = SignedTokens(10)  # the post reaches a worker that kept none
    time.sleep(1.1)  # a token signed for the answer would differ
    answer = client.post("/chat", data={"message": "show me laptops under $1000", "csrf_token": sent_with},
                         headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'class="card-actions"' in answer and set(TOKENS.findall(answer)) == {sent_with}


def test_a_later_page_view_reuses_the_token_signed_for_its_session_and_it_still_posts(client):
    send(client, "show me laptops under $1000")
    first = set(TOKENS.findall(client.get("/").get_data(as_text=True)))
    time.sleep(1.1)  # a token signed now would carry another time stamp
    again = set(TOKENS.findall(client.get("/").get_data(as_text=True)))
    assert len(first) == 1 and again == first
    answer = client.post("/chat", data={"message": "how much is the first one?", "csrf_token": first.pop()},
                         headers={"HX-Request": "true"})
    assert answer.status_code == 200 and "$" in answer.get_data(as_text=True)


def test_each_session_gets_a_token_of_its_own(app):
    tokens = []
    for _ in range(2):
        browser = app.test_client()
        send(browser, "show me tvs")
        tokens.append(set(TOKENS.findall(browser.get("/").get_data(as_text=True))))
    assert len(tokens[0]) == 1 and len(tokens[1]) == 1 and tokens[0] != tokens[1]
    stranger = app.test_client()  # another browser's token is refused in this one's session
    send(stranger, "show me tvs")
    refused = stranger.post("/chat", data={"message": "show me tablets", "csrf_token": next(iter(tokens[0]))})
    assert refused.status_code == 400


def test_kept_tokens_are_bounded_oldest_forgotten_first():
    kept = SignedTokens(2)
    for secret in ("a", "b", "c"):
        kept.put(secret, "token-" + secret)
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (None, "token-b", "token-c")


def test_the_pages_kept_links_follow_the_script_root_the_app_is_mounted_at(client):
    send(client, "show me laptops under $1000")
    for root in ("", "/shop", ""):
        page = client.get("/", environ_overrides={"SCRIPT_NAME": root}).get_data(as_text=True)
        actions = set(re.findall(r'<form[^>]* action="([^"]+)"', page))
        assets = set(re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', page))
        assert actions == {root + "/clear", root + "/chat"} and assets and all(a.startswith(root + "/static/") for a in assets)
