"""Server-Sent Events for a streamed chat turn, shared by the API and the page.

Events: `delta` for each piece of text as the assistant produces it, then one `done`; or `error` instead of
`done`, when nothing of the turn was stored. The turn is stored (once, whole) just before `done` is sent.
"""
import logging

from flask import Response, stream_with_context

from .assistant import AssistantUnavailable
from .chat import Turn

log = logging.getLogger("webapp.streaming")
FAILED = "Something went wrong on our side. Please try again."


def sse(event, data):
    """One event in the text/event-stream format; each line of `data` on a `data:` line of its own."""
    return f"event: {event}\n" + "".join(f"data: {line}\n" for line in data.split("\n")) + "\n"


def event_stream(events, delta, done, error):
    """A text/event-stream response over stream_turn's events; delta(text), done(turn), error(code, message) format them."""

    def body():
        try:
            for item in events:
                yield sse("done", done(item)) if isinstance(item, Turn) else sse("delta", delta(item))
        except AssistantUnavailable as failure:
            yield sse("error", error("assistant_unavailable", str(failure)))
        except Exception:  # headers are sent: the stream can only say it failed, never turn into a 500
            log.exception("a streamed turn failed")
            yield sse("error", error("internal_error", FAILED))

    return sse_response(body())


def sse_response(body):
    """A streamed text/event-stream response that no cache or proxy holds back."""
    response = Response(stream_with_context(body), mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response
