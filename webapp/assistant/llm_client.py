"""The model's endpoint: an OpenAI client with deliberate limits, and one streamed chat completion read safely.

Limits: connecting fails after `connect_seconds`; the first token (and any later gap between chunks) after
`first_token_seconds` (httpx's read timeout); the whole answer at a deadline the caller sets. The client retries
once on a refused connection, 408, 429 and 5xx before any text arrives; never mid-stream, where text was shown.
"""
import json
import logging
import time
from dataclasses import dataclass, field

import httpx2
import openai

from .base import AssistantUnavailable

log = logging.getLogger("webapp.llm")


class ToolsUnsupported(Exception):
    """The endpoint refused a request that offered tools (a model or server without function calling)."""


@dataclass(frozen=True)
class ToolCall:
    """One function call the model asked for: its id, the tool's name and the JSON text of its arguments."""

    id: str
    name: str
    arguments: str


@dataclass
class Completion:
    """What one streamed completion said: its text and the tool calls it asked for."""

    text: str = ""
    tool_calls: list = field(default_factory=list)


def make_client(base_url, api_key, connect_seconds, first_token_seconds, max_retries):
    """An OpenAI client for an OpenAI-compatible endpoint (a local server needs no key: any text will do)."""
    timeout = openai.Timeout(first_token_seconds, connect=connect_seconds)
    return openai.OpenAI(base_url=base_url, api_key=api_key or "none", timeout=timeout, max_retries=max_retries)


def stream_completion(client, model, messages, deadline, **options):
    """Yield the text of one streamed completion as it comes; return the Completion.

    `options` are the request's own fields (tools, tool_choice, temperature, max_tokens). Raises
    AssistantUnavailable for any failure of the endpoint or the stream (the message says which), and
    ToolsUnsupported when a request with tools is refused as bad.
    """
    pieces, calls, finish = [], {}, None
    try:
        stream = client.chat.completions.create(model=model, messages=messages, stream=True, **options)
        with stream:
            for chunk in stream:
                if time.monotonic() > deadline:
                    raise AssistantUnavailable("The language model took too long to answer. Please try again.")
                for choice in chunk.choices or ():
                    finish = choice.finish_reason or finish
                    delta = choice.delta
                    if delta is None:
                        continue
                    for call in delta.tool_calls or ():
                        _merge_call(calls, call)
                    if delta.content:
                        pieces.append(delta.content)
                        yield delta.content
        if finish is None:  # every server ends a whole answer with a finish reason; a cut stream has none
            raise AssistantUnavailable("The language model broke off its answer. Nothing was saved; please try again.")
    except openai.BadRequestError as error:
        if options.get("tools"):
            raise ToolsUnsupported(str(error)) from error
        raise _unavailable(error) from error
    except (openai.OpenAIError, httpx2.HTTPError, ValueError, KeyError, TypeError, AttributeError) as error:
        # ValueError: a chunk that is not JSON; Key/Type/AttributeError: JSON not shaped like a chunk.
        raise _unavailable(error) from error
    return Completion("".join(pieces), [_finished(calls[i]) for i in sorted(calls)])


def _merge_call(calls, call):
    """Add one streamed piece of a tool call to the calls gathered so far (name first, arguments in pieces)."""
    gathered = calls.setdefault(call.index if call.index is not None else len(calls), {"id": "", "name": "", "arguments": ""})
    gathered["id"] = call.id or gathered["id"]
    if call.function is not None:
        name = call.function.name or ""
        if name != gathered["name"]:  # llama-cpp-python repeats the whole name in every piece; OpenAI sends it once
            gathered["name"] += name
        gathered["arguments"] += call.function.arguments or ""


def _finished(gathered):
    """A ToolCall from its gathered pieces; a call without an id gets one (some servers leave it out)."""
    return ToolCall(gathered["id"] or f"call_{gathered['name']}", gathered["name"], gathered["arguments"] or "{}")


def _unavailable(error):
    """The AssistantUnavailable that tells the shopper what went wrong, in words; the details go to the log."""
    log.warning("language model request failed: %s: %s", type(error).__name__, error)
    if isinstance(error, openai.APITimeoutError | httpx2.TimeoutException):
        text = "The language model did not answer in time."
    elif isinstance(error, openai.RateLimitError):
        text = "The language model is busy right now (rate limited)."
    elif isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError):
        text = "The language model refused this app's key (OPENAI_API_KEY)."
    elif isinstance(error, openai.NotFoundError):
        text = "The language model's server does not serve the configured model (OPENAI_MODEL)."
    elif isinstance(error, openai.APIStatusError):
        text = f"The language model's server answered with an error (HTTP {error.status_code})."
    elif isinstance(error, openai.APIConnectionError | httpx2.HTTPError):
        text = "The language model's server could not be reached, or it broke off its answer."
    else:
        text = "The language model's answer could not be read."
    return AssistantUnavailable(f"{text} Nothing was saved; please try again in a moment.")


def check_reachable(client):
    """None when the endpoint lists its models, else a sentence saying why it could not (for the start-up log)."""
    try:
        client.with_options(max_retries=0, timeout=3.0).models.list()
    except openai.OpenAIError as error:
        return f"{type(error).__name__}: {error}"
    return None


def parse_arguments(text):
    """The JSON object of a tool call's arguments; ValueError when it is not one."""
    value = json.loads(text or "{}")
    if not isinstance(value, dict):
        raise ValueError("tool arguments must be a JSON object")
    return value
