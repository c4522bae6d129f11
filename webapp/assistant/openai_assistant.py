"""An assistant behind a language model at any OpenAI-compatible endpoint, grounded by the catalog's tools.

One turn, read first by the catalog assistant (cheap: its answer is the fallback, and its act says what the
message asks):
- a question about products: the model is asked to call the tool that carries out that act (`tool_choice` names
  it; the model fills in the arguments: what to search, which sort, which position), and the call runs the
  catalog assistant's own handler (llm_tools.py), unless its arguments state what the shopper never said (a
  price, a name, a brand), or its result changes what the catalog read in the message (a search's category,
  brands, price or rating bound; the products "the second one" or "these" are about). A second request, without
  tools, has the model word the tool's result. Acts without a tool (more, back, yes/no) are worded from the
  catalog's answer;
- chat (a greeting, help, a message about nothing in the catalog): the model answers in its own words.
The words stream as they come while they state only figures the catalog gave or the shopper said
(llm_grounding.py). The finished Reply takes its products and stored record from the tool, and its words from the
model when they are grounded; the catalog's answer for the turn stands instead when the model's words are not,
the server refuses tools, calls none, or a call is malformed.

Why a named tool rather than "auto": the catalog already knows what the message asks, and servers that constrain
a tool call by a grammar (llama-cpp-python's chatml-function-calling) do so for a named tool even when streaming,
while "auto" there cannot stream (see README, "A language model").
"""
import logging
import time
from dataclasses import replace

from .base import Assistant
from .catalog_assistant import CatalogAssistant
from .llm_client import ToolsUnsupported, stream_completion
from .llm_grounding import grounded, invented_arguments, ungrounded_figures
from .llm_messages import build_messages, with_facts
from .llm_tools import TOOLS, ToolBox, ToolError
from .metadata import read_record
from ..memory import estimate_tokens

log = logging.getLogger("webapp.llm")

# Intents of the catalog's answer that are chat, not facts about products: the model answers in its own words.
CHAT_INTENTS = frozenset({"greeting", "thanks", "help", "unknown", "history"})
# The tool that carries out each act of the catalog's reading; the model fills in the arguments.
TOOL_FOR_ACT = {"search": "search_products", "refine": "search_products", "pick": "pick_from_list",
                "compare": "compare_products", "details": "product_details", "price": "product_details",
                "reviews": "product_reviews"}
# Tokens an answer may take ("one to three short sentences"), and a tool call's arguments: a small model left
# unbounded can write until the context is full, minutes on a CPU.
ANSWER_MAX_TOKENS = 200
CALL_MAX_TOKENS = 200
# Calls one answer may carry out (a server may answer a named choice with several).
MAX_TOOL_CALLS = 3
TOOLS_BY_NAME = {tool["function"]["name"]: [tool] for tool in TOOLS}
# What a search's call must keep of the catalog's reading of the message: the shopper said each of them.
SEARCH_FIELDS = ("category", "brands", "excluded_brands", "min_price", "max_price", "min_rating", "max_rating")
# Acts about items of the list in focus: the call must be about the products the catalog read ("the second one").
ITEM_ACTS = frozenset({"pick", "compare", "details", "price", "reviews"})


class OpenAIAssistant(Assistant):
    """Answers through a chat-completions endpoint; facts come from the catalog's tools, never from the model."""

    streams = True

    def __init__(self, index, client, model, max_tokens, answer_seconds, count_tokens=estimate_tokens):
        self.index = index
        self.catalog = CatalogAssistant(index)
        self.client = client
        self.model = model
        self.max_tokens = max_tokens
        self.answer_seconds = answer_seconds
        self.count_tokens = count_tokens

    def reply(self, message, history, max_results=5, preferences=None):
        """The finished Reply (the stream read to its end); AssistantUnavailable when the endpoint fails."""
        return _held(self.stream(message, history, max_results, preferences))

    def stream(self, message, history, max_results=5, preferences=None):
        """Yield the answer's grounded text as it comes; return the finished Reply (see the module's docstring).

        AssistantUnavailable when the endpoint fails."""
        catalog = self.catalog.reply(message, history, max_results, preferences)
        reply = yield from self._answer(message, history, max_results, catalog)
        return replace(reply, preferences=catalog.preferences)  # the shopper's own words decide them, not the model

    def _answer(self, message, history, max_results, catalog):
        """Yield the answer's grounded text as it comes; return the Reply the catalog's reading and the model make."""
        messages = build_messages(history, message, self.max_tokens, self.count_tokens)
        deadline = time.monotonic() + self.answer_seconds
        if catalog.intent in CHAT_INTENTS and not catalog.products:
            facts, sources = catalog, [message]
        else:
            facts = self._tool_reply(messages, catalog, history, max_results, deadline)
            messages, sources = with_facts(messages, facts.answer), [message, facts.answer]
        stream = stream_completion(self.client, self.model, messages, deadline, max_tokens=ANSWER_MAX_TOKENS)
        completion = yield from grounded(stream, sources)
        return worded(completion.text.strip() if completion else "", facts, sources)

    def _tool_reply(self, messages, catalog, history, max_results, deadline):
        """The reply of the tool the model called for the catalog's act, or the catalog's own when there is none."""
        name = TOOL_FOR_ACT.get(catalog.intent)
        if name is None:
            return catalog
        # Only the tool named (a shorter prompt), at temperature 0: a call's arguments are the model's most likely
        # reading of the message, not a sample of it.
        tools, choice = TOOLS_BY_NAME[name], {"type": "function", "function": {"name": name}}
        try:
            completion = _held(stream_completion(self.client, self.model, messages, deadline, tools=tools,
                                                 tool_choice=choice, temperature=0, max_tokens=CALL_MAX_TOKENS))
        except ToolsUnsupported as error:
            log.info("the endpoint refused tools (%s): the catalog's answer stands", error)
            return catalog
        box = ToolBox(self.index, history, max_results)
        said = [m.content for m in history] + [messages[-1]["content"]]
        for call in completion.tool_calls[:MAX_TOOL_CALLS]:
            invented = invented_arguments(call.arguments, said)
            if invented:
                log.info("a %s call stated %s, which the shopper did not: the catalog's answer stands",
                         call.name, invented)
                return catalog
            try:
                box.call(call.name, call.arguments)
            except ToolError as error:
                log.info("a tool call failed (%s): the catalog's answer stands", error)
                return catalog
        if box.reply is None:
            log.info("the model called no tool for a %s question: the catalog's answer stands", catalog.intent)
            return catalog
        changed = _changed_reading(catalog, box.reply)
        if changed:
            log.info("the %s call changed %s the catalog read in the message: the catalog's answer stands",
                     catalog.intent, changed)
            return catalog
        return box.reply


def _changed_reading(catalog, reply):
    """What the tool's reply changed of the catalog's reading of the message, or None.

    A search (or refinement) must be one, and keep each field the catalog read (a category, brands, a price or
    rating bound; it may add to them); a call about items of the list (details, reviews, compare, pick) must be
    about the same products."""
    if catalog.intent in ("search", "refine"):
        if reply.intent != catalog.intent:  # a refinement of nothing in focus, or a new search for a refinement
            return f"the act ({reply.intent})"
        read, searched = (read_record(r.metadata).list for r in (catalog, reply))
        if read is None or searched is None:
            return None if read is None else "the search"
        return next((f"the {key}" for key in SEARCH_FIELDS if read.constraints.get(key) not in (None, [])
                     and read.constraints.get(key) != searched.constraints.get(key)), None)
    if catalog.intent in ITEM_ACTS and [p.id for p in reply.products] != [p.id for p in catalog.products]:
        return "the products"
    return None


def _held(generator):
    """Run a generator of text to its end without passing its text on; return what it returns."""
    while True:
        try:
            next(generator)
        except StopIteration as done:
            return done.value


def worded(text, facts, sources):
    """The turn's Reply: `facts` (a tool's reply or the catalog's own) in the model's words when they are grounded."""
    if not text or ungrounded_figures(text, sources):
        return facts
    # The model's words lead; the catalog's numbered lines stay below them in the stored text (the page shows
    # them as cards), so the next turn's window still holds the list's facts.
    lead = facts.metadata.get("lead")
    body = facts.answer[len(lead):] if lead and facts.answer.startswith(lead) else ""
    metadata = {**facts.metadata, "lead": text} if body else facts.metadata
    return replace(facts, answer=text + body, metadata=metadata)
