"""Typed values from spans: amounts (amounts.py), list positions, spec sorts, brands and features, cues.

Each rule looks at a span and the few after it, once, and marks the spans it takes as used, so a number is read
once (the 4 of "4 stars" is never also a price) and the whole stage is linear in the message length.
"""
from dataclasses import dataclass, field

from .amounts import AmountReader, use_spans

_POSITION_SLOTS = frozenset({"count_start", "count_end", "position_lead", "ordinal"})
_VALUE_SLOTS = frozenset({"brand", "spec", "category"})
_ORDER_SLOTS = frozenset({"sort", "spec_sort", "spec_noun"})  # "lightest first", "longest battery life first"
_PRICE_SORTS = frozenset({"price", "-price"})
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
    loose_starts: list = field(default_factory=list)  # where each loose number stands in the text
    plural_ref: bool = False
    singular_ref: bool = False
    cues: set = field(default_factory=set)  # cue words no other rule took
    said: set = field(default_factory=set)  # every cue word of the message, taken or not ("first" of "my first question")
    said_positions: set = field(default_factory=set)  # every ordinal said, taken or not
    edge_cues: set = field(default_factory=set)  # cues of the first and last words ("thanks, that's all")
    yes_no_lead: bool = False  # starts like a yes/no question and compares ("is the third pricier than ...")
    about_chat: bool = False  # a question about the conversation itself ("what did i ask first?")
    superlative: bool = False  # a sort said as a superlative ("cheapest", "most popular"), not a comparative
    question: bool = False  # starts like a question ("is the third one wireless?", "what os does it run")
    direction: str | None = None  # "high" / "low": which way a sort said apart runs ("by price, highest first")
    reorder: bool = False  # asks for the list's order ("sort by price", "cheapest first")
    refine_lead: bool = False
    lone_number: float | None = None  # a message that is only a number ("what about 65")


def _superlative(span):
    """True for a sort word said as a superlative ("cheapest", "most expensive"), which an ordinal ranks."""
    word = span.text.split()[0]
    return (span.has("sort") or span.has("spec_sort") or span.has("intensifier")) and (
        word.endswith("est") or word in ("most", "least", "best", "worst", "top"))


class _Reader:
    """One pass of the rules over a message's spans."""

    def __init__(self, spans, lexicon):
        self.spans, self.lexicon, self.reading = spans, lexicon, Reading()

    def read(self):
        """The Reading of all spans."""
        AmountReader(self.spans, self.lexicon, self.reading).read()
        self._positions()
        self._spec_sorts()
        self._brands_and_features()
        self._rest()
        return self.reading

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
                use_spans(spans, i, i + 2)
            elif span.has("position_lead") and after and self._count(after, largest=99):
                position = self._count(after, largest=99)
                r.refs += [] if position in r.refs else [position]
                use_spans(spans, i, i + 2)
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
        if position == 1 and spans[i].text == "first" and before and before.slots & _ORDER_SLOTS:
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
            if span.used or not span.slots & {"intensifier", "spec_sort", "spec_noun"}:
                continue
            after = spans[i + 1] if i + 1 < len(spans) else None
            if span.has("intensifier") and after and after.has("spec_noun") and not after.used:
                r.spec_sort = r.spec_sort or (after.fact("spec_noun"), span.fact("intensifier"))
                use_spans(spans, i, i + 2)
            elif span.has("spec_noun") and after and after.has("intensifier") and not after.used:
                r.spec_sort = r.spec_sort or (span.fact("spec_noun"), after.fact("intensifier"))  # "refresh rate higher"
                use_spans(spans, i, i + 2)
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

    def _verb(self, i):
        """True when a category word is a verb here ("she watches netflix")."""
        words, after, before = self.lexicon.category_verbs
        spans = self.spans
        if spans[i].text not in words:
            return False
        return (i > 0 and spans[i - 1].text in after) or (i + 1 < len(spans) and spans[i + 1].text in before)

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
            category = None if self._verb(i) else span.fact("category")
            if category and r.category is None:
                r.category = category
            if brand or span.has("spec") or category:
                span.used = True

    # --- everything else -------------------------------------------------------------------------------------
    def _rest(self):
        for span in self.spans:
            if not span.used and (span.facts or span.number is not None):
                self._take(span)
        self._form()

    def _take(self, span):
        """Read a sort, direction, rating, reference, cues or a small number from a span no other rule took."""
        r = self.reading
        if r.sort is None and span.has("sort"):
            span.used = True
            # "anything cheaper, like under 1000?": the bound says it; "the cheapest under 1000" still sorts.
            bound = r.min_price is not None or r.max_price is not None
            if not (bound and span.fact("sort") in _PRICE_SORTS and not _superlative(span) and not r.refs):
                r.sort = span.fact("sort")
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
            r.loose_starts.append(span.start)

    def _form(self):
        """What the message's wording says, read in one pass over its spans: every cue and ordinal said (taken or
        not), its first and last words, the leads of its clauses, a comparison, a superlative, a lone number."""
        r, filler = self.reading, self.lexicon.filler
        nouns, owners, words, meaningful, loose = [], [], [], [], []
        compares = yes_no_opens = False
        opens_clause = True  # the first span, and each after punctuation
        for i, span in enumerate(self.spans):
            if span.facts:  # a bare word says no cue, ordinal or sort
                cues = span.values("cue")
                r.said.update(cues)
                r.said_positions.update(span.values("ordinal"))
                if "history_nouns" in cues:
                    nouns.append(i)
                if "history_self" in cues or "recall_first" in cues:
                    owners.append(i)
                # A yes/no lead opens the message or a clause ("ok so i ride a bike, is number one lighter than ...").
                yes_no_opens = yes_no_opens or (opens_clause and "yes_no_leads" in cues)
                r.superlative = r.superlative or (not span.slots.isdisjoint(_ORDER_SLOTS) and _superlative(span))
            compares = compares or span.text.rsplit(" ", 1)[-1] in ("than", "then")
            opens_clause = span.text in _PUNCTUATION
            if opens_clause:
                continue
            words.append(span)
            if span.facts or span.text not in filler:
                meaningful.append(span)
            if not (span.has("refine_lead") or span.has("refine_tail") or span.fact("ref") == "plural"):
                loose.append(span)
        # "what did i ask", "my first question": a word about the chat beside one about the shopper or the start.
        r.about_chat = any(abs(a - b) <= 3 for a in nouns for b in owners)
        compares = compares or "than" in r.said
        r.yes_no_lead = compares and bool(words) and (yes_no_opens or "yes_no_anywhere" in r.said)
        r.edge_cues = set(meaningful[0].values("cue") + meaningful[-1].values("cue")) if meaningful else set()
        r.question = bool(words) and bool({"question_leads", "yes_no_leads"} & set(words[0].values("cue")))
        r.reorder = r.reorder or "reorder" in r.said or (r.direction is not None and not r.refs)
        r.refine_lead = bool(words) and (words[0].has("refine_lead") or words[-1].has("refine_tail"))
        if len(loose) == 1 and loose[0].number is not None and not loose[0].used:
            r.lone_number = loose[0].number

    def _reference(self, span):
        """The reference a span makes, also at the end of a longer phrase ("which of these", "about that one")."""
        words = tuple(span.text.split())
        if words[-1] not in self.lexicon.reference_ends:
            return None
        for size in range(len(words), 0, -1):
            ref = next((v for slot, v in self.lexicon.facts(words[-size:]) if slot == "ref"), None)
            if ref:
                return ref
        return None


def read(spans, lexicon):
    """The Reading the spans state."""
    return _Reader(spans, lexicon).read()
