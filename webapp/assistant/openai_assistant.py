"""An assistant behind a language model at any OpenAI-compatible endpoint, grounded by the catalog's tools.

One turn: the window within budget goes to the model with the catalog's tools; each tool call runs the catalog
assistant's own handler (llm_tools.py); the model's words are streamed as they come. The finished Reply takes
its products and stored record from the tools, and its words from the model when they state only figures the
tools returned. The catalog assistant's answer for the turn stands instead when the model cannot use tools, a
tool call fails, or the model answers a question about products without asking the catalog.
"""
import logging
import time
from dataclasses import replace

from .base import Assistant
from .catalog_assistant import CatalogAssistant
from .llm_client import ToolsUnsupported, stream_completion, tool_call_message, tool_result_message
from .llm_grounding import ungrounded_figures
from .llm_messages import build_messages
from .llm_tools import TOOLS, ToolBox, ToolError

log = logging.getLogger("webapp.llm")

# Rounds of tool calls a turn may take before the model must answer (a search, then a pick, then details).
MAX_TOOL_ROUNDS = 3
# Intents of the catalog's answer that are chat, not facts about products: the model's words stream as they come.
CHAT_INTENTS = frozenset({"greeting", "thanks", "help", "unknown", "history"})


class OpenAIAssistant(Assistant):
    """Answers through a chat-completions endpoint; facts come from the catalog's tools, never from the model."""

    streams = True

    def __init__(self, index, client, model, max_tokens, answer_seconds):
        self.index = index
        self.catalog = CatalogAssistant(index)
        self.client = client
        self.model = model
        self.max_tokens = max_tokens
        self.answer_seconds = answer_seconds

    def reply(self, message, history, max_results=5, preferences=None):
        """The finished Reply (the stream read to its end); AssistantUnavailable when the endpoint fails."""
        return _held(self.stream(message, history, max_results, preferences))

    def stream(self, message, history, max_results=5, preferences=None):
        """Yield the answer's text as it comes; return the finished Reply. AssistantUnavailable when the endpoint fails.

        Chat (a greeting, help, a message about nothing in the catalog) streams the model's words as they come. A
        question about products streams nothing until the answer is grounded, then its words at once: a small
        model's invented figures must never reach the screen, even for the moments before they are replaced.
        """
        catalog = self.catalog.reply(message, history, max_results, preferences)  # the fallback, and the intent
        if catalog.intent in CHAT_INTENTS:
            reply = yield from self._answer(message, history, max_results, catalog)
            return replace(reply, preferences=catalog.preferences)  # the shopper's own words decide them
        reply = _held(self._answer(message, history, max_results, catalog))
        yield reply.metadata.get("lead") or reply.answer
        return replace(reply, preferences=catalog.preferences)

    def _answer(self, message, history, max_results, catalog):
        """Yield the model's text as it comes; return the finished Reply (see the module's docstring)."""
        box = ToolBox(self.index, history, max_results)
        messages = build_messages(history, message, self.max_tokens)
        deadline = time.monotonic() + self.answer_seconds
        for round_ in range(MAX_TOOL_ROUNDS + 1):
            tools = TOOLS if round_ < MAX_TOOL_ROUNDS else None  # the last request must answer in words
            try:
                completion = yield from stream_completion(self.client, self.model, messages, tools, deadline)
            except ToolsUnsupported as error:
                log.info("the endpoint refused tools (%s): the catalog's answer stands", error)
                return catalog
            if not completion.tool_calls or tools is None:
                return finished(completion.text.strip(), box, catalog, message)
            messages.append(tool_call_message(completion))
            for call in completion.tool_calls:
                try:
                    result = box.call(call.name, call.arguments)
                except ToolError as error:
                    log.info("a tool call failed (%s): the catalog's answer stands", error)
                    return catalog
                messages.append(tool_result_message(call, result))


def _held(generator):
    """Run a generator of text to its end without passing its text on; return what it returns."""
    while True:
        try:
            next(generator)
        except StopIteration as done:
            return done.value


def finished(text, box, catalog, message):
    """The turn's Reply from the model's final text, the tools' replies and the catalog assistant's own answer."""
    tool_reply = box.reply
    if tool_reply is None:
        # An answer about products that asked the catalog nothing is not to be trusted.
        if catalog.products or not text or ungrounded_figures(text, [message]):
            return catalog
        return replace(catalog, answer=text)
    if not text or ungrounded_figures(text, [message, *(r.answer for r in box.replies)]):
        return tool_reply
    # The model's words lead; the catalog's numbered lines stay below them in the stored text (the page shows
    # them as cards), so the next turn's window still holds the list's facts.
    lead = tool_reply.metadata.get("lead")
    body = tool_reply.answer[len(lead):] if lead and tool_reply.answer.startswith(lead) else ""
    metadata = {**tool_reply.metadata, "lead": text} if body else tool_reply.metadata
    return replace(tool_reply, answer=text + body, metadata=metadata)
