"""The bundled shopping assistant: understands a message once, then hands its act to one handler.

state (state.py) -> Request (understanding.py: tokens, spans, values, act) -> HANDLERS[act] -> Reply, with the
typos it corrected and the words it could not use said in the answer. The shopper's preferences (preferences.py)
come in beside the window: a search gets those its message leaves open, and a message that states or forgets one
is acknowledged (alone, when it asks for no products) with the changed preferences in the Reply.
"""
from dataclasses import replace

from . import chat_answers, item_answers, list_answers
from .base import Assistant, Reply
from .metadata import TurnRecord
from .preferences import Preferences, acknowledgement, applied
from .state import state_of
from .turn import Turn
from .understanding import Understander

HANDLERS = {
    "greeting": chat_answers.greeting,
    "thanks": chat_answers.thanks,
    "help": chat_answers.help_,
    "history": chat_answers.history,
    "unknown": chat_answers.unknown,
    "search": list_answers.search,
    "refine": list_answers.refine,
    "pick": list_answers.pick,
    "more": list_answers.more,
    "back": list_answers.back,
    "yes_no": item_answers.yes_no,
    "compare": item_answers.compare,
    "details": item_answers.details,
    "reviews": item_answers.reviews,
    "price": item_answers.price,
}
PREFERENCE_SUGGESTIONS = ["Show me laptops", "Show me headphones", "Show me phones"]
# Acts that name products: a model the catalog lacks is said to be missing rather than answered with another one.
MODEL_ACTS = frozenset({"search", "refine", "pick", "details", "reviews", "price"})
# Acts whose answer depends on every content word: a word they could not use is named.
SEARCH_ACTS = frozenset({"search", "refine", "pick"})


class CatalogAssistant(Assistant):
    """Answers shopping questions from a ProductIndex; follow-ups use the window's stored answer records."""

    def __init__(self, index):
        self.index = index
        self.understander = Understander(index)

    def reply(self, message, history, max_results=5, preferences=None):
        before = preferences or Preferences()
        state = state_of(history, known=self.index.get)
        request = self.understander.understand(message, state)
        change = request.preference
        after = change.applied_to(before) if change else before
        found = applied(after, request.constraints, self.index) if request.act == "search" else None
        if found is not None:
            request.constraints = found.constraints
        if change and not _also_searches(request, state):
            return Reply("preference", acknowledgement(change, before), [], TurnRecord(intent="preference").to_dict(),
                         list(PREFERENCE_SUGGESTIONS), preferences=after if after != before else None)
        turn = Turn(self.index, state, max_results)
        missing = self._missing_model(request)
        answer = item_answers.not_found(turn, request, missing) if missing else HANDLERS[request.act](turn, request)
        answer = with_list_positions(with_notes(answer, request), state.focus)
        if change:
            answer = with_lead(answer, acknowledgement(change, before) + " " + _lead_of(answer))
        elif found is not None and found.note() and answer.products:
            lead = _lead_of(answer)
            answer = with_lead(answer, lead.removesuffix(":") + f" ({found.note()})" + ":" * lead.endswith(":"))
        # Handlers leave a Reply's preferences None: only a changed set is put in (a copy of the Reply).
        return replace(answer, preferences=after) if after != before else answer

    def _missing_model(self, request):
        """A model the message names that no product is ("galaxy s99", or "the a7 v" asked about), else None."""
        if request.act not in MODEL_ACTS:
            return None
        missing = [name for name in request.unknown_models if " " in name or not request.constraints.category]
        missing += request.lost_models if request.act in ("reviews", "price", "details") else []
        return missing[0] if missing else None


def _also_searches(request, state):
    """True when a message that states a preference also asks for products: a category, or a list to narrow."""
    if request.preference.forget:
        return False
    return (request.act == "search" and bool(request.constraints.category)) or (
        request.act == "refine" and bool(state.focus and state.focus.list_ids))


def _lead_of(reply):
    """The text shown above a reply's products (its first line when it has no separate lead)."""
    return reply.metadata.get("lead") or reply.answer.partition("\n")[0]


def with_lead(reply, lead):
    """The reply with its lead (the text above its products) replaced by `lead`."""
    old = _lead_of(reply)
    metadata = {**reply.metadata, "lead": lead} if reply.metadata.get("lead") else reply.metadata
    return replace(reply, answer=lead + reply.answer[len(old):], metadata=metadata)


def with_notes(reply, request):
    """The reply with the typos it read ("I read 'moniters' as monitors") and the words it could not use."""
    notes = []
    if request.corrections:
        notes.append("I read " + ", ".join(f'"{typed}" as "{fixed}"' for typed, fixed in request.corrections) + ".")
    if request.unused and request.act in SEARCH_ACTS and reply.products:
        notes.append("I couldn't use " + ", ".join(f'"{w}"' for w in request.unused) + " for the search.")
    if not notes:
        return reply
    return with_lead(reply, _lead_of(reply) + " (" + " ".join(notes) + ")")


def with_list_positions(reply, focus):
    """The reply with, for an answer about items of the list in focus, each shown item's number in that list.

    A pick shows the picked product first, but "the second one" still means the list's second: the page
    labels each card with its number in the list, so what the shopper reads is what an ordinal refers to.
    """
    shown = reply.metadata.get("shown")
    if not shown or "list" in reply.metadata or not (focus and focus.list_ids):
        return reply
    numbers = {product_id: n for n, product_id in enumerate(focus.list_ids, start=1)}
    return replace(reply, metadata={**reply.metadata, "positions": [numbers.get(i) for i in shown]})
