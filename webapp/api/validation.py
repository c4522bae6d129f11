"""Checks of API input; each failure is an ApiError with a clear code and message."""
import json
import math

from ..errors import ApiError

MAX_SESSION_ID_CHARS = 128


def json_object(request):
    """The request body as a JSON object, or an ApiError (415 wrong type, 400 bad JSON or not an object)."""
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.")
    data = request.get_data(cache=False)
    if request.content_length is None and request.max_content_length and len(data) >= request.max_content_length:
        # Werkzeug cuts a chunked body (no Content-Length) at the limit instead of refusing it.
        raise ApiError(413, "payload_too_large", "The request is too large (at most 64 KiB).")
    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: nested too deep to parse
        raise ApiError(400, "invalid_json", "The body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_body", "The body must be a JSON object.")
    return body


def optional_bool(body, name):
    """body[name] as a bool, False when absent; an ApiError when it is not true or false."""
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise ApiError(400, f"invalid_{name}", f"'{name}' must be true or false.")
    return value


def optional_session_id(value):
    """None, or a session id string of sane length (unknown ids are handled later)."""
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_SESSION_ID_CHARS:
        raise ApiError(400, "invalid_session_id", f"'session_id' must be null or a string of at most {MAX_SESSION_ID_CHARS} characters.")
    return value


def bounded_int(body, name, low, high, default):
    """body[name] as an integer in [low, high] (20.0 counts, as in JSON Schema), or default when absent."""
    if name not in body:
        return default
    value = body[name]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ApiError(400, f"invalid_{name}", f"'{name}' must be a whole number from {low} to {high}.")
    return value


def query_number(args, name):
    """A non-negative number from the query string, or None."""
    raw = args.get(name)
    if raw is None:
        return None
    try:
        value = float(raw) if raw.isascii() else -1.0  # float() also reads digits of other scripts
    except ValueError:
        value = -1.0
    if not (math.isfinite(value) and value >= 0):
        raise ApiError(400, f"invalid_{name}", f"'{name}' must be a non-negative number.")
    return value


def query_int(args, name, low, high, default):
    """A whole number in [low, high] from the query string, or default."""
    raw = args.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:  # "²".isdigit() is True
        raise ApiError(400, f"invalid_{name}", f"'{name}' must be a whole number from {low} to {high}.")
    return int(raw)


def query_choice(args, name, choices):
    """One of choices from the query string, or None."""
    raw = args.get(name)
    if raw is None:
        return None
    if raw not in choices:
        raise ApiError(400, f"invalid_{name}", f"'{name}' must be one of: {', '.join(choices)}.")
    return raw
