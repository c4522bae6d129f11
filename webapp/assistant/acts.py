"""The dialogue act of a message, decided once from its Reading and the conversation's state by one table.

ACT_RULES is read top to bottom: the first act whose needs all hold and none of whose exclusions does wins.
Each condition is a named predicate below, over what the message states (`r`, a Reading) and what the
conversation has (`s`, a Situation). To add an act: a row here, its predicates, and a handler.
"""
from dataclasses import dataclass

# act, needs (all must hold), unless (none may hold)
ACT_RULES = (
    ("greeting", ("opens:greeting", "no_request"), ()),
    ("thanks", ("opens:thanks", "no_request"), ()),
    ("help", ("cue:help",), ("category", "refs", "criterion", "cue:compare", "cue:reviews", "cue:price")),
    ("help", ("cue:help_word",), ("category", "refs", "criterion", "item_cue", "chatter")),
    ("history", ("recall",), ("constraints",)),
    ("yes_no", ("yes_no_lead", "criterion", "two_items"), ()),
    ("compare", ("cue:compare",), ()),
    ("more", ("page",), ("constraints", "refs", "item_cue")),
    ("back", ("cue:back", "earlier_list"), ("refs", "superlative")),
    ("reviews", ("cue:reviews",), ("sort", "new_search")),
    ("price", ("cue:price",), ("criterion", "new_search")),
    ("details", ("cue:details",), ("new_search", "criterion")),
    ("details", ("asks_about_item",), ("criterion", "cue:narrowing")),
    ("refine", ("reorder", "criterion", "list"), ("new_search",)),
    ("pick", ("criterion", "pickable"), ("new_search", "narrowing_comparative")),
    ("details", ("names_model", "singular", "list"), ("new_search",)),
    ("refine", ("constraints", "narrows"), ()),
    ("search", ("constraints", "search_subject"), ()),
    ("refine", ("constraints",), ()),
    ("refine", ("criterion", "refine_lead", "list"), ()),
    ("details", ("item",), ()),
    ("pick", ("criterion",), ()),
    ("unknown", (), ()),
)


@dataclass(frozen=True)
class Situation:
    """What the conversation offers a message to refer to."""

    has_list: bool = False
    list_category: str | None = None
    has_product: bool = False
    earlier_lists: int = 0
    names_model: bool = False  # the message names a model of the catalog
    names_list_item: bool = False  # its only filter is a brand that items of the list have ("the lenovo")
    brand_in_list: bool = False  # it names a brand that items of the list have
    paged: bool = False  # the list in focus is past its first page
    unused_words: int = 0  # content words of the message no stage took


def _filters(r, s):
    """Constraints other than the category."""
    return bool(r.brands or r.excluded_brands or r.specs or s.names_model or r.lone_number
                or any(v is not None for v in (r.min_price, r.max_price, r.min_rating, r.max_rating)))


def _constraints(r, s):
    return bool(r.category) or _filters(r, s)


def _new_search(r, s):
    """A category of its own (not the list's, or said without pointing at the list), or a model asked about alone."""
    if not r.category or r.refs:
        return False
    same = s.has_list and r.category == s.list_category
    picks = (r.sort or r.spec_sort) and "pick_lead" in r.said  # "which is the lightest camera?" after cameras
    return not (same and (r.refine_lead or r.plural_ref or s.names_list_item or picks)) and not s.names_model


def _narrows(r, s):
    """The message changes the list in focus rather than asking for a new one."""
    if not s.has_list:
        return False
    if r.category:
        return r.category == s.list_category and (r.refine_lead or r.plural_ref)
    return not (s.names_model and not (r.refine_lead or r.plural_ref)) and (
        r.refine_lead or _filters(r, s) and not (r.brands and s.names_model))


def _recall(r, s):
    return r.about_chat or "recommendation" in r.said


def _item(r, s):
    return bool(r.refs or r.singular_ref) and (s.has_list or s.has_product or bool(r.refs))


PREDICATES = {
    "constraints": _constraints,
    "category": lambda r, s: bool(r.category),
    "refs": lambda r, s: bool(r.refs),
    "names_model": lambda r, s: s.names_model,
    "singular": lambda r, s: r.singular_ref,
    "search_subject": lambda r, s: bool(r.category or s.names_model or (r.brands and not r.refine_lead)),
    "sort": lambda r, s: bool(r.sort),
    "criterion": lambda r, s: bool(r.sort or r.spec_sort),
    "new_search": _new_search,
    "narrows": _narrows,
    "list": lambda r, s: s.has_list,
    "pickable": lambda r, s: s.has_list or r.plural_ref or bool(r.refs) or "pick_lead" in r.said,
    "refine_lead": lambda r, s: r.refine_lead,
    "recall": _recall,
    "item": _item,
    "item_cue": lambda r, s: bool({"compare", "reviews", "price", "details"} & r.cues),
    "no_request": lambda r, s: s.unused_words <= 3 and not (
        _constraints(r, s) or r.sort or r.spec_sort or r.refs or {"compare", "reviews", "price", "details", "more"} & r.cues),
    "asks_about_item": lambda r, s: r.question and bool(r.refs or r.singular_ref or s.brand_in_list) and (
        s.has_list or s.has_product),
    "reorder": lambda r, s: r.reorder,
    "superlative": lambda r, s: r.superlative,
    # "what about over $150 then, if they're better": a comparative beside a new bound narrows, it picks nothing.
    "narrowing_comparative": lambda r, s: r.refine_lead and _filters(r, s) and not r.superlative,
    "chatter": lambda r, s: s.unused_words >= 2,  # "help me with my maths homework"
    "yes_no_lead": lambda r, s: r.yes_no_lead,
    "two_items": lambda r, s: len(r.refs or r.loose_numbers) >= 2 or (len(r.refs) == 1 and r.singular_ref),
    "page": lambda r, s: ("more" in r.cues or ("previous_page" in r.cues and s.paged)) and (
        s.has_list or (s.unused_words == 0 and not r.cues - {"more", "previous_page"})),
    "earlier_list": lambda r, s: s.earlier_lists > 0,
}


def _test(name):
    """The predicate a condition of ACT_RULES names: a cue said, a cue opening the message, or one of PREDICATES."""
    kind, _, cue = name.partition(":")
    if kind == "cue":
        return lambda r, s: cue in r.cues
    if kind == "opens":  # the cue starts or ends the message ("thanks, that's all"; not "translate hello")
        return lambda r, s: cue in r.edge_cues
    return PREDICATES[name]


# ACT_RULES with each condition's predicate looked up once, here, rather than per message.
_RULES = tuple((act, tuple(map(_test, needs)), tuple(map(_test, unless))) for act, needs, unless in ACT_RULES)


def decide(reading, situation):
    """The act of a message: the first row of ACT_RULES that fits."""
    for act, needs, unless in _RULES:
        if _fits(needs, unless, reading, situation):
            return act
    return "unknown"


def _fits(needs, unless, reading, situation):
    """True when every need holds and no exclusion does (plain loops: all() and any() over generators cost more
    than the tests themselves)."""
    for test in needs:
        if not test(reading, situation):
            return False
    for test in unless:
        if test(reading, situation):
            return False
    return True


def recall_of(reading):
    """Which part of the conversation a history question asks for: first, previous, all or recommendation."""
    said = reading.said
    if "recommendation" in said:
        return "recommendation"
    if "recall_first" in said or 1 in reading.said_positions:
        return "first"
    if "recall_all" in said and "recall_previous" not in said:
        return "all"
    if "recall_previous" in said or -1 in reading.said_positions:
        return "previous"
    return "all"
