"""The lists of product ranks a search reads, built once from the catalog.

A product's rank is its place in (price, id) order: the order of a price sort and the tie-break of every other
sort, so a list of ranks sorted ascending is in price order and a price range is one range of ranks. Each list
here is sorted ascending unless it is one of a pool's presorted orders.
"""
import gc
import sys
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass

from .constraints import SORTS, SPEC_FALLBACKS, product_spec

PRESORTED = ("rating", "-rating", "-reviews")  # the SORTS a pool keeps its own order for; price order is rank order


@dataclass(frozen=True)
class Pool:
    """The products of one (category, brand), either of which may be None (= any)."""

    ranks: list  # ascending
    orders: dict  # sort in PRESORTED -> the ranks in that sort's order, ties in rank order


class Postings:
    """Products by rank with the fields searches check; pools; token postings (rank, relevance order); spec postings."""

    def __init__(self, products, words):
        with _collector_paused():
            self._build(products, words)

    def _build(self, products, words):
        """Every list, from the products."""
        self.ranked = ranked = sorted(products, key=lambda p: (p.price, p.id))
        self.prices = [p.price for p in ranked]
        self.category_of = [p.category for p in ranked]
        self.brand_of = [p.brand.lower() for p in ranked]
        self.rating_of = [p.rating for p in ranked]
        # Tuples of interned words, not sets: a set costs about nine times the memory at this size.
        self.names = names = [tuple(map(sys.intern, dict.fromkeys(words(p.name)))) for p in ranked]
        # What a text search matches: the words of the name, brand and category.
        field_words = {}
        for p in ranked:
            field_words.setdefault((p.brand, p.category), frozenset(map(sys.intern, words(f"{p.brand} {p.category}"))))
        self.tokens_of = [field_words[p.brand, p.category].union(name) for p, name in zip(ranked, names)]
        everything = list(range(len(ranked)))
        # place[sort][rank]: the product's position in the whole catalog's order for the sort.
        self.place, whole = {}, {}
        for sort in PRESORTED:
            key, reverse = SORTS[sort]
            keys = [key(p) for p in ranked]
            # Stable even reversed, like heapq.nlargest: equal keys stay in rank order.
            whole[sort] = sorted(everything, key=keys.__getitem__, reverse=reverse)
            self.place[sort] = _positions(whole[sort])
        self.pools = self._pools(ranked)
        self.pools[None, None] = Pool(everything, whole)
        # Relevance: fewest name words first, then most reviewed (see ProductIndex._closest_names).
        self.relevance_order = sorted(whole["-reviews"], key=list(map(len, names)).__getitem__)
        relevance_place = _positions(self.relevance_order)
        self.tokens = defaultdict(list)
        for rank, product_tokens in enumerate(self.tokens_of):
            for token in product_tokens:
                self.tokens[token].append(rank)
        self.tokens_by_relevance = {token: sorted(ranks, key=relevance_place.__getitem__)
                                    for token, ranks in self.tokens.items()}
        self.specs = _spec_postings(ranked)

    def _pools(self, ranked):
        """The pools of every (category, None), (None, brand) and (category, brand) the products have."""
        members = defaultdict(list)
        for rank, product in enumerate(ranked):
            brand = product.brand.lower()
            for key in ((product.category, None), (None, brand), (product.category, brand)):
                members[key].append(rank)
        return {key: Pool(ranks, {sort: sorted(ranks, key=self.place[sort].__getitem__) for sort in PRESORTED})
                for key, ranks in members.items()}

    def pool(self, category, brand):
        """The pool of a (category, brand); an empty one when no product has both."""
        return self.pools.get((category, brand), _EMPTY)


def _spec_postings(ranked):
    """(category, spec name, value) -> ranks of the category's products with that value (as product_spec reads it)."""
    postings = defaultdict(list)
    for rank, product in enumerate(ranked):
        for name in set(product.specs) | {alias for alias, kept in SPEC_FALLBACKS.items() if kept in product.specs}:
            value = product_spec(product, name)
            if is_indexable(value):
                postings[product.category, name, value].append(rank)
    return postings


def is_indexable(value):
    """True for a spec value a posting can be keyed by: hashed as `==` compares it (NaN equals nothing)."""
    return isinstance(value, (str, int, float)) and value == value


@contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector: the build makes millions of objects and no garbage, and each
    collection it would set off walks the whole catalog (about half of the build's time at 100k products)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _positions(order):
    """rank -> its position in `order` (a permutation of all ranks)."""
    positions = [0] * len(order)
    for position, rank in enumerate(order):
        positions[rank] = position
    return positions


_EMPTY = Pool([], {sort: [] for sort in PRESORTED})
