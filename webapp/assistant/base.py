"""The assistant interface: independent of Flask, so a catalog or an LLM assistant can sit behind it."""
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

# How a reply's products are best shown: as a list of cards, a comparison, reviews, or one product.
DISPLAYS = ("none", "list", "pick", "compare", "reviews", "details")


class AssistantUnavailable(Exception):
    """The assistant's service (a model's endpoint) failed this turn; str() is what the shopper is told."""


@dataclass(frozen=True)
class Reply:
    """What an assistant answers: intent, text, products, and metadata stored with the answer."""

    intent: str
    answer: str
    products: list = field(default_factory=list)
    metadata: dict = field(default_factory=dict)
    suggestions: list = field(default_factory=list)
    preferences: object = None  # the shopper's Preferences after this turn when it changed them, else None

    @property
    def display(self):
        """How the products are best shown (one of DISPLAYS)."""
        return self.metadata.get("display", "none")


class Assistant(ABC):
    """Answers one user message given the conversation window (complete pairs, oldest first)."""

    # True when `stream` yields text as it is produced: the page then streams the answer instead of waiting.
    streams = False

    @abstractmethod
    def reply(self, message, history, max_results=5, preferences=None):
        """A Reply to `message` given the shopper's Preferences (None: none); never raises for any text a user can type."""

    def stream(self, message, history, max_results=5, preferences=None):
        """Yield the answer's text as it is produced, then return the Reply (here: the whole answer at once)."""
        reply = self.reply(message, history, max_results, preferences)
        yield reply.answer
        return reply
