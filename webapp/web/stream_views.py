"""The page's streamed answers: the message's fragment at once, then its answer as Server-Sent Events.

POST /chat (htmx, an assistant that streams) keeps the message as the session's one pending turn, under a
one-time token; the fragment's `sse-connect` then opens GET /chat/stream, which runs the turn. Without
JavaScript, or with the catalog assistant, /chat answers whole as before.
"""
import secrets

from flask import make_response, render_template, request, session, url_for
from markupsafe import escape

from ..memory import Message
from ..services import chat_service
from ..streaming import event_stream, sse, sse_response
from .fragments import messages_html
from .views import bp, continue_as, conversation_id, vary

def start_stream(text):
    """The message's fragment and an answer that streams from chat_stream: the turn runs when the page connects."""
    conversation_id()
    token = secrets.token_urlsafe(16)
    session["pending_turn"] = {"token": token, "text": text}
    html = render_template("_exchange.html", messages=messages_html([Message("user", text)])) + render_template(
        "_streaming.html", stream_url=url_for("web.chat_stream", turn=token))
    return vary(make_response(html))


@bp.get("/chat/stream")
def chat_stream():
    """The pending message's answer as Server-Sent Events: words as they come, then the stored answer's fragment."""
    pending = session.get("pending_turn") or {}
    if not pending or pending.get("token") != request.args.get("turn"):
        # A reconnect after the stream ended or broke: the turn ran once, it is not run again.
        gone = render_template("_stream_error.html", message=INTERRUPTED)
        return sse_response(iter([sse("error", gone)]))
    session.pop("pending_turn")
    session_id, created, events = chat_service().stream_turn(conversation_id(), pending["text"])
    if created:  # the old session outlived its absolute lifetime: follow the new id
        continue_as(session_id)
    return event_stream(events, lambda piece: str(escape(piece)),
                        lambda turn: str(messages_html([turn.assistant_message])[0]),
                        lambda code, message: render_template("_stream_error.html", message=message))


INTERRUPTED = "This answer was interrupted. If it is not in the conversation after a reload, please send it again."


@bp.app_context_processor
def streaming_context():
    """Whether the page loads the SSE extension: only when the assistant streams."""
    return {"assistant_streams": chat_service().assistant.streams}
