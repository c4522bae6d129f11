"""Preferences and export in a real browser: Debian's chromium driven by Playwright against gunicorn + Redis."""
import json

import pytest
import requests

from tests.test_browser import TIMEOUT, browser  # noqa: F401  (fixture)

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

pytestmark = pytest.mark.browser



@pytest.fixture
def page(browser, live_server):
    """A desktop-sized page in a fresh context (its own cookies) that accepts downloads."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1024, "height": 768},
                                  accept_downloads=True)
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    page.goto("/")
    page.wait_for_function("() => window.htmx !== undefined && document.readyState === 'complete'")
    yield page
    context.close()


def messages(page):
    return page.locator("#messages[role=log] .message[data-role]")


def send(page, text):
    """Send `text` and wait for the answer it adds; the answer's element."""
    before = messages(page).count()
    page.get_by_label("Message").fill(text)
    page.get_by_label("Message").press("Enter")
    expect(messages(page)).to_have_count(before + 2)
    return messages(page).nth(before + 1)


def stored_history(page, live_server):
    """The API's history read of this browser's conversation (the cookie's session id)."""
    cookie = next(c for c in page.context.cookies() if c["name"] == "session_id")
    session_id = cookie["value"].partition(".")[0]
    return requests.get(f"{live_server.url}/api/v1/chat/session/{session_id}", timeout=5).json()


def test_removing_a_preference_chip_changes_the_next_answer(page, output_dir):
    chips = page.locator("#preferences")
    send(page, "I only buy Sony")
    expect(chips).to_contain_text("Remembering:")
    expect(page.get_by_role("button", name="Forget Sony")).to_be_visible()
    with_sony = send(page, "show me headphones")
    expect(with_sony.locator(".bubble")).to_contain_text("only Sony, as you prefer")
    page.screenshot(path=str(output_dir / "preferences-chip.png"))
    page.get_by_role("button", name="Forget Sony").click()
    expect(page.get_by_role("button", name="Forget Sony")).to_have_count(0)
    expect(chips).not_to_contain_text("Remembering:")
    without = send(page, "show me headphones")
    expect(without.locator(".bubble")).not_to_contain_text("Sony")
    cards = without.locator(".card").all_inner_texts()
    assert len(cards) == 5 and not all("Sony" in card for card in cards)


def test_a_preference_chip_survives_a_reload(page):
    send(page, "my budget is $800")
    page.reload()
    expect(page.get_by_role("button", name="Forget budget $800")).to_be_visible()


@pytest.mark.parametrize("format_", ["md", "json"])
def test_the_export_downloads_the_stored_history(page, live_server, tmp_path, format_):
    send(page, "my budget is $800")
    send(page, "show me laptops")
    link = page.locator(f'a[href="/export?format={format_}"]').first
    if not link.count():  # the page's own download links land with the page conveniences; until then, one of ours
        page.evaluate("""format => {
            const a = document.createElement("a");
            a.href = "/export?format=" + format; a.textContent = "Download " + format; a.id = "test-export";
            document.body.append(a);
        }""", format_)
        link = page.locator("#test-export")
    with page.expect_download() as started:
        link.click()
    download = started.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert download.suggested_filename == f"conversation.{format_}"
    text = path.read_text(encoding="utf-8")
    stored = stored_history(page, live_server)
    assert len(stored["messages"]) == 4
    if format_ == "json":
        document = json.loads(text)
        assert document["messages"] == stored["messages"] and document["preferences"] == stored["preferences"]
    else:
        assert all(m["content"] in text for m in stored["messages"]) and "Remembering: budget $800" in text
