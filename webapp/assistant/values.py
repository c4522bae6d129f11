"""Typed values from spans: amounts (comparator + number + unit), list positions, spec sorts, brands.

Each rule looks at a span and the few after it, once, and marks the spans it takes as used, so a number is read
once (the 4 of "4 stars" is never also a price) and the whole stage is linear in the message length.
"""
import re
from dataclasses import dataclass, field

RATING_STEP = 0.1  # ratings are kept to one decimal, so "under 4 stars" is "at most 3.9 stars"
SPEC_OPERATORS = {"lt": "<", "le": "<=", "gt": ">", "ge": ">=", "about": "~"}
_AMOUNT_STARTS = frozenset({"comparator", "unit", "number"})
_POSITION_SLOTS = frozenset({"count_start", "count_end", "position_lead", "ordinal"})
_VALUE_SLOTS = frozenset({"brand", "spec", "category"})
_THOUSANDS = re.compile(r"(\d+(?:\.\d+)?) k")
SMALLEST_BARE_PRICE = 20  # "under 15" alone is too vague to be money; "under $15" is not
_PUNCTUATION = frozenset(",.;!?")


@dataclass
class Reading:
    """What the spans of one message state, before the act is decided."""

    category: str | None = None
    brands: list = field(default_factory=list)
    excluded_brands: list = field(default_factory=list)
    min_price: float | None = None
    max_price: float | None = None
    min_rating: float | None = None
    max_rating: float | None = None
    specs: dict = field(default_factory=dict)
    sort: str | None = None
    spec_sort: tuple | None = None  # (family, "high" | "low"), resolved to a spec once the category is known
    rank: int = 1
    refs: list = field(default_factory=list)
    loose_numbers: list = field(default_factory=list)  # small bare numbers ("compare 1 and 3")
    plural_ref: bool = False
    singular_ref: bool = False
    cues: set = field(default_factory=set)  # cue words no other rule took
    said: set = field(default_factory=set)  # every cue word of the message, taken or not ("first" of "my first question")
    said_positions: set = field(default_factory=set)  # every ordinal said, taken or not
    yes_no_lead: bool = False  # starts like a yes/no question and compares ("is the third pricier than ...")
    question: bool = False  # starts like a question ("is the third one wireless?", "what os does it run")
    direction: str | None = None  # "high" / "low": which way a sort said apart runs ("by price, highest first")
    reorder: bool = False  # asks for the list's order ("sort by price", "cheapest first")
    refine_lead: bool = False
    lone_number: float | None = None  # a message that is only a number ("what about 65")


@dataclass
class _Amount:
    value: float
    end: int  # index of the span after it
    money: bool  # said as money: $, dollars, k, grand
    unit: str | None


def _amount(spans, i):
    """The amount starting at spans[i] ("$1.5k", "500 dollars", "16 gb ram", "4 stars"), or None."""
    j, money = i, False
    if j < len(spans) and spans[j].text == "$":
        j, money = j + 1, True
    if j >= len(spans) or spans[j].used:
        return None
    value = spans[j].number if spans[j].number is not None else spans[j].fact("number")
    thousands = _THOUSANDS.fullmatch(spans[j].text) if spans[j].text.endswith(" k") else None
    if thousands:  # "4k" is a resolution alone, but money after "$" or a bound word ("under 4k")
        return _Amount(float(thousands.group(1)) * 1000, j + 1, True, None)
    if value is None:
        return None
    money = money or value >= 1000 and spans[j].number is None  # "a grand"
    j += 1
    if j + 1 < len(spans) and spans[j].text in ("+", "-") and spans[j + 1].fact("unit") not in (None, "dollars"):
        j += 1  # "4.5+ stars", "27-inch"
    unit = None
    while j < len(spans) and not spans[j].used and spans[j].has("unit"):
        found = spans[j].fact("unit")
        if found == "thousand" and unit is None:
            value, money = value * 1000, True
        elif found == "dollars":
            money = True
        elif found == "ram" and unit == "gb":
            unit = "ram"
        elif unit is None and found not in ("thousand", "ram"):
            unit = found
        else:
            break
        j += 1
    return _Amount(value, j, money, unit)


def _superlative(span):
    """True for a sort word said as a superlative ("cheapest", "most expensive"), which an ordinal ranks."""
    word = span.text.split()[0]
    return (span.has("sort") or span.has("spec_sort") or span.has("intensifier")) and (
        word.endswith("est") or word in ("most", "least", "best", "worst", "top"))


def _use(spans, first, end):
    for span in spans[first:end]:
        span.used = True


class _Reader:
    """One pass of the rules over a message's spans."""

    def __init__(self, spans, lexicon):
        self.spans, self.lexicon, self.reading = spans, lexicon, Reading()

    def read(self):
        """The Reading of all spans."""
        self._amounts()
        self._positions()
        self._spec_sorts()
        self._brands_and_features()
        self._rest()
        return self.reading

    # --- amounts -------------------------------------------------------------------------------------------
    def _amounts(self):
        spans, i = self.spans, 0
        while i < len(spans):
            span = spans[i]
            # Only a comparator, a "$" or a number can start an amount; the check keeps long messages cheap.
            starts = span.number is not None or span.slots & _AMOUNT_STARTS
            i = (self._amount_at(i) if starts else None) or i + 1

    def _amount_at(self, i):
        """Read an amount led by spans[i] (a comparator, or the amount itself); the index after it, or None."""
        spans = self.spans
        kind = spans[i].fact("comparator") if not spans[i].used else None
        if kind == "between" or (kind == "ge" and spans[i].text == "from"):
            low = _amount(spans, i + 1)
            if low and low.end < len(spans) and spans[low.end].has("joiner"):
                high = _amount(spans, low.end + 1)
                if high and self._range(low, high):
                    _use(spans, i, high.end)
                    return high.end
        if kind and kind != "between":
            start = self._said_as_sentence(i) if kind == "le" else i + 1
            amount = _amount(spans, start)
            if amount and self._bound(kind, amount, rated=self._rated(i)):
                _use(spans, i, amount.end)
                return amount.end
        amount = _amount(spans, i)
        if not amount:
            return None
        if amount.end + 1 < len(spans) and spans[amount.end].has("joiner") and spans[amount.end].text in ("-", "to"):
            high = _amount(spans, amount.end + 1)
            if high and (amount.money or high.money) and self._range(amount, high):
                _use(spans, i, high.end)
                return high.end
        after = spans[amount.end].fact("comparator_after") if amount.end < len(spans) else None
        if after and self._bound(after, amount, rated=False):
            _use(spans, i, amount.end + 1)
            return amount.end + 1
        if amount.unit and self._bound(None, amount, rated=False):
            _use(spans, i, amount.end)
            return amount.end
        return None

    def _said_as_sentence(self, i):
        """Where the amount of a limit said as a sentence starts ("the max i can spend is 500": after "is")."""
        for j in range(i + 1, min(i + 6, len(self.spans))):
            span = self.spans[j]
            if span.number is not None or span.has("brand") or span.has("category"):
                break
            if span.text.endswith("is") and j + 1 < len(self.spans):
                return j + 1
        return i + 1

    def _rated(self, i):
        """True when the comparator at spans[i] is about a rating ("rated under 4", "rating above 4")."""
        return "rat" in self.spans[i].text or (i > 0 and "rat" in self.spans[i - 1].text)

    def _range(self, low, high):
        """Record a range between two amounts (a price, or a rating in stars); False when it is neither."""
        unit = low.unit or high.unit
        a, b = sorted((low.value, high.value))
        if unit == "stars" and b <= 5:
            self.reading.min_rating, self.reading.max_rating = a, b
            return True
        if unit is None:
            self.reading.min_price, self.reading.max_price = a, b
            return True
        return False

    def _bound(self, kind, amount, rated):
        """Record one bound (kind None: a spec said with its unit alone); False when the amount fits none."""
        r, value = self.reading, amount.value
        if amount.unit == "stars" or (rated and amount.unit is None and value <= 5):
            if not 0 < value <= 5:
                return False
            if kind in ("lt", "le"):
                r.max_rating = round(value - RATING_STEP, 1) if kind == "lt" else value
            else:
                r.min_rating = value
            return True
        if amount.unit in self.lexicon.unit_specs or amount.unit == "ram":
            name = "ram_gb" if amount.unit == "ram" else self.lexicon.unit_specs[amount.unit]
            value = value * 1024 if amount.unit == "tb" else value
            default = "~" if name == "screen_inches" else ">="
            operator = SPEC_OPERATORS.get(kind, default) if name == "screen_inches" else (
                SPEC_OPERATORS.get(kind, ">=") if kind in ("lt", "le") else ">=")
            r.specs.setdefault(name, [operator, float(value) if name == "screen_inches" else int(value)])
            return True
        if amount.unit is not None or kind is None:
            return False
        if not (amount.money or value >= SMALLEST_BARE_PRICE):
            return False
        if kind in ("lt", "le"):
            r.max_price = value
        elif kind in ("gt", "ge"):
            r.min_price = value
        else:
            r.min_price, r.max_price = round(value * 0.85, 2), round(value * 1.15, 2)
        return True

    # --- positions -----------------------------------------------------------------------------------------
    def _positions(self):
        spans, r = self.spans, self.reading
        for i, span in enumerate(spans):
            if span.used or span.slots.isdisjoint(_POSITION_SLOTS):
                continue
            after = spans[i + 1] if i + 1 < len(spans) else None
            count = self._count(after) if after else None
            if count and (span.has("count_start") or span.has("count_end")):
                r.refs += list(range(1, count + 1)) if span.has("count_start") else list(range(-count, 0))
                _use(spans, i, i + 2)
            elif span.has("position_lead") and after and self._count(after, largest=99):
                position = self._count(after, largest=99)
                r.refs += [] if position in r.refs else [position]
                _use(spans, i, i + 2)
            elif span.has("ordinal"):
                self._ordinal(i)

    def _count(self, span, largest=10):
        """A small whole number said in digits or words, or None."""
        if span.used:
            return None
        value = span.number if span.number is not None else span.fact("number")
        return int(value) if value is not None and value == int(value) and 1 <= value <= largest else None

    def _ordinal(self, i):
        spans, r = self.spans, self.reading
        position = spans[i].fact("ordinal")
        after = spans[i + 1] if i + 1 < len(spans) else None
        if position > 1 and after and _superlative(after):
            r.rank = position  # "the second cheapest"
            spans[i].used = True
            return
        before = spans[i - 1] if i else None
        if position == 1 and spans[i].text == "first" and before and (before.has("sort") or before.has("spec_sort")):
            r.reorder = True  # "lightest first": an order, not the first item
            spans[i].used = True
            return
        if position == -1 and spans[i].text in ("last", "final"):
            before = spans[i - 1].text if i else None
            if i and before not in self.lexicon.last_leads and not (after and after.text in self.lexicon.last_tails):
                return  # "how long does the battery last?"
        if after and after.has("from_end") and position > 0:
            position = -position
            after.used = True
        if position not in r.refs:
            r.refs.append(position)
        spans[i].used = True

    # --- spec sorts ----------------------------------------------------------------------------------------
    def _spec_sorts(self):
        spans, r = self.spans, self.reading
        for i, span in enumerate(spans):
            if span.used or not span.slots & {"intensifier", "spec_sort"}:
                continue
            after = spans[i + 1] if i + 1 < len(spans) else None
            if span.has("intensifier") and after and after.has("spec_noun") and not after.used:
                r.spec_sort = r.spec_sort or (after.fact("spec_noun"), span.fact("intensifier"))
                _use(spans, i, i + 2)
            elif span.has("spec_sort") and not r.spec_sort:
                r.spec_sort = span.fact("spec_sort")
                span.used = True

    # --- brands, categories, features -------------------------------------------------------------------------
    def _negated(self, i):
        """True when a negation stands within reach before spans[i] with no stop word between."""
        for j in range(i - 1, max(-1, i - 1 - self.lexicon.negation_reach), -1):
            span = self.spans[j]
            if span.has("negation") and not span.used:
                return True
            if span.text in self.lexicon.negation_stops or span.has("brand") or span.has("category"):
                return False
        return False

    def _brands_and_features(self):
        spans, r = self.spans, self.reading
        previous_excluded = None
        for i, span in enumerate(spans):
            if span.used or span.slots.isdisjoint(_VALUE_SLOTS):
                continue
            brand = span.fact("brand")
            if brand:
                joined = previous_excluded is not None and all(s.has("negation_joiner") for s in spans[previous_excluded + 1:i])
                excluded = self._negated(i) or joined
                target = r.excluded_brands if excluded else r.brands
                if brand not in target:
                    target.append(brand)
                previous_excluded = i if excluded else None
            for name, operator, value in span.values("spec"):
                if isinstance(value, bool) and self._negated(i):
                    value = not value  # "without noise cancelling"
                r.specs.setdefault(name, [operator, value])
            category = span.fact("category")
            if category and r.category is None:
                r.category = category
            if brand or span.has("spec") or category:
                span.used = True

    # --- everything else -------------------------------------------------------------------------------------
    def _rest(self):
        spans, r = self.spans, self.reading
        for span in spans:
            if span.used or not (span.facts or span.number is not None):
                continue
            if r.sort is None and span.has("sort"):
                r.sort = span.fact("sort")
                span.used = True
            if span.has("direction"):
                r.direction, span.used = span.fact("direction"), True
            if r.min_rating is None and span.has("min_rating"):
                r.min_rating = span.fact("min_rating")
                span.used = True
            ref = self._reference(span)
            r.plural_ref = r.plural_ref or ref == "plural"
            r.singular_ref = r.singular_ref or ref == "singular"
            r.cues.update(span.values("cue"))
            small = self._count(span)
            if small and span.number is not None:
                r.loose_numbers.append(small)
        for span in spans:
            r.said.update(span.values("cue"))
            r.said_positions.update(span.values("ordinal"))
        words = [s for s in spans if s.text not in _PUNCTUATION]
        compares = "than" in r.said or any(s.text.rsplit(" ", 1)[-1] in ("than", "then") for s in spans)
        r.yes_no_lead = bool(words) and "yes_no_leads" in words[0].values("cue") and compares
        r.question = bool(words) and bool({"question_leads", "yes_no_leads"} & set(words[0].values("cue")))
        r.reorder = r.reorder or "reorder" in r.said or (r.direction is not None and not r.refs)
        r.refine_lead = bool(words) and (words[0].has("refine_lead") or words[-1].has("refine_tail"))
        loose = [s for s in words if not (s.has("refine_lead") or s.has("refine_tail") or s.fact("ref") == "plural")]
        if len(loose) == 1 and loose[0].number is not None and not loose[0].used:
            r.lone_number = loose[0].number


    def _reference(self, span):
        """The reference a span makes, also at the end of a longer phrase ("which of these", "about that one")."""
        words = tuple(span.text.split())
        for size in range(len(words), 0, -1):
            ref = next((v for slot, v in self.lexicon.facts(words[-size:]) if slot == "ref"), None)
            if ref:
                return ref
        return None


def read(spans, lexicon):
    """The Reading the spans state."""
    return _Reader(spans, lexicon).read()
