"""The catalog's operations as function tools for a language model: tools, not trust.

Each call becomes the Request the understanding pipeline would have made and goes to the catalog assistant's
own handler, over the same ProductIndex and state tracker; so a tool's answer, products and stored TurnRecord
are the catalog assistant's, and cards, "the second one" and "it" work the same in later turns. Calls within
one turn see each other: a search, then "the cheapest of them", picks from the list just found.
"""
from .catalog import CATEGORIES
from .catalog_assistant import HANDLERS, with_list_positions
from .constraints import SORTS, Constraints, is_sort
from .llm_client import parse_arguments
from .state import state_of
from .turn import Turn
from .understanding import Request
from ..memory import Message

_POSITION = {"type": "integer", "minimum": 1, "description": "a number of the list in focus (1 = first)"}
_NAME = {"type": "string", "description": "a product's model name, e.g. 'macbook air'"}


def _tool(name, description, properties, required=()):
    return {"type": "function", "function": {"name": name, "description": description, "parameters": {
        "type": "object", "properties": properties, "required": list(required)}}}


TOOLS = [
    _tool("search_products", "Find products in the catalog; the result becomes the numbered list in focus.", {
        "category": {"type": "string", "enum": list(CATEGORIES)},
        "brands": {"type": "array", "items": {"type": "string"}},
        "exclude_brands": {"type": "array", "items": {"type": "string"}},
        "min_price": {"type": "number"}, "max_price": {"type": "number"},
        "min_rating": {"type": "number", "minimum": 0, "maximum": 5},
        "name": _NAME,
        "sort": {"type": "string", "enum": list(SORTS)},
        "refine": {"type": "boolean", "description": "true: keep the list in focus's search and add these"}}),
    _tool("pick_from_list", "Pick from the list in focus: the cheapest (sort 'price'), dearest ('-price'), "
          "best rated ('-rating'), or by a spec ('-battery_hours' = most battery, 'weight_kg' = lightest).", {
              "sort": {"type": "string"}, "rank": {"type": "integer", "minimum": 1, "description": "2 = second best"},
              "among": {"type": "array", "items": _POSITION}}, ["sort"]),
    _tool("compare_products", "Compare products of the list in focus side by side.",
          {"positions": {"type": "array", "items": _POSITION}}),
    _tool("product_details", "Price, rating and specs of one product (default: the product in focus).",
          {"position": _POSITION, "name": _NAME}),
    _tool("product_reviews", "Rating and review snippets of one product (default: the product in focus).",
          {"position": _POSITION, "name": _NAME}),
]


class ToolError(ValueError):
    """A tool call that cannot be carried out as asked (unknown tool, arguments of the wrong shape)."""


class ToolBox:
    """Runs one turn's tool calls against the index, tracking the state the calls leave for the next ones."""

    def __init__(self, index, history, max_results):
        self.index = index
        self.history = list(history)
        self.max_results = max_results
        self.replies = []

    def call(self, name, arguments):
        """The catalog's text answer to one tool call (what the model is shown); ToolError when it is malformed."""
        try:
            args = parse_arguments(arguments)
        except ValueError as error:
            raise ToolError(f"{name}: arguments are not a JSON object") from error
        build = _REQUESTS.get(name)
        if build is None:
            raise ToolError(f"no tool named {name!r}")
        act, request = build(self, args)
        state = state_of(self.history, known=self.index.get)
        reply = with_list_positions(HANDLERS[act](Turn(self.index, state, self.max_results), request), state.focus)
        self.history.append(Message("assistant", reply.answer, metadata=reply.metadata))
        self.replies.append(reply)
        return reply.answer

    @property
    def reply(self):
        """The turn's products and record: the latest call's that showed products, else the latest call's; or None."""
        with_products = [r for r in self.replies if r.products]
        return (with_products or self.replies or [None])[-1]

    def _search(self, args):
        c = Constraints(category=_category(args.get("category")), brands=self._brands(args, "brands"),
                        excluded_brands=self._brands(args, "exclude_brands"), min_price=_number(args, "min_price"),
                        max_price=_number(args, "max_price"), min_rating=_number(args, "min_rating"),
                        text=_text(args, "name"))
        sort = args.get("sort")
        if sort is not None and sort not in SORTS:
            raise ToolError(f"sort must be one of {', '.join(SORTS)}")
        act = "refine" if args.get("refine") is True else "search"
        return act, Request("", act, c, sort)

    def _pick(self, args):
        sort, rank = args.get("sort"), args.get("rank", 1)
        if not (is_sort(sort) and (sort in SORTS or self._is_spec(sort.lstrip("-")))):
            raise ToolError("sort must be price, -price, -rating, -reviews or a spec the catalog records")
        if not _is_int(rank) or rank < 1:
            raise ToolError("rank must be a whole number from 1")
        return "pick", Request("", "pick", sort=sort, rank=rank, refs=_positions(args, "among"))

    def _compare(self, args):
        refs = _positions(args, "positions")
        return "compare", Request("", "compare", refs=refs, plural_ref=not refs)

    def _about_one(self, act, args):
        position, name = args.get("position"), _text(args, "name")
        refs = _positions({"p": [position]}, "p") if position is not None else []
        if name and not refs:
            return act, Request("", act, Constraints(text=name), models=[name])
        return act, Request("", act, refs=refs, singular_ref=not refs)

    def _is_spec(self, name):
        return any(self.index.has_spec(category, name) for category in self.index.categories)

    def _brands(self, args, key):
        names = args.get(key) or []
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ToolError(f"{key} must be a list of brand names")
        known = {b.lower(): b for b in self.index.brands}
        if any(n.lower() not in known for n in names):
            raise ToolError(f"{key}: brands are one of {', '.join(self.index.brands)}")
        return tuple(known[n.lower()] for n in names)


_REQUESTS = {
    "search_products": ToolBox._search,
    "pick_from_list": ToolBox._pick,
    "compare_products": ToolBox._compare,
    "product_details": lambda box, args: box._about_one("details", args),
    "product_reviews": lambda box, args: box._about_one("reviews", args),
}


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _category(value):
    """A category of the catalog; a singular ("laptop") is read as its plural."""
    if value is None:
        return None
    if isinstance(value, str) and value.lower() in CATEGORIES:
        return value.lower()
    if isinstance(value, str) and value.lower() + "s" in CATEGORIES:
        return value.lower() + "s"
    raise ToolError(f"category must be one of {', '.join(CATEGORIES)}")


def _number(args, key):
    value = args.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ToolError(f"{key} must be a number of at least 0")
    return float(value)


def _text(args, key):
    value = args.get(key)
    if value is not None and not isinstance(value, str):
        raise ToolError(f"{key} must be text")
    return (value.strip() or None) if value else None


def _positions(args, key):
    values = args.get(key) or []
    if not isinstance(values, list) or not all(_is_int(v) and v >= 1 for v in values):
        raise ToolError(f"{key} must be list numbers from 1")
    return list(values)

