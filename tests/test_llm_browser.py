"""The streamed page in a real browser (chromium, gunicorn, Redis) against the stand-in model server: words appear
as they arrive, the stored answer replaces them, Stop stores nothing, a second send waits; strict CSP holds."""
import pytest

from tests.servers import Gunicorn
from tests.test_browser import RECORD_CSP, assistants, box, browser, open_chat, users  # noqa: F401  (fixture)

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def llm_server(live_redis, standin, tmp_path_factory):
    env = {"REDIS_URL": live_redis.url, "SESSION_BACKEND": "redis", "RATELIMIT_ENABLED": "false",
           "SECRET_KEY": "live-test-secret", "ASSISTANT": "openai", "OPENAI_BASE_URL": standin.url,
           "OPENAI_MODEL": "stand-in", "OPENAI_MAX_RETRIES": "0"}
    server = Gunicorn(env, tmp_path_factory.mktemp("gunicorn") / "gunicorn.log").start()
    yield server
    server.stop()


@pytest.fixture
def page(browser, llm_server):  # noqa: F811
    context = browser.new_context(base_url=llm_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.add_init_script(RECORD_CSP)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def streaming_bubble(page):
    return page.locator("#messages .message.streaming .bubble")


def test_words_appear_as_they_arrive_then_the_stored_answer(page, standin, output_dir):
    standin.play({"slow": ["Streaming ", "words ", "one ", "by ", "one."], "gap": 0.5})
    open_chat(page)
    box(page).fill("hello")
    box(page).press("Enter")
    expect(streaming_bubble(page)).to_contain_text("Streaming words")  # seen while the stream is still open
    page.screenshot(path=str(output_dir / "llm-streaming.png"))
    expect(page.locator("#messages .message.streaming")).to_have_count(0)
    expect(assistants(page).last).to_have_text("Streaming words one by one.")
    page.reload()
    expect(assistants(page)).to_have_count(1)  # stored once
    assert page.evaluate("window.__csp") == [] and page.errors == []


def test_stop_ends_the_stream_and_stores_nothing(page, standin):
    standin.play({"slow": ["This ", "answer ", "is ", "slow ", "and ", "long ", "and ", "never ", "ends"], "gap": 1.0})
    open_chat(page)
    box(page).fill("tell me a long story")
    box(page).press("Enter")
    expect(streaming_bubble(page)).to_contain_text("This")
    page.get_by_role("button", name="Stop").click()
    expect(page.locator(".stream-stopped")).to_contain_text("Nothing of this answer was saved")
    expect(page.locator("#messages .message.streaming")).to_have_count(0)
    page.reload()
    expect(assistants(page)).to_have_count(0)
    assert page.errors == []


def test_a_second_send_waits_for_the_stream(page, standin):
    standin.play({"slow": ["First ", "answer."], "gap": 0.7}, {"text": ["Second answer."]})
    open_chat(page)
    box(page).fill("hello")  # chat streams as it comes (a question about products waits to be grounded)
    box(page).press("Enter")
    expect(streaming_bubble(page)).to_contain_text("First")
    box(page).fill("hi again")
    box(page).press("Enter")
    expect(assistants(page)).to_have_count(2)
    expect(assistants(page).last).to_have_text("Second answer.")
    assert users(page).all_inner_texts() == ["hello", "hi again"]
    assert assistants(page).first.inner_text() == "First answer."
    assert page.errors == []
