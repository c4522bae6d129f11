"""One search's constraints resolved against the index's lists: the smallest list that holds every match, the
checks it leaves, and the matches themselves (counted by bisection when nothing is left to check).

A list in rank order narrows to a price range by bisection, a pool's rating order to a rating range: each
stands for the constraints in its `cover`.
"""
from bisect import bisect_left, bisect_right
from itertools import chain

from .constraints import product_spec, spec_matches
from .postings import is_indexable

# What a list can stand for; tokens and specs are ("token", t) and ("spec", name).
CATEGORY, BRANDS, PRICE, RATING = "category", "brands", "price", "rating"


class Query:
    """The constraints of one search over one index; built per call, never shared."""

    def __init__(self, lists, constraints, tokens):
        self.lists, self.constraints, self.tokens = lists, constraints, tokens
        self.brands = tuple(dict.fromkeys(b.lower() for b in constraints.brands))
        self.low, self.high = _rank_range(lists.prices, constraints)
        pools = [lists.pool(constraints.category, b) for b in self.brands or (None,)]
        sources = [([pool.ranks for pool in pools], {CATEGORY, BRANDS})]
        sources += [([lists.tokens.get(t, [])], {("token", t)}) for t in tokens]
        sources += [([lists.specs.get((constraints.category, name, wanted), [])], {CATEGORY, ("spec", name)})
                    for name, (op, wanted) in constraints.specs.items()
                    if op == "==" and constraints.category and is_indexable(wanted)]
        candidates = [([_within(ranks, self.low, self.high) for ranks in source], cover | {PRICE})
                      for source, cover in sources]
        bounds = (constraints.min_rating, constraints.max_rating)
        if bounds != (None, None) and all(b == b for b in bounds):  # NaN bounds match nothing: left to the checks
            candidates.append(([_rated(pool.orders["rating"], *bounds, lists.rating_of) for pool in pools],
                               {CATEGORY, BRANDS, RATING}))
        # The driver: the list with fewest products left; the checks cover what it does not.
        self.segments, cover = min(candidates, key=lambda s: _size(s[0]))
        self.in_rank_order = PRICE in cover
        self.checks = self.checks_beyond(cover)
        self._matches = None

    def checks_beyond(self, cover):
        """Per-rank tests of every constraint a list standing for `cover` does not hold."""
        c, lists, checks = self.constraints, self.lists, []
        if PRICE not in cover and (self.low > 0 or self.high < len(lists.prices)):
            checks.append(lambda r, low=self.low, high=self.high: low <= r < high)
        if c.category and CATEGORY not in cover:
            checks.append(lambda r, category_of=lists.category_of: category_of[r] == c.category)
        brands = set(self.brands)
        if brands and BRANDS not in cover:
            checks.append(lambda r, brand_of=lists.brand_of: brand_of[r] in brands)
        needed = frozenset(t for t in self.tokens if ("token", t) not in cover)
        if needed:
            checks.append(lambda r, tokens_of=lists.tokens_of: needed <= tokens_of[r])
        if c.excluded_brands:
            excluded = {b.lower() for b in c.excluded_brands}
            checks.append(lambda r, brand_of=lists.brand_of: brand_of[r] not in excluded)
        if c.min_rating is not None and RATING not in cover:
            checks.append(lambda r, rating_of=lists.rating_of: rating_of[r] >= c.min_rating)
        if c.max_rating is not None and RATING not in cover:
            checks.append(lambda r, rating_of=lists.rating_of: rating_of[r] <= c.max_rating)
        for name, (op, wanted) in c.specs.items():
            if ("spec", name) not in cover:
                checks.append(lambda r, ranked=lists.ranked, n=name, o=op, w=wanted:
                              spec_matches(product_spec(ranked[r], n), o, w))
        return checks

    def count(self):
        """How many products meet the constraints."""
        return len(self.matches()) if self.checks else _size(self.segments)  # pools of two brands never overlap

    def matches(self):
        """The ranks of every match, ascending (price order)."""
        if self._matches is None:
            ranks = [ranks[start:stop] for ranks, start, stop in self.segments]
            ranks = ranks[0] if len(ranks) == 1 and self.in_rank_order else sorted(chain.from_iterable(ranks))
            for check in self.checks:
                ranks = list(filter(check, ranks))
            self._matches = ranks
        return self._matches

    def any(self):
        """True when some product meets the constraints (stops at the first)."""
        if self._matches is not None or not self.checks:
            return self.count() > 0
        accept = conjunction(self.checks)
        return any(accept(r) for ranks, start, stop in self.segments for r in ranks[start:stop])

    def accepts(self, rank):
        """True when the product of this rank meets the constraints."""
        return conjunction(self.checks_beyond(set()))(rank)


def conjunction(checks):
    """One per-rank test passing when every check does."""
    if not checks:
        return lambda r: True
    if len(checks) == 1:
        return checks[0]
    return lambda r: all(check(r) for check in checks)


def _rank_range(prices, c):
    """(low, high): the ranks whose prices are within the constraints' bounds are low <= rank < high."""
    low = bisect_left(prices, c.min_price) if c.min_price is not None else 0
    high = bisect_right(prices, c.max_price) if c.max_price is not None else len(prices)
    return low, max(low, high)


def _within(ranks, low, high):
    """(ranks, start, stop): the part of an ascending list of ranks in [low, high)."""
    return ranks, bisect_left(ranks, low), bisect_left(ranks, high)


def _rated(by_rating, low, high, rating_of):
    """(ranks, start, stop): the part of a list in ascending rating order with ratings in [low, high]."""
    start = bisect_left(by_rating, low, key=rating_of.__getitem__) if low is not None else 0
    stop = bisect_right(by_rating, high, key=rating_of.__getitem__) if high is not None else len(by_rating)
    return by_rating, start, max(start, stop)


def _size(segments):
    """How many ranks the segments hold."""
    return sum(stop - start for _, start, stop in segments)
