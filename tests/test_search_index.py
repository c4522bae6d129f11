"""The search index against a straightforward scan of every product, over random catalogs and constraints.

The reference below is the specification: a product matches when it meets every constraint (text: every
word of the text is a word of its name, brand or category); matches are ordered by the sort's key (a text
search without a sort: fewest name words not asked for, then most reviews, then best rating), and products
equal by that key in price order (price, then id). The index must give the same products in the same order,
the same total, and the same answers to matching, has_match and first_match.
"""
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp.assistant import Constraints, Product, ProductIndex, load_catalog
from webapp.assistant.constraints import SORTS, has_sort_value, product_spec, sort_order, spec_matches
from webapp.assistant.search import words
from webapp.config import BUNDLED_CATALOG

BRANDS = ["Sony", "Apple", "Samsung", "LG"]
CATEGORIES = ["laptops", "tvs", "headphones"]
NAME_WORDS = ["Galaxy", "Pro", "Max", "Air", "15", "X-1", "Book", "Sony", "tvs", "Ultra"]
# Few distinct values, so that prices, ratings, review counts and spec values tie often.
PRICES = [9.99, 10.0, 100.0, 250.5, 999.0, 1000.0]
RATINGS = [0.0, 3.5, 4.0, 4.5, 5.0]
REVIEW_COUNTS = [0, 5, 10, 100]
SPEC_VALUES = {"panel": ["OLED", "LCD"], "ram_gb": [8, 16, 8.0, 1], "video": ["4K", "1080p"],
               "resolution": ["4K", "8K", None], "wireless": [True, False]}
SPEC_SORTS = ["ram_gb", "-ram_gb", "resolution", "-resolution", "panel"]
OPERATORS = ["==", ">=", "<=", "<", ">", "~"]


def reference_matches(products, c):
    """Every product meeting the constraints, by checking each one."""
    wanted = {b.lower() for b in c.brands}
    excluded = {b.lower() for b in c.excluded_brands}
    asked = set(words(c.text)) if c.text else set()

    def meets(p):
        return ((c.category is None or p.category == c.category)
                and (not wanted or p.brand.lower() in wanted) and p.brand.lower() not in excluded
                and (c.min_price is None or p.price >= c.min_price) and (c.max_price is None or p.price <= c.max_price)
                and (c.min_rating is None or p.rating >= c.min_rating)
                and (c.max_rating is None or p.rating <= c.max_rating)
                and all(spec_matches(product_spec(p, name), op, value) for name, (op, value) in c.specs.items())
                and asked <= set(words(f"{p.name} {p.brand} {p.category}")))

    return [p for p in products if meets(p)]


def reference_search(products, c, sort, limit):
    """(the first `limit` matches in order, their number), by sorting every match."""
    matches = sorted(reference_matches(products, c), key=lambda p: (p.price, p.id))  # ties: price order
    total = len(matches)
    if sort is None and c.text:
        asked = set(words(c.text))

        def key(p):
            name = set(words(p.name))
            return len(name - asked), -p.review_count, -p.rating

        return sorted(matches, key=key)[:max(limit, 0)], total
    sort = sort or "-reviews"
    key, reverse = sort_order(sort)
    ranked = sorted([p for p in matches if has_sort_value(p, sort)], key=key, reverse=reverse)
    return ranked[:max(limit, 0)], total


@st.composite
def catalogs(draw):
    count = draw(st.integers(min_value=0, max_value=60))
    products = []
    for number in range(count):
        names = draw(st.lists(st.sampled_from(NAME_WORDS), min_size=1, max_size=4))
        specs = draw(st.dictionaries(st.sampled_from(sorted(SPEC_VALUES)),
                                     st.integers(0, 3), max_size=3))
        products.append(Product(
            id=f"p{number:03d}", name=" ".join(names), brand=draw(st.sampled_from(BRANDS)),
            category=draw(st.sampled_from(CATEGORIES)), price=draw(st.sampled_from(PRICES)),
            rating=draw(st.sampled_from(RATINGS)), review_count=draw(st.sampled_from(REVIEW_COUNTS)),
            specs={name: SPEC_VALUES[name][i % len(SPEC_VALUES[name])] for name, i in specs.items()}))
    return draw(st.permutations(products))


def spec_constraints():
    name = st.sampled_from(sorted(SPEC_VALUES))
    return name.flatmap(lambda n: st.tuples(st.just(n), st.sampled_from(OPERATORS if n == "ram_gb" else ["=="]),
                                            st.sampled_from([v for v in SPEC_VALUES[n] if v is not None])))


constraints = st.builds(
    Constraints,
    category=st.none() | st.sampled_from(CATEGORIES),
    brands=st.lists(st.sampled_from(BRANDS + ["sony", "Nokia"]), max_size=3).map(tuple),
    excluded_brands=st.lists(st.sampled_from(BRANDS), max_size=1).map(tuple),
    min_price=st.none() | st.sampled_from(PRICES + [0, 500]),
    max_price=st.none() | st.sampled_from(PRICES + [0, 500]),
    min_rating=st.none() | st.sampled_from(RATINGS),
    max_rating=st.none() | st.sampled_from(RATINGS),
    specs=st.lists(spec_constraints(), max_size=2).map(lambda items: {n: [op, v] for n, op, v in items}),
    text=st.none() | st.lists(st.sampled_from(NAME_WORDS + ["sony", "tvs", "nothing"]), min_size=1, max_size=2)
    .map(" ".join) | st.just("!!"))
sorts = st.none() | st.sampled_from(sorted(SORTS) + SPEC_SORTS)


def ids(products):
    return [p.id for p in products]


def check_against_reference(index, products, c, sort, limit, preferred):
    found, total = index.search(c, sort, limit)
    expected, expected_total = reference_search(products, c, sort, limit)
    assert (ids(found), total) == (ids(expected), expected_total)
    assert sorted(ids(index.matching(c))) == sorted(ids(reference_matches(products, c)))
    assert index.has_match(c) == (expected_total > 0)
    matching = set(ids(reference_matches(products, c)))
    first = next((i for i in preferred if i in matching), None)
    if first is None:
        top = reference_search(products, c, None, 1)[0]
        first = top[0].id if top else None
    chosen = index.first_match(c, preferred)
    assert (chosen.id if chosen else None) == first


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(products=catalogs(), c=constraints, sort=sorts, limit=st.integers(min_value=-1, max_value=12),
       data=st.data())
def test_the_index_answers_as_a_scan_of_every_product(products, c, sort, limit, data):
    preferred = data.draw(st.lists(st.sampled_from([p.id for p in products] + ["unknown"]), max_size=3))
    check_against_reference(ProductIndex(products), products, c, sort, limit, preferred)


BUNDLED = load_catalog(BUNDLED_CATALOG)
BUNDLED_INDEX = ProductIndex(BUNDLED)
ROWS = [json.loads(line) for line in BUNDLED_CATALOG.read_text(encoding="utf-8").splitlines() if line.strip()]
BUNDLED_WORDS = sorted({w for row in ROWS for w in words(row["name"])})


@settings(max_examples=100, deadline=None)
@given(category=st.none() | st.sampled_from(sorted({r["category"] for r in ROWS})),
       brand=st.none() | st.sampled_from(sorted({r["brand"] for r in ROWS})),
       max_price=st.none() | st.integers(min_value=50, max_value=3000),
       min_rating=st.none() | st.sampled_from([3.5, 4.0, 4.5]),
       text=st.none() | st.sampled_from(BUNDLED_WORDS),
       sort=st.none() | st.sampled_from(sorted(SORTS)), limit=st.sampled_from([1, 5, 20, 100]))
def test_the_bundled_catalog_answers_as_a_scan(category, brand, max_price, min_rating, text, sort, limit):
    c = Constraints(category=category, brands=(brand,) if brand else (), max_price=max_price,
                    min_rating=min_rating, text=text)
    check_against_reference(BUNDLED_INDEX, BUNDLED, c, sort, limit, [])


def test_a_narrow_price_range_under_a_popularity_sort_finds_its_few_matches():
    # The cheapest products are the least reviewed: a walk down the most-reviewed order meets them last.
    products = [Product(f"p{i:04d}", f"Model {i}", "Sony", "tvs", 10.0 + i, 4.0, i) for i in range(2000)]
    index = ProductIndex(products)
    found, total = index.search(Constraints(category="tvs", max_price=14.0), None, 3)
    assert (ids(found), total) == (["p0004", "p0003", "p0002"], 5)


def test_a_brand_named_twice_counts_its_products_once():
    products = [Product(f"p{i}", f"Model {i}", "Sony", "tvs", 100.0 + i, 4.0, i) for i in range(3)]
    found, total = ProductIndex(products).search(Constraints(brands=("Sony", "sony")), "price", 10)
    assert (ids(found), total) == (["p0", "p1", "p2"], 3)
