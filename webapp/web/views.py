"""Views of the chat page. The page includes the same partials these views return to htmx."""
import time

from flask import (Blueprint, Response, flash, get_flashed_messages, make_response, redirect, render_template,
                   request, session, url_for)

from ..assistant.answers import money, spec_label, spec_value
from ..assistant.preferences import Preferences
from ..backends import CSRF_KEY
from ..chat import InvalidMessage, clean_message
from ..errors import page_error
from ..export import FORMATS, exported
from ..services import chat_service, memory_is_local, settings
from .fragments import keep_markup, messages_html
from .links import keep_links

bp = Blueprint("web", __name__)
bp.record_once(lambda state: keep_markup(state.app))
bp.record_once(lambda state: keep_links(state.app))
UNDO_SECONDS = 60  # how long Clear conversation can be undone: the cleared keys are kept aside that long
CANNOT_UNDO = "That conversation can no longer be restored: a clear can be undone only for a minute."


def conversation_id():
    """The session id of this browser, storing its session when this is its first message."""
    if "created_at" not in session:
        chat_service().start(session.sid, counted=True)
        session["created_at"] = time.time()
        session[CSRF_KEY] = session.sid
    if "undo" in session:  # a new message ends the offer to undo the clear: undoing would drop this turn
        del session["undo"]
    return session.sid


def continue_as(session_id):
    """Continue this browser under session_id, a session the store just created; returns it.

    Nothing of the old record is carried over (its birth date would age the new session at once) but
    the key the page's CSRF token is bound to, so the page stays usable.
    """
    csrf_key = session.get(CSRF_KEY) or session.sid
    session.clear()
    session.sid = session_id
    session["created_at"] = time.time()
    session[CSRF_KEY] = csrf_key
    return session_id


def start_over():
    """Continue under a new session id (after a clear)."""
    return continue_as(chat_service().start())


def is_htmx():
    """True for requests htmx sends (they get fragments, not pages)."""
    return request.headers.get("HX-Request") == "true"


def vary(response):
    """Mark a response as differing by HX-Request, so caches keep page and fragment apart."""
    response.vary.add("HX-Request")
    return response


@bp.get("/")
def index():
    """The chat page with the stored conversation."""
    expired = session.lost
    # A page view stores nothing: a session is stored with its first message.
    found = chat_service().conversation(session.sid, session.snapshot) if "created_at" in session else ([], Preferences())
    if found is None:  # past its absolute lifetime: continue under a new session, as after a clear
        start_over()
        expired, found = True, ([], Preferences())
    history, preferences = found
    messages = messages_html(history)
    notices, errors = [], get_flashed_messages()
    if expired:
        notices.append("Your earlier conversation expired after a period of inactivity, so we started a new one.")
    draft = session.pop("draft", "")
    return vary(make_response(render_template("index.html", messages=messages, notices=notices, errors=errors, draft=draft,
                                              preferences=preferences)))


@bp.post("/chat")
def chat():
    """Answer a message: two message fragments for htmx, a redirect back to the page otherwise."""
    raw = request.form.get("message", "")
    try:
        text = clean_message(raw, settings().max_message_chars)
    except InvalidMessage as error:
        return _refuse(str(error), raw)
    if is_htmx() and chat_service().assistant.streams:
        return start_stream(text)
    snapshot = session.snapshot if "created_at" in session else None  # a first message has nothing to read
    turn = chat_service().turn(conversation_id(), text, snapshot=snapshot)
    if turn.session_created:  # the old session outlived its absolute lifetime: follow the new id
        continue_as(turn.session_id)
    if not is_htmx():
        return vary(redirect(url_for("web.index"), 303))
    pair = messages_html([turn.user_message, turn.assistant_message])
    return vary(make_response(render_template("_turn.html", messages=pair, preferences=turn.preferences)))


@bp.post("/clear")
def clear():
    """Clear the conversation (restorable for UNDO_SECONDS) and continue under a new session id."""
    cleared_id = session.sid
    cleared = chat_service().clear(cleared_id, keep_seconds=UNDO_SECONDS)
    start_over()
    if cleared:
        session["undo"] = {"session_id": cleared_id, "until": time.time() + UNDO_SECONDS}
    if not is_htmx():
        return vary(redirect(url_for("web.index"), 303))
    return vary(make_response(render_template("_messages.html", messages=[])
                              + render_template("_undo.html", oob=True)
                              + render_template("_preferences.html", preferences=Preferences(), oob=True)))


@bp.post("/clear/undo")
def undo_clear():
    """Bring back the conversation this browser just cleared, as its session again; then back to the page."""
    offer = session.get("undo") or {}
    record = None
    if offer.get("until", 0) > time.time():
        record = chat_service().restore(offer.get("session_id", ""))
    if record is None:
        session.pop("undo", None)
        flash(CANNOT_UNDO)
    else:
        chat_service().clear(session.sid)  # the empty conversation the clear started
        session.clear()
        session.sid = offer["session_id"]
        session.update(record)
    return vary(redirect(url_for("web.index"), 303))


@bp.post("/preferences/forget")
def forget_preference():
    """Forget one remembered preference (its chip's name): the chips left for htmx, a redirect otherwise."""
    name = request.form.get("name", "")[:200]
    left = chat_service().forget_preference(session.sid, name) if "created_at" in session else None
    if not is_htmx():
        return vary(redirect(url_for("web.index"), 303))
    return vary(make_response(render_template("_preferences.html", preferences=left or Preferences())))


@bp.get("/export")
def export():
    """This browser's conversation as a file to save: ?format=md (Markdown) or json (the history read's object).

    The JSON's session_id is left empty: the id is this browser's key to the conversation, not to be passed on."""
    format_ = request.args.get("format", "md")
    if format_ not in FORMATS:
        return page_error(400, "The export format must be one of: " + ", ".join(FORMATS) + ".")
    found = chat_service().conversation(session.sid) if "created_at" in session else None
    history, preferences = found or ([], Preferences())
    body, media_type, headers = exported(format_, None, history, preferences, chat_service().idle_ttl_seconds)
    return Response(body, content_type=media_type, headers=headers)


def _refuse(message, draft):
    """Show why a message was not sent, keeping what the user typed."""
    if is_htmx():
        return vary(make_response(page_error(422, message)))
    flash(message)
    if draft.strip():
        session["draft"] = draft[: settings().max_message_chars * 2]
    return vary(redirect(url_for("web.index"), 303))


@bp.app_context_processor
def store_state():
    """`local_memory` for every template: whether the store notice shows."""
    return {"local_memory": memory_is_local()}


@bp.app_context_processor
def page_state():
    """`undo_seconds` (seconds left to undo a clear, or 0) and `max_message_chars` for the page's templates."""
    offer = session.get("undo") if "undo" in session else None
    left = round(offer["until"] - time.time()) if isinstance(offer, dict) else 0
    return {"undo_seconds": max(0, left), "max_message_chars": settings().max_message_chars}


@bp.app_template_filter("iso_time")
def iso_time(timestamp):
    """A Unix time as ISO 8601 in UTC, for <time datetime>."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(timestamp))


@bp.app_template_filter("exact_time")
def exact_time(timestamp):
    """A Unix time as the exact UTC time shown on hover (the page's script shows it in local time)."""
    return time.strftime("%d %b %Y, %H:%M UTC", time.gmtime(timestamp))


@bp.app_template_filter("money")
def money_filter(amount):
    """$1,299.99 in templates."""
    return money(amount)


@bp.app_template_filter("spec_label")
def spec_label_filter(name):
    """A spec's human label in templates."""
    return spec_label(name)


@bp.app_template_filter("spec_value")
def spec_value_filter(value, name):
    """A spec value with its unit in templates."""
    return spec_value(name, value)


@bp.app_template_filter("star_class")
def star_class(rating):
    """CSS class drawing a rating in half stars (r-0 ... r-50): no inline styles under the CSP."""
    return f"r-{round(max(0.0, min(5.0, float(rating))) * 2) * 5}"


from .stream_views import start_stream  # noqa: E402  (its views use this module's helpers and blueprint)
