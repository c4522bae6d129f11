"""The chat page in a real browser: Debian's chromium driven by Playwright against gunicorn + Redis.

Each test saves a screenshot of the viewport to test-output/<test name>.png, taken at the moment it checks.
"""
import re
import shutil
import time

import pytest
import redis as redis_py
import requests

from tests.servers import require
from webapp.memory.store import aside_keys
from webapp.web.views import UNDO_SECONDS

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

pytestmark = pytest.mark.browser

TIMEOUT = 10_000  # ms, for every auto-waiting assertion
expect.set_options(timeout=TIMEOUT)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
RATING = re.compile(r"(\d(?:\.\d)?)\s*·\s*([\d,]+)\s+reviews")
HOSTILE = '<img src=x onerror=alert(1)> <script>alert(2)</script> <b hx-get="/x">bold</b> {{7*7}}'
RECORD_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture(scope="module")
def browser():
    """One headless chromium for the module (Debian's, never a downloaded one)."""
    executable = require("chromium")
    with playwright_sync.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable or shutil.which("chromium"), headless=True,
                                              args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def make_page(browser, live_server):
    """Factory: a page in a fresh context (its own cookies), with JS errors recorded in page.errors."""
    contexts = []

    def build(**options):
        context = browser.new_context(base_url=live_server.url, **{"viewport": {"width": 1024, "height": 768},
                                                                    **options})
        context.set_default_timeout(TIMEOUT)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("dialog", lambda dialog: dialog.accept())  # Clear conversation asks to confirm
        return page

    yield build
    for context in contexts:
        context.close()


@pytest.fixture
def page(make_page):
    """A desktop-sized page with its own cookie jar."""
    return make_page()


@pytest.fixture
def shot(request, output_dir):
    """shot(page) saves test-output/<test name>.png; shot(page, "x") saves <test name>-x.png."""

    def take(page, suffix=""):
        name = request.node.name + (f"-{suffix}" if suffix else "")
        # The viewport, as the shopper sees it: a full-page capture draws the sticky header and
        # composer mid-picture, wherever the window happens to be scrolled.
        page.screenshot(path=str(output_dir / f"{name}.png"))

    return take


# Helpers ---------------------------------------------------------------------------------------------

def messages(page):
    return page.locator("#messages[role=log] .message[data-role]")


def users(page):
    return page.locator("#messages[role=log] .message[data-role=user]")


def assistants(page):
    return page.locator("#messages[role=log] .message[data-role=assistant]")


def box(page):
    return page.get_by_label("Message")


def send_button(page):
    return page.get_by_role("button", name="Send", exact=True)


def open_chat(page):
    page.goto("/")
    expect(box(page)).to_be_visible()
    # htmx and chat.js are deferred: wait until htmx is there so the form is ajax-enabled.
    page.wait_for_function("() => window.htmx !== undefined && document.readyState === 'complete'")


def send(page, text, how="enter"):
    """Send `text` and wait for the user message and the answer it adds (JS on)."""
    before = messages(page).count()
    box(page).fill(text)
    if how == "enter":
        box(page).press("Enter")
    else:
        send_button(page).click()
    expect(messages(page)).to_have_count(before + 2)
    expect(messages(page).nth(before)).to_have_attribute("data-role", "user")
    expect(messages(page).nth(before + 1)).to_have_attribute("data-role", "assistant")
    return messages(page).nth(before + 1)


def card_facts(answer):
    """[(name, rating, review count)] of the product cards in one assistant answer, in order."""
    facts = []
    for card in answer.locator(".card").all():
        name = card.locator(".card-name").inner_text().strip()
        match = RATING.search(card.inner_text())
        assert match, f"no rating in card text {card.inner_text()!r}"
        facts.append((name, float(match.group(1)), int(match.group(2).replace(",", ""))))
    return facts


def session_cookie(page):
    values = [c["value"] for c in page.context.cookies() if c["name"] == "session_id"]
    assert len(values) == 1, page.context.cookies()
    return values[0]


def fully_visible_between_header_and_composer(page, locator):
    """Wait until the element lies wholly between the sticky header and the sticky composer."""
    geometry = """(el) => {
      const m = el.getBoundingClientRect();
      const header = document.querySelector('.chat-header').getBoundingClientRect();
      const composer = document.getElementById('chat-form').getBoundingClientRect();
      return {top: m.top, bottom: m.bottom, headerBottom: header.bottom, composerTop: composer.top,
              scrollY: window.scrollY, pageHeight: document.documentElement.scrollHeight, viewport: innerHeight};
    }"""
    fits = """(el) => {
      const m = el.getBoundingClientRect();
      return m.top >= document.querySelector('.chat-header').getBoundingClientRect().bottom - 1
          && m.bottom <= document.getElementById('chat-form').getBoundingClientRect().top + 1;
    }"""
    try:
        page.wait_for_function(fits, arg=locator.element_handle(), timeout=TIMEOUT)
    except playwright_sync.TimeoutError:
        raise AssertionError(f"the newest message is partly hidden behind the sticky header/composer: "
                             f"{locator.evaluate(geometry)}") from None


def no_horizontal_scroll(page, width):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"page is {scroll_width}px wide in a {width}px viewport"


# Tests -----------------------------------------------------------------------------------------------

def test_follow_up_picks_the_best_reviewed_of_the_list(page, shot):
    open_chat(page)
    listed = send(page, "show me laptops under $1000", how="enter")
    expect(users(page).first).to_have_text("show me laptops under $1000")
    expect(listed.locator(".card").first).to_be_visible()
    expect(box(page)).to_have_value("")
    expect(box(page)).to_be_focused()
    shown = card_facts(listed)
    assert len(shown) >= 2, shown
    for name, _, _ in shown:
        assert name

    answer = send(page, "which of these has better reviews?", how="click")
    expect(box(page)).to_have_value("")
    expect(box(page)).to_be_focused()
    expect(answer.locator(".card").first).to_be_visible()
    expect(messages(page).last).to_be_in_viewport()
    shot(page)

    best = max(shown, key=lambda fact: (fact[1], fact[2]))
    expect(answer.locator(".card").first.locator(".card-name")).to_have_text(best[0])
    expect(answer.locator(".bubble").first).to_contain_text(best[0])
    assert page.errors == []
    # The answer (with its suggestions) fits in the 768 px window, so it should be wholly readable
    # without scrolling: not under the sticky composer nor under the sticky header.
    fully_visible_between_header_and_composer(page, messages(page).last)


def test_reload_shows_the_whole_conversation_in_order(page, shot):
    open_chat(page)
    send(page, "show me headphones")
    send(page, "only Sony ones")
    before = [(m.get_attribute("data-role"), m.locator(".bubble").first.inner_text()) for m in messages(page).all()]
    assert [role for role, _ in before] == ["user", "assistant", "user", "assistant"]

    page.reload()
    expect(messages(page)).to_have_count(4)
    after = [(m.get_attribute("data-role"), m.locator(".bubble").first.inner_text()) for m in messages(page).all()]
    shot(page)
    assert after == before
    assert after[0][1] == "show me headphones" and after[2][1] == "only Sony ones"


def test_clear_conversation_starts_over_with_a_new_session(page, shot, live_server, live_redis):
    open_chat(page)
    send(page, "show me tablets")
    old_id = session_cookie(page)
    history = requests.get(f"{live_server.url}/api/v1/chat/session/{old_id}", timeout=5)
    assert history.status_code == 200, "the cookie should be the session id"
    assert [m["content"] for m in history.json()["messages"]][0] == "show me tablets"

    page.get_by_role("button", name="Clear conversation").click()
    expect(messages(page)).to_have_count(0)
    expect(page.locator("#messages .welcome")).to_be_visible()
    shot(page)
    new_id = session_cookie(page)
    assert new_id != old_id
    assert requests.get(f"{live_server.url}/api/v1/chat/session/{old_id}", timeout=5).status_code == 404
    client = redis_py.Redis.from_url(live_redis.url)
    try:
        leftovers = list(client.scan_iter(match=f"*{old_id}*"))
        # Only the copy kept for Undo is left, and only for UNDO_SECONDS.
        assert sorted(leftovers) == sorted(key.encode() for key in aside_keys(old_id)), leftovers
        assert all(0 < client.ttl(key) <= UNDO_SECONDS for key in leftovers)
    finally:
        client.close()

    # The page keeps working after the swap (CSRF token, form), under the new session, and so does a reload.
    send(page, "show me monitors")
    page.reload()
    expect(messages(page)).to_have_count(2)
    expect(users(page).first).to_have_text("show me monitors")
    assert session_cookie(page) == new_id
    assert page.errors == []


def test_page_works_without_javascript(make_page, shot, live_server):
    page = make_page(java_script_enabled=False)
    page.goto("/")
    expect(page.locator("#messages .welcome")).to_be_visible()
    box(page).fill("show me smartwatches")
    with page.expect_navigation():
        send_button(page).click()
    assert page.url.rstrip("/") == live_server.url
    expect(messages(page)).to_have_count(2)
    expect(users(page).first).to_have_text("show me smartwatches")
    expect(assistants(page).first.locator(".card").first).to_be_visible()
    shot(page, "answered")

    # A suggested follow-up is a plain form too.
    with page.expect_navigation():
        page.get_by_role("button", name="Compare the first two").click()
    expect(messages(page)).to_have_count(4)
    expect(users(page).nth(1)).to_have_text("Compare the first two")
    expect(assistants(page).nth(1).locator("table.comparison")).to_be_visible()

    for blank in ("", "   \n  "):
        box(page).fill(blank)
        with page.expect_navigation():
            send_button(page).click()
        assert page.url.rstrip("/") == live_server.url
        notice = page.locator(".error-text, .notice, [role=status]").filter(has_text=re.compile(r"\S"))
        expect(notice.first).to_be_visible()
        expect(notice.first).to_contain_text("empty")
        expect(messages(page)).to_have_count(4)
    shot(page)


def test_narrow_screen_has_no_horizontal_scroll(make_page, shot):
    page = make_page(viewport={"width": 375, "height": 740})
    open_chat(page)
    listed = send(page, "show me laptops")
    expect(listed.locator(".card").nth(1)).to_be_visible()
    no_horizontal_scroll(page, 375)
    compared = send(page, "compare the first two")
    expect(compared.locator("table.comparison")).to_be_visible()
    shot(page)
    no_horizontal_scroll(page, 375)
    expect(send_button(page)).to_be_visible()
    expect(box(page)).to_be_visible()
    expect(send_button(page)).to_be_in_viewport()
    expect(box(page)).to_be_in_viewport()
    for locator in (send_button(page), box(page)):
        area = locator.bounding_box()
        assert area["x"] >= 0 and area["x"] + area["width"] <= 375, area
    # One-word row labels ("Rating", "Storage", ...) must not be broken mid-word.
    labels = compared.locator("table.comparison tbody th[scope=row]").evaluate_all(
        """(cells) => cells.map((th) => {
             const range = document.createRange(); range.selectNodeContents(th);
             return [th.textContent.trim(), range.getClientRects().length]; })""")
    assert labels, "the comparison has no row labels"
    broken = [label for label, lines in labels if lines > 1 and " " not in label]
    assert broken == [], f"row labels broken across lines at 375 px: {broken}"


def test_shift_enter_adds_a_line_and_enter_sends(page, shot):
    open_chat(page)
    field = box(page)
    field.press_sequentially("show me cameras")
    field.press("Shift+Enter")
    field.press_sequentially("under $800")
    expect(field).to_have_value("show me cameras\nunder $800")
    expect(messages(page)).to_have_count(0)
    shot(page, "before-enter")

    field.press("Enter")
    expect(messages(page)).to_have_count(2)
    shot(page)
    # One message only (Shift+Enter did not send), holding both lines.
    expect(users(page)).to_have_count(1)
    assert users(page).first.locator(".bubble").text_content() == "show me cameras\nunder $800"
    expect(field).to_have_value("")


def test_suggestion_compares_the_first_two(page, shot):
    open_chat(page)
    listed = send(page, "show me smartphones")
    names = [name for name, _, _ in card_facts(listed)]
    assert len(names) >= 2
    suggestion = listed.locator(".suggestions button.suggestion", has_text="Compare the first two")
    expect(suggestion).to_be_visible()

    suggestion.click()
    expect(messages(page)).to_have_count(4)
    expect(users(page).last).to_have_text("Compare the first two")
    table = assistants(page).last.locator("table.comparison")
    expect(table).to_be_visible()
    expect(messages(page).last).to_be_in_viewport()
    shot(page)
    header = table.locator("thead th")
    expect(header.nth(1)).to_have_text(names[0])
    expect(header.nth(2)).to_have_text(names[1])


def test_too_long_message_shows_an_error_and_keeps_the_text(page, shot):
    open_chat(page)
    text = "a" * 4001
    box(page).fill(text)
    box(page).press("Enter")
    error = page.locator("#chat-error[role=alert]")
    expect(error).to_contain_text("longer than")
    expect(error).to_be_visible()
    expect(box(page)).to_have_value(text)
    shot(page)
    expect(page.locator("#messages .message")).to_have_count(0)
    expect(box(page)).to_be_focused()

    # The error goes away with the next message that gets through.
    send(page, "show me TVs")
    expect(error).to_be_empty()


def test_a_proxy_error_page_never_lands_in_the_conversation(page, shot):
    """A 502 from something in front of the app (faked: a real proxy is not part of the test set-up)."""
    open_chat(page)
    send(page, "show me TVs")
    page.route("**/chat", lambda route: route.fulfill(status=502, content_type="text/html",
                                                       body="<html><body><h1>502 Bad Gateway</h1></body></html>"))
    box(page).fill("which is the cheapest?")
    box(page).press("Enter")
    error = page.locator("#chat-error[role=alert]")
    expect(error).to_contain_text("(502)")
    shot(page)
    expect(page.locator("#messages")).not_to_contain_text("Bad Gateway")
    expect(messages(page)).to_have_count(2)
    expect(box(page)).to_have_value("which is the cheapest?")


def test_point_12_hostile_text_is_shown_literally_under_the_csp(make_page, shot):
    page = make_page()
    page.add_init_script(RECORD_CSP)
    console_csp, dialogs = [], []
    page.on("console", lambda message: console_csp.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_chat(page)

    send(page, HOSTILE)
    user = users(page).first
    expect(user).to_be_visible()
    assert user.text_content() == HOSTILE
    log = page.locator("#messages")
    expect(log.locator("img")).to_have_count(0)
    expect(log.locator("script")).to_have_count(0)
    expect(log.locator("[hx-get]")).to_have_count(0)
    assert "49" not in user.text_content()
    send(page, "show me laptops")
    shot(page)

    assert dialogs == []
    config = page.evaluate("""() => ({allowEval: htmx.config.allowEval, scripts: htmx.config.allowScriptTags,
        indicators: htmx.config.includeIndicatorStyles, history: htmx.config.historyCacheSize,
        self: htmx.config.selfRequestsOnly})""")
    assert config == {"allowEval": False, "scripts": False, "indicators": False, "history": 0, "self": True}
    assert page.evaluate("window.__csp") == []
    assert console_csp == []
    storage = page.evaluate("JSON.stringify(localStorage)") + page.evaluate("JSON.stringify(sessionStorage)")
    assert "laptops" not in storage and "onerror" not in storage
    assert page.errors == []


def test_keyboard_only(page, shot):
    open_chat(page)
    field = box(page)
    expect(field).to_be_focused()
    page.keyboard.press("Tab")
    expect(send_button(page)).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(field).to_be_focused()
    page.keyboard.type("show me monitors")
    page.keyboard.press("Enter")
    expect(messages(page)).to_have_count(2)
    expect(users(page).first).to_have_text("show me monitors")
    expect(field).to_be_focused()
    shot(page)


@pytest.mark.faults
def test_page_keeps_working_through_a_redis_kill_and_says_memory_is_local(browser, shot, tmp_path):
    from tests.servers import Gunicorn, RedisServer

    (tmp_path / "redis").mkdir()
    redis_server = RedisServer(tmp_path / "redis", appendonly=True).start()
    env = {"REDIS_URL": redis_server.url, "SESSION_BACKEND": "redis", "RATELIMIT_ENABLED": "false",
           "SECRET_KEY": "browser-fault-test"}
    server = Gunicorn(env, tmp_path / "gunicorn.log").start()
    context = browser.new_context(base_url=server.url, viewport={"width": 1024, "height": 768})
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        open_chat(page)
        notice = page.locator("#store-notice .notice")
        expect(notice).to_be_hidden()
        send(page, "show me laptops under $1000")
        redis_server.kill()
        answer = send(page, "which is the cheapest?")
        expect(answer.locator(".card").first).to_be_visible()  # the follow-up still had its list
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("temporarily local")
        shot(page, "redis-down")
        page.reload()
        expect(users(page)).to_have_count(2)  # the whole conversation, from the host store
        redis_server.start()
        deadline = time.monotonic() + 30
        # Each worker tries Redis again 10 s after it failed, on its next request: the page's reloads keep one
        # connection (one worker), so health checks on fresh connections reach the other workers too.
        while server.output().count("Redis answers again") < server.output().count("webapp.breaker: Redis failing"):
            assert time.monotonic() < deadline, "Redis was never used again"
            time.sleep(1)
            page.reload()
            requests.get(f"{server.url}/healthz", timeout=5)
        send(page, "the first one")
        expect(notice).to_be_hidden()
        expect(users(page)).to_have_text(["show me laptops under $1000", "which is the cheapest?", "the first one"])
    finally:
        context.close()
        server.stop()
        redis_server.stop()
