"""What a shopper said that outlives the window: a budget, brands wanted or left out, must-have specs.

Read from the shopper's own words: a first-person statement ("my budget is $800", "I only buy Sony", "I don't
want Apple", "it must have noise cancelling") or, with no list to narrow, a brand left out alone ("no Samsung
please"). The values come from the message's Request (the same reading a search gets); only whether they last
is decided here, from the `[preferences]` words of lexicon.toml. They are kept with the session beside the window
and applied to later searches on each attribute the message itself leaves open.
"""
import math
from dataclasses import dataclass, replace

import msgspec

from .answers import feature_phrase, money
from .constraints import Constraints
from .lexicon import lexicon_data
from .tokens import phrase_key

MAX_BRANDS = 12  # far more than the catalog has per category: a stored record stays small whatever is typed
MAX_SPECS = 12
MAX_BUDGET = 1_000_000.0  # a budget above any price is no limit worth keeping
MAX_NAME_CHARS = 64


class Preferences(msgspec.Struct, frozen=True):
    """The shopper's lasting preferences; empty when none."""

    max_price: float | None = None
    brands: tuple[str, ...] = ()
    exclude_brands: tuple[str, ...] = ()
    specs: dict[str, list] = {}  # spec name -> [operator, value], as in Constraints

    def __bool__(self):
        return bool(self.max_price is not None or self.brands or self.exclude_brands or self.specs)

    def to_dict(self):
        """The stored and API form: all four fields, or {} when there are none."""
        if not self:
            return {}
        price = self.max_price
        return {"max_price": int(price) if price is not None and price.is_integer() else price,
                "brands": list(self.brands), "exclude_brands": list(self.exclude_brands),
                "specs": {name: list(bound) for name, bound in self.specs.items()}}

    @classmethod
    def from_dict(cls, data):
        """Preferences from a stored dict; any field that is malformed is dropped, never the whole record."""
        if not isinstance(data, dict):
            return cls()
        return cls(max_price=_budget(data.get("max_price")), brands=_names(data.get("brands")),
                   exclude_brands=_names(data.get("exclude_brands")), specs=_specs(data.get("specs")))

    def merged(self, stated):
        """These preferences with what a message stated: a new budget or brand choice replaces the old one."""
        brands = stated.brands or tuple(b for b in self.brands if b not in stated.exclude_brands)
        excluded = tuple(dict.fromkeys(b for b in self.exclude_brands + stated.exclude_brands if b not in brands))
        return Preferences(max_price=stated.max_price if stated.max_price is not None else self.max_price,
                           brands=brands[:MAX_BRANDS], exclude_brands=excluded[:MAX_BRANDS],
                           specs=dict(list({**self.specs, **stated.specs}.items())[:MAX_SPECS]))

    def without(self, name):
        """These preferences less the one `name` says (a name of `chips`, or "brands"); "all" forgets everything."""
        kind, _, value = name.partition(":")
        changed = msgspec.structs.replace
        if kind == "all":
            return Preferences()
        if kind == "max_price":
            return changed(self, max_price=None)
        if kind == "brands":
            return changed(self, brands=(), exclude_brands=())
        if kind in ("brand", "exclude_brand"):
            folded = value.casefold()
            return changed(self, brands=tuple(b for b in self.brands if b.casefold() != folded),
                           exclude_brands=tuple(b for b in self.exclude_brands if b.casefold() != folded))
        if kind == "spec":
            return changed(self, specs={n: b for n, b in self.specs.items() if n != value})
        return self

    def chips(self):
        """(name, label) of each preference, in the order the page shows them ("budget $800", "not Apple")."""
        chips = [("max_price", f"budget {money(self.max_price)}")] if self.max_price is not None else []
        chips += [(f"brand:{b}", b) for b in self.brands]
        chips += [(f"exclude_brand:{b}", f"not {b}") for b in self.exclude_brands]
        chips += [(f"spec:{n}", feature_phrase(n, *bound)) for n, bound in self.specs.items()]
        return chips


def _budget(value):
    """A stored budget, or None when it is not a sensible positive amount."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) and 0 < value <= MAX_BUDGET else None


def _names(value):
    """Stored brand names: short strings, no repeats, at most MAX_BRANDS."""
    if not isinstance(value, (list, tuple)):
        return ()
    names = [v for v in value if isinstance(v, str) and 0 < len(v) <= MAX_NAME_CHARS]
    return tuple(dict.fromkeys(names))[:MAX_BRANDS]


def _specs(value):
    """Stored spec bounds: name -> [operator, value] with a finite number, a bool or a short string."""
    if not isinstance(value, dict):
        return {}
    kept = {}
    for name, bound in list(value.items())[:MAX_SPECS]:
        if not (isinstance(name, str) and 0 < len(name) <= MAX_NAME_CHARS and isinstance(bound, (list, tuple))
                and len(bound) == 2 and bound[0] in ("==", ">=", "<=", "<", ">", "~")):
            continue
        operand = bound[1]
        if isinstance(operand, bool) or (isinstance(operand, str) and len(operand) <= MAX_NAME_CHARS) or (
                isinstance(operand, (int, float)) and math.isfinite(operand)):
            kept[name] = [bound[0], operand]
    return kept


@dataclass(frozen=True)
class PreferenceChange:
    """What one message does to the preferences: states some (`stated`) or forgets some (`forget`: names)."""

    stated: Preferences = Preferences()
    forget: tuple = ()

    def applied_to(self, prefs):
        """The preferences after this change."""
        for name in self.forget:
            prefs = prefs.without(name)
        return prefs.merged(self.stated) if self.stated else prefs


class PreferenceWords:
    """The `[preferences]` words of the lexicon as token phrases; reads whether a message states or forgets one."""

    def __init__(self, data=None):
        self.kinds = {}  # phrase key -> the kinds of word it is ("leads", "forget", ...)
        for kind, phrases in (data or lexicon_data())["preferences"].items():
            for phrase in phrases:
                self.kinds.setdefault(phrase_key(phrase), set()).add(kind)
        self.longest = max(len(key) for key in self.kinds)
        self.starts = frozenset(key[0] for key in self.kinds)  # most words start no phrase: they are skipped

    def _said(self, texts):
        """The kinds of preference word the token texts hold, in one pass (linear in the message length)."""
        said = set()
        for i in range(len(texts)):
            if texts[i] not in self.starts:
                continue
            for n in range(1, min(self.longest, len(texts) - i) + 1):
                said |= self.kinds.get(tuple(texts[i:i + n]), set())
        return said

    def change(self, texts, constraints, has_list):
        """The PreferenceChange a message makes (its token texts and the Constraints it states), or None."""
        said = self._said(texts)
        if "forget" in said:
            return _forgetting(said, constraints)
        c = constraints
        if c.text:
            return None  # a model named ("I need the Sony WH-1000XM6") is a product asked for, not a preference
        budget = c.max_price if c.min_price is None and _budget(c.max_price) is not None else None
        if "budget" in said:
            stated = Preferences(max_price=budget)
            if c.category is None:
                stated = _stated(c, budget)
        elif c.category is None and "leads" in said:
            stated = _stated(c, budget)
        elif c.category is None and not has_list and c.excluded_brands and c == Constraints(excluded_brands=c.excluded_brands):
            stated = Preferences(exclude_brands=tuple(c.excluded_brands))  # "no Samsung please"
        else:
            return None
        return PreferenceChange(stated=stated) if stated else None



def _forgetting(said, constraints):
    """The change of a "forget ..." message: what it names, or everything for "forget my preferences"."""
    names = ["max_price"] if "forget_budget" in said else []
    names += [f"brand:{b}" for b in constraints.brands + constraints.excluded_brands]
    names += ["brands"] if "forget_brands" in said else []
    names += [f"spec:{n}" for n in constraints.specs]
    if "forget_all" in said and not names:
        names = ["all"]
    return PreferenceChange(forget=tuple(names)) if names else None


def _stated(constraints, budget):
    """Every preference a first-person statement's constraints hold."""
    c = constraints
    return Preferences(max_price=budget, brands=tuple(c.brands)[:MAX_BRANDS],
                       exclude_brands=tuple(c.excluded_brands)[:MAX_BRANDS], specs=_specs(c.specs))


@dataclass(frozen=True)
class Applied:
    """The constraints of a search with the preferences it left open filled in, and which ones were."""

    constraints: object
    budget: float | None = None
    brands: tuple = ()
    exclude_brands: tuple = ()
    specs: dict | None = None

    def note(self):
        """How the answer says what it applied: "within your $800 budget; only Sony, as you prefer"."""
        notes = [f"within your {money(self.budget)} budget"] if self.budget is not None else []
        notes += [f"only {' or '.join(self.brands)}, as you prefer"] if self.brands else []
        notes += [f"leaving out {' and '.join(self.exclude_brands)}, as you asked"] if self.exclude_brands else []
        notes += [f"with {' and '.join(feature_phrase(n, *b) for n, b in self.specs.items())}, as you need"] if (
            self.specs) else []
        return "; ".join(notes)


def applied(prefs, constraints, index):
    """`constraints` with each preference the message left open added, where the catalog can honour it.

    The message wins: a bound of its own on the price, any brand said (wanted or left out), a spec it sets, or a
    model it names keeps the preference out. A preferred brand that does not make the category, or a spec the
    category does not record, is not applied (it would only empty the search)."""
    c = constraints
    if not prefs or c.text:
        return Applied(c)
    changes, found = {}, {}
    if prefs.max_price is not None and c.min_price is None and c.max_price is None:
        changes["max_price"] = found["budget"] = prefs.max_price
    if not (c.brands or c.excluded_brands):
        wanted = tuple(b for b in prefs.brands if not c.category or index.has_match(Constraints(category=c.category, brands=(b,))))
        if wanted:
            changes["brands"] = found["brands"] = wanted
        if prefs.exclude_brands:
            changes["excluded_brands"] = found["exclude_brands"] = prefs.exclude_brands
    specs = {n: b for n, b in prefs.specs.items() if n not in c.specs and c.category and index.has_spec(c.category, n)}
    if specs:
        changes["specs"], found["specs"] = {**c.specs, **specs}, specs
    return Applied(replace(c, **changes), **found) if changes else Applied(c)


def acknowledgement(change, before):
    """What the answer says about a change: "I'll remember your budget of $800." or what it forgot."""
    if change.forget:
        if not before:
            return "I had no preferences of yours to forget."
        if "all" in change.forget:
            return "I've forgotten your preferences."
        kept = {name for name, _ in change.applied_to(before).chips()}
        gone = [_FORGOTTEN[name.partition(":")[0]].format(label.removeprefix("budget ").removeprefix("not "))
                for name, label in before.chips() if name not in kept]
        return f"I've forgotten {_listed(gone)}." if gone else "I had no such preference of yours to forget."
    s = change.stated
    parts = [f"your budget of {money(s.max_price)}"] if s.max_price is not None else []
    parts += [f"that you prefer {' or '.join(s.brands)}"] if s.brands else []
    parts += [f"to leave out {' and '.join(s.exclude_brands)}"] if s.exclude_brands else []
    parts += [f"that you need {' and '.join(feature_phrase(n, *b) for n, b in s.specs.items())}"] if s.specs else []
    return f"I'll remember {_listed(parts)}."


_FORGOTTEN = {"max_price": "your budget of {}", "brand": "that you prefer {}", "exclude_brand": "that you leave out {}",
              "spec": "that you need {}"}


def _listed(parts):
    """'a', 'a and b', 'a, b and c'."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
