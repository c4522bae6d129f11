"""The naive design, the HTTP benchmark's reference: the seed's way of keeping a conversation.

The whole history lives inside the Flask-Session blob, which is read, changed and rewritten on every
request; there is no assistant (a canned reply) and no window store. Two posts into one conversation
at once each rewrite the blob from what they read, so one of the two turns is lost (Flask-Session
issues #71, #149): the benchmark counts those losses.
"""
import time

import redis
from cachelib import FileSystemCache
from flask import Flask, jsonify, render_template_string, request, session
from flask_session import Session
from flask_wtf.csrf import CSRFProtect, generate_csrf

MAX_MESSAGES = 20  # the same 10-pair window as the app
MESSAGE = '<div class="message {{ m.role }}"><p>{{ m.content }}</p></div>'
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shopping assistant</title></head>
<body><main><h1>Shopping assistant</h1><div id="messages">{% for m in messages %}""" + MESSAGE + """{% endfor %}</div>
<form method="post" action="/chat" hx-post="/chat" hx-target="#messages" hx-swap="beforeend">
<input type="hidden" name="csrf_token" value="{{ csrf }}"><textarea name="message"></textarea>
<button type="submit">Send</button></form></main></body></html>"""
EXCHANGE = "{% for m in messages %}" + MESSAGE + "{% endfor %}"


def create_naive_app(backend, redis_url=None, cache_dir=None):
    """The naive chat app over Flask-Session's own "redis" or "cachelib" interface."""
    app = Flask(__name__)
    app.config.update(SECRET_KEY="naive-bench", SESSION_COOKIE_NAME="session_id", SESSION_TYPE=backend)
    if backend == "redis":
        app.config["SESSION_REDIS"] = redis.Redis.from_url(redis_url)
    else:
        app.config["SESSION_CACHELIB"] = FileSystemCache(cache_dir, threshold=0)
    Session(app)
    csrf = CSRFProtect(app)

    def turn(text):
        history = session.get("history", [])
        answer = f"You asked: {text}"
        history = (history + [{"role": "user", "content": text, "ts": time.time()},
                              {"role": "assistant", "content": answer, "ts": time.time()}])[-MAX_MESSAGES:]
        session["history"] = history
        return history[-2:]

    @app.post("/api/v1/chat")
    @csrf.exempt
    def api_chat():
        """A JSON turn: the history read from the blob, a canned reply, the blob rewritten."""
        pair = turn(request.get_json()["message"])
        return jsonify(success=True, session_id=session.sid, response={"answer": pair[1]["content"]})

    @app.post("/chat")
    def page_chat():
        """An htmx turn: the same, answering the pair's fragment."""
        return render_template_string(EXCHANGE, messages=turn(request.form["message"]))

    @app.get("/")
    def index():
        """The page with the history from the blob."""
        return render_template_string(PAGE, messages=session.get("history", []), csrf=generate_csrf())

    @app.get("/api/v1/chat/session/<session_id>")
    def history(session_id):
        """The history from the blob (the cookie's session; the path's id is not looked up)."""
        return jsonify(session_id=session_id, messages=[{"role": m["role"], "content": m["content"]}
                                                        for m in session.get("history", [])])

    return app

