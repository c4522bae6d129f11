"""Session ids: 256 random bits, url-safe; the same shape Flask-Session generates."""
import re
import secrets

SESSION_ID_BYTES = 32  # 256 bits; OWASP asks for at least 64 bits of entropy, the issue for 122
_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def new_session_id():
    """Return a fresh unguessable session id (43 url-safe characters)."""
    return secrets.token_urlsafe(SESSION_ID_BYTES)


def is_well_formed(session_id):
    """True when session_id has the shape of an id this app generates (checked before any lookup)."""
    return isinstance(session_id, str) and _SHAPE.fullmatch(session_id) is not None
