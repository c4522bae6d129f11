"""Structured product search over an in-memory index built once at start-up.

Read-only after construction, so threads share it without locks and forked workers inherit it.
Price ranges use bisection over per-category price-sorted lists; free text uses an inverted index, and a
text search without a sort shows the closest names first.
"""
import heapq
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict

from .constraints import SORTS, has_sort_value, product_spec, sort_order, spec_matches

DEFAULT_SORT = "-reviews"  # most reviewed first: what a shop shows as "popular"
RELEVANCE = "relevance"  # the order of a text search without a sort (closest names first); not a SORTS key
_WORD = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*")


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
        # Price-sorted pools by (category, brand), either of which may be None (= any).
        self._pools = defaultdict(list)
        for product in sorted(self.products, key=_by_price):
            brand = product.brand.lower()
            for key in ((None, None), (product.category, None), (None, brand), (product.category, brand)):
                self._pools[key].append(product)
        self._prices = {key: [p.price for p in pool] for key, pool in self._pools.items()}
        self._postings = defaultdict(set)
        self._name_words = {p.id: frozenset(words(p.name)) for p in self.products}
        for product in self.products:
            for token in self._name_words[product.id] | set(words(f"{product.brand} {product.category}")):
                self._postings[token].add(product.id)
        self._name_tokens = frozenset().union(*self._name_words.values())
        brands_of = defaultdict(set)
        for product in self.products:
            for token in self._name_words[product.id]:
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
        return self._matching(constraints)[0]

    def has_match(self, constraints):
        """True when some product meets the constraints."""
        return bool(self._matching(constraints)[0])

    def search(self, constraints, sort=None, limit=5):
        """(first `limit` matches in `sort` order, total number of matches); text without a sort: RELEVANCE order."""
        matches, by_price = self._matching(constraints)
        return self._ordered(matches, by_price, constraints.text, sort, limit), len(matches)

    def first_match(self, constraints, preferred=()):
        """The first of the `preferred` ids meeting the constraints, else a search's first match; None if none."""
        matches, by_price = self._matching(constraints)
        ids = {p.id for p in matches}
        chosen = next((i for i in preferred if i in ids), None)
        if chosen:
            return self._by_id[chosen]
        first = self._ordered(matches, by_price, constraints.text, None, 1)
        return first[0] if first else None

    def _ordered(self, matches, by_price, text, sort, limit):
        """The first `limit` of the matches in `sort` order; text without a sort: RELEVANCE order."""
        if sort is None and text:
            return heapq.nsmallest(limit, matches, key=self._relevance(text))
        sort = sort or DEFAULT_SORT
        if sort == "price" and by_price:
            return matches[:limit]
        if sort not in SORTS:
            matches = [p for p in matches if has_sort_value(p, sort)]
        key, reverse = sort_order(sort)
        pick = heapq.nlargest if reverse else heapq.nsmallest
        return pick(limit, matches, key=key)

    def _relevance(self, text):
        """Sort key for a text search: fewest name words not asked for first, then most reviewed.

        "iphone 17" means the iPhone 17 before the iPhone 17 Pro Max.
        """
        asked, names = frozenset(words(text)), self._name_words

        def key(product):
            name = names[product.id]
            # `asked & name` walks the few asked words, not every word of the name: this runs per match.
            return len(name) - len(asked & name), -product.review_count, -product.rating

        return key

    def _matching(self, c):
        """(every product meeting the constraints, whether they are in ascending price order)."""
        if c.text:
            candidates = [p for p in map(self._by_id.get, self._text_matches(c.text))
                          if _in_price_range(p, c) and (c.category is None or p.category == c.category)]
            wanted = {b.lower() for b in c.brands}
            checks = [lambda p: p.brand.lower() in wanted] if wanted else []
        else:
            # The (category, brand) pools are exact, so brands need no further check here.
            candidates = []
            for brand in [b.lower() for b in c.brands] or [None]:
                candidates += self._price_range((c.category, brand), c)
            if len(c.brands) > 1:
                candidates.sort(key=_by_price)
            checks = []
        if c.excluded_brands:
            excluded = {b.lower() for b in c.excluded_brands}
            checks.append(lambda p: p.brand.lower() not in excluded)
        if c.min_rating is not None:
            checks.append(lambda p: p.rating >= c.min_rating)
        if c.max_rating is not None:
            checks.append(lambda p: p.rating <= c.max_rating)
        for name, (op, wanted_value) in c.specs.items():
            checks.append(lambda p, n=name, o=op, w=wanted_value: spec_matches(product_spec(p, n), o, w))
        if checks:
            candidates = [p for p in candidates if all(check(p) for check in checks)]
        return candidates, not c.text

    def _price_range(self, key, c):
        """The pool's products within the price bounds, found by bisection."""
        pool, prices = self._pools.get(key, []), self._prices.get(key, [])
        low = bisect_left(prices, c.min_price) if c.min_price is not None else 0
        high = bisect_right(prices, c.max_price) if c.max_price is not None else len(pool)
        return pool[low:high]

    def _text_matches(self, text):
        """Ids of products whose name, brand or category hold every word of the text."""
        tokens = words(text)
        if not tokens:
            return set(self._by_id)
        found = set(self._postings.get(tokens[0], ()))
        for token in tokens[1:]:
            found &= self._postings.get(token, set())
        return found


def _by_price(product):
    """Sort key: price, then id (a stable order for equal prices)."""
    return product.price, product.id


def _in_price_range(product, c):
    """True when the product's price is within the constraints' bounds."""
    return (c.min_price is None or product.price >= c.min_price) and (c.max_price is None or product.price <= c.max_price)
