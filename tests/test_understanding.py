"""Table-driven unit tests of the understanding pipeline's stages: typed values (values.py) from the tagged spans
(spans.py, lexicon.toml), and the Request that understanding.py builds from them, model words included.
The tables were written for the regex parsers the pipeline replaced and still hold."""
import pytest

from webapp.assistant import ProductIndex, load_catalog
from webapp.assistant.model_words import model_words
from webapp.assistant.constraints import Constraints
from webapp.assistant.spans import tag
from webapp.assistant.tokens import canonical, tokenize
from webapp.assistant.understanding import Understander
from webapp.assistant.values import read
from webapp.config import BUNDLED_CATALOG

INDEX = ProductIndex(load_catalog(BUNDLED_CATALOG))

UNDERSTANDER = Understander(INDEX)


def reading(text):
    """The Reading of one message (typed values, before model words and the act)."""
    return read(tag(tokenize(canonical(text)), UNDERSTANDER.lexicon, INDEX.is_name_word).spans, UNDERSTANDER.lexicon)


def understand(text):
    """The Request of a message in a new conversation."""
    return UNDERSTANDER.understand(text, None)


# ---------------------------------------------------------------------------------------------
# prices: (min, max) or None
# ---------------------------------------------------------------------------------------------
PRICES = [
    ("under $1000", (None, 1000)),
    ("laptops under $1k", (None, 1000)),
    ("tvs under 2k", (None, 2000)),
    ("under $1.5k", (None, 1500)),
    ("phones under 1,200 dollars", (None, 1200)),
    ("phones under $1,299.99", (None, 1299.99)),
    ("less than 900 dollars", (None, 900)),
    ("cheaper than $400", (None, 400)),
    ("no more than 999.99", (None, 999.99)),
    ("up to 2 grand", (None, 2000)),
    ("under 100 bucks", (None, 100)),
    ("under $15", (None, 15)),
    ("under 15 dollars", (None, 15)),  # "dollars" makes a small number a price
    ("500 or less", (None, 500)),
    ("over $1000", (1000, None)),
    ("what about over $1000?", (1000, None)),
    ("above 300 usd", (300, None)),
    ("more than 2 grand", (2000, None)),
    ("1000 and up", (1000, None)),
    ("between 500 and 800", (500, 800)),
    ("between $500 and $1,000", (500, 1000)),
    ("between 1k and 2k", (1000, 2000)),
    ("from 200 to 400", (200, 400)),
    ("$300-$500", (300, 500)),
    ("$800 to $500", (500, 800)),  # bounds in either order
    ("500-800 dollars", (500, 800)),
    ("around $500", (425, 575)),
    ("16gb ram under 1000", (None, 1000)),
    ("4k tv under 500", (None, 500)),
    ("4k tvs over 1000", (1000, None)),
    ("phones 5g under 400", (None, 400)),
    ("the 2nd under $500", (None, 500)),
    ("at least 4 stars under 500", (None, 500)),
    ("rated 4+ under 300", (None, 300)),
    # a limit said as a sentence
    ("the max i can spend is 500, need a tablet", (None, 500)),
    ("my budget is $800", (None, 800)),
    ("a budget of 1200 dollars", (None, 1200)),
    # not prices: the number has another unit, or is too small to be money without a $
    ("under 4 stars", None),
    ("at least 4 stars", None),
    ("4k tvs", None),
    ("under 27 inch", None),
    ("under 15.6 inch", None),
    ("more than 16gb ram", None),
    ("at least 20 hours", None),
    ("show me 3 laptops", None),
    ("144hz monitors", None),
    ("show me laptops", None),
    ("the most popular one of 2024", None),
    ("which is the most expensive one?", None),
    # a resolution: "4k" / "8k" without a $ or a bound word, and any "1440p" / "1080p"
    ("what about 4k", None),
    ("how about 8k ones", None),
    ("how about 1440p ones", None),
    ("around 1080p", None),
    ("monitors under 4k", (None, 4000)),
    ("around $4k", (3400, 4600)),
]


@pytest.mark.parametrize(("text", "rank", "rest_holds"), [
    ("whats the second cheapest", 2, "cheapest"),
    ("the 3rd most expensive one", 3, "most expensive"),
    ("the second best rated", 2, "best rated"),
    ("the second one", 1, "second one"),  # a list position, not a rank
    ("which is cheapest?", 1, "cheapest"),
    ("which is the sixth cheapest?", 6, "cheapest"),
    ("the 7th most expensive", 7, "most expensive"),
    ("the tenth best rated", 10, "best rated"),
])
def test_rank(text, rank, rest_holds):
    assert reading(text).rank == rank


@pytest.mark.parametrize(("text", "expected"), PRICES, ids=[t for t, _ in PRICES])
def test_price(text, expected):
    r = reading(text)
    found = None if r.min_price is None and r.max_price is None else (r.min_price, r.max_price)
    assert found == expected


def test_a_price_is_read_once_and_the_rest_still_has_the_spec():
    r = reading("16gb ram under 1000")
    assert (r.min_price, r.max_price) == (None, 1000)
    assert r.specs == {"ram_gb": [">=", 16]}


# ---------------------------------------------------------------------------------------------
# ratings: minimum rating or None
# ---------------------------------------------------------------------------------------------
RATINGS = [
    ("4 stars and up", 4.0),
    ("headphones 4 stars and up", 4.0),
    ("with at least 4 stars", 4.0),
    ("at least 4.5 stars", 4.5),
    ("4.5+ stars", 4.5),
    ("rated 4+", 4.0),
    ("rating above 4", 4.0),
    ("over 4.5 stars", 4.5),
    ("4 star headphones", 4.0),
    ("highly rated", 4.5),
    ("well-rated laptops", 4.5),
    ("at least 4 stars under 500", 4.0),
    ("5 stars", 5.0),
    ("6 stars", None),  # no such rating
    ("under $400", None),
    ("at least 16gb ram", None),
    ("show me laptops", None),
]


@pytest.mark.parametrize(("text", "expected"), RATINGS, ids=[t for t, _ in RATINGS])
def test_rating(text, expected):
    assert reading(text).min_rating == expected


@pytest.mark.parametrize("text", ["under 4 stars", "headphones under 4 stars", "less than 4 stars",
                                  "below 4 stars"])
def test_under_n_stars_is_not_a_minimum_rating(text):
    """'under 4 stars' asks for the opposite of 'at least 4 stars'; reading it as a 4-star minimum is wrong."""
    r = reading(text)
    assert r.min_price is None and r.max_price is None
    assert r.min_rating != 4.0


# Ratings are kept to one decimal (catalog.py), so "under 4 stars" (strictly below 4) is "at most 3.9".
@pytest.mark.parametrize(("text", "expected"), [
    ("under 4 stars", 3.9),
    ("headphones below 3.5 stars", 3.4),
    ("less than 4 stars", 3.9),
])
def test_max_rating(text, expected):
    assert reading(text).max_rating == expected


# ---------------------------------------------------------------------------------------------
# ordinals: 1-based positions, -1 = last
# ---------------------------------------------------------------------------------------------
ORDINALS = [
    ("the first one", [1]),
    ("the second one", [2]),
    ("the third", [3]),
    ("3rd", [3]),
    ("the 10th", [10]),
    ("the last one", [-1]),
    ("the final one", [-1]),
    ("#2", [2]),
    ("# 5", [5]),
    ("#1 and #3", [1, 3]),
    ("#2 or #2", [2]),
    ("number 3", [3]),
    ("tell me about number 4", [4]),
    ("item 4", [4]),
    ("no. 2", [2]),
    ("the 2nd and the last one", [2, -1]),
    ("first and last", [1, -1]),
    ("1st vs 3rd", [1, 3]),
    ("compare number 2 and number 4", [2, 4]),
    ("compare the first two", [1, 2]),
    ("the first 3", [1, 2, 3]),
    ("top three", [1, 2, 3]),
    ("#0", []),
    ("the one with more ram", []),
    ("show me laptops", []),
    ("which is cheapest?", []),
    ("how long does the battery last?", []),  # "last" as a verb
    ("will it last?", []),
]


@pytest.mark.parametrize(("text", "expected"), ORDINALS, ids=[t for t, _ in ORDINALS])
def test_ordinals(text, expected):
    assert reading(text).refs == expected


def test_ordinals_are_read_once_and_the_cue_stays():
    r = reading("compare the first two")
    assert r.refs == [1, 2] and r.loose_numbers == [] and "compare" in r.cues


# ---------------------------------------------------------------------------------------------
# specs: {spec name: [operator, value]}
# ---------------------------------------------------------------------------------------------
SPECS = [
    ("16gb ram", {"ram_gb": [">=", 16]}),
    ("16 gb of memory", {"ram_gb": [">=", 16]}),
    ("laptops with 32gb ram", {"ram_gb": [">=", 32]}),
    ("512gb storage", {"storage_gb": [">=", 512]}),
    ("1tb ssd", {"storage_gb": [">=", 1024]}),
    ("2tb storage", {"storage_gb": [">=", 2048]}),
    ("16gb ram 512gb ssd", {"ram_gb": [">=", 16], "storage_gb": [">=", 512]}),
    ("16gb ram under 1000", {"ram_gb": [">=", 16]}),
    ("15.6 inch", {"screen_inches": ["~", 15.6]}),
    ("15.6 inch laptops", {"screen_inches": ["~", 15.6]}),
    ("27-inch", {"screen_inches": ["~", 27.0]}),
    ('65" tv', {"screen_inches": ["~", 65.0]}),
    ("144hz", {"refresh_hz": [">=", 144]}),
    ("noise cancelling headphones", {"noise_cancelling": ["==", True]}),
    ("noise-canceling", {"noise_cancelling": ["==", True]}),
    ("anc", {"noise_cancelling": ["==", True]}),
    ("earbuds", {"type": ["==", "in-ear"]}),
    ("wireless earbuds", {"wireless": ["==", True], "type": ["==", "in-ear"]}),
    ("wired over-ear", {"wireless": ["==", False], "type": ["==", "over-ear"]}),
    ("mirrorless", {"type": ["==", "mirrorless"]}),
    ("point and shoot", {"type": ["==", "compact"]}),
    ("oled tvs", {"panel": ["==", "OLED"]}),
    ("mini-led", {"panel": ["==", "Mini-LED"]}),
    ("4k tv under 500", {"resolution": ["==", "4K"]}),
    ("uhd", {"resolution": ["==", "4K"]}),
    ("8k", {"resolution": ["==", "8K"]}),
    ("1440p monitor", {"resolution": ["==", "1440p"]}),
    ("macos", {"os": ["==", "macOS"]}),
    ("chromebook", {"os": ["==", "ChromeOS"]}),
    ("smartwatch with gps", {"gps": ["==", True]}),
    ("45mp", {"megapixels": [">=", 45]}),
    ("20 hours battery", {"battery_hours": [">=", 20]}),
    ("7 days battery", {"battery_days": [">=", 7]}),
    # a screen size with a comparison word is a bound, not "about that size"
    ("tvs under 50 inch", {"screen_inches": ["<", 50.0]}),
    ("laptop under 15 inches", {"screen_inches": ["<", 15.0]}),
    ('smaller than 14"', {"screen_inches": ["<", 14.0]}),
    ("tvs bigger than 55 inch", {"screen_inches": [">", 55.0]}),
    ("over 65 inches", {"screen_inches": [">", 65.0]}),
    ("at least 65 inch", {"screen_inches": [">=", 65.0]}),
    ("no more than 27 inch", {"screen_inches": ["<=", 27.0]}),
    ("laptops under $1000", {}),
    ("show me phones", {}),
]


@pytest.mark.parametrize(("text", "expected"), SPECS, ids=[t for t, _ in SPECS])
def test_specs(text, expected):
    assert reading(text).specs == expected


# ---------------------------------------------------------------------------------------------
# sorts: a key of search.SORTS, a spec sort, or None
# ---------------------------------------------------------------------------------------------
SORTS = [
    ("cheapest", "price"),
    ("which is cheapest?", "price"),
    ("least expensive", "price"),
    ("lowest price", "price"),
    ("most affordable", "price"),
    ("most expensive", "-price"),
    ("the most expensive one", "-price"),
    ("priciest", "-price"),
    ("price high to low", "-price"),
    ("best rated cameras", "-rating"),
    ("which of these has better reviews?", "-rating"),
    ("which has the best reviews?", "-rating"),
    ("highest rating", "-rating"),
    ("highest rated headphones", "-rating"),
    ("worst rated", "rating"),
    ("lowest rated", "rating"),
    ("most popular", "-reviews"),
    ("most reviewed", "-reviews"),
    ("cheap laptop", "price"),
    ("affordable tv", "price"),
    ("inexpensive", "price"),
    ("which is better, the first or the second?", "-rating"),
    ("show me laptops", None),
    ("noise cancelling headphones", None),
]


@pytest.mark.parametrize(("text", "expected"), SORTS, ids=[t for t, _ in SORTS])
def test_sort(text, expected):
    assert understand(text).sort == expected


# ---------------------------------------------------------------------------------------------
# categories and brands
# ---------------------------------------------------------------------------------------------
CATEGORIES = [
    ("laptops", "laptops"),
    ("notebooks", "laptops"),
    ("macbook", "laptops"),
    ("phones", "smartphones"),
    ("cell phone", "smartphones"),
    ("iphones", "smartphones"),
    ("earbuds", "headphones"),
    ("airpods", "headphones"),
    ("headphones", "headphones"),
    ("monitors", "monitors"),
    ("computer screens", "monitors"),
    ("tv", "tvs"),
    ("i need a tv", "tvs"),
    ("televisions", "tvs"),
    ("ipad", "tablets"),
    ("tablets", "tablets"),
    ("dslr", "cameras"),
    ("cameras", "cameras"),
    ("smart watch", "smartwatches"),
    ("fitness tracker", "smartwatches"),
    ("head phones under 100", "headphones"),
    ("best camera phone", "smartphones"),
    ("show me tvs and laptops", "tvs"),  # the first one named
    ("laptops and tvs", "laptops"),
    ("watchful", None),
    ("show me something nice", None),
    ("which is cheapest?", None),
]


@pytest.mark.parametrize(("text", "expected"), CATEGORIES, ids=[t for t, _ in CATEGORIES])
def test_category(text, expected):
    assert reading(text).category == expected


BRAND_CASES = [
    ("dell laptops", ["Dell"], []),
    ("not dell", [], ["Dell"]),
    ("laptops but not dell", [], ["Dell"]),
    ("except apple", [], ["Apple"]),
    ("other than sony", [], ["Sony"]),
    ("no apple please", [], ["Apple"]),
    ("dell but not hp", ["Dell"], ["HP"]),
    ("only dell and hp", ["Dell", "HP"], []),
    ("samsung or lg tvs", ["Samsung", "LG"], []),
    ("hewlett packard laptops", ["HP"], []),
    ("hewlett-packard", ["HP"], []),
    ("iphones", ["Apple"], []),
    ("macbooks", ["Apple"], []),
    ("samsung galaxy", ["Samsung"], []),
    ("thinkpad", ["Lenovo"], []),
    ("pixel 9", ["Google"], []),
    ("kindle", ["Amazon"], []),
    ("lg tvs", ["LG"], []),
    ("show me laptops", [], []),
    ("a delleted word", [], []),
    ("non-apple phones", [], ["Apple"]),
    ("laptops except dell and hp", [], ["Dell", "HP"]),
    ("not dell, hp or asus", [], ["Dell", "HP", "Asus"]),
]


@pytest.mark.parametrize(("text", "wanted", "excluded"), BRAND_CASES, ids=[t for t, _, _ in BRAND_CASES])
def test_brands(text, wanted, excluded):
    r = reading(text)
    assert (tuple(r.brands), tuple(r.excluded_brands)) == (tuple(wanted), tuple(excluded))


# ---------------------------------------------------------------------------------------------
# understand: the parsers together, as the assistant uses them
# ---------------------------------------------------------------------------------------------
UNDERSTOOD = [
    # text, category, brands, excluded, (min, max), min rating, specs, sort
    ("Show me laptops under $1000", "laptops", (), (), (None, 1000), None, {}, None),
    ("16GB RAM laptops under 1000", "laptops", (), (), (None, 1000), None, {"ram_gb": [">=", 16]}, None),
    ("4K TV under 500", "tvs", (), (), (None, 500), None, {"resolution": ["==", "4K"]}, None),
    ("iPhones", "smartphones", ("Apple",), (), (None, None), None, {}, None),
    ("Hewlett Packard notebooks", "laptops", ("HP",), (), (None, None), None, {}, None),
    ("laptops, not Dell", "laptops", (), ("Dell",), (None, None), None, {}, None),
    ("headphones 4 stars and up", "headphones", (), (), (None, None), 4.0, {}, None),
    ("cheapest phones", "smartphones", (), (), (None, None), None, {}, "price"),
    ("best rated cameras between 500 and 800", "cameras", (), (), (500, 800), None, {}, "-rating"),
    ("15.6 inch laptops", "laptops", (), (), (None, None), None, {"screen_inches": ["~", 15.6]}, None),
    ("earbuds", "headphones", (), (), (None, None), None, {"type": ["==", "in-ear"]}, None),
    ("wireless earbuds under $100", "headphones", (), (), (None, 100), None,
     {"wireless": ["==", True], "type": ["==", "in-ear"]}, None),
    ("dslrs", "cameras", (), (), (None, None), None, {"type": ["==", "DSLR"]}, None),
    ("chromebooks", "laptops", (), (), (None, None), None, {"os": ["==", "ChromeOS"]}, None),
]


@pytest.mark.parametrize(("text", "category", "brands", "excluded", "price", "rating", "specs", "sort"), UNDERSTOOD,
                         ids=[row[0] for row in UNDERSTOOD])
def test_understand(text, category, brands, excluded, price, rating, specs, sort):
    request = understand(text)
    c = request.constraints
    assert c.category == category
    assert (c.brands, c.excluded_brands) == (brands, excluded)
    assert (c.min_price, c.max_price) == price
    assert c.min_rating == rating
    assert c.specs == specs
    assert request.sort == sort


@pytest.mark.parametrize(("text", "ordinals", "plural", "singular"), [
    ("compare the first two", [1, 2], False, False),
    ("which of these has better reviews?", [], True, False),
    ("how much is it?", [], False, True),
    ("what do people say about that one?", [], False, True),
    ("the 2nd and the last one", [2, -1], False, False),
    ("compare them", [], True, False),
])
def test_understand_references(text, ordinals, plural, singular):
    request = understand(text)
    assert request.refs == ordinals
    assert request.plural_ref is plural
    assert request.singular_ref is singular


# ---------------------------------------------------------------------------------------------
# Model words: leftover words that occur in product names become the search's text constraint
# ---------------------------------------------------------------------------------------------
MODEL_WORDS = [
    ("sony wh-1000xm6", "wh-1000xm6"),
    ("Sony WH-1000XM6", "wh-1000xm6"),
    ("macbook air", "air"),
    ("galaxy s25", "s25"),
    ("pixel 9a", "9a"),
    ("how much is the galaxy s24 fe?", "s24 fe"),
    ("tell me about the Pixel 10", "10"),  # a bare number counts beside a brand
    ("compare it with the iphone 17", "17"),
    ("iphone 17 pro max under $2000", "17 pro max"),
    ("apple watch series 10", "series 10"),
    # not model words: chat, category words, brand names, parsed specs, a bare number alone
    ("show me good laptops for students", None),
    ("any with 16gb ram", None),
    ("what about the cheapest one", None),
    ("show me laptops", None),
    ("dell laptops", None),
    ("only Samsung ones", None),
    ("headphones with active noise cancelling", None),
    ("true wireless earbuds", None),
    ("show me 3 laptops", None),
    ("5g phones under 400", None),
    # name words that find nothing within the message's own constraints are ignored
    ("sony s25 headphones", None),
    ("galaxy s25 under $100", None),
]


@pytest.mark.parametrize(("text", "expected"), MODEL_WORDS, ids=[t for t, _ in MODEL_WORDS])
def test_model_words_become_the_text_constraint(text, expected):
    assert understand(text).constraints.text == expected


def test_model_words_skip_stop_words_and_need_company_for_a_bare_number_or_letter():
    # "with", "one" and "only" occur in names ("AirPods 4 with ...", "Tour One", "(Body Only)") but are chat.
    assert all(INDEX.is_name_word(w) for w in ("with", "one", "only"))
    assert model_words("the one with only", INDEX.is_name_word) is None
    assert model_words("  3   x ", INDEX.is_name_word) is None
    assert model_words("  3   x ", INDEX.is_name_word, brand_named=True) == "3 x"
    assert model_words("alpha 7 v", INDEX.is_name_word) == "alpha 7 v"
    assert model_words("air air", INDEX.is_name_word) == "air"


def test_only_words_of_product_names_are_name_words():
    assert INDEX.is_name_word("wh-1000xm6") and INDEX.is_name_word("s25")
    assert not INDEX.is_name_word("laptops") and not INDEX.is_name_word("smartphones")  # categories, not names
    assert not INDEX.is_name_word("students")


# ---------------------------------------------------------------------------------------------
# Model names: a run of consecutive name words holding a brand (or alias) or a model code (letters with digits).
# Ordinary words that occur in product names ("pro", "max", "plus", "air") name no model on their own.
# ---------------------------------------------------------------------------------------------
MODEL_NAMES = [
    ("sony wh-1000xm6", "sony wh-1000xm6", "wh-1000xm6"),
    ("macbook air", "macbook air", "air"),
    ("dell xps", "dell xps", "xps"),
    ("galaxy s24 fe", "galaxy s24 fe", "s24 fe"),
    ("apple watch series 10", "apple watch series 10", "series 10"),
    ("galaxy watch classic", "galaxy watch classic", "classic"),  # a category word inside the run
    ("s25 ultra", "s25 ultra", "s25 ultra"),  # a model code anchors the run without a brand
    ("ipad pro", "ipad pro", "pro"),
    ("garmin forerunner", "garmin forerunner", "forerunner"),
    ("pixel 9a", "pixel 9a", "9a"),
    ("is the 46mm one any good?", "46mm", "46mm"),
    # a product line's word (names of one brand only) said beside another name word, or alone
    ("forerunner 265", "forerunner 265", "forerunner 265"),
    ("xps 13", "xps 13", "xps 13"),
    ("quietcomfort ultra headphones", "quietcomfort ultra headphones", "quietcomfort ultra"),
    ("spectre?", "spectre", "spectre"),
    ("what about the xps", "xps", "xps"),
]


@pytest.mark.parametrize(("text", "phrase", "named"), MODEL_NAMES, ids=[t for t, _, _ in MODEL_NAMES])
def test_a_model_name_is_a_run_of_name_words_with_a_brand_or_a_model_code(text, phrase, named):
    request = understand(text)
    assert request.models == [phrase]
    assert request.constraints.text == named


NOT_MODEL_NAMES = [
    "best laptop for a pro video editor",
    "laptop with max battery life",
    "the max i can spend is 500, need a tablet",
    "a phone with 5g plus a good camera",
    "tablet plus keyboard for school",
    "laptop for air travel, light",
    "tv for watching series and movies",
    "tv with crystal clear picture",
    "cheapest mirrorless camera body",
    "ultrawide monitors",
    "any idea which is cheapest?",
    "does it come in black?",
    "got anything in white",
    "im open to other brands too",
    "anything for kids?",
    "how long does it take to charge?",
    "show me 3 laptops",  # pure numbers and single letters are no model codes
    "compare the 2nd and the last one",  # an ordinal is parsed, not a model code
    "dell laptops",  # a brand alone is no model
    "show me laptops for xps people",  # a product line's word amid other words
    "any phones good for spectre?",
    "ultrawide",  # a one-brand word that is ordinary English
    "white",
]


@pytest.mark.parametrize("text", NOT_MODEL_NAMES)
def test_ordinary_words_name_no_model(text):
    request = understand(text)
    assert request.models == []
    assert request.constraints.text is None


@pytest.mark.parametrize(("text", "models"), [
    ("compare the pixel 9a and the iphone 17e", ["pixel 9a", "iphone 17e"]),
    ("galaxy watch classic vs pixel watch", ["galaxy watch classic", "pixel watch"]),
    ("pixel 9a iphone 17e", ["pixel 9a", "iphone 17e"]),  # a brand after a model's words starts the next model
])
def test_two_models_are_two_groups_and_narrow_no_search(text, models):
    request = understand(text)
    assert request.models == models
    assert request.constraints.text is None


def test_model_codes_no_product_name_holds_are_kept_as_unknown():
    request = understand("whats the difference between the xm6 and the quietcomfort ultra")
    assert request.unknown_models == ["xm6"]
    assert understand("compare the first two").unknown_models == []


@pytest.mark.parametrize(("text", "unknown", "lost"), [
    ("how much is the galaxy s99", ["galaxy s99"], []),  # with the words beside the code, as the answer quotes it
    ("sony a7c ii", ["sony a7c ii"], []),
    ("how much is the a7 v", [], ["a7 v"]),  # every word is in some name, but no name holds them all
    ("sony s25 headphones", [], ["sony s25 headphones"]),  # the model phrase as said
    ("laptops with 16gb ram", [], []),
])
def test_models_the_catalog_lacks(text, unknown, lost):
    request = understand(text)
    assert (request.unknown_models, request.lost_models) == (unknown, lost)


@pytest.mark.parametrize(("text", "pointed"), [
    ("only the pro ones", ["pro"]),
    ("how much is the pro max?", ["pro max"]),
    ("the air or the pro, which is cheaper?", ["air", "pro"]),
    ("any idea which is cheapest?", []),
    ("how long does the battery last?", []),
    ("what about the dell one", []),  # a brand is no word pointing at the list's models
])
def test_name_words_after_the_or_only_can_point_into_the_list(text, pointed):
    assert understand(text).pointed == pointed


def test_highly_rated_is_a_rating_and_the_model_words_stay():
    request = understand("highly rated dell xps")
    assert request.constraints.min_rating == 4.5
    assert request.constraints.brands == ("Dell",) and request.models == ["dell xps"]


# ---------------------------------------------------------------------------------------------
# Constraints.refined_by: model words belong to the brand and category they were said with
# ---------------------------------------------------------------------------------------------
def test_a_new_brand_or_category_drops_the_earlier_model_words():
    xps = Constraints(brands=("Dell",), text="xps")
    assert xps.refined_by(Constraints(brands=("HP",))).text is None
    assert xps.refined_by(Constraints(excluded_brands=("Dell",))).text is None
    assert xps.refined_by(Constraints(category="laptops")).text is None
    assert xps.refined_by(Constraints(brands=("HP",), text="spectre")).text == "spectre"
    # the same brand again, or another attribute, keeps them
    assert xps.refined_by(Constraints(brands=("Dell",))).text == "xps"
    assert xps.refined_by(Constraints(max_price=1000)).text == "xps"



# ---------------------------------------------------------------------------------------------
# Checklist point 30: a long message of digits, separators or currency signs costs work linear in its length.
# Measured in lookups, not seconds (timings belong to `make bench`): every phrase lookup goes through facts().
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("unit", ["1234567890", "1,2.3-4$5 ", "$ ", "9 ", "$$$$$", "1.5k-2k "])
def test_point_30_long_messages_of_digits_separators_or_currency_cost_linear_work(unit, monkeypatch):
    lexicon = UNDERSTANDER.lexicon
    calls = [0]
    facts = lexicon.facts

    def counted(key):
        calls[0] += 1
        return facts(key)

    monkeypatch.setattr(lexicon, "facts", counted)
    work = {}
    for size in (1000, 4000):
        calls[0] = 0
        text = (unit * (size // len(unit) + 1))[:size]
        request = understand(text)
        assert request.act in ("unknown", "search", "refine")  # an answer, whatever it is
        work[size] = calls[0]
    assert work[4000] <= 4.5 * max(work[1000], 1)  # linear: four times the text, about four times the lookups
    assert work[4000] <= 2 * 4000  # a bounded number of lookups per character (quadratic work would be millions)
