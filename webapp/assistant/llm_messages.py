"""The messages a language model is sent for one turn: system prompt, the window within budget, the new message.

Pure functions over stored Messages. The budget counts with the function it is given: the model server's
tokenizer (llm_tokens.py) when it offers one, else the documented estimate of memory/budget.py (ceil(chars/4) + 4
per message). The request that words the answer carries the catalog's facts for the turn after the shopper's
message, in the user's turn, not in a `tool` message: every chat format renders a user message, while some
(llama-cpp-python's chatml-function-calling among them) drop `tool` messages from the prompt.
"""
from ..memory import estimate_tokens, within_budget

SYSTEM_PROMPT = (
    "You are the shopping assistant of an electronics shop. Answer in one to three short sentences. "
    "Facts about products (prices, ratings, specs, reviews) come only from the catalog's tools: "
    "never state a price, rating or spec you were not given. "
    "List items are numbered from 1; 'the second one' is position 2 of the list in focus. "
    "The product cards are shown under your answer, so do not repeat every product."
)
FACTS_PROMPT = (
    "\n\n(The shop's catalog answers this message as follows. Say it to the shopper in your own words, "
    "briefly, and state no price, rating or spec that is not in it.)\n"
)


def history_messages(history, max_tokens, count=estimate_tokens):
    """The window as chat messages: the newest complete pairs within max_tokens by `count`, oldest first."""
    return [{"role": m.role, "content": m.content} for m in within_budget(history, max_tokens, count)]


def build_messages(history, message, max_tokens, count=estimate_tokens, system=SYSTEM_PROMPT):
    """The chat messages for one turn: the system prompt, the window within max_tokens, then `message`."""
    return [{"role": "system", "content": system}, *history_messages(history, max_tokens, count),
            {"role": "user", "content": message}]


def with_facts(messages, facts):
    """The same messages with the catalog's facts for the turn after the new message (to word the answer)."""
    *earlier, message = messages
    return [*earlier, {**message, "content": message["content"] + FACTS_PROMPT + facts}]
