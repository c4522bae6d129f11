"""Structured product search over an in-memory index built once at start-up.

Read-only after construction, so threads share it without locks and forked workers inherit it.
Products are pooled by (category, brand) and posted by name token and spec value, as lists of ranks (see
postings.py). A search counts its matches in the smallest list that holds them all, by bisection when nothing
else is to be checked, and takes its first `limit` by walking a list already in the order asked for, stopping
once no later product can make the cut; a heap over the matches when they are too few for a walk to pay.
Ties of every sort fall in price order. A text search without a sort shows the closest names first.
"""
import heapq
import re
from bisect import insort
from collections import defaultdict

from .constraints import has_sort_value, sort_order
from .postings import PRESORTED, Postings
from .query import BRANDS, CATEGORY, Query, conjunction

DEFAULT_SORT = "-reviews"  # most reviewed first: what a shop shows as "popular"
RELEVANCE = "relevance"  # the order of a text search without a sort (closest names first); not a SORTS key
_WORD = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*")
_SLACK = 64  # steps a walk may take beyond four times its expected length before a heap takes over


def words(text):
    """Lower-case search tokens of a text."""
    return _WORD.findall(text.lower())


def word_matches(text):
    """The search tokens of a lower-case text as match objects, which keep their offsets."""
    return _WORD.finditer(text)


class ProductIndex:
    """All products, indexed for the searches the assistant and the API make."""

    def __init__(self, products):
        self.products = list(products)
        self._by_id = {p.id: p for p in self.products}
        self.lists = lists = Postings(self.products, words)
        self._rank_of = {p.id: rank for rank, p in enumerate(lists.ranked)}
        self._name_tokens = frozenset().union(*lists.names)
        brands_of = defaultdict(set)
        for product, name in zip(lists.ranked, lists.names):
            for token in name:
                brands_of[token].add(product.brand)
        # A number is no product line, though only one brand's names hold it ("1" of "Xiaomi Pad 1").
        self._line_tokens = frozenset(token for token, brands in brands_of.items()
                                      if len(brands) == 1 and not token.isdigit())
        self._spec_names = defaultdict(set)
        for product in self.products:
            self._spec_names[product.category].update(product.specs)
        self.brands = sorted({p.brand for p in self.products})
        self.categories = sorted({p.category for p in self.products})

    def get(self, product_id):
        """The product with this id, or None."""
        return self._by_id.get(product_id)

    def find_all(self, ids):
        """Products for the ids that exist, in the given order."""
        return [self._by_id[i] for i in ids if i in self._by_id]

    def is_name_word(self, token):
        """True when some product's name holds this token (a token only of brand or category fields does not count)."""
        return token in self._name_tokens

    def name_words(self):
        """Every token of product names."""
        return self._name_tokens

    def is_line_word(self, token):
        """True when the names of exactly one brand's products hold this token (a product line: "xps", "bravia")."""
        return token in self._line_tokens

    def has_spec(self, category, name):
        """True when some product of the category records this spec."""
        return name in self._spec_names.get(category, ())

    def matching(self, constraints):
        """Every product meeting the constraints, in no particular order."""
        return [self.lists.ranked[r] for r in self._query(constraints).matches()]

    def has_match(self, constraints):
        """True when some product meets the constraints."""
        return self._query(constraints).any()

    def search(self, constraints, sort=None, limit=5):
        """(first `limit` matches in `sort` order, total number of matches); text without a sort: RELEVANCE order."""
        query = self._query(constraints)
        return self._ordered(query, sort, limit), query.count()

    def first_match(self, constraints, preferred=()):
        """The first of the `preferred` ids meeting the constraints, else a search's first match; None if none."""
        query = self._query(constraints)
        chosen = next((r for r in map(self._rank_of.get, preferred) if r is not None and query.accepts(r)), None)
        if chosen is not None:
            return self.lists.ranked[chosen]
        first = self._ordered(query, None, 1)
        return first[0] if first else None

    def _query(self, constraints):
        """The constraints resolved against this index."""
        return Query(self.lists, constraints, frozenset(words(constraints.text)) if constraints.text else frozenset())

    def _ordered(self, query, sort, limit):
        """The first `limit` matches in `sort` order; text without a sort: RELEVANCE order."""
        if limit <= 0 or query.count() == 0:
            return []
        if sort is None and query.constraints.text:
            return [self.lists.ranked[r] for r in self._closest_names(query, limit)]
        sort = sort or DEFAULT_SORT
        if sort == "price":
            return [self.lists.ranked[r] for r in query.matches()[:limit]]
        if sort == "-price":
            matches = query.matches()
            return [self.lists.ranked[r] for r in reversed(matches[max(0, len(matches) - limit):])]
        if sort in PRESORTED:
            return [self.lists.ranked[r] for r in self._presorted(query, sort, limit)]
        matches = [self.lists.ranked[r] for r in query.matches()]
        matches = [p for p in matches if has_sort_value(p, sort)]
        key, reverse = sort_order(sort)
        return (heapq.nlargest if reverse else heapq.nsmallest)(limit, matches, key=key)

    def _presorted(self, query, sort, limit):
        """Ranks of the first `limit` matches in the order of a sort the pools keep presorted."""
        place = self.lists.place[sort]
        orders = [self.lists.pool(query.constraints.category, b).orders[sort] for b in query.brands or (None,)]
        budget = _walk_budget(query.count(), limit, sum(map(len, orders)))
        if budget:
            walk = orders[0] if len(orders) == 1 else heapq.merge(*orders, key=place.__getitem__)
            found = _first(walk, conjunction(query.checks_beyond({CATEGORY, BRANDS})), limit, budget)
            if found is not None:
                return found
        return heapq.nsmallest(limit, query.matches(), key=place.__getitem__)

    def _closest_names(self, query, limit):
        """Ranks of the first `limit` matches in RELEVANCE order: fewest name words not asked for, then most reviewed.

        "iphone 17" means the iPhone 17 before the iPhone 17 Pro Max.
        """
        asked, names, reviews = query.tokens, self.lists.names, self.lists.place["-reviews"]

        def key(rank):
            name = names[rank]
            return len(name) - len(asked.intersection(name)), reviews[rank]

        lists = self.lists
        token = min(asked, key=lambda t: len(lists.tokens.get(t, ())), default=None)
        walk = lists.tokens_by_relevance.get(token, []) if token else lists.relevance_order
        budget = _walk_budget(query.count(), limit, len(walk))
        if budget:
            # A product's name holds at most the asked words some name holds: its key is at least this bound,
            # and the walk goes in the order of the bound.
            most = len(asked & self._name_tokens)
            accept = conjunction(query.checks_beyond({("token", token)}))
            best = []
            for step, rank in enumerate(walk):
                if step == budget:
                    break
                if len(best) == limit and best[-1][0] < (len(names[rank]) - most, reviews[rank]):
                    return [r for _, r in best]
                if accept(rank):
                    insort(best, (key(rank), rank))
                    del best[limit:]
            else:
                return [r for _, r in best]
        return heapq.nsmallest(limit, query.matches(), key=key)


def _walk_budget(count, limit, length):
    """Steps a walk of `length` products holding `count` matches may take to find `limit`; 0: a heap is cheaper."""
    expected = limit * length // max(count, 1)
    return 4 * expected + _SLACK if expected < count else 0


def _first(walk, accept, limit, budget):
    """The first `limit` ranks of the walk that are accepted; None after `budget` steps without them."""
    found = []
    for step, rank in enumerate(walk):
        if step == budget:
            return None
        if accept(rank):
            found.append(rank)
            if len(found) == limit:
                break
    return found
