"""gunicorn access logger that masks session ids in request paths (they are bearer secrets)."""
import re

from gunicorn.glogging import Logger

SESSION_IN_PATH = re.compile(r"(/session/)[^/?\s]+")


def mask(text):
    """The text with any /session/<id> path segment masked."""
    return SESSION_IN_PATH.sub(r"\1***", text)


class MaskingLogger(Logger):
    """Access log lines carry /api/v1/chat/session/*** instead of the id."""

    def atoms(self, resp, req, environ, request_time):
        """gunicorn's log atoms with paths masked."""
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U"):
            atoms[key] = mask(atoms[key])
        return atoms
