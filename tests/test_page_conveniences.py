"""The chat page's conveniences in a real browser (Debian's chromium, gunicorn, Redis): starters, live-only
suggestions and card actions, undo of a clear, copy, message times, the character counter, "Jump to latest",
no autofocus on touch screens, dark mode and 320 px screenshots, and an axe-core accessibility check.

Screenshots go to test-output/<test name>[-suffix].png.
"""
import json
import re
import time
from pathlib import Path

import pytest
import redis as redis_py
import requests

from tests.test_browser import (assistants, box, browser, make_page, messages, no_horizontal_scroll, open_chat,  # noqa: F401
                                page, send, send_button, session_cookie, shot, users)
from webapp.memory.store import aside_keys
from webapp.web.views import UNDO_SECONDS

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_VERSION = "4.14.1"
STARTERS = ["show me laptops under $1000", "noise cancelling headphones", "the best rated phones", "4K TVs under $600"]


def card_names(answer):
    return [name.strip() for name in answer.locator(".card-name").all_inner_texts()]


def stored(live_server, page):
    """The stored messages of the page's session, through the API."""
    response = requests.get(f"{live_server.url}/api/v1/chat/session/{session_cookie(page)}", timeout=10)
    return response.json()["messages"] if response.status_code == 200 else None


def clear(page):
    """Press Clear conversation, accept its confirmation, and return the confirmation's text."""
    asked = []
    page.once("dialog", lambda dialog: asked.append(dialog.message))
    page.get_by_role("button", name="Clear conversation").click()
    expect(messages(page)).to_have_count(0)
    return asked


# Starters and stale follow-ups -----------------------------------------------------------------------

def test_starters_send_like_typed_text_and_go_with_the_first_message(page, shot):
    open_chat(page)
    starters = page.locator(".welcome .starters button")
    expect(starters).to_have_text(STARTERS)
    shot(page, "empty")
    starters.first.click()
    expect(messages(page)).to_have_count(2)
    expect(users(page).first.locator(".bubble")).to_have_text(STARTERS[0])
    expect(assistants(page).first.locator(".card").first).to_be_visible()
    expect(page.locator(".starters")).to_have_count(0)
    page.reload()
    expect(page.locator(".starters")).to_have_count(0)  # the server shows them only on an empty conversation
    assert page.errors == []


def test_a_starter_and_a_card_action_work_without_javascript(make_page, shot):
    page = make_page(java_script_enabled=False)
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name=STARTERS[0]).click()
    expect(users(page).first.locator(".bubble")).to_have_text(STARTERS[0])
    second = card_names(assistants(page).first)[1]
    with page.expect_navigation():
        page.get_by_role("button", name=f"Details of {second}").click()
    expect(messages(page)).to_have_count(4)
    expect(assistants(page).nth(1).locator(".specs")).to_be_visible()
    expect(assistants(page).nth(1).locator(".bubble")).to_contain_text(second)
    expect(page.locator("button.copy")).to_have_count(2)
    expect(page.locator("button.copy").first).to_be_hidden()  # copying needs the script: no dead button
    shot(page)


def test_only_the_latest_answer_offers_follow_ups_and_card_actions_also_after_a_reload(page, shot):
    open_chat(page)
    first = send(page, "show me tvs")
    expect(first.locator(".suggestions button").first).to_be_visible()
    expect(first.locator(".card-actions").first).to_be_visible()
    second = send(page, "show me tablets")
    expect(second.locator(".suggestions button").first).to_be_visible()
    expect(second.locator(".card-actions")).to_have_count(len(card_names(second)))
    expect(first.locator(".suggestions, .card-actions")).to_have_count(0)
    shot(page)
    page.reload()
    first, second = assistants(page).nth(0), assistants(page).nth(1)
    expect(second.locator(".suggestions button").first).to_be_visible()
    expect(first.locator(".suggestions, .card-actions, form")).to_have_count(0)  # not rendered at all
    assert page.errors == []


def test_card_actions_ask_for_details_reviews_and_a_comparison_of_that_card(page, shot):
    open_chat(page)
    listed = send(page, "show me laptops under $1000")
    names = card_names(listed)
    assert len(names) >= 3, names

    listed.locator(".card").nth(1).get_by_role("button", name=f"Details of {names[1]}").click()
    expect(messages(page)).to_have_count(4)
    expect(users(page).last.locator(".bubble")).to_have_text("tell me about number 2")
    expect(assistants(page).last.locator(".specs")).to_be_visible()
    expect(assistants(page).last.locator(".bubble")).to_contain_text(names[1])

    listed = send(page, "show me laptops under $1000")
    listed.locator(".card").nth(2).get_by_role("button", name=f"Reviews of {names[2]}").click()
    expect(messages(page)).to_have_count(8)
    expect(users(page).last.locator(".bubble")).to_have_text("reviews of number 3")
    expect(assistants(page).last.locator(".review").first).to_be_visible()
    expect(assistants(page).last.locator(".bubble")).to_contain_text(names[2])

    listed = send(page, "show me laptops under $1000")
    first_card = listed.locator(".card").first
    first_card.get_by_text("Compare with…").click()
    options = first_card.locator(".compare-options button")
    expect(options).to_have_text([f"{n} · {name}" for n, name in enumerate(names[1:], start=2)])
    shot(page, "compare-menu")
    options.nth(1).click()
    expect(messages(page)).to_have_count(12)
    expect(users(page).last.locator(".bubble")).to_have_text("compare number 1 with number 3")
    header = assistants(page).last.locator("table.comparison thead th[scope=col]")
    expect(header).to_have_text(["Attribute", names[0], names[2]])
    shot(page)
    assert page.errors == []


# Clear with undo ----------------------------------------------------------------------------------------

def test_undo_brings_a_cleared_conversation_back_and_after_a_minute_it_is_gone(page, shot, live_server, live_redis):
    open_chat(page)
    send(page, "show me phones")
    send(page, "which is the cheapest?")
    old_id = session_cookie(page)
    asked = clear(page)
    assert asked and "undo" in asked[0].lower(), asked
    undo = page.get_by_role("button", name="Undo")
    expect(undo).to_be_visible()
    shot(page, "cleared")
    assert session_cookie(page) != old_id and stored(live_server, page) in (None, [])
    with page.expect_navigation():
        undo.click()
    expect(messages(page)).to_have_count(4)
    expect(users(page).first.locator(".bubble")).to_have_text("show me phones")
    expect(undo).to_have_count(0)
    assert session_cookie(page) == old_id
    assert [m["content"] for m in stored(live_server, page)][::2] == ["show me phones", "which is the cheapest?"]
    send(page, "compare the first two")  # the restored conversation goes on: "the first two" of its list
    expect(assistants(page).last.locator("table.comparison")).to_be_visible()

    # Cleared again and left alone: after the minute the offer has gone from the page and the copy from Redis.
    clear(page)
    expect(undo).to_be_visible()
    token = page.locator("#undo-clear input[name=csrf_token]").input_value()
    page.wait_for_timeout((UNDO_SECONDS + 2) * 1000)
    expect(undo).to_have_count(0)
    client = redis_py.Redis.from_url(live_redis.url)
    try:
        assert client.exists(*aside_keys(old_id)) == 0
    finally:
        client.close()
    refused = page.request.post("/clear/undo", form={"csrf_token": token})
    assert refused.ok and "can no longer be restored" in refused.text()
    page.reload()
    expect(messages(page)).to_have_count(0)
    assert page.errors == []


# Copy, times, counter, jump, focus ------------------------------------------------------------------------

def test_copy_puts_the_whole_answer_on_the_clipboard_and_says_copied(make_page, shot, live_server):
    page = make_page(permissions=["clipboard-read", "clipboard-write"])
    open_chat(page)
    answer = send(page, "show me headphones")
    meta = answer.locator("xpath=following-sibling::div[1]")  # the time and the copy button sit beside it
    copy = meta.get_by_role("button", name="Copy")
    expect(copy).to_be_visible()
    copy.click()
    expect(meta.get_by_role("button", name="Copied")).to_be_visible()
    shot(page)
    whole = stored(live_server, page)[1]["content"]
    assert "\n" in whole  # the answer's list, not only its lead line
    assert page.evaluate("navigator.clipboard.readText()") == whole
    expect(meta.get_by_role("button", name="Copy")).to_be_visible(timeout=5000)  # back after a moment


def test_message_times_are_relative_with_the_exact_time_on_hover_and_move_on(page):
    page.clock.install()
    open_chat(page)
    send(page, "hi")
    times = page.locator("#messages time.message-time")
    expect(times).to_have_count(2)
    expect(times.first).to_have_text("just now")
    stamp = times.first.get_attribute("datetime")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp), stamp
    sent = time.mktime(time.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
    assert abs(sent - time.time()) < 60
    assert re.search(r"\d{4}", times.first.get_attribute("title"))
    page.clock.fast_forward("03:00")
    expect(times.first).to_have_text("3 min ago")
    page.reload()  # rendered by the server from the stored time: the real clock says just now
    expect(page.locator("#messages time.message-time").first).to_have_text(re.compile(r"just now|\d min ago"))


def test_a_counter_appears_near_the_length_limit(page, shot):
    open_chat(page)
    counter = page.locator("#char-count")
    box(page).fill("a" * 500)
    expect(counter).to_be_hidden()
    box(page).fill("a" * 3300)
    expect(counter).to_have_text("3,300 / 4,000 characters")
    expect(counter).to_be_visible()
    box(page).fill("a" * 4100)
    expect(counter).to_have_text("4,100 / 4,000 characters")
    expect(counter).to_have_class(re.compile(r"\bover\b"))
    shot(page)
    box(page).fill("")
    expect(counter).to_be_hidden()


def test_jump_to_latest_appears_when_scrolled_up_and_brings_the_newest_message_back(make_page, shot):
    page = make_page(viewport={"width": 800, "height": 600})
    open_chat(page)
    for text in ("show me laptops", "show me phones", "show me tvs"):
        send(page, text)
    jump = page.get_by_role("button", name="Jump to latest")
    expect(jump).to_be_hidden()
    page.evaluate("window.scrollTo(0, 0)")
    expect(jump).to_be_visible()
    shot(page)
    jump.click()
    expect(messages(page).last).to_be_in_viewport()
    expect(jump).to_be_hidden()


def test_the_box_is_focused_where_there_is_a_mouse_and_not_on_a_touch_screen(make_page):
    desktop = make_page()
    open_chat(desktop)
    expect(box(desktop)).to_be_focused()
    phone = make_page(viewport={"width": 390, "height": 800}, has_touch=True, is_mobile=True)
    open_chat(phone)
    assert phone.evaluate("matchMedia('(pointer: fine)').matches") is False
    phone.wait_for_timeout(300)
    expect(box(phone)).not_to_be_focused()
    assert box(phone).get_attribute("autofocus") is None


# Looks: dark mode, 320 px; accessibility ------------------------------------------------------------------

def a_conversation(page):
    """A conversation with cards, a comparison, follow-ups and a note of time."""
    open_chat(page)
    send(page, "show me laptops under $1000")
    send(page, "compare the first two")
    return send(page, "show me headphones")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_in_light_and_dark_mode(make_page, shot, scheme):
    page = make_page(color_scheme=scheme, viewport={"width": 1024, "height": 900})
    a_conversation(page)
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    text = page.evaluate("getComputedStyle(document.querySelector('.message[data-role=assistant] .bubble')).color")
    lightness = [sum(map(int, re.findall(r"\d+", colour)[:3])) / 3 for colour in (background, text)]
    assert (lightness[0] > lightness[1]) == (scheme == "light"), (background, text)
    shot(page)
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "top")
    clear(page)
    shot(page, "cleared")


def test_the_header_fits_at_320_px(make_page, shot):
    page = make_page(viewport={"width": 320, "height": 640})
    a_conversation(page)
    no_horizontal_scroll(page, 320)
    title = page.locator(".chat-header h1").bounding_box()
    button = page.get_by_role("button", name="Clear conversation").bounding_box()
    assert title["x"] + title["width"] <= button["x"], (title, button)  # side by side, not overlapping
    assert button["x"] + button["width"] <= 320 and button["height"] <= 44, button
    assert page.locator(".chat-header").bounding_box()["height"] <= 72
    shot(page)
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "top")
    clear(page)
    no_horizontal_scroll(page, 320)
    shot(page, "cleared")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violations(make_page, shot, scheme):
    # Playwright injects axe as an inline script, which the page's CSP rightly refuses: bypass it for this test only.
    page = make_page(color_scheme=scheme, bypass_csp=True)
    checked = {}
    open_chat(page)
    checked["empty"] = run_axe(page)
    a_conversation(page)
    assistants(page).last.locator(".card").first.get_by_text("Compare with…").click()
    checked["conversation"] = run_axe(page)
    clear(page)
    checked["cleared"] = run_axe(page)
    shot(page)
    bad = {state: [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in found
                   if v["impact"] in ("serious", "critical")] for state, found in checked.items()}
    assert bad == {state: [] for state in checked}, json.dumps(bad, indent=1)


def run_axe(page):
    """axe-core's violations on the page as it is now (injected once per document)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    assert page.evaluate("axe.version") == AXE_VERSION
    return page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
