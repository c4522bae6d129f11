"""Conversation memory: a windowed history per session, over Redis or an in-process cachelib cache.

Knows nothing about Flask. The web and API layers get a ConversationStore and call it.
"""
from .budget import build_context, estimate_tokens, within_budget
from .ids import is_well_formed, new_session_id
from .messages import Message
from .store import ConversationStore

__all__ = [
    "ConversationStore",
    "Message",
    "build_context",
    "estimate_tokens",
    "is_well_formed",
    "new_session_id",
    "within_budget",
]
