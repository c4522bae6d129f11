"""Session ids are bearer secrets: masked on every log line gunicorn or the app writes."""
import re

from gunicorn.glogging import Logger

SESSION_IN_PATH = re.compile(r"(/session/)[^/?\s]+")
# A whole token of the shape of a session id (43 url-safe characters), e.g. in an error message.
SESSION_ID_SHAPE = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")


def mask(text):
    """The text with /session/<id> path segments and anything shaped like a session id masked."""
    return SESSION_ID_SHAPE.sub("***", SESSION_IN_PATH.sub(r"\1***", text))


class MaskingLogger(Logger):
    """gunicorn's logger with session ids masked in access lines and in its own error lines."""

    def atoms(self, resp, req, environ, request_time):
        """gunicorn's log atoms with paths masked."""
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U"):
            atoms[key] = mask(atoms[key])
        return atoms

    def error(self, msg, *args, **kwargs):
        """An error line (e.g. "Error handling request <uri>") with its arguments masked."""
        super().error(msg, *(mask(str(arg)) for arg in args), **kwargs)

    def exception(self, msg, *args, **kwargs):
        """An exception line with its arguments masked."""
        super().exception(msg, *(mask(str(arg)) for arg in args), **kwargs)
