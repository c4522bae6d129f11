"""Turn stored messages and fresh replies into what the templates show."""
from dataclasses import dataclass, field

from ..assistant.answers import comparison_rows

# Lines of the answer text shown above the products; the cards and tables carry the rest.
TEXT_LINES = {"list": 1, "reviews": 1, "compare": 3}


@dataclass(frozen=True)
class ShownMessage:
    """One message as the page shows it."""

    role: str
    text: str
    display: str = "none"
    products: list = field(default_factory=list)
    numbers: list = field(default_factory=list)  # each product's number in the list in focus, or None
    comparison: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)


def shown(message, index, latest=False):
    """A ShownMessage for a stored Message (products looked up by id); the latest answer offers follow-ups."""
    if message.role == "user":
        return ShownMessage("user", message.content)
    display = message.metadata.get("display", "none")
    shown_ids = message.metadata.get("shown", [])
    # A new list is numbered 1..n; an answer about some of its items carries their numbers in that list.
    positions = message.metadata.get("positions")
    if not isinstance(positions, list):
        positions = range(1, len(shown_ids) + 1)
    found = [(product, n) for product, n in zip(map(index.get, shown_ids), positions) if product]
    products, numbers = [p for p, _ in found], [n for _, n in found]
    text = message.content
    if display in TEXT_LINES and products:
        text = "\n".join(text.splitlines()[: TEXT_LINES[display]])
    rows = comparison_rows(products) if display == "compare" and len(products) > 1 else []
    suggestions = message.metadata.get("suggestions", []) if latest else []
    return ShownMessage("assistant", text, display if products else "none", products, numbers, rows, list(suggestions))
