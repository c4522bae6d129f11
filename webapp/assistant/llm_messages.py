"""The messages a language model is sent for one turn: system prompt, the window within budget, the new message.

Pure functions over stored Messages. The budget uses the documented estimate of memory/budget.py (ceil(chars/4)
+ 4 per message), which errs high for English, so a real tokenizer's count stays within it.
"""
from ..memory import within_budget

SYSTEM_PROMPT = (
    "You are the shopping assistant of an electronics shop. Answer in one to three short sentences. "
    "For any question about products (finding, prices, ratings, specs, reviews, comparisons, picks) call a tool "
    "first and use only the facts the tool returns: never state a price, rating or spec you were not given. "
    "List items are numbered from 1; 'the second one' is position 2 of the list in focus. "
    "The product cards are shown under your answer, so do not repeat every product."
)


def history_messages(history, max_tokens):
    """The window as chat messages: the newest complete pairs within max_tokens, oldest first."""
    return [{"role": m.role, "content": m.content} for m in within_budget(history, max_tokens)]


def build_messages(history, message, max_tokens, system=SYSTEM_PROMPT):
    """The chat messages for one turn: the system prompt, the window within max_tokens, then `message`."""
    return [{"role": "system", "content": system}, *history_messages(history, max_tokens),
            {"role": "user", "content": message}]
