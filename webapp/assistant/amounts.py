"""Amounts in a message: comparator + number + unit, read into prices, ratings and specs.

"under $1.5k", "between 500 and 800", "500 or less", "4 stars and up", "under 4 stars", "at least 16gb ram",
"27-inch", "the max i can spend is 500". Each rule looks at a span and the few after it, once, and marks the spans
it takes as used, so a number is read once and the stage is linear in the message length.
"""
import re
from dataclasses import dataclass

RATING_STEP = 0.1  # ratings are kept to one decimal, so "under 4 stars" is "at most 3.9 stars"
SPEC_OPERATORS = {"lt": "<", "le": "<=", "gt": ">", "ge": ">=", "about": "~"}
_AMOUNT_STARTS = frozenset({"comparator", "unit", "number"})
_THOUSANDS = re.compile(r"(\d+(?:\.\d+)?) k")
SMALLEST_BARE_PRICE = 20  # "under 15" alone is too vague to be money; "under $15" is not


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



def use_spans(spans, first, end):
    """Mark spans[first:end] as taken by a rule."""
    for span in spans[first:end]:
        span.used = True



class AmountReader:
    """Reads the amounts of a message's spans into a Reading."""

    def __init__(self, spans, lexicon, reading):
        self.spans, self.lexicon, self.reading = spans, lexicon, reading

    def read(self):
        """Take every amount the spans state."""
        self._amounts()

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
                    use_spans(spans, i, high.end)
                    return high.end
        if kind and kind != "between":
            start = self._said_as_sentence(i) if kind == "le" else i + 1
            amount = _amount(spans, start)
            if amount and self._bound(kind, amount, rated=self._rated(i)):
                use_spans(spans, i, amount.end)
                return amount.end
        amount = _amount(spans, i)
        if not amount:
            return None
        if amount.end + 1 < len(spans) and spans[amount.end].has("joiner") and spans[amount.end].text in ("-", "to"):
            high = _amount(spans, amount.end + 1)
            if high and (amount.money or high.money) and self._range(amount, high):
                use_spans(spans, i, high.end)
                return high.end
        after = spans[amount.end].fact("comparator_after") if amount.end < len(spans) else None
        if after and self._bound(after, amount, rated=False):
            use_spans(spans, i, amount.end + 1)
            return amount.end + 1
        if amount.unit and self._bound(None, amount, rated=False):
            use_spans(spans, i, amount.end)
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
