"""Token counts for the history budget: the model server's own tokenizer when it offers one, else the estimate.

llama-cpp-python's server offers `POST /extras/tokenize/count` ({"input": text} -> {"count": n}) beside its /v1
API. The first count probes it, with a short timeout, and the answer is kept: a server that offers no tokenizer
(404, 405, 501, or an answer not shaped as a count) is not asked again; one that did not answer in time (busy
with another answer, or not up yet) or failed is asked again after RETRY_SECONDS, the estimate counting
meanwhile. A message costs its text's tokens plus the estimate's allowance for the role and separators. Counts
are cached by text, so a turn asks only about the messages its window did not hold before.
"""
import logging
import time
from functools import lru_cache

import httpx2

from ..memory import estimate_tokens
from ..memory.budget import TOKENS_PER_MESSAGE

log = logging.getLogger("webapp.llm")

TOKENIZE_PATH = "/extras/tokenize/count"
PROBE_SECONDS = 2.0
RETRY_SECONDS = 30.0
CACHED_TEXTS = 4096
NOT_OFFERED = frozenset({404, 405, 501})  # no such route: the server has no tokenizer there


def tokenizer_url(base_url):
    """The tokenizer's URL beside an OpenAI base URL ("http://host:8080/v1" -> "http://host:8080/extras/...")."""
    return base_url.rstrip("/").removesuffix("/v1") + TOKENIZE_PATH


class ServerTokenCounter:
    """Counts a message's tokens with the server's tokenizer when it has one; `count` is the function to pass on."""

    def __init__(self, base_url, api_key, model, timeout=PROBE_SECONDS):
        self.url = tokenizer_url(base_url)
        self.model = model
        self.headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.timeout = timeout
        self.offered = None  # None: not known yet; True / False once the server has answered
        self.retry_at = 0.0
        self._server_count = lru_cache(maxsize=CACHED_TEXTS)(self._ask)

    def count(self, text):
        """Tokens of one message with this text: the server's count when it offers one, else the estimate."""
        if self.offered is False or time.monotonic() < self.retry_at:
            return estimate_tokens(text)
        try:
            tokens = self._server_count(text)
        except (httpx2.TimeoutException, httpx2.TransportError, Unanswered) as error:
            log.info("the model server's tokenizer did not answer (%s: %s); the estimate counts for %.0f s",
                     type(error).__name__, error, RETRY_SECONDS)
            self.retry_at = time.monotonic() + RETRY_SECONDS
            return estimate_tokens(text)
        except NotOffered as error:
            log.info("the model server offers no tokenizer at %s (%s); the estimate counts", self.url, error)
            self.offered = False
            return estimate_tokens(text)
        self.offered = True
        return tokens + TOKENS_PER_MESSAGE

    def _ask(self, text):
        response = httpx2.post(self.url, json={"input": text, "model": self.model}, headers=self.headers,
                               timeout=self.timeout)
        if response.status_code in NOT_OFFERED:
            raise NotOffered(f"HTTP {response.status_code}")
        if response.status_code != 200:
            raise Unanswered(f"HTTP {response.status_code}")
        try:
            count = response.json()["count"]
        except (ValueError, KeyError, TypeError) as error:
            raise NotOffered("the answer has no count") from error
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise NotOffered("the count is not a whole number")
        return count


class NotOffered(Exception):
    """The server answered, but not as a tokenizer: it offers none."""


class Unanswered(Exception):
    """The tokenizer failed this time (an error status that says nothing of whether it exists)."""
