"""A conversation as a document to take along: the history read's JSON object, or Markdown. No Flask here."""
import json
import time

# format -> (media type, file extension)
FORMATS = {"md": ("text/markdown; charset=utf-8", "md"), "json": ("application/json", "json")}
ROLE_NAMES = {"user": "You", "assistant": "Assistant"}


def iso_time(timestamp):
    """An epoch timestamp as ISO 8601 UTC, to the second."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(timestamp))


def history_document(session_id, history, preferences, ttl_seconds):
    """The history read's object: session id, messages oldest first, TTL, and the Preferences as a dict."""
    return {"session_id": session_id,
            "messages": [{"role": m.role, "content": m.content, "timestamp": iso_time(m.timestamp)} for m in history],
            "ttl_seconds": ttl_seconds, "preferences": preferences.to_dict()}


def markdown(history, preferences):
    """The conversation as Markdown: what is remembered, then each message under its author and time."""
    lines = ["# Conversation with the shopping assistant", ""]
    if preferences:
        lines += ["Remembering: " + " · ".join(label for _, label in preferences.chips()), ""]
    if not history:
        lines += ["(No messages.)", ""]
    for message in history:
        lines += [f"## {ROLE_NAMES[message.role]} · {iso_time(message.timestamp)}", "", message.content, ""]
    return "\n".join(lines)


def exported(format_, session_id, history, preferences, ttl_seconds):
    """(body, media type, headers) of the conversation in `format_` (a key of FORMATS), as a file to save."""
    media_type, extension = FORMATS[format_]
    if format_ == "json":
        body = json.dumps(history_document(session_id, history, preferences, ttl_seconds), ensure_ascii=False, indent=2)
    else:
        body = markdown(history, preferences)
    headers = {"Content-Disposition": f'attachment; filename="conversation.{extension}"', "Cache-Control": "no-store"}
    return body, media_type, headers
