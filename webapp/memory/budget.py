"""The token-budget view of a history: what an assistant (an LLM later) is shown.

Token estimate: ceil(characters / 4) + 4 per message. Four characters per token is OpenAI's rule of
thumb for English; the 4 covers the role and separators a chat format adds. It errs on the high side
for English, so a budget is not overrun by a real tokenizer by much.
"""
from .messages import Message

CHARS_PER_TOKEN = 4
TOKENS_PER_MESSAGE = 4


def estimate_tokens(text):
    """Estimated tokens of one message with the given text."""
    return -(-len(text) // CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE


def within_budget(messages, max_tokens, count=estimate_tokens):
    """The newest complete (user, assistant) pairs whose tokens fit max_tokens, oldest first.

    `count(text)` gives one message's tokens: the estimate, or a model server's tokenizer when it offers one."""
    kept, used = [], 0
    for start in range(len(messages) - 2, -1, -2):
        pair = messages[start : start + 2]
        cost = sum(count(m.content) for m in pair)
        if used + cost > max_tokens:
            break
        kept[:0] = pair
        used += cost
    return kept


def build_context(messages, query, max_tokens):
    """History within budget followed by the new query as a user message."""
    return within_budget(messages, max_tokens) + [Message("user", query)]
