"""The page's messages: each stored message is rendered once and its markup kept, per app.

A stored message never changes, and neither does its markup but in two places: its age ("5 min ago") and,
in the latest answer's forms, the CSRF token. Those are rendered as holes and filled in at each request.
"""
import time
from functools import lru_cache

from flask import current_app, request
from markupsafe import Markup

from ..memory import Message
from ..security import page_token
from ..services import product_index
from .presenter import shown

KEPT_MESSAGES = 1024  # per worker: the windows of some 50 conversations, a few MB
# No rendered value can contain these: they are escaped, and escaping turns every "<" into "&lt;".
AGE_HOLE, TOKEN_HOLE = Markup("<age>"), Markup("<csrf-token>")


def keep_markup(app):
    """Give the app its own kept message markup: a message renders with the app's catalog and templates."""
    app.extensions["message_markup"] = lru_cache(maxsize=KEPT_MESSAGES)(_render)


def messages_html(messages):
    """The markup of stored Messages as the page shows them now; the last is live: an answer's follow-ups and
    card actions work only there."""
    render = _render if current_app.jinja_env.auto_reload else current_app.extensions["message_markup"]
    script_root, last = request.script_root, len(messages) - 1
    html = [ago(m.timestamp).join(render(m.to_json(), i == last, script_root)) for i, m in enumerate(messages)]
    if html and TOKEN_HOLE in html[-1]:  # only the live answer has forms
        html[-1] = html[-1].replace(TOKEN_HOLE, page_token())
    return [Markup(h) for h in html]


def _render(stored, latest, script_root):
    """The markup of a message in its stored form, in pieces around its age, with holes for the CSRF token (the
    script root is part of the key: the forms' addresses start with it)."""
    template = current_app.jinja_env.get_template("_message.html")
    html = template.render(message=shown(Message.from_json(stored), product_index(), latest), age=AGE_HOLE,
                           csrf_token=lambda: TOKEN_HOLE)
    return tuple(html.split(AGE_HOLE))


def ago(timestamp):
    """How long ago a Unix time was, as the page shows it ("just now", "5 min ago", "3 h ago", a date)."""
    seconds = max(0, time.time() - timestamp)
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    return time.strftime("%d %b %Y", time.gmtime(timestamp))
