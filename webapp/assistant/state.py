"""The state of the conversation, tracked from the window's stored answer records: what a follow-up can mean.

- the list in focus: the latest list shown (all its numbered ids, the page shown, what found it);
- the product in focus: the latest product answered about alone, else the first of the shown page;
- the earlier lists of the window, newest first, for "the tablets from before";
- the product last recommended, and the shopper's own questions, for questions about the conversation.
Only the window is read, so what scrolled out of it is forgotten. Stored ids can outlive the catalog (a
redeploy or another CATALOG_PATH); ids it no longer has are dropped here, once.
"""
from dataclasses import dataclass, field
from functools import cached_property

from .metadata import read_record
from .constraints import Constraints, is_sort


@dataclass(frozen=True)
class Focus:
    """A list shown (ids numbered from 1, the page starting after `offset`) and the product that 'it' means."""

    list_ids: list = field(default_factory=list)
    constraints: Constraints = field(default_factory=Constraints)
    product_id: str | None = None
    sort: str | None = None
    offset: int = 0
    total: int | None = None

    @property
    def page_ids(self):
        """The ids of the page on screen ("these", "which is cheapest?")."""
        return self.list_ids[self.offset:]

    def position(self, ordinal):
        """The id at a 1-based position of the list (-1 = the page's last), or None when out of range."""
        if ordinal < 0:
            page = self.page_ids
            return page[ordinal] if -len(page) <= ordinal else None
        return self.list_ids[ordinal - 1] if 0 < ordinal <= len(self.list_ids) else None

    def numbers(self):
        """The numbers of the page's items as shown (6-10 on page 2)."""
        return range(self.offset + 1, self.offset + len(self.page_ids) + 1)


@dataclass(frozen=True)
class State:
    """What the window gives a new message to refer to; `focus` is None with nothing to refer to."""

    focus: Focus | None = None
    earlier_records: list = field(default_factory=list)  # the TurnRecord of each earlier list, newest first
    recommended: str | None = None
    questions: list = field(default_factory=list)
    known: object = field(default=None, repr=False, compare=False)  # known(id): is the id in the catalog

    @cached_property
    def earlier(self):
        """The Focus of each earlier list, newest first; built when asked for, as only "back" needs them."""
        return [_focus(record, self.known, None) for record in self.earlier_records]

    @property
    def product_id(self):
        """The product in focus, or None."""
        return self.focus.product_id if self.focus else None

    def product_category(self, index):
        """The category of the product in focus, or None."""
        product = index.get(self.product_id) if self.product_id else None
        return product.category if product else None


def _focus(record, known, product_id):
    """The Focus of a stored list record, keeping only ids for which known(id) is true."""
    listed = record.list
    ids = [i for i in listed.ids if known(i)]
    sort = listed.sort if is_sort(listed.sort) else None
    offset = min(max(listed.offset, 0), len(ids))
    page = ids[offset:]
    return Focus(ids, Constraints.from_dict(listed.constraints), product_id or next(iter(page), None), sort, offset,
                 listed.total)


def state_of(history, known):
    """The State the window gives, keeping only product ids for which known(id) is true."""
    product_id = recommended = None
    lists = []  # the records of the lists shown, newest first
    for message in reversed(history):
        if message.role != "assistant":
            continue
        record = read_record(message.metadata, message.content)
        if product_id is None and not lists and record.product and known(record.product):
            product_id = record.product
        if recommended is None and record.recommended and known(record.recommended):
            recommended = record.recommended
        if record.list and record.list.ids:
            # The latest list stays in focus even if none of its products exist any more.
            lists.append(record)
    questions = [m.content for m in history if m.role == "user"]
    if lists:  # product_id is the one answered about after the latest list, if any
        return State(_focus(lists[0], known, product_id), lists[1:], recommended, questions, known)
    return State(Focus(product_id=product_id) if product_id else None, [], recommended, questions, known)
