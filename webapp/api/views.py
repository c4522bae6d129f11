"""JSON endpoints under /api/v1; keyed by session_id only (the cookie is not used)."""
from flask import Blueprint, Response, current_app, jsonify, request

from ..assistant.catalog import CATEGORIES
from ..assistant.constraints import SORTS, Constraints
from ..chat import InvalidMessage, clean_message
from ..errors import ApiError
from ..export import FORMATS, exported, history_document
from ..services import chat_service, product_index, settings
from ..streaming import event_stream
from . import validation
from .openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.post("/chat")
def chat():
    """Answer a message in a session; a missing, unknown or expired session_id starts a new one."""
    body = validation.json_object(request)
    try:
        text = clean_message(body.get("message"), settings().max_message_chars)
    except InvalidMessage as error:
        raise ApiError(400, error.code, str(error)) from None
    session_id = validation.optional_session_id(body.get("session_id"))
    max_results = validation.bounded_int(body, "max_results", 1, 20, 5)
    if validation.optional_bool(body, "stream") or "text/event-stream" in request.accept_mimetypes.values():
        _, _, events = chat_service().stream_turn(session_id, text, max_results)
        dumps = current_app.json.dumps
        return event_stream(events, lambda text: dumps({"text": text}), lambda turn: dumps(turn_body(turn)),
                            lambda code, message: dumps({"success": False, "error": {"code": code, "message": message}}))
    return jsonify(turn_body(chat_service().turn(session_id, text, max_results)))


def turn_body(turn):
    """The JSON answer to a chat turn (the same whether streamed or not)."""
    return {"success": True, "session_id": turn.session_id, "session_created": turn.session_created,
            "intent": turn.reply.intent,
            "response": {"answer": turn.reply.answer, "products": [p.summary() for p in turn.reply.products],
                         "suggestions": turn.reply.suggestions}}


def _conversation(session_id):
    """(window, Preferences) of a session; ApiError 404 when unknown or expired."""
    found = chat_service().conversation(session_id)
    if found is None:
        raise ApiError(404, "session_not_found", "No such session (it may have expired or been cleared).")
    return found


@bp.get("/chat/session/<session_id>")
def session_history(session_id):
    """The stored window of a session, oldest first, and its preferences; 404 when unknown or expired."""
    history, preferences = _conversation(session_id)
    # This very read renewed the TTL: no second round trip for it.
    return jsonify(history_document(session_id, history, preferences, chat_service().idle_ttl_seconds))


@bp.get("/chat/session/<session_id>/export")
def export_session(session_id):
    """The conversation as a download, Markdown or JSON (the history read's object); 404 unknown, 400 bad format."""
    format_ = request.args.get("format", "md")
    if format_ not in FORMATS:
        raise ApiError(400, "invalid_format", "'format' must be one of: " + ", ".join(FORMATS) + ".")
    history, preferences = _conversation(session_id)
    body, media_type, headers = exported(format_, session_id, history, preferences, chat_service().idle_ttl_seconds)
    return Response(body, content_type=media_type, headers=headers)


@bp.delete("/chat/session/<session_id>")
def delete_session(session_id):
    """Delete a session and its history; 204 whether or not it existed."""
    chat_service().clear(session_id)
    return "", 204


@bp.get("/products")
def products():
    """Search the catalog by text, category, brand, price range and sort."""
    args = request.args
    text = args.get("q", "").strip()
    if len(text) > 200:
        raise ApiError(400, "invalid_q", "'q' must be at most 200 characters.")
    brand = args.get("brand", "").strip()
    constraints = Constraints(
        category=validation.query_choice(args, "category", CATEGORIES),
        brands=(brand,) if brand else (),
        min_price=validation.query_number(args, "min_price"),
        max_price=validation.query_number(args, "max_price"),
        text=text or None,
    )
    sort = validation.query_choice(args, "sort", tuple(SORTS))
    limit = validation.query_int(args, "limit", 1, 100, 20)
    found, total = product_index().search(constraints, sort, limit)
    return jsonify(products=[p.summary() for p in found], total=total)


@bp.get("/products/<product_id>")
def product(product_id):
    """One product with its specs and reviews; 404 when unknown."""
    found = product_index().get(product_id)
    if found is None:
        raise ApiError(404, "product_not_found", f"No product with id {product_id!r}.")
    reviews = [{"rating": r.rating, "title": r.title, "text": r.text} for r in found.reviews]
    return jsonify(**found.summary(), specs=found.specs, reviews=reviews)


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document(settings().max_message_chars))
