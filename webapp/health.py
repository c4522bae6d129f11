"""GET /healthz: liveness plus which store holds the sessions."""
from flask import Blueprint, current_app, jsonify

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 with status ok, or degraded when running on the fallback or Redis stops answering."""
    backend = current_app.extensions["chat_backend"]
    healthy = backend.healthy()
    return jsonify(status="ok" if healthy else "degraded", session_backend=backend.name)
