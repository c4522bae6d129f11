"""The OpenAPI 3.1 document of /api/v1 and /healthz (checked against the live API by the tests)."""
from ..assistant.catalog import CATEGORIES
from ..assistant.constraints import SORTS


def _json(schema_ref, description):
    return {"description": description, "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


def _error(description):
    return _json("#/components/schemas/Error", description)


# Not blank, and no control characters (tab, CR and LF allowed); lone surrogates are refused too.
_FORBIDDEN = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f"
MESSAGE_PATTERN = f"^[^{_FORBIDDEN}]*[^\\s{_FORBIDDEN}][^{_FORBIDDEN}]*$"
SESSION_ID = {"name": "session_id", "in": "path", "required": True, "schema": {"type": "string"}}
PRODUCT = {
    "type": "object",
    "required": ["id", "name", "brand", "category", "price", "currency", "rating", "review_count"],
    "properties": {
        "id": {"type": "string"}, "name": {"type": "string"}, "brand": {"type": "string"},
        "category": {"type": "string", "enum": list(CATEGORIES)},
        "price": {"type": "number", "exclusiveMinimum": 0}, "currency": {"type": "string", "const": "USD"},
        "rating": {"type": "number", "minimum": 0, "maximum": 5}, "review_count": {"type": "integer", "minimum": 0},
    },
}


STREAM_EVENTS = ("With \"stream\": true or Accept: text/event-stream. Events: `delta` (data {\"text\": str}, text as "
                 "it is produced), then one `done` (data: the ChatResponse object, the turn stored); or `error` "
                 "(data: the Error object) instead of `done`, and then nothing of the turn is stored.")


# How a chat answer's session_id feeds later calls (OpenAPI links; schemathesis follows them statefully).
_SESSION_FROM_ANSWER = {"session_id": "$response.body#/session_id"}
CHAT_LINKS = {
    "ReadHistory": {"operationId": "readHistory", "parameters": _SESSION_FROM_ANSWER},
    "DeleteSession": {"operationId": "deleteSession", "parameters": _SESSION_FROM_ANSWER},
}
# After a delete, the history read of the same id must be 404 (schemathesis' use-after-free check follows this).
DELETE_LINKS = {"ReadDeleted": {"operationId": "readHistory", "parameters": {"session_id": "$request.path.session_id"}}}


def openapi_document(max_message_chars):
    """The document as a dict, with the message length limit this app enforces."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Shopping assistant chat API", "version": "1.0.0",
                 "description": "Chat with a shopping assistant that remembers the conversation per session_id."},
        "paths": {
            "/api/v1/chat": {"post": {
                "summary": "Send a message; returns the assistant's answer (streamed as Server-Sent Events on request)",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChatRequest"}}}},
                "operationId": "sendMessage",
                "responses": {"200": {**_json("#/components/schemas/ChatResponse", "The answer"), "links": CHAT_LINKS, "content": {
                    **_json("#/components/schemas/ChatResponse", "")["content"],
                    "text/event-stream": {"schema": {
                        "type": "object", "required": ["event", "data"], "description": STREAM_EVENTS, "properties": {
                            "event": {"enum": ["delta", "done", "error"]},
                            "data": {"type": "string", "contentMediaType": "application/json"}}}}}},
                              "400": _error("Invalid body or message"), "413": _error("Body over 64 KiB"),
                              "415": _error("Body is not JSON"), "429": _error("Rate limited")},
            }},
            "/api/v1/chat/session/{session_id}": {
                "parameters": [SESSION_ID],
                "get": {"summary": "The stored conversation window, oldest first", "operationId": "readHistory",
                        "responses": {"200": _json("#/components/schemas/Session", "The window"),
                                      "404": _error("Unknown or expired session")}},
                "delete": {"summary": "Delete the session, its history and its preferences (idempotent)",
                           "operationId": "deleteSession",
                           "responses": {"204": {"description": "Deleted, or never existed", "links": DELETE_LINKS}}},
            },
            "/api/v1/chat/session/{session_id}/export": {"get": {
                "summary": "The conversation as a download: Markdown, or JSON with the history read's fields",
                "parameters": [SESSION_ID, {"name": "format", "in": "query",
                                            "schema": {"type": "string", "enum": ["md", "json"], "default": "md"}}],
                "responses": {"200": {"description": "A file (Content-Disposition: attachment)",
                                      "headers": {"Content-Disposition": {"schema": {"type": "string"}}},
                                      "content": {"text/markdown": {"schema": {"type": "string"}},
                                                  "application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}},
                              "400": _error("Unknown format"), "404": _error("Unknown or expired session")},
            }},
            "/api/v1/products": {"get": {
                "summary": "Search the catalog",
                "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 200}},
                    {"name": "category", "in": "query", "schema": {"type": "string", "enum": list(CATEGORIES)}},
                    {"name": "brand", "in": "query", "schema": {"type": "string"}},
                    {"name": "min_price", "in": "query", "schema": {"type": "number", "minimum": 0}},
                    {"name": "max_price", "in": "query", "schema": {"type": "number", "minimum": 0}},
                    {"name": "sort", "in": "query", "schema": {"type": "string", "enum": list(SORTS)}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
                ],
                "responses": {"200": _json("#/components/schemas/ProductList", "Matching products"),
                              "400": _error("Invalid parameter")},
            }},
            "/api/v1/products/{product_id}": {"get": {
                "summary": "One product with specs and reviews",
                "parameters": [{"name": "product_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": _json("#/components/schemas/ProductDetail", "The product"),
                              "404": _error("Unknown product")},
            }},
            "/healthz": {"get": {
                "summary": "Liveness and the session store in use",
                "responses": {"200": _json("#/components/schemas/Health", "Serving")},
            }},
            "/api/v1/openapi.json": {"get": {
                "summary": "This document",
                "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}},
            }},
        },
        "components": {"schemas": {
            "ChatRequest": {"type": "object", "required": ["message"], "properties": {
                "message": {"type": "string", "minLength": 1, "maxLength": max_message_chars, "pattern": MESSAGE_PATTERN,
                            "description": "Plain text: not blank; no control characters but tab and newline"},
                "session_id": {"type": ["string", "null"], "maxLength": 128},
                "max_results": {"type": "integer", "minimum": 1, "maximum": 20, "default": 5},
                "stream": {"type": "boolean", "default": False,
                           "description": "true (or Accept: text/event-stream): answer as Server-Sent Events"},
            }},
            "ChatResponse": {"type": "object", "required": ["success", "session_id", "session_created", "intent", "response"],
                             "properties": {
                                 "success": {"const": True}, "session_id": {"type": "string"},
                                 "session_created": {"type": "boolean"}, "intent": {"type": "string"},
                                 "response": {"type": "object", "required": ["answer", "products"], "properties": {
                                     "answer": {"type": "string"},
                                     "products": {"type": "array", "items": {"$ref": "#/components/schemas/Product"}},
                                     "suggestions": {"type": "array", "items": {"type": "string"}},
                                 }},
                             }},
            "Session": {"type": "object", "required": ["session_id", "messages", "ttl_seconds", "preferences"], "properties": {
                "session_id": {"type": "string"},
                "messages": {"type": "array", "items": {"type": "object", "required": ["role", "content", "timestamp"], "properties": {
                    "role": {"type": "string", "enum": ["user", "assistant"]}, "content": {"type": "string"},
                    "timestamp": {"type": "string", "format": "date-time"}}}},
                "ttl_seconds": {"type": "integer", "minimum": 0},
                "preferences": {"$ref": "#/components/schemas/Preferences"},
            }},
            "Preferences": {
                "type": "object", "additionalProperties": False,
                "description": "What the shopper stated that outlives the window ({} when none); applied to later searches",
                "properties": {
                    "max_price": {"type": ["number", "null"], "exclusiveMinimum": 0},
                    "brands": {"type": "array", "items": {"type": "string"}},
                    "exclude_brands": {"type": "array", "items": {"type": "string"}},
                    "specs": {"type": "object", "description": "spec name -> [operator, value]", "additionalProperties": {
                        "type": "array", "minItems": 2, "maxItems": 2,
                        "prefixItems": [{"enum": ["==", ">=", "<=", "<", ">", "~"]},
                                        {"type": ["number", "boolean", "string"]}]}},
                }},
            "Product": PRODUCT,
            "ProductDetail": {"allOf": [{"$ref": "#/components/schemas/Product"}, {"type": "object", "required": ["reviews"], "properties": {
                "specs": {"type": "object"},
                "reviews": {"type": "array", "items": {"type": "object", "required": ["rating", "title", "text"], "properties": {
                    "rating": {"type": "integer", "minimum": 1, "maximum": 5}, "title": {"type": "string"}, "text": {"type": "string"}}}},
            }}]},
            "ProductList": {"type": "object", "required": ["products", "total"], "properties": {
                "products": {"type": "array", "items": {"$ref": "#/components/schemas/Product"}},
                "total": {"type": "integer", "minimum": 0}}},
            "Health": {"type": "object", "required": ["status", "session_backend"], "properties": {
                "status": {"type": "string", "enum": ["ok", "degraded"]},
                "session_backend": {"type": "string", "enum": ["redis", "cachelib"]}}},
            "Error": {"type": "object", "required": ["success", "error"], "properties": {
                "success": {"const": False},
                "error": {"type": "object", "required": ["code", "message"], "properties": {
                    "code": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}, "message": {"type": "string"}}}}},
        }},
    }
