"""TRUSTED_PROXIES under real gunicorn: behind two trusted hops each shopper is limited (and logged) by their own
address and the page works on its public https origin; with TRUSTED_PROXIES=0 forged X-Forwarded-* change nothing."""
import re
import time

import pytest
import requests
from limits import parse

from tests.servers import Gunicorn
from webapp.security import TURNS_PER_SESSION

pytestmark = pytest.mark.e2e

# A turn without a session id is limited by its address, at the per-conversation rate (the tightest).
NEW_SESSIONS_PER_MINUTE = parse(TURNS_PER_SESSION).amount
PROXY = "10.0.0.7"  # the first hop's address, as the second hop appends it
PUBLIC = "shop.example"


def app_behind(tmp_path, hops):
    env = {"SESSION_BACKEND": "cachelib", "SECRET_KEY": "proxies-test", "TRUSTED_PROXIES": str(hops)}
    return Gunicorn(env, tmp_path / f"hops-{hops}.log", workers=1)


@pytest.fixture(scope="module")
def two_hops(tmp_path_factory):
    server = app_behind(tmp_path_factory.mktemp("two-hops"), 2).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def no_proxy(tmp_path_factory):
    server = app_behind(tmp_path_factory.mktemp("no-proxy"), 0).start()
    yield server
    server.stop()


def new_conversation(server, forwarded_for):
    """One new-session turn with the X-Forwarded-For given; the status."""
    return requests.post(f"{server.url}/api/v1/chat", json={"message": "show me tvs"}, timeout=10,
                         headers={"X-Forwarded-For": forwarded_for}).status_code


def logged(server, *lines, seconds=5):
    """The server's log once it holds every line (gunicorn writes a request's access line after answering it)."""
    deadline = time.monotonic() + seconds
    while not all(line in (log := server.output()) for line in lines) and time.monotonic() < deadline:
        time.sleep(0.05)
    return log


def test_behind_two_hops_two_shoppers_are_limited_separately(two_hops):
    # The shopper may forge a first entry; only the two rightmost (appended by the trusted hops) count.
    statuses = [new_conversation(two_hops, f"6.6.6.{n}, 198.51.100.20, {PROXY}")
                for n in range(NEW_SESSIONS_PER_MINUTE + 1)]
    assert statuses[:NEW_SESSIONS_PER_MINUTE] == [200] * NEW_SESSIONS_PER_MINUTE and statuses[-1] == 429
    assert new_conversation(two_hops, f"198.51.100.21, {PROXY}") == 200, "another shopper has a limit of their own"
    refused, answered = '198.51.100.20 "POST /api/v1/chat" 429', '198.51.100.21 "POST /api/v1/chat" 200'
    log = logged(two_hops, refused, answered)
    assert refused in log and answered in log
    assert "6.6.6." not in log


def test_without_trusted_proxies_a_forged_header_changes_nothing(no_proxy):
    statuses = [new_conversation(no_proxy, f"198.51.100.{n}") for n in range(NEW_SESSIONS_PER_MINUTE + 1)]
    assert statuses[-1] == 429, "every forged address still counts against the one real client"
    assert "198.51.100." not in no_proxy.output()


def page_post(server, proto_header):
    """Post the page's chat form as a browser on https://shop.example does through the proxies; the status."""
    browser = requests.Session()
    forwarded = {"X-Forwarded-For": f"198.51.100.30, {PROXY}", "X-Forwarded-Host": f"{PUBLIC}, {PUBLIC}",
                 "X-Forwarded-Proto": proto_header}
    page = browser.get(f"{server.url}/", headers=forwarded, timeout=10)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    origin = f"https://{PUBLIC}"
    posted = browser.post(f"{server.url}/chat", data={"message": "show me cameras", "csrf_token": token}, timeout=10,
                          headers={**forwarded, "Origin": origin, "Referer": origin + "/"})
    return posted.status_code


def test_the_page_works_on_its_public_https_origin_only_behind_trusted_hops(two_hops, no_proxy):
    assert page_post(two_hops, "https, https") == 200
    assert page_post(no_proxy, "https, https") == 403, "without trusted hops the public origin is another site"
