"""Turn stored messages and fresh replies into what the templates show."""
from dataclasses import dataclass, field

from ..assistant.answers import comparison_rows

WITH_LEAD_ONLY = ("list", "reviews")  # the cards carry the details the answer text lists


@dataclass(frozen=True)
class ShownMessage:
    """One message as the page shows it."""

    role: str
    text: str
    display: str = "none"
    products: list = field(default_factory=list)
    comparison: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)


def shown(message, index, suggestions=()):
    """A ShownMessage for a stored Message; products are looked up by the ids in its metadata."""
    if message.role == "user":
        return ShownMessage("user", message.content)
    display = message.metadata.get("display", "none")
    products = index.find_all(message.metadata.get("shown", []))
    text = message.content
    if display in WITH_LEAD_ONLY and products:
        text = text.splitlines()[0]
    rows = comparison_rows(products) if display == "compare" and len(products) > 1 else []
    return ShownMessage("assistant", text, display if products else "none", products, rows, list(suggestions))
