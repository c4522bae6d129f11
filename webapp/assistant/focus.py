"""What the conversation window refers to: the list in focus and the product in focus.

Both come from the metadata stored with earlier answers, never from re-reading their text. Anything
that scrolled out of the window is forgotten, because only the window is looked at. Stored ids can
outlive the catalog (a redeploy or another CATALOG_PATH), so ids it no longer has are dropped here,
once, and every follow-up sees only products that exist.
"""
from dataclasses import dataclass, field

from .search import SORTS, Constraints


@dataclass(frozen=True)
class Focus:
    """The latest search's list (ids in the order shown, its constraints and sort) and the product that 'it' means."""

    list_ids: list = field(default_factory=list)
    constraints: Constraints = field(default_factory=Constraints)
    product_id: str | None = None
    sort: str | None = None

    def position(self, ordinal):
        """The id at a 1-based position of the list (-1 = last), or None when out of range."""
        index = ordinal - 1 if ordinal > 0 else len(self.list_ids) + ordinal
        return self.list_ids[index] if 0 <= index < len(self.list_ids) else None


def focus_of(history, known):
    """The Focus the window gives, keeping only ids for which known(id) is true; None when nothing to refer to."""
    product_id = None
    for message in reversed(history):
        if message.role != "assistant":
            continue
        meta = message.metadata
        if product_id is None and meta.get("product") and known(meta["product"]):
            product_id = meta["product"]
        focus_list = meta.get("list")
        if isinstance(focus_list, dict) and focus_list.get("ids"):
            # The latest list stays in focus even if none of its products exist any more.
            ids = [i for i in focus_list["ids"] if known(i)]
            constraints = Constraints.from_dict(focus_list.get("constraints") or {})
            sort = focus_list.get("sort")
            sort = sort if isinstance(sort, str) and sort in SORTS else None
            return Focus(ids, constraints, product_id or next(iter(ids), None), sort)
    return Focus(product_id=product_id) if product_id else None


def user_questions(history):
    """The user's messages in the window, oldest first."""
    return [m.content for m in history if m.role == "user"]
