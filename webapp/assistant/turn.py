"""What every handler is given, and the replies they share: a list of products and 'nothing to refer to'."""
from dataclasses import dataclass

import msgspec

from . import answers
from .base import Reply
from .metadata import ListRecord, TurnRecord

NOTHING_TO_REFER = ("I don't have any products in this conversation to refer to yet. Ask for some first, "
                    "for example \"show me laptops under $1000\", and then follow up.")
LIST_SUGGESTIONS = ["Which has the best reviews?", "Compare the first two", "Which is the cheapest?"]
SHOW_MORE = "Show more"


@dataclass(frozen=True)
class Turn:
    """One message being answered: the catalog, the conversation's state, and how many products to show."""

    index: object
    state: object
    max_results: int

    @property
    def focus(self):
        """The list and product in focus, or None."""
        return self.state.focus


def reply(intent, lead, products=(), record=None, suggestions=(), body=""):
    """A Reply whose text is `lead` then `body`; the page shows `lead` above the products' cards or table."""
    record = record or TurnRecord(intent=intent)
    text = f"{lead}\n{body}" if body else lead
    record = msgspec.structs.replace(record, lead=lead if body else None)
    return Reply(intent, text, list(products), record.to_dict(), list(suggestions))


def list_reply(intent, lead, products, listed, has_more=False):
    """A reply showing `products` as the new list in focus, numbered from listed.offset + 1 (page 2: 6-10)."""
    numbers = range(listed.offset + 1, listed.offset + len(products) + 1)
    record = TurnRecord(intent=intent, display="list", shown=[p.id for p in products], list=listed,
                        positions=list(numbers) if listed.offset else None)
    body = "\n".join(answers.product_line(p, n) for p, n in zip(products, numbers))
    return reply(intent, lead, products, record, _list_suggestions(products, listed, has_more), body)


def new_list(constraints, sort, products, total):
    """The ListRecord of a first page."""
    return ListRecord(ids=[p.id for p in products], constraints=constraints.to_dict(), sort=sort, total=total)


def _list_suggestions(products, listed, has_more):
    """Follow-ups worth a click after a list; "Show more" when the search found more than is numbered."""
    if len(products) > 1:
        suggestions = list(LIST_SUGGESTIONS)
        brands = listed.constraints.get("brands") or []
        other_brands = [p.brand for p in products if p.brand not in brands]
        if len(products) > 2 and other_brands and not brands:
            suggestions[2] = f"Only {other_brands[0]} ones"
    else:
        suggestions = ["Tell me more about it", "What do people say about it?"]
    return ([SHOW_MORE] if has_more else []) + suggestions[: 2 if has_more else 3]


def nothing_to_refer(intent):
    """The answer to a follow-up with nothing in the conversation to refer to."""
    return Reply(intent, NOTHING_TO_REFER)
