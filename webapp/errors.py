"""One error shape for the API, a readable page for the browser, never a stack trace."""
import logging

from flask import jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, TooManyRequests

from .access_log import mask
from .assistant import AssistantUnavailable
from .chat import SessionLimitReached

log = logging.getLogger("webapp.errors")

CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         413: "payload_too_large", 415: "unsupported_media_type", 429: "rate_limited", 500: "internal_error"}


class ApiError(Exception):
    """An expected client error: status, snake_case code and a human message."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_response(status, code, message, headers=None):
    """The contract's JSON error body."""
    response = jsonify(success=False, error={"code": code, "message": message})
    response.status_code = status
    response.headers.extend(headers or {})
    return response


def wants_json():
    """API and health paths answer JSON; everything else answers HTML."""
    return request.path.startswith("/api/") or request.path == "/healthz"


def init_app(app):
    """Register handlers so every error, API or page, has the right shape."""

    @app.errorhandler(ApiError)
    def api_error(error):
        return error_response(error.status, error.code, error.message)

    @app.errorhandler(HTTPException)
    def http_error(error):
        headers = {k: v for k, v in error.get_headers() if k.lower() in ("allow", "retry-after")}
        if error.code == 429:
            headers.setdefault("Retry-After", "60")
        message = _message(error)
        if wants_json():
            return error_response(error.code, CODES.get(error.code, "http_error"), message, headers)
        return page_error(error.code, message, headers)

    @app.errorhandler(SessionLimitReached)
    def session_limit(error):
        return http_error(TooManyRequests("Too many new conversations from your address; please wait a minute."))

    @app.errorhandler(AssistantUnavailable)
    def assistant_unavailable(error):
        # The turn was not stored (the pair is appended only after a finished answer): say so, never a 500.
        if wants_json():
            return error_response(503, "assistant_unavailable", str(error))
        return page_error(503, str(error))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        message = "This page is out of date (its security token is missing or expired). Reload it and try again."
        if wants_json():
            return error_response(400, "csrf_failed", message)
        return page_error(400, message)

    @app.errorhandler(Exception)
    def unexpected(error):
        log.exception("unexpected error on %s %s", request.method, mask(request.path))
        message = "Something went wrong on our side. Please try again."
        if wants_json():
            return error_response(500, "internal_error", message)
        return page_error(500, message)


def page_error(status, message, headers=None):
    """For htmx, a notice swapped into the page's error area; otherwise an error page."""
    headers = dict(headers or {})
    if request.headers.get("HX-Request") == "true":
        headers.update({"HX-Retarget": "#chat-error", "HX-Reswap": "innerHTML"})
        return render_template("_notice.html", message=message), status, headers
    return render_template("error.html", status=status, message=message), status, headers


def _message(error):
    """A short human message for an HTTP error."""
    return {
        404: "Nothing lives at this address.",
        405: f"{request.method} is not allowed here.",
        413: "The request is too large (at most 64 KiB).",
        429: "Too many messages in a short time; please wait a moment and try again.",
    }.get(error.code) or error.description or error.name
