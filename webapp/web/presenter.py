"""Turn stored messages and fresh replies into what the templates show."""
from dataclasses import dataclass, field

from ..assistant.answers import comparison_rows
from ..assistant.metadata import read_record


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
    timestamp: float = 0.0
    copy_text: str = ""  # the whole answer as stored, for the copy button
    live: bool = False  # the latest answer: its suggestions and card actions can be used

    @property
    def cards(self):
        """(product, its number or None) for each product."""
        return list(zip(self.products, self.numbers))

    @property
    def numbered(self):
        """How many of the products have a number in the list in focus (two or more can be compared)."""
        return sum(1 for n in self.numbers if n)


def shown(message, index, latest=False):
    """A ShownMessage for a stored Message (products looked up by id); the latest answer offers follow-ups."""
    if message.role == "user":
        return ShownMessage("user", message.content, timestamp=message.timestamp)
    record = read_record(message.metadata, message.content)
    display, shown_ids = record.display, record.shown
    # A new list is numbered 1..n; an answer about some of its items carries their numbers in that list.
    positions = record.positions if record.positions is not None else range(1, len(shown_ids) + 1)
    found = [(product, n) for product, n in zip(map(index.get, shown_ids), positions) if product]
    products, numbers = [p for p, _ in found], [n for _, n in found]
    # The answer's lead stands above the products; the cards and tables carry the rest of its text.
    text = record.lead if record.lead and products else message.content
    rows = comparison_rows(products) if display == "compare" and len(products) > 1 else []
    suggestions = record.suggestions if latest else []
    return ShownMessage("assistant", text, display if products else "none", products, numbers, rows, list(suggestions),
                        message.timestamp, message.content, latest)
