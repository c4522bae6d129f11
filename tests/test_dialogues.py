"""Table-driven multi-turn dialogues with the bundled catalog assistant (no Flask, no Redis).

Each dialogue is a list of turns: the user's message, the intent expected, the exact product ids expected
in `reply.products` (in order), and optionally text the answer must contain.  The history handed to the
assistant is built like the real store builds it: complete (user, assistant) pairs, oldest first, only the
last HISTORY_MAX_PAIRS (10) pairs kept.

The literal id lists were derived from the raw catalog file by the small, independent oracle below
(`find` / `rank`), which reads the JSON lines itself and never touches ProductIndex or the assistant.
Every turn keeps its derivation as `derive=lambda: ...`; `test_literal_ids_match_independent_oracle`
re-runs them, so a list can only be wrong in the table if it is wrong in both places.
"""
import json
import re
from dataclasses import dataclass

import pytest

from webapp.assistant import CatalogAssistant, ProductIndex, load_catalog
from webapp.config import BUNDLED_CATALOG
from webapp.memory import Message

WINDOW_MESSAGES = 2 * 10  # HISTORY_MAX_PAIRS pairs, as the real conversation store keeps them
# The contract's intents, and the acts the pipeline added (yes/no, paging, an earlier list).
INTENTS = {"search", "refine", "pick", "compare", "reviews", "price", "details", "history", "greeting", "help",
           "thanks", "unknown", "yes_no", "more", "back"}

# ---------------------------------------------------------------------------------------------
# Independent oracle: reads the raw catalog JSON (json.loads per line) and filters/sorts it by
# hand.  It deliberately does not use ProductIndex, Constraints or anything in webapp.assistant.
# ---------------------------------------------------------------------------------------------
CATALOG_ROWS = [json.loads(line) for line in BUNDLED_CATALOG.read_text(encoding="utf-8").splitlines() if line.strip()]
ROW = {row["id"]: row for row in CATALOG_ROWS}

_ORDER = {  # the orders the spec names; the catalog has no ties on these keys within a category
    "-reviews": lambda r: (-r["review_count"], -r["rating"]),  # default: most reviewed first
    "-rating": lambda r: (-r["rating"], -r["review_count"]),   # best reviews: rating, then review count
    "price": lambda r: r["price"],
    "-price": lambda r: -r["price"],
}


def name_words(row):
    """A product's name split by hand into lower-case words: 'Samsung Galaxy S25+' -> samsung, galaxy, s25."""
    return set(re.split(r"[\s()+/,]+", row["name"].lower())) - {""}


def find(category, brands=(), exclude=(), lo=None, hi=None, stars=None, spec=None, sort=None, n=5, below=None,
         model=None):
    """Ids a search should show: raw rows filtered by hand, sorted, first n (price bounds inclusive, `below` strict).

    `category` None means any; `model` is words every shown name must hold, and without a `sort` the closest names
    come first (fewest name words not asked for), then the most reviewed. Otherwise `sort` defaults to -reviews.
    """
    asked = set(model.split()) if model else set()
    rows = [r for r in CATALOG_ROWS
            if category in (None, r["category"])
            and (not brands or r["brand"] in brands) and r["brand"] not in exclude
            and (lo is None or r["price"] >= lo) and (hi is None or r["price"] <= hi)
            and (stars is None or r["rating"] >= stars) and (below is None or r["rating"] < below)
            and (spec is None or spec(r["specs"])) and asked <= name_words(r)]
    def closest(r):
        return len(name_words(r) - asked), -r["review_count"], -r["rating"]

    key = closest if model and sort is None else _ORDER.get(sort or "-reviews") or spec_order(sort)
    return [r["id"] for r in sorted(rows, key=key)][:n]


def spec_order(sort):
    """Sort key for a spec ("-battery_hours": longest first), ties broken by more reviews, then rating."""
    name, sign = sort.lstrip("-"), -1 if sort.startswith("-") else 1
    return lambda r: (sign * r["specs"][name], -r["review_count"], -r["rating"])


def rank(ids, by):
    """A list in focus re-sorted by a pick criterion (the picked product first)."""
    key = _ORDER.get(by) or spec_order(by)
    return sorted(ids, key=lambda i: key(ROW[i]))


def picked_first(ids, by, place=1):
    """Ids re-sorted by a pick criterion, the one at `place` (1-based) moved to the front, first five."""
    ranked = rank(ids, by)
    return ([ranked[place - 1]] + [i for i in ranked if i != ranked[place - 1]])[:5]


def name(product_id):
    """A product's name, straight from the raw catalog."""
    return ROW[product_id]["name"]


def named_in(list_ids, category=None, brands=(), model=None, spec=None):
    """The one product a named model means: the first of the list in focus that matches, else the closest match."""
    matching = set(find(category, brands=brands, model=model, spec=spec, n=len(CATALOG_ROWS)))
    return next(([i] for i in list_ids if i in matching), find(category, brands=brands, model=model, spec=spec, n=1))


# ---------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------
# An answer with nothing to refer to must say so (and show no products).
NOTHING = re.compile(r"refer to|don't have any|no products|nothing (?:to|yet|in)|ask (?:me )?for some", re.I)


@dataclass(frozen=True)
class T:
    """One turn: message -> intent (or a tuple of acceptable intents), exact product ids, answer text."""

    message: str
    intent: object
    ids: list
    says: object = None  # a substring, or a compiled regex, the answer must contain
    derive: object = None  # how `ids` were derived from the raw catalog (None: no products expected)


@dataclass(frozen=True)
class Dialogue:
    name: str
    turns: list


CLEAR = T("<clear conversation>", None, [])  # the user pressed "Clear conversation": history becomes []

DIALOGUES = [
    # Picks re-sort the list in focus, picked product first; 'it' is then the pick; ordinals index the list as shown.
    Dialogue("laptops_pick_reviews_then_ordinals", [
        T("show me laptops under $1000", "search", ["lap-0005", "lap-0052", "lap-0013", "lap-0050", "lap-0033"],
          derive=lambda: find("laptops", hi=1000)),
        T("which of these has better reviews?", "pick", ["lap-0052", "lap-0013", "lap-0005", "lap-0050", "lap-0033"],
          says="HP Pavilion 15-eh1025nr", derive=lambda: rank(find("laptops", hi=1000), "-rating")),
        T("how much is it?", "price", ["lap-0052"], says="HP Pavilion 15-eh1025nr",
          derive=lambda: rank(find("laptops", hi=1000), "-rating")[:1]),
        T("the second one", "details", ["lap-0052"], says="HP Pavilion 15-eh1025nr",
          derive=lambda: find("laptops", hi=1000)[1:2]),
        T("compare the first two", "compare", ["lap-0005", "lap-0052"],
          derive=lambda: find("laptops", hi=1000)[:2]),
        T("#2", "details", ["lap-0052"],
          derive=lambda: find("laptops", hi=1000)[1:2]),
        T("number 3", "details", ["lap-0013"], says="Dell Inspiron 14 Plus 7640",
          derive=lambda: find("laptops", hi=1000)[2:3]),
        T("the last one", "details", ["lap-0033"], says="Dell Chromebook 3445",
          derive=lambda: find("laptops", hi=1000)[-1:]),
        T("what do people say about it?", "reviews", ["lap-0033"], says="Dell Chromebook 3445",
          derive=lambda: find("laptops", hi=1000)[-1:]),
    ]),
    # Refinements keep earlier constraints; a new brand / price bound / rating replaces the old one.
    Dialogue("laptops_refinements_accumulate_and_replace", [
        T("show me laptops under $1000", "search", ["lap-0005", "lap-0052", "lap-0013", "lap-0050", "lap-0033"],
          derive=lambda: find("laptops", hi=1000)),
        T("only Asus ones", "refine", ["lap-0041", "lap-0057", "lap-0059", "lap-0044", "lap-0018"], says="Asus",
          derive=lambda: find("laptops", brands=["Asus"], hi=1000)),
        T("with at least 3.8 stars", "refine", ["lap-0041", "lap-0059", "lap-0029", "lap-0008"],
          derive=lambda: find("laptops", brands=["Asus"], hi=1000, stars=3.8)),
        T("what about over $1000?", "refine", ["lap-0030", "lap-0048", "lap-0011", "lap-0026", "lap-0002"],
          derive=lambda: find("laptops", brands=["Asus"], lo=1000, stars=3.8)),
        T("only Lenovo", "refine", ["lap-0015", "lap-0007", "lap-0035", "lap-0060", "lap-0047"],
          derive=lambda: find("laptops", brands=["Lenovo"], lo=1000, stars=3.8)),
        T("with at least 4.5 stars", "refine", ["lap-0035", "lap-0060", "lap-0054"],
          derive=lambda: find("laptops", brands=["Lenovo"], lo=1000, stars=4.5)),
        T("which is cheapest?", "pick", ["lap-0060", "lap-0054", "lap-0035"], says="Lenovo ThinkPad T14s Gen 6",
          derive=lambda: rank(find("laptops", brands=["Lenovo"], lo=1000, stars=4.5), "price")),
    ]),
    # Contract example: 'cameras under $500' then 'what about over $1000?' = cameras over $1000;
    # 'only Sony' after 'only Canon' = Sony (still over $1000).
    Dialogue("cameras_bounds_and_brands_replace", [
        T("cameras under $500", "search", ["cam-0018", "cam-0015", "cam-0031"],
          derive=lambda: find("cameras", hi=500)),
        T("what about over $1000?", "refine", ["cam-0028", "cam-0045", "cam-0059", "cam-0055", "cam-0009"],
          derive=lambda: find("cameras", lo=1000)),
        T("only Canon", "refine", ["cam-0059", "cam-0060", "cam-0020", "cam-0054"],
          derive=lambda: find("cameras", brands=["Canon"], lo=1000)),
        T("only Sony", "refine", ["cam-0055", "cam-0038", "cam-0058", "cam-0022", "cam-0057"],
          derive=lambda: find("cameras", brands=["Sony"], lo=1000)),
        T("which is cheapest?", "pick", ["cam-0057", "cam-0022", "cam-0055", "cam-0038", "cam-0058"],
          says="Sony Alpha 7C II (Black)", derive=lambda: rank(find("cameras", brands=["Sony"], lo=1000), "price")),
        T("the most expensive one", "pick", ["cam-0058", "cam-0038", "cam-0055", "cam-0022", "cam-0057"],
          says="Sony Alpha 7R VI (Black)", derive=lambda: rank(find("cameras", brands=["Sony"], lo=1000), "-price")),
        T("tell me about it", "details", ["cam-0058"], says="Sony Alpha 7R VI (Black)",
          derive=lambda: rank(find("cameras", brands=["Sony"], lo=1000), "-price")[:1]),
    ]),
    Dialogue("nothing_to_refer_in_a_new_conversation", [
        T("which is cheapest?", "pick", [], says=NOTHING),
        T("which of these has better reviews?", "pick", [], says=NOTHING),
        T("the first one", "details", [], says=NOTHING),
        T("how much is it?", "price", [], says=NOTHING),
        T("compare the first two", "compare", [], says=NOTHING),
        T("what do people say about it?", "reviews", [], says=NOTHING),
        T("only Dell ones", "refine", [], says=NOTHING),
        T("under $800", "refine", [], says=NOTHING),
    ]),
    # Clear conversation = the window becomes []; the first question is then the one asked after the clear.
    Dialogue("nothing_to_refer_after_clear", [
        T("show me TVs", "search", ["tv-0058", "tv-0028", "tv-0050", "tv-0047", "tv-0017"],
          derive=lambda: find("tvs")),
        T("which is the cheapest?", "pick", ["tv-0050", "tv-0058", "tv-0028", "tv-0047", "tv-0017"],
          says="Samsung QLED Q70D 43-inch", derive=lambda: rank(find("tvs"), "price")),
        CLEAR,
        T("which is the cheapest?", "pick", [], says=NOTHING),
        T("the first one", "details", [], says=NOTHING),
        T("how much is it?", "price", [], says=NOTHING),
        T("what was my first question?", "history", [], says="which is the cheapest?"),
    ]),
    # Window = last 10 (user, assistant) pairs: on turn 11 the search of turn 1 is still in the window.
    Dialogue("window_edge_search_still_remembered_on_11th_turn", [
        T("show me monitors", "search", ["mon-0016", "mon-0046", "mon-0030", "mon-0013", "mon-0032"],
          derive=lambda: find("monitors")),
        T("thanks", "thanks", []),
        T("help", "help", []),
        T("#2", "details", ["mon-0046"], says="Dell G2724DF 165Hz",
          derive=lambda: find("monitors")[1:2]),
        T("hi", "greeting", []),
        T("thanks", "thanks", []),
        T("#2", "details", ["mon-0046"],
          derive=lambda: find("monitors")[1:2]),
        T("help", "help", []),
        T("thanks", "thanks", []),
        T("#2", "details", ["mon-0046"],
          derive=lambda: find("monitors")[1:2]),
        T("which is cheapest?", "pick", ["mon-0016", "mon-0032", "mon-0046", "mon-0013", "mon-0030"],
          says="BenQ GW2480T", derive=lambda: rank(find("monitors"), "price")),
    ]),
    # On turn 12 the window holds turns 2..11 only: the search has scrolled out, nothing to refer to.
    Dialogue("window_search_forgotten_on_12th_turn", [
        T("show me monitors", "search", ["mon-0016", "mon-0046", "mon-0030", "mon-0013", "mon-0032"],
          derive=lambda: find("monitors")),
        T("thanks", "thanks", []),
        T("help", "help", []),
        T("#2", "details", ["mon-0046"],
          derive=lambda: find("monitors")[1:2]),
        T("hi", "greeting", []),
        T("thanks", "thanks", []),
        T("help", "help", []),
        T("#2", "details", ["mon-0046"],
          derive=lambda: find("monitors")[1:2]),
        T("thanks", "thanks", []),
        T("help", "help", []),
        T("thanks", "thanks", []),
        T("which is cheapest?", "pick", [], says=NOTHING),
    ]),
    # Same, with ordinal follow-ups: after the list scrolled out, 'the first one' must say there is nothing to
    # refer to (not 'pick a number from 1 to 0').
    Dialogue("window_forgotten_list_then_ordinal", [
        T("show me laptops under $1000", "search", ["lap-0005", "lap-0052", "lap-0013", "lap-0050", "lap-0033"],
          derive=lambda: find("laptops", hi=1000)),
        T("#2", "details", ["lap-0052"],
          derive=lambda: find("laptops", hi=1000)[1:2]),
        T("#2", "details", ["lap-0052"],
          derive=lambda: find("laptops", hi=1000)[1:2]),
        T("#2", "details", ["lap-0052"],
          derive=lambda: find("laptops", hi=1000)[1:2]),
        T("#2", "details", ["lap-0052"],
          derive=lambda: find("laptops", hi=1000)[1:2]),
        T("#2", "details", ["lap-0052"],
          derive=lambda: find("laptops", hi=1000)[1:2]),
        T("#2", "details", ["lap-0052"],
          derive=lambda: find("laptops", hi=1000)[1:2]),
        T("#2", "details", ["lap-0052"],
          derive=lambda: find("laptops", hi=1000)[1:2]),
        T("#2", "details", ["lap-0052"],
          derive=lambda: find("laptops", hi=1000)[1:2]),
        T("#2", "details", ["lap-0052"],
          derive=lambda: find("laptops", hi=1000)[1:2]),
        T("#2", "details", ["lap-0052"],
          derive=lambda: find("laptops", hi=1000)[1:2]),
        T("which is cheapest?", "pick", [], says=NOTHING),
        T("the first one", "details", [], says=NOTHING),
    ]),
    # 'What was my first question?' is answered from the window: turn 1 has scrolled out by turn 12.
    Dialogue("window_first_question_is_the_oldest_remembered", [
        T("show me laptops", "search", ["lap-0022", "lap-0020", "lap-0005", "lap-0052", "lap-0013"],
          derive=lambda: find("laptops")),
        T("show me phones", "search", ["pho-0036", "pho-0047", "pho-0013", "pho-0007", "pho-0043"],
          derive=lambda: find("smartphones")),
        T("show me tablets", "search", ["tab-0052", "tab-0025", "tab-0004", "tab-0054", "tab-0010"],
          derive=lambda: find("tablets")),
        T("thanks", "thanks", []),
        T("help", "help", []),
        T("thanks", "thanks", []),
        T("help", "help", []),
        T("thanks", "thanks", []),
        T("help", "help", []),
        T("thanks", "thanks", []),
        T("help", "help", []),
        T("what was my first question?", "history", [], says="show me phones"),
    ]),
    Dialogue("new_search_replaces_list_in_focus", [
        T("show me Dell laptops", "search", ["lap-0013", "lap-0050", "lap-0033", "lap-0034", "lap-0053"],
          derive=lambda: find("laptops", brands=["Dell"])),
        T("which is cheapest?", "pick", ["lap-0033", "lap-0050", "lap-0053", "lap-0034", "lap-0013"],
          says="Dell Chromebook 3445", derive=lambda: rank(find("laptops", brands=["Dell"]), "price")),
        T("show me phones", "search", ["pho-0036", "pho-0047", "pho-0013", "pho-0007", "pho-0043"],
          derive=lambda: find("smartphones")),
        T("which is cheapest?", "pick", ["pho-0047", "pho-0043", "pho-0036", "pho-0013", "pho-0007"],
          says="Xiaomi Redmi Note 15 5G", derive=lambda: rank(find("smartphones"), "price")),
        T("the first one", "details", ["pho-0036"], says="Samsung Galaxy S24 FE",
          derive=lambda: find("smartphones")[:1]),
        T("compare the first two", "compare", ["pho-0036", "pho-0047"],
          derive=lambda: find("smartphones")[:2]),
    ]),
    Dialogue("product_in_focus_it", [
        T("show me headphones", "search", ["hea-0055", "hea-0015", "hea-0034", "hea-0052", "hea-0045"],
          derive=lambda: find("headphones")),
        T("how much is it?", "price", ["hea-0055"], says="Bose QuietComfort 45 Headphones",
          derive=lambda: find("headphones")[:1]),
        T("the third one", "details", ["hea-0034"], says="Bose QuietComfort Ultra Earbuds (Gen 3)",
          derive=lambda: find("headphones")[2:3]),
        T("how much is it?", "price", ["hea-0034"], says="Bose QuietComfort Ultra Earbuds (Gen 3)",
          derive=lambda: find("headphones")[2:3]),
        T("compare the first two", "compare", ["hea-0055", "hea-0015"],
          derive=lambda: find("headphones")[:2]),
        T("what do people say about it?", "reviews", ["hea-0034"], says="Bose QuietComfort Ultra Earbuds (Gen 3)",
          derive=lambda: find("headphones")[2:3]),
        T("only Sony ones", "refine", ["hea-0053", "hea-0036", "hea-0039", "hea-0031", "hea-0028"],
          derive=lambda: find("headphones", brands=["Sony"])),
        T("how much is it?", "price", ["hea-0053"], says="Sony WH-CH530",
          derive=lambda: find("headphones", brands=["Sony"])[:1]),
    ]),
    # A search or refinement that finds nothing does not replace the list in focus.
    Dialogue("zero_result_search_keeps_list_in_focus", [
        T("show me tablets", "search", ["tab-0052", "tab-0025", "tab-0004", "tab-0054", "tab-0010"],
          derive=lambda: find("tablets")),
        T("tablets under $50", "search", [], says="couldn't find"),
        T("which is cheapest?", "pick", ["tab-0010", "tab-0004", "tab-0054", "tab-0025", "tab-0052"],
          says="Amazon Fire HD 10 Plus (2026 release)", derive=lambda: rank(find("tablets"), "price")),
        T("the second one", "details", ["tab-0025"],
          derive=lambda: find("tablets")[1:2]),
        T("only Sony ones", "refine", [], says="couldn't find"),
        T("the last one", "details", ["tab-0010"], says="Amazon Fire HD 10 Plus (2026 release)",
          derive=lambda: find("tablets")[-1:]),
        T("what about under $300?", "refine", ["tab-0025", "tab-0004", "tab-0054", "tab-0010", "tab-0049"],
          derive=lambda: find("tablets", hi=300)),
    ]),
    Dialogue("category_phones", [
        T("show me phones", "search", ["pho-0036", "pho-0047", "pho-0013", "pho-0007", "pho-0043"],
          derive=lambda: find("smartphones")),
        T("only Samsung ones", "refine", ["pho-0036", "pho-0043", "pho-0014", "pho-0041", "pho-0057"],
          derive=lambda: find("smartphones", brands=["Samsung"])),
        T("which is the cheapest?", "pick", ["pho-0041", "pho-0057", "pho-0014", "pho-0043", "pho-0036"],
          says="Samsung Galaxy A36 5G", derive=lambda: rank(find("smartphones", brands=["Samsung"]), "price")),
        T("number 3", "details", ["pho-0014"], says="Samsung Galaxy S25 FE",
          derive=lambda: find("smartphones", brands=["Samsung"])[2:3]),
    ]),
    Dialogue("category_tv_singular", [
        T("I need a TV", "search", ["tv-0058", "tv-0028", "tv-0050", "tv-0047", "tv-0017"],
          derive=lambda: find("tvs")),
        T("only OLED ones", "refine", ["tv-0047", "tv-0017", "tv-0045", "tv-0026", "tv-0025"],
          derive=lambda: find("tvs", spec=lambda s: s["panel"] == "OLED")),
        T("the most expensive one", "pick", ["tv-0045", "tv-0017", "tv-0047", "tv-0026", "tv-0025"],
          says="LG OLED evo G5 85-inch", derive=lambda: rank(find("tvs", spec=lambda s: s["panel"] == "OLED"), "-price")),
        T("how much is it?", "price", ["tv-0045"], says="LG OLED evo G5 85-inch",
          derive=lambda: rank(find("tvs", spec=lambda s: s["panel"] == "OLED"), "-price")[:1]),
    ]),
    Dialogue("category_notebooks", [
        T("notebooks under $1k", "search", ["lap-0005", "lap-0052", "lap-0013", "lap-0050", "lap-0033"],
          derive=lambda: find("laptops", hi=1000)),
        T("with 16gb ram", "refine", ["lap-0005", "lap-0013", "lap-0050", "lap-0034", "lap-0055"],
          derive=lambda: find("laptops", hi=1000, spec=lambda s: s["ram_gb"] >= 16)),
        T("#2", "details", ["lap-0013"], says="Dell Inspiron 14 Plus 7640",
          derive=lambda: find("laptops", hi=1000, spec=lambda s: s["ram_gb"] >= 16)[1:2]),
    ]),
    # Contract: 'earbuds' is a users' word for headphones (and means in-ear ones).
    Dialogue("category_earbuds", [
        T("earbuds", "search", ["hea-0034", "hea-0045", "hea-0054", "hea-0037", "hea-0001"],
          derive=lambda: find("headphones", spec=lambda s: s["type"] == "in-ear")),
        T("which is cheapest?", "pick", ["hea-0054", "hea-0045", "hea-0001", "hea-0037", "hea-0034"],
          says="Anker Soundcore Sport X10", derive=lambda: rank(find("headphones", spec=lambda s: s["type"] == "in-ear"), "price")),
    ]),
    Dialogue("category_wireless_earbuds_under_100", [
        T("wireless earbuds under $100", "search", ["hea-0054", "hea-0031", "hea-0029", "hea-0030", "hea-0051"],
          derive=lambda: find("headphones", hi=100, spec=lambda s: s["type"] == "in-ear" and s["wireless"])),
        T("the first one", "details", ["hea-0054"], says="Anker Soundcore Sport X10",
          derive=lambda: find("headphones", hi=100, spec=lambda s: s["type"] == "in-ear" and s["wireless"])[:1]),
    ]),
    Dialogue("category_monitors_specs", [
        T("27 inch monitors", "search", ["mon-0046", "mon-0030", "mon-0013", "mon-0044", "mon-0029"],
          derive=lambda: find("monitors", spec=lambda s: s["screen_inches"] == 27)),
        T("with 4k", "refine", ["mon-0052", "mon-0037", "mon-0039", "mon-0014"],
          derive=lambda: find("monitors", spec=lambda s: s["screen_inches"] == 27 and s["resolution"] == "4K")),
        T("under $500", "refine", ["mon-0039", "mon-0014"],
          derive=lambda: find("monitors", hi=500, spec=lambda s: s["screen_inches"] == 27 and s["resolution"] == "4K")),
        T("which has the best reviews?", "pick", ["mon-0014", "mon-0039"], says="BenQ EW2790U",
          derive=lambda: rank(find("monitors", hi=500, spec=lambda s: s["screen_inches"] == 27 and s["resolution"] == "4K"), "-rating")),
    ]),
    Dialogue("category_tablets_between", [
        T("tablets between 500 and 800", "search", ["tab-0034", "tab-0053"],
          derive=lambda: find("tablets", lo=500, hi=800)),
        T("compare the first two", "compare", ["tab-0034", "tab-0053"],
          derive=lambda: find("tablets", lo=500, hi=800)[:2]),
        T("the last one", "details", ["tab-0053"], says="Apple iPad Air 13 (M4) 256GB Wi-Fi",
          derive=lambda: find("tablets", lo=500, hi=800)[-1:]),
    ]),
    Dialogue("category_cameras_mirrorless", [
        T("mirrorless cameras under $2000", "search", ["cam-0045", "cam-0055", "cam-0009", "cam-0041", "cam-0014"],
          derive=lambda: find("cameras", hi=2000, spec=lambda s: s["type"] == "mirrorless")),
        T("only Nikon", "refine", ["cam-0009", "cam-0033", "cam-0011", "cam-0042", "cam-0056"],
          derive=lambda: find("cameras", brands=["Nikon"], hi=2000, spec=lambda s: s["type"] == "mirrorless")),
        T("the best rated one", "pick", ["cam-0009", "cam-0033", "cam-0011", "cam-0042", "cam-0056"],
          says="Nikon Zf", derive=lambda: rank(find("cameras", brands=["Nikon"], hi=2000, spec=lambda s: s["type"] == "mirrorless"), "-rating")),
    ]),
    Dialogue("category_smartwatches", [
        T("smartwatches with gps", "search", ["wat-0043", "wat-0031", "wat-0055", "wat-0032", "wat-0021"],
          derive=lambda: find("smartwatches", spec=lambda s: s["gps"])),
        T("4 stars and up", "refine", ["wat-0043", "wat-0031", "wat-0055", "wat-0032", "wat-0021"],
          derive=lambda: find("smartwatches", stars=4, spec=lambda s: s["gps"])),
        T("not Apple", "refine", ["wat-0031", "wat-0021", "wat-0014", "wat-0044", "wat-0033"],
          derive=lambda: find("smartwatches", exclude=["Apple"], stars=4, spec=lambda s: s["gps"])),
    ]),
    Dialogue("price_phrasings_replace_each_other", [
        T("laptops under $1k", "search", ["lap-0005", "lap-0052", "lap-0013", "lap-0050", "lap-0033"],
          derive=lambda: find("laptops", hi=1000)),
        T("between 500 and 800", "refine", ["lap-0005", "lap-0052", "lap-0013", "lap-0050", "lap-0034"],
          derive=lambda: find("laptops", lo=500, hi=800)),
        T("over $1000", "refine", ["lap-0022", "lap-0020", "lap-0038", "lap-0058", "lap-0015"],
          derive=lambda: find("laptops", lo=1000)),
        T("less than 900 dollars", "refine", ["lap-0005", "lap-0052", "lap-0013", "lap-0050", "lap-0033"],
          derive=lambda: find("laptops", hi=900)),
        T("under $1.5k", "refine", ["lap-0005", "lap-0052", "lap-0013", "lap-0050", "lap-0033"],
          derive=lambda: find("laptops", hi=1500)),
        T("1,200 dollars or less", "refine", ["lap-0005", "lap-0052", "lap-0013", "lap-0050", "lap-0033"],
          derive=lambda: find("laptops", hi=1200)),
    ]),
    Dialogue("cameras_less_than_dollars", [
        T("cameras less than 900 dollars", "search", ["cam-0052", "cam-0017", "cam-0008", "cam-0041", "cam-0053"],
          derive=lambda: find("cameras", hi=900)),
        T("what about from 1000 to 2000?", "refine", ["cam-0028", "cam-0045", "cam-0059", "cam-0055", "cam-0009"],
          derive=lambda: find("cameras", lo=1000, hi=2000)),
    ]),
    Dialogue("ratings_refine_and_replace", [
        T("headphones 4 stars and up", "search", ["hea-0015", "hea-0034", "hea-0052", "hea-0045", "hea-0037"],
          derive=lambda: find("headphones", stars=4)),
        T("at least 4.5 stars", "refine", ["hea-0015", "hea-0037", "hea-0036", "hea-0004", "hea-0019"],
          derive=lambda: find("headphones", stars=4.5)),
        T("under $100", "refine", ["hea-0009"],
          derive=lambda: find("headphones", stars=4.5, hi=100)),
        T("with at least 3 stars", "refine", ["hea-0041", "hea-0053", "hea-0031", "hea-0029", "hea-0021"],
          derive=lambda: find("headphones", stars=3, hi=100)),
        T("which is cheapest?", "pick", ["hea-0053", "hea-0041", "hea-0031", "hea-0021", "hea-0029"],
          says="Sony WH-CH530", derive=lambda: rank(find("headphones", stars=3, hi=100), "price")),
    ]),
    Dialogue("specs_laptop_ram_storage_screen", [
        T("laptops with 32gb ram", "search", ["lap-0022", "lap-0020", "lap-0038", "lap-0058", "lap-0015"],
          derive=lambda: find("laptops", spec=lambda s: s["ram_gb"] >= 32)),
        T("and 2tb storage", "refine", ["lap-0022", "lap-0020", "lap-0015", "lap-0030", "lap-0048"],
          derive=lambda: find("laptops", spec=lambda s: s["ram_gb"] >= 32 and s["storage_gb"] >= 2048)),
        T("with 64gb ram", "refine", ["lap-0015", "lap-0030", "lap-0048", "lap-0035", "lap-0010"],
          derive=lambda: find("laptops", spec=lambda s: s["ram_gb"] >= 64 and s["storage_gb"] >= 2048)),
        T("under $3300", "refine", ["lap-0015", "lap-0030", "lap-0048", "lap-0035", "lap-0010"],
          derive=lambda: find("laptops", hi=3300, spec=lambda s: s["ram_gb"] >= 64 and s["storage_gb"] >= 2048)),
    ]),
    Dialogue("specs_screen_size_15_6_inch", [
        T("15.6 inch laptops", "search", ["lap-0052", "lap-0050", "lap-0058", "lap-0034", "lap-0055"],
          derive=lambda: find("laptops", spec=lambda s: s["screen_inches"] == 15.6)),
        T("only HP", "refine", ["lap-0052", "lap-0025"],
          derive=lambda: find("laptops", brands=["HP"], spec=lambda s: s["screen_inches"] == 15.6)),
    ]),
    Dialogue("specs_noise_cancelling_over_ear", [
        T("noise cancelling headphones", "search", ["hea-0055", "hea-0015", "hea-0034", "hea-0052", "hea-0045"],
          derive=lambda: find("headphones", spec=lambda s: s["noise_cancelling"])),
        T("only over-ear ones", "refine", ["hea-0055", "hea-0015", "hea-0052", "hea-0041", "hea-0058"],
          derive=lambda: find("headphones", spec=lambda s: s["noise_cancelling"] and s["type"] == "over-ear")),
        T("under $300", "refine", ["hea-0055", "hea-0041", "hea-0025", "hea-0036", "hea-0039"],
          derive=lambda: find("headphones", hi=300, spec=lambda s: s["noise_cancelling"] and s["type"] == "over-ear")),
        T("the second one", "details", ["hea-0041"], says="Anker Soundcore Life Q20",
          derive=lambda: find("headphones", hi=300, spec=lambda s: s["noise_cancelling"] and s["type"] == "over-ear")[1:2]),
    ]),
    Dialogue("specs_4k_tv_under_500", [
        T("4k tv under 500", "search", ["tv-0050", "tv-0052", "tv-0004", "tv-0014", "tv-0059"],
          derive=lambda: find("tvs", hi=500, spec=lambda s: s["resolution"] == "4K")),
        T("the cheapest one", "pick", ["tv-0059", "tv-0004", "tv-0014", "tv-0050", "tv-0052"],
          says="TCL Q7 QLED 43-inch (2024)", derive=lambda: rank(find("tvs", hi=500, spec=lambda s: s["resolution"] == "4K"), "price")),
        T("what about 55 inch?", "refine", ["tv-0052", "tv-0009", "tv-0033", "tv-0048"],
          derive=lambda: find("tvs", hi=500, spec=lambda s: s["resolution"] == "4K" and s["screen_inches"] == 55)),
    ]),
    Dialogue("specs_oled_tvs_over_2000", [
        T("OLED TVs over $2000", "search", ["tv-0017", "tv-0045", "tv-0022", "tv-0002", "tv-0003"],
          derive=lambda: find("tvs", lo=2000, spec=lambda s: s["panel"] == "OLED")),
        T("only LG", "refine", ["tv-0045", "tv-0002", "tv-0041", "tv-0021", "tv-0016"],
          derive=lambda: find("tvs", brands=["LG"], lo=2000, spec=lambda s: s["panel"] == "OLED")),
    ]),
    Dialogue("specs_phone_storage", [
        T("phones with 512gb storage", "search", ["pho-0007", "pho-0010", "pho-0011", "pho-0031", "pho-0049"],
          derive=lambda: find("smartphones", spec=lambda s: s["storage_gb"] >= 512)),
        T("only Google", "refine", ["pho-0031", "pho-0048", "pho-0046"],
          derive=lambda: find("smartphones", brands=["Google"], spec=lambda s: s["storage_gb"] >= 512)),
    ]),
    Dialogue("sort_words_sorted_searches", [
        T("cheapest tablets", "search", ["tab-0044", "tab-0058", "tab-0014", "tab-0001", "tab-0019"],
          derive=lambda: find("tablets", sort="price")),
        T("most expensive smartwatches", "search", ["wat-0043", "wat-0001", "wat-0032", "wat-0060", "wat-0031"],
          derive=lambda: find("smartwatches", sort="-price")),
        T("best rated cameras", "search", ["cam-0002", "cam-0028", "cam-0039", "cam-0009", "cam-0041"],
          derive=lambda: find("cameras", sort="-rating")),
        T("the cheapest TV", "search", ["tv-0024", "tv-0036", "tv-0006", "tv-0012", "tv-0049"],
          derive=lambda: find("tvs", sort="price")),
        T("highest rated headphones under $100", "search", ["hea-0009", "hea-0017", "hea-0005", "hea-0021", "hea-0041"],
          derive=lambda: find("headphones", hi=100, sort="-rating")),
    ]),
    # 'cheapest' with a category in the message is a new sorted search, not a pick from the list in focus.
    Dialogue("superlative_with_category_is_a_new_sorted_search", [
        T("show me phones", "search", ["pho-0036", "pho-0047", "pho-0013", "pho-0007", "pho-0043"],
          derive=lambda: find("smartphones")),
        T("which is the cheapest laptop?", "search", ["lap-0041", "lap-0001", "lap-0057", "lap-0033", "lap-0059"],
          derive=lambda: find("laptops", sort="price")),
        T("the second one", "details", ["lap-0001"], says="Acer Aspire 5 A515-56M",
          derive=lambda: find("laptops", sort="price")[1:2]),
    ]),
    Dialogue("brands_aliases_and_exclusions", [
        T("hewlett packard laptops", "search", ["lap-0022", "lap-0052", "lap-0012", "lap-0025"],
          derive=lambda: find("laptops", brands=["HP"])),
        T("laptops but not Dell", "search", ["lap-0022", "lap-0020", "lap-0005", "lap-0052", "lap-0038"],
          derive=lambda: find("laptops", exclude=["Dell"])),
        T("iphones", "search", ["pho-0030", "pho-0010", "pho-0053", "pho-0011", "pho-0003"],
          derive=lambda: find("smartphones", brands=["Apple"])),
        T("Samsung or LG TVs", "search", ["tv-0050", "tv-0052", "tv-0027", "tv-0004", "tv-0045"],
          derive=lambda: find("tvs", brands=["Samsung", "LG"])),
        T("only LG", "refine", ["tv-0004", "tv-0045", "tv-0026", "tv-0029", "tv-0002"],
          derive=lambda: find("tvs", brands=["LG"])),
    ]),
    Dialogue("history_questions", [
        T("show me phones", "search", ["pho-0036", "pho-0047", "pho-0013", "pho-0007", "pho-0043"],
          derive=lambda: find("smartphones")),
        T("only Apple", "refine", ["pho-0030", "pho-0010", "pho-0053", "pho-0011", "pho-0003"],
          derive=lambda: find("smartphones", brands=["Apple"])),
        T("what did I ask before?", "history", [], says="only Apple"),
        T("what was my first question?", "history", [], says="show me phones"),
        T("which is cheapest?", "pick", ["pho-0003", "pho-0053", "pho-0010", "pho-0030", "pho-0011"],
          says="Apple iPhone 17e", derive=lambda: rank(find("smartphones", brands=["Apple"]), "price")),
    ]),
    Dialogue("history_in_a_new_conversation", [
        T("what was my first question?", "history", [], says="haven't asked"),
        T("hi", "greeting", []),
        T("what did I ask before?", "history", [], says="hi"),
    ]),
    Dialogue("small_talk_does_not_disturb_focus", [
        T("hi", "greeting", []),
        T("show me monitors", "search", ["mon-0016", "mon-0046", "mon-0030", "mon-0013", "mon-0032"],
          derive=lambda: find("monitors")),
        T("help", "help", []),
        T("thanks", "thanks", []),
        T("qwzx blorp", "unknown", []),
        T("which is cheapest?", "pick", ["mon-0016", "mon-0032", "mon-0046", "mon-0013", "mon-0030"],
          says="BenQ GW2480T", derive=lambda: rank(find("monitors"), "price")),
        T("the first one", "details", ["mon-0016"], says="BenQ GW2480T",
          derive=lambda: find("monitors")[:1]),
    ]),
    Dialogue("compare_variants", [
        T("show me Dell laptops", "search", ["lap-0013", "lap-0050", "lap-0033", "lap-0034", "lap-0053"],
          derive=lambda: find("laptops", brands=["Dell"])),
        T("compare them", "compare", ["lap-0013", "lap-0050", "lap-0033", "lap-0034"],
          derive=lambda: find("laptops", brands=["Dell"])[:4]),
        T("compare the first and the last", "compare", ["lap-0013", "lap-0053"],
          derive=lambda: find("laptops", brands=["Dell"])[:1] + find("laptops", brands=["Dell"])[-1:]),
        T("compare the 2nd and the last one", "compare", ["lap-0050", "lap-0053"],
          derive=lambda: find("laptops", brands=["Dell"])[1:2] + find("laptops", brands=["Dell"])[-1:]),
        T("which one is the best?", "pick", ["lap-0013", "lap-0034", "lap-0053", "lap-0050", "lap-0033"],
          says="Dell Inspiron 14 Plus 7640", derive=lambda: rank(find("laptops", brands=["Dell"]), "-rating")),
        T("compare it with the second one", "compare", ["lap-0013", "lap-0050"],
          derive=lambda: rank(find("laptops", brands=["Dell"]), "-rating")[:1] + find("laptops", brands=["Dell"])[1:2]),
    ]),
    Dialogue("ordinal_out_of_range_and_too_few_to_compare", [
        T("cameras under $460", "search", ["cam-0018"],
          derive=lambda: find("cameras", hi=460)),
        T("the second one", "details", [], says="1 to 1"),
        T("compare the first two", "compare", [], says="at least two"),
        T("the first one", "details", ["cam-0018"], says="Panasonic Lumix ZS200",
          derive=lambda: find("cameras", hi=460)),
    ]),
    Dialogue("prices_of_them", [
        T("smartwatches under $300", "search", ["wat-0029", "wat-0055", "wat-0053", "wat-0021", "wat-0042"],
          derive=lambda: find("smartwatches", hi=300)),
        T("how much are they?", "price", ["wat-0029", "wat-0055", "wat-0053", "wat-0021", "wat-0042"],
          derive=lambda: find("smartwatches", hi=300)),
        T("#2", "details", ["wat-0055"], says="Apple Watch Series 10 42mm",
          derive=lambda: find("smartwatches", hi=300)[1:2]),
    ]),
    Dialogue("ordinals_use_list_order_not_pick_order", [
        T("show me smartwatches", "search", ["wat-0029", "wat-0043", "wat-0031", "wat-0055", "wat-0032"],
          derive=lambda: find("smartwatches")),
        T("which has the best reviews?", "pick", ["wat-0055", "wat-0032", "wat-0031", "wat-0029", "wat-0043"],
          says="Apple Watch Series 10 42mm", derive=lambda: rank(find("smartwatches"), "-rating")),
        T("the first one", "details", ["wat-0029"], says="Fitbit Versa 5",
          derive=lambda: find("smartwatches")[:1]),
        T("3rd", "details", ["wat-0031"], says="Garmin Fenix 8 47mm",
          derive=lambda: find("smartwatches")[2:3]),
        T("which is the most expensive?", "pick", ["wat-0043", "wat-0032", "wat-0031", "wat-0055", "wat-0029"],
          says="Apple Watch Ultra 3 Midnight", derive=lambda: rank(find("smartwatches"), "-price")),
        T("the last one", "details", ["wat-0032"], says="Apple Watch Ultra 2 Silver",
          derive=lambda: find("smartwatches")[-1:]),
    ]),
    Dialogue("ordinal_words_and_numbers", [
        T("show me headphones", "search", ["hea-0055", "hea-0015", "hea-0034", "hea-0052", "hea-0045"],
          derive=lambda: find("headphones")),
        T("3rd", "details", ["hea-0034"], says="Bose QuietComfort Ultra Earbuds (Gen 3)",
          derive=lambda: find("headphones")[2:3]),
        T("#2", "details", ["hea-0015"], says="Apple AirPods Max (USB-C)",
          derive=lambda: find("headphones")[1:2]),
        T("tell me about number 4", "details", ["hea-0052"], says="Apple AirPods Max (USB-C) White",
          derive=lambda: find("headphones")[3:4]),
        T("the fifth one", "details", ["hea-0045"], says="Apple AirPods 4 with Active Noise Cancellation Silver",
          derive=lambda: find("headphones")[4:5]),
        T("number 7", "details", [], says="1 to 5"),
    ]),
    Dialogue("refine_after_pick_uses_the_search", [
        T("show me laptops", "search", ["lap-0022", "lap-0020", "lap-0005", "lap-0052", "lap-0013"],
          derive=lambda: find("laptops")),
        T("which is cheapest?", "pick", ["lap-0052", "lap-0013", "lap-0005", "lap-0022", "lap-0020"],
          says="HP Pavilion 15-eh1025nr", derive=lambda: rank(find("laptops"), "price")),
        T("only Apple ones", "refine", ["lap-0020", "lap-0038", "lap-0043", "lap-0024", "lap-0010"],
          derive=lambda: find("laptops", brands=["Apple"])),
        T("under $1500", "refine", ["lap-0043"],
          derive=lambda: find("laptops", brands=["Apple"], hi=1500)),
        T("what about Microsoft?", "refine", ["lap-0040", "lap-0023", "lap-0019"],
          derive=lambda: find("laptops", brands=["Microsoft"], hi=1500)),
    ]),
    Dialogue("brand_exclusion_replaces_brand", [
        T("TVs", "search", ["tv-0058", "tv-0028", "tv-0050", "tv-0047", "tv-0017"],
          derive=lambda: find("tvs")),
        T("only Samsung ones", "refine", ["tv-0050", "tv-0052", "tv-0027", "tv-0014", "tv-0039"],
          derive=lambda: find("tvs", brands=["Samsung"])),
        T("not Samsung", "refine", ["tv-0058", "tv-0028", "tv-0047", "tv-0017", "tv-0004"],
          derive=lambda: find("tvs", exclude=["Samsung"])),
        T("under $1000", "refine", ["tv-0004", "tv-0059", "tv-0009", "tv-0036", "tv-0057"],
          derive=lambda: find("tvs", exclude=["Samsung"], hi=1000)),
    ]),
    # A sort request re-orders the list in focus (both readings, re-sorting the shown list or re-running the search
    # sorted, give these ids because the search has only 2 matches); it is not a question about one price.
    Dialogue("sort_by_price_resorts_the_list", [
        T("Dell laptops under $1000 with at least 4 stars", "search", ["lap-0013", "lap-0034"],
          derive=lambda: find("laptops", brands=["Dell"], hi=1000, stars=4)),
        T("sort by price", ("pick", "refine"), ["lap-0034", "lap-0013"],
          derive=lambda: rank(find("laptops", brands=["Dell"], hi=1000, stars=4), "price")),
    ]),
    # A category word of the app's own vocabulary that is also a spec word (type DSLR).
    Dialogue("category_dslrs", [
        T("dslrs", "search", ["cam-0034", "cam-0052", "cam-0017", "cam-0059", "cam-0019"],
          derive=lambda: find("cameras", spec=lambda s: s["type"] == "DSLR")),
        T("how much is it?", "price", ["cam-0034"], says="Canon EOS 250D",
          derive=lambda: find("cameras", spec=lambda s: s["type"] == "DSLR")[:1]),
    ]),
    # A category word of the app's own vocabulary that is also a spec word (os ChromeOS).
    Dialogue("category_chromebooks", [
        T("chromebooks", "search", ["lap-0033", "lap-0041", "lap-0057", "lap-0059"],
          derive=lambda: find("laptops", spec=lambda s: s["os"] == "ChromeOS")),
    ]),
    Dialogue("reviews_then_it", [
        T("show me cameras", "search", ["cam-0028", "cam-0034", "cam-0052", "cam-0045", "cam-0017"],
          derive=lambda: find("cameras")),
        T("what do people say about the second one?", "reviews", ["cam-0034"], says="Canon EOS 250D",
          derive=lambda: find("cameras")[1:2]),
        T("how much is it?", "price", ["cam-0034"], says="Canon EOS 250D",
          derive=lambda: find("cameras")[1:2]),
        T("what are the reviews of the first one?", "reviews", ["cam-0028"], says="Fujifilm X100VI",
          derive=lambda: find("cameras")[:1]),
        T("tell me more about it", "details", ["cam-0028"], says="Fujifilm X100VI",
          derive=lambda: find("cameras")[:1]),
    ]),
    Dialogue("most_expensive_then_compare_it", [
        T("tablets under $400", "search", ["tab-0052", "tab-0025", "tab-0004", "tab-0054", "tab-0010"],
          derive=lambda: find("tablets", hi=400)),
        T("which is the most expensive?", "pick", ["tab-0052", "tab-0025", "tab-0054", "tab-0004", "tab-0010"],
          says="Apple iPad mini (A17 Pro) 128GB Wi-Fi", derive=lambda: rank(find("tablets", hi=400), "-price")),
        T("how much is it?", "price", ["tab-0052"], says="Apple iPad mini (A17 Pro) 128GB Wi-Fi",
          derive=lambda: rank(find("tablets", hi=400), "-price")[:1]),
        T("which of them has the best reviews?", "pick", ["tab-0052", "tab-0004", "tab-0010", "tab-0025", "tab-0054"],
          says="Apple iPad mini (A17 Pro) 128GB Wi-Fi", derive=lambda: rank(find("tablets", hi=400), "-rating")),
        T("what do people say about it?", "reviews", ["tab-0052"], says="Apple iPad mini (A17 Pro) 128GB Wi-Fi",
          derive=lambda: rank(find("tablets", hi=400), "-rating")[:1]),
    ]),
    # A pick from an explicit set ('the first or the second one') picks from that set, picked product first.
    Dialogue("pick_between_two_named_items", [
        T("show me laptops under $1000", "search", ["lap-0005", "lap-0052", "lap-0013", "lap-0050", "lap-0033"],
          derive=lambda: find("laptops", hi=1000)),
        T("which has better reviews, the first or the fourth one?", "pick", ["lap-0005", "lap-0050"],
          says="Lenovo ThinkPad E16 Gen 6", derive=lambda: rank(find("laptops", hi=1000)[:1] + find("laptops", hi=1000)[3:4], "-rating")),
        T("which is cheaper, the first or the third one?", "pick", ["lap-0013", "lap-0005"],
          says="Dell Inspiron 14 Plus 7640", derive=lambda: rank(find("laptops", hi=1000)[:1] + find("laptops", hi=1000)[2:3], "price")),
    ]),
    Dialogue("prices_of_the_first_two", [
        T("show me phones", "search", ["pho-0036", "pho-0047", "pho-0013", "pho-0007", "pho-0043"],
          derive=lambda: find("smartphones")),
        T("how much are the first two?", "price", ["pho-0036", "pho-0047"],
          derive=lambda: find("smartphones")[:2]),
    ]),
    # A superlative that names a brand picks from the list in focus narrowed to that brand: a refinement sorted by
    # the criterion, the picked product first and named.
    Dialogue("superlative_with_brand_refines_the_list_in_focus", [
        T("phones under 800", "search", ["pho-0036", "pho-0047", "pho-0013", "pho-0043", "pho-0024"],
          derive=lambda: find("smartphones", hi=800)),
        T("which is the cheapest samsung?", "refine", ["pho-0041", "pho-0034", "pho-0035", "pho-0059", "pho-0057"],
          says="Samsung Galaxy A36 5G is the cheapest",
          derive=lambda: find("smartphones", brands=["Samsung"], hi=800, sort="price")),
        T("headphones", "search", ["hea-0055", "hea-0015", "hea-0034", "hea-0052", "hea-0045"],
          derive=lambda: find("headphones")),
        T("best rated bose", "refine", ["hea-0004", "hea-0026", "hea-0024", "hea-0057", "hea-0034"],
          says=name("hea-0004"), derive=lambda: find("headphones", brands=["Bose"], sort="-rating")),
    ]),
    # "the lenovo" is the list's Lenovo: a price answer about it, and the list in focus stays.
    Dialogue("price_of_the_brands_item_in_the_list", [
        T("laptops under 1000", "search", ["lap-0005", "lap-0052", "lap-0013", "lap-0050", "lap-0033"],
          derive=lambda: find("laptops", hi=1000)),
        T("how much is the lenovo?", "price", ["lap-0005"], says="Lenovo ThinkPad E16 Gen 6 costs $769",
          derive=lambda: [i for i in find("laptops", hi=1000) if ROW[i]["brand"] == "Lenovo"][:1]),
        T("how much is the hp one?", "price", ["lap-0052"], says="HP Pavilion 15-eh1025nr costs $549",
          derive=lambda: [i for i in find("laptops", hi=1000) if ROW[i]["brand"] == "HP"][:1]),
        T("the third one", "details", ["lap-0013"], derive=lambda: find("laptops", hi=1000)[2:3]),
    ]),
    Dialogue("category_head_phones_and_camera_phone", [
        T("head phones under 100", "search", ["hea-0054", "hea-0041", "hea-0053", "hea-0031", "hea-0029"],
          derive=lambda: find("headphones", hi=100)),
        T("best camera phone", "search", ["pho-0004", "pho-0026", "pho-0033", "pho-0003", "pho-0035"],
          derive=lambda: find("smartphones", sort="-rating")),
    ]),
    Dialogue("negated_brands_and_lists_of_them", [
        T("non-apple phones", "search", ["pho-0036", "pho-0047", "pho-0013", "pho-0007", "pho-0043"],
          derive=lambda: find("smartphones", exclude=["Apple"])),
        T("laptops except dell and hp", "search", ["lap-0020", "lap-0005", "lap-0038", "lap-0058", "lap-0015"],
          derive=lambda: find("laptops", exclude=["Dell", "HP"])),
    ]),
    # A screen size after under / smaller than is a strict bound, not "about that size".
    Dialogue("screen_size_bounds", [
        T("tvs under 50 inch", "search", ["tv-0050", "tv-0014", "tv-0059", "tv-0036", "tv-0006"],
          derive=lambda: find("tvs", spec=lambda s: s["screen_inches"] < 50)),
        T("laptop under 15 inches", "search", ["lap-0013", "lap-0033", "lap-0038", "lap-0015", "lap-0043"],
          derive=lambda: find("laptops", spec=lambda s: s["screen_inches"] < 15)),
    ]),
    Dialogue("under_n_stars_is_strictly_below", [
        T("headphones under 4 stars", "search", ["hea-0055", "hea-0054", "hea-0053", "hea-0025", "hea-0031"],
          derive=lambda: find("headphones", below=4)),
    ]),
    Dialogue("cheap_words_sort_by_price", [
        T("cheap laptop", "search", ["lap-0041", "lap-0001", "lap-0057", "lap-0033", "lap-0059"],
          derive=lambda: find("laptops", sort="price")),
        T("affordable tv", "search", ["tv-0024", "tv-0036", "tv-0006", "tv-0012", "tv-0049"],
          derive=lambda: find("tvs", sort="price")),
    ]),
    # "last" as a verb is no ordinal: the question is about the product in focus.
    Dialogue("battery_last_is_not_the_last_one", [
        T("laptops", "search", ["lap-0022", "lap-0020", "lap-0005", "lap-0052", "lap-0013"],
          derive=lambda: find("laptops")),
        T("the second one", "details", ["lap-0020"], derive=lambda: find("laptops")[1:2]),
        T("how long does the battery last?", "details", ["lap-0020"], says="Battery 18 h",
          derive=lambda: find("laptops")[1:2]),
    ]),
    # Cameras keep their resolution under `video`.
    Dialogue("camera_video_resolution", [
        T("cameras with 8k video", "search", ["cam-0038", "cam-0058", "cam-0032", "cam-0021", "cam-0002"],
          derive=lambda: find("cameras", spec=lambda s: s["video"] == "8K")),
        T("4k cameras", "search", ["cam-0052", "cam-0055", "cam-0008", "cam-0009", "cam-0041"],
          derive=lambda: find("cameras", spec=lambda s: s["video"] == "4K")),
    ]),
    Dialogue("refinement_keeps_the_lists_sort", [
        T("cheapest laptops", "search", ["lap-0041", "lap-0001", "lap-0057", "lap-0033", "lap-0059"],
          derive=lambda: find("laptops", sort="price")),
        T("only dell", "refine", ["lap-0033", "lap-0049", "lap-0050", "lap-0053", "lap-0034"],
          derive=lambda: find("laptops", brands=["Dell"], sort="price")),
    ]),
    # Naming the category again after a refining word narrows the list; without one it is a new search.
    Dialogue("refinement_that_repeats_the_category", [
        T("laptops under $500", "search", ["lap-0033", "lap-0049", "lap-0041", "lap-0057", "lap-0004"],
          derive=lambda: find("laptops", hi=500)),
        T("only Dell laptops", "refine", ["lap-0033", "lap-0049"], derive=lambda: find("laptops", brands=["Dell"], hi=500)),
        T("show me Dell laptops", "search", ["lap-0013", "lap-0050", "lap-0033", "lap-0034", "lap-0053"],
          derive=lambda: find("laptops", brands=["Dell"])),
    ]),
    # "better" between named items picks the best reviewed of them.
    Dialogue("which_is_better_of_two_named_items", [
        T("laptops under $1000", "search", ["lap-0005", "lap-0052", "lap-0013", "lap-0050", "lap-0033"],
          derive=lambda: find("laptops", hi=1000)),
        T("which is better, the first or the second?", "pick", ["lap-0052", "lap-0005"],
          says="HP Pavilion 15-eh1025nr has the best reviews",
          derive=lambda: rank(find("laptops", hi=1000)[:2], "-rating")),
    ]),
    # A named model lists the products whose names hold its model words, within the brand / category named,
    # closest names first; "it" is then the closest one.
    Dialogue("model_name_sony_wh_1000xm6", [
        T("sony wh-1000xm6", "search", ["hea-0028"], says='Sony products matching "wh-1000xm6"',
          derive=lambda: find(None, brands=["Sony"], model="wh-1000xm6")),
        T("how much is it?", "price", ["hea-0028"], says="Sony WH-1000XM6 costs $517.99",
          derive=lambda: find(None, brands=["Sony"], model="wh-1000xm6")[:1]),
    ]),
    Dialogue("model_name_macbook_air", [
        T("macbook air", "search", ["lap-0043"], says="Apple MacBook Air 13 (M4)",
          derive=lambda: find("laptops", brands=["Apple"], model="air")),
    ]),
    Dialogue("model_names_galaxy_s25_and_pixel_9a", [
        T("galaxy s25", "search", ["pho-0017", "pho-0014", "pho-0015", "pho-0018", "pho-0038"],
          says="Here are 5 of 6 Samsung products", derive=lambda: find(None, brands=["Samsung"], model="s25")),
        T("pixel 9a", "search", ["pho-0024", "pho-0025"], says="I found 2 Google products",
          derive=lambda: find(None, brands=["Google"], model="9a")),
    ]),
    # Nothing in focus: a named model is the product answered about; "compare it with <model>" takes both.
    Dialogue("named_model_details_then_compare_it_with_another", [
        T("tell me about the Pixel 10", "details", ["pho-0013"], says="Google Pixel 10 by Google",
          derive=lambda: find(None, brands=["Google"], model="10")[:1]),
        T("compare it with the iphone 17", "compare", ["pho-0013", "pho-0029"],
          says="Comparing Google Pixel 10 and Apple iPhone 17",
          derive=lambda: find(None, brands=["Google"], model="10")[:1]
          + find("smartphones", brands=["Apple"], model="17")[:1]),
    ]),
    Dialogue("price_of_a_named_model_with_nothing_in_focus", [
        T("how much is the galaxy s24 fe?", "price", ["pho-0036"], says="Samsung Galaxy S24 FE costs $549.99",
          derive=lambda: find(None, brands=["Samsung"], model="s24 fe")[:1]),
    ]),
    # Model words are a constraint: a model the list in focus does not hold starts a new search, a refining word
    # narrows the list in focus, a later bound keeps them, and "the <model>" picks from the list in focus.
    Dialogue("model_words_search_refine_and_pick_from_the_list", [
        T("laptops", "search", ["lap-0022", "lap-0020", "lap-0005", "lap-0052", "lap-0013"],
          derive=lambda: find("laptops")),
        T("galaxy s25", "search", ["pho-0017", "pho-0014", "pho-0015", "pho-0018", "pho-0038"],
          derive=lambda: find(None, brands=["Samsung"], model="s25")),
        T("under $500", "refine", ["pho-0014"], derive=lambda: find(None, brands=["Samsung"], hi=500, model="s25")),
        T("iphones", "search", ["pho-0030", "pho-0010", "pho-0053", "pho-0011", "pho-0003"],
          derive=lambda: find("smartphones", brands=["Apple"])),
        T("only the pro ones", "refine", ["pho-0011", "pho-0001", "pho-0026", "pho-0033", "pho-0060"],
          derive=lambda: find("smartphones", brands=["Apple"], model="pro")),
        T("how much is the pro max?", "price", ["pho-0026"], says="Apple iPhone 16 Pro Max costs",
          derive=lambda: [i for i in find("smartphones", brands=["Apple"], model="pro")
                          if {"pro", "max"} <= name_words(ROW[i])][:1]),
    ]),
    # Model words that would leave nothing are ignored: the list stays what the other words ask for.
    Dialogue("model_words_that_find_nothing_are_ignored", [
        T("headphones under $100", "search", ["hea-0054", "hea-0041", "hea-0053", "hea-0031", "hea-0029"],
          derive=lambda: find("headphones", hi=100)),
        T("only the ultra ones", "refine", ["hea-0054", "hea-0041", "hea-0053", "hea-0031", "hea-0029"],
          derive=lambda: find("headphones", hi=100)),
        T("sony s25 headphones", "search", ["hea-0053", "hea-0036", "hea-0039", "hea-0031", "hea-0028"],
          derive=lambda: find("headphones", brands=["Sony"])),
    ]),
    # Ordinary words that happen to be in product names ("Pro", "Max", "Plus", "Air", "Series", "Crystal", "Body",
    # "Idea") are no model names: without a brand or a model code beside them they narrow nothing.
    Dialogue("ordinary_words_do_not_narrow_searches", [
        T("best laptop for a pro video editor", "search", ["lap-0038", "lap-0006", "lap-0017", "lap-0035", "lap-0016"],
          derive=lambda: find("laptops", sort="-rating")),
        # A spec superlative sorts by the spec (the contract since the act pipeline; it was ignored before).
        T("laptop with max battery life", "search", ["lap-0039", "lap-0038", "lap-0027", "lap-0043", "lap-0010"],
          says="longest battery life first", derive=lambda: find("laptops", sort="-battery_hours")),
        T("the max i can spend is 500, need a tablet", "search", ["tab-0052", "tab-0025", "tab-0004", "tab-0054", "tab-0010"],
          derive=lambda: find("tablets", hi=500)),
        T("a phone with 5g plus a good camera", "search", ["pho-0036", "pho-0047", "pho-0013", "pho-0007", "pho-0043"],
          derive=lambda: find("smartphones")),
        T("tablet plus keyboard for school", "search", ["tab-0052", "tab-0025", "tab-0004", "tab-0054", "tab-0010"],
          derive=lambda: find("tablets")),
        T("laptop for air travel, light", "search", ["lap-0022", "lap-0020", "lap-0005", "lap-0052", "lap-0013"],
          derive=lambda: find("laptops")),
        T("tv for watching series and movies", "search", ["tv-0058", "tv-0028", "tv-0050", "tv-0047", "tv-0017"],
          derive=lambda: find("tvs")),
        T("tv with crystal clear picture", "search", ["tv-0058", "tv-0028", "tv-0050", "tv-0047", "tv-0017"],
          derive=lambda: find("tvs")),
        T("cheapest mirrorless camera body", "search", ["cam-0031", "cam-0047", "cam-0053", "cam-0042", "cam-0046"],
          derive=lambda: find("cameras", spec=lambda s: s["type"] == "mirrorless", sort="price")),
        T("ultrawide monitors", "search", ["mon-0016", "mon-0046", "mon-0030", "mon-0013", "mon-0032"],
          derive=lambda: find("monitors")),
        T("lenovo tablets", "search", ["tab-0049", "tab-0048", "tab-0023", "tab-0002", "tab-0022"],
          derive=lambda: find("tablets", brands=["Lenovo"])),
        T("any idea which is cheapest?", "pick", ["tab-0022", "tab-0049", "tab-0023", "tab-0048", "tab-0002"],
          says=name(rank(find("tablets", brands=["Lenovo"]), "price")[0]),
          derive=lambda: rank(find("tablets", brands=["Lenovo"]), "price")),
    ]),
    Dialogue("ordinary_words_in_follow_ups_are_about_the_focus", [
        T("whats a good phone for under $500", "search", ["pho-0047", "pho-0024", "pho-0056", "pho-0014", "pho-0053"],
          derive=lambda: find("smartphones", hi=500)),
        T("does it come in black?", "details", ["pho-0047"], derive=lambda: find("smartphones", hi=500)[:1]),
        T("show me tablets", "search", ["tab-0052", "tab-0025", "tab-0004", "tab-0054", "tab-0010"],
          derive=lambda: find("tablets")),
        T("anything for kids?", "unknown", []),
        T("which is cheapest?", "pick", ["tab-0010", "tab-0004", "tab-0054", "tab-0025", "tab-0052"],
          derive=lambda: rank(find("tablets"), "price")),
        T("how long does it take to charge?", "details", ["tab-0010"],
          derive=lambda: rank(find("tablets"), "price")[:1]),
    ]),
    # A model named without a brand or category stays within the brand and category in focus; with "it" it is about
    # the focus: the list's first match, else the closest of that brand and category.
    Dialogue("model_follow_ups_keep_the_brand_and_category_in_focus", [
        T("apple watches", "search", ["wat-0043", "wat-0055", "wat-0032", "wat-0002", "wat-0048"],
          derive=lambda: find("smartwatches", brands=["Apple"])),
        T("the 40mm one", "search", ["wat-0038", "wat-0046"],
          derive=lambda: find("smartwatches", brands=["Apple"], model="40mm")),
        T("ipads", "search", ["tab-0052", "tab-0047", "tab-0007", "tab-0035", "tab-0027"],
          derive=lambda: find("tablets", brands=["Apple"])),
        T("the m4 one", "search", ["tab-0032", "tab-0005", "tab-0035", "tab-0027", "tab-0034"],
          derive=lambda: find("tablets", brands=["Apple"], model="m4")),
        T("garmin watches", "search", ["wat-0031", "wat-0021", "wat-0027", "wat-0051", "wat-0028"],
          derive=lambda: find("smartwatches", brands=["Garmin"])),
        T("does it come in 47mm?", "details", ["wat-0031"],
          derive=lambda: named_in(find("smartwatches", brands=["Garmin"]), "smartwatches", ["Garmin"], "47mm")),
    ]),
    # Model words belong to the brand and category they were said with: a new brand drops them, and keeps the
    # category they found.
    Dialogue("a_new_brand_drops_the_earlier_model_words", [
        T("dell xps", "search", ["lap-0042"], derive=lambda: find(None, brands=["Dell"], model="xps")),
        T("what about hp", "refine", ["lap-0022", "lap-0052", "lap-0012", "lap-0025"],
          says="HP laptops", derive=lambda: find("laptops", brands=["HP"])),
        T("pixel 9a", "search", ["pho-0024", "pho-0025"], derive=lambda: find(None, brands=["Google"], model="9a")),
        T("what about samsung", "refine", ["pho-0036", "pho-0043", "pho-0014", "pho-0041", "pho-0057"],
          derive=lambda: find("smartphones", brands=["Samsung"])),
        T("garmin forerunner", "search", ["wat-0021", "wat-0051", "wat-0024", "wat-0012", "wat-0011"],
          derive=lambda: find(None, brands=["Garmin"], model="forerunner")),
        T("how about fitbit", "refine", ["wat-0029", "wat-0053", "wat-0040", "wat-0052", "wat-0025"],
          derive=lambda: find("smartwatches", brands=["Fitbit"])),
        T("ipad pro", "search", ["tab-0007", "tab-0032", "tab-0015", "tab-0009", "tab-0052"],
          derive=lambda: find("tablets", brands=["Apple"], model="pro")),
        T("what about the air", "refine", ["tab-0005", "tab-0020", "tab-0027", "tab-0034", "tab-0037"],
          derive=lambda: find("tablets", brands=["Apple"], model="air")),
        T("samsung ones instead", "refine", ["tab-0025", "tab-0054", "tab-0017", "tab-0057", "tab-0012"],
          derive=lambda: find("tablets", brands=["Samsung"])),
        T("under 500", "refine", ["tab-0025", "tab-0054", "tab-0017", "tab-0012", "tab-0013"],
          derive=lambda: find("tablets", brands=["Samsung"], hi=500)),
    ]),
    # Two named models are compared with each other, found in the list in focus or else in the catalog.
    Dialogue("compare_two_named_models", [
        T("compare the pixel 9a and the iphone 17e", "compare", ["pho-0024", "pho-0003"],
          derive=lambda: find(None, brands=["Google"], model="9a", n=1)
          + find(None, brands=["Apple"], model="17e", n=1)),
        T("show me phones", "search", ["pho-0036", "pho-0047", "pho-0013", "pho-0007", "pho-0043"],
          derive=lambda: find("smartphones")),
        T("compare the pixel 9a and the iphone 17e", "compare", ["pho-0024", "pho-0003"],
          derive=lambda: named_in(find("smartphones"), None, ["Google"], "9a")
          + named_in(find("smartphones"), "smartphones", ["Apple"], "17e")),
        T("headphones", "search", ["hea-0055", "hea-0015", "hea-0034", "hea-0052", "hea-0045"],
          derive=lambda: find("headphones")),
        T("whats the difference between the xm6 and the quietcomfort ultra", "compare", [],
          says='couldn\'t find "xm6"'),
    ]),
    # "it" and a model named by brand and category: the product in focus and the closest of that brand and category.
    Dialogue("compare_it_with_a_model_named_by_brand_and_category", [
        T("galaxy watch classic", "search", ["wat-0014", "wat-0030"],
          derive=lambda: find("smartwatches", brands=["Samsung"], model="classic")),
        T("compare it to the pixel watch", "compare", ["wat-0014", "wat-0044"],
          derive=lambda: find("smartwatches", brands=["Samsung"], model="classic", n=1)
          + find("smartwatches", brands=["Google"], n=1)),
        T("airpods pro", "search", ["hea-0047", "hea-0014", "hea-0037"],
          derive=lambda: find("headphones", brands=["Apple"], model="pro")),
        T("compare with the bose qc ultra earbuds", "compare", ["hea-0047", "hea-0034"],
          derive=lambda: find("headphones", brands=["Apple"], model="pro", n=1)
          + find("headphones", brands=["Bose"], spec=lambda s: s["type"] == "in-ear", n=1)),
    ]),
    # A superlative between two named items of the list (brands, or "the <model>") picks between those two.
    Dialogue("which_is_better_of_two_items_named_by_brand_or_model", [
        T("show me tvs", "search", ["tv-0058", "tv-0028", "tv-0050", "tv-0047", "tv-0017"], derive=lambda: find("tvs")),
        T("which is better, the tcl or the samsung?", "pick", ["tv-0050", "tv-0028"], says="of the 2 you named",
          derive=lambda: rank([next(i for i in find("tvs") if ROW[i]["brand"] == b) for b in ("TCL", "Samsung")],
                              "-rating")),
        T("macbooks", "search", ["lap-0020", "lap-0038", "lap-0043", "lap-0024", "lap-0010"],
          derive=lambda: find("laptops", brands=["Apple"])),
        T("the air or the pro, which is cheaper?", "pick", ["lap-0043", "lap-0020"], says="of the 2 you named",
          derive=lambda: rank(named_in(find("laptops", brands=["Apple"]), "laptops", ["Apple"], "air")
                              + named_in(find("laptops", brands=["Apple"]), "laptops", ["Apple"], "pro"), "price")),
    ]),
    # A model the catalog does not have is said to be missing, with the closest real ones named; no other product is
    # shown in its place, and the list in focus stays.
    Dialogue("a_model_the_catalog_lacks_is_said_to_be_missing", [
        T("phones", "search", ["pho-0036", "pho-0047", "pho-0013", "pho-0007", "pho-0043"],
          derive=lambda: find("smartphones")),
        T("how much is the galaxy s99", "price", [], says='couldn\'t find "galaxy s99"'),
        T("sony cameras", "search", ["cam-0055", "cam-0038", "cam-0058", "cam-0022", "cam-0057"],
          derive=lambda: find("cameras", brands=["Sony"])),
        T("how much is the a7 v", "price", [],
          says=f'couldn\'t find "a7 v" in the catalog. The closest I have: {name(find("cameras", model="alpha 7 v")[0])};'),
        T("what do people say about the a7c ii", "reviews", [], says='couldn\'t find "a7c ii"'),
        T("sony a7c ii", "search", [],
          says=re.compile('couldn\'t find "sony a7c ii" in the catalog. The closest I have: '
                          + re.escape(name(find("cameras", brands=["Sony"], model="alpha 7c ii")[0])))),
        T("the first one", "details", ["cam-0055"], derive=lambda: find("cameras", brands=["Sony"])[:1]),
    ]),
    # Bare "tell me more" is about the product in focus; "ppl" are people.
    Dialogue("tell_me_more_and_what_do_ppl_say", [
        T("laptops", "search", ["lap-0022", "lap-0020", "lap-0005", "lap-0052", "lap-0013"],
          derive=lambda: find("laptops")),
        T("which is cheapest?", "pick", ["lap-0052", "lap-0013", "lap-0005", "lap-0022", "lap-0020"],
          derive=lambda: rank(find("laptops"), "price")),
        T("tell me more", "details", ["lap-0052"], says=name("lap-0052"), derive=lambda: rank(find("laptops"), "price")[:1]),
        T("what do ppl say about it", "reviews", ["lap-0052"], says="What people say",
          derive=lambda: rank(find("laptops"), "price")[:1]),
    ]),
    # "4k" without a $ or a bound word is a resolution; "1440p" is never money.
    Dialogue("resolutions_are_not_prices", [
        T("monitors under $1k", "search", ["mon-0016", "mon-0046", "mon-0030", "mon-0013", "mon-0032"],
          derive=lambda: find("monitors", hi=1000)),
        T("what about 4k", "refine", ["mon-0033", "mon-0052", "mon-0037", "mon-0010", "mon-0038"],
          derive=lambda: find("monitors", hi=1000, spec=lambda s: s["resolution"] == "4K")),
        T("how about 1440p ones", "refine", ["mon-0046", "mon-0013", "mon-0044", "mon-0029", "mon-0018"],
          derive=lambda: find("monitors", hi=1000, spec=lambda s: s["resolution"] == "1440p")),
    ]),
    # "X only" at the end refines like "only X": the earlier constraints stay.
    Dialogue("x_only_at_the_end_is_a_refinement", [
        T("beginner camera under 800", "search", ["cam-0052", "cam-0017", "cam-0053", "cam-0019", "cam-0047"],
          derive=lambda: find("cameras", hi=800)),
        T("mirrorless only", "refine", ["cam-0053", "cam-0047", "cam-0042", "cam-0030", "cam-0031"],
          derive=lambda: find("cameras", hi=800, spec=lambda s: s["type"] == "mirrorless")),
        T("headphones under 200", "search", ["hea-0055", "hea-0045", "hea-0054", "hea-0041", "hea-0053"],
          derive=lambda: find("headphones", hi=200)),
        T("earbuds only", "refine", ["hea-0045", "hea-0054", "hea-0001", "hea-0007", "hea-0031"],
          derive=lambda: find("headphones", hi=200, spec=lambda s: s["type"] == "in-ear")),
        T("tvs under 2000", "search", ["tv-0058", "tv-0028", "tv-0050", "tv-0047", "tv-0052"],
          derive=lambda: find("tvs", hi=2000)),
        T("oled tvs only", "refine", ["tv-0047", "tv-0026", "tv-0025", "tv-0051"],
          derive=lambda: find("tvs", hi=2000, spec=lambda s: s["panel"] == "OLED")),
        T("laptops under 900", "search", ["lap-0005", "lap-0052", "lap-0013", "lap-0050", "lap-0033"],
          derive=lambda: find("laptops", hi=900)),
        T("dell laptops only", "refine", ["lap-0013", "lap-0050", "lap-0033", "lap-0034", "lap-0053"],
          derive=lambda: find("laptops", brands=["Dell"], hi=900)),
    ]),
    # "the airpods" / "the macbook" name a category too, but with such an item in the list they mean that item.
    Dialogue("price_of_the_airpods_or_macbook_in_the_list", [
        T("headphones", "search", ["hea-0055", "hea-0015", "hea-0034", "hea-0052", "hea-0045"],
          derive=lambda: find("headphones")),
        T("how much is the airpods", "price", ["hea-0015"], says=f"{name('hea-0015')} costs",
          derive=lambda: [i for i in find("headphones") if ROW[i]["brand"] == "Apple"][:1]),
        T("laptops", "search", ["lap-0022", "lap-0020", "lap-0005", "lap-0052", "lap-0013"],
          derive=lambda: find("laptops")),
        T("how much is the macbook", "price", ["lap-0020"], says=f"{name('lap-0020')} costs",
          derive=lambda: [i for i in find("laptops") if ROW[i]["brand"] == "Apple"][:1]),
    ]),
    # A product line's word said as a model ("forerunner 265", or alone) names that line without its brand.
    Dialogue("product_lines_without_a_brand", [
        T("forerunner 265", "search", ["wat-0012"], derive=lambda: find(None, model="forerunner 265")),
        T("xps 13", "search", ["lap-0042"], derive=lambda: find(None, model="xps 13")),
        T("bravia 7", "search", ["tv-0058"], derive=lambda: find(None, model="bravia 7")),
        T("quietcomfort ultra headphones", "search", ["hea-0034", "hea-0026", "hea-0004", "hea-0010", "hea-0057"],
          derive=lambda: find("headphones", model="quietcomfort ultra")),
        T("hp laptops", "search", ["lap-0022", "lap-0052", "lap-0012", "lap-0025"],
          derive=lambda: find("laptops", brands=["HP"])),
        T("spectre?", "search", ["lap-0012"], derive=lambda: find("laptops", brands=["HP"], model="spectre")),
    ]),
    # "the second cheapest" is the second of the list in focus by that criterion, shown first; one item is "the only one".
    Dialogue("second_cheapest_and_the_only_one", [
        T("laptops", "search", ["lap-0022", "lap-0020", "lap-0005", "lap-0052", "lap-0013"],
          derive=lambda: find("laptops")),
        T("whats the second cheapest", "pick", ["lap-0013", "lap-0052", "lap-0005", "lap-0022", "lap-0020"],
          says=f"{name('lap-0013')} is the second cheapest",
          derive=lambda: [rank(find("laptops"), "price")[1]] + [i for i in rank(find("laptops"), "price")
                                                               if i != rank(find("laptops"), "price")[1]]),
        T("the second best rated", "pick", ["lap-0020", "lap-0022", "lap-0052", "lap-0013", "lap-0005"],
          says=f"{name('lap-0020')} has the second best reviews",
          derive=lambda: [rank(find("laptops"), "-rating")[1]] + [i for i in rank(find("laptops"), "-rating")
                                                                 if i != rank(find("laptops"), "-rating")[1]]),
        T("how much is it?", "price", ["lap-0020"], derive=lambda: rank(find("laptops"), "-rating")[1:2]),
        T("laptops with 16gb ram", "search", ["lap-0022", "lap-0020", "lap-0005", "lap-0013", "lap-0050"],
          says="laptops with 16 GB+ RAM", derive=lambda: find("laptops", spec=lambda s: s["ram_gb"] >= 16)),
        T("cameras under $460", "search", ["cam-0018"], derive=lambda: find("cameras", hi=460)),
        T("which is the cheapest", "pick", ["cam-0018"], says=f"{name('cam-0018')} is the only one in the list",
          derive=lambda: find("cameras", hi=460)),
        T("the second cheapest", "pick", [], says="There is only one in the list"),
    ]),
    # A bare two-digit number after a list sized in inches is a screen size, not a price around that many dollars.
    Dialogue("bare_number_after_a_sized_list_is_a_size", [
        T("55 inch tvs", "search", ["tv-0058", "tv-0047", "tv-0052", "tv-0026", "tv-0009"],
          derive=lambda: find("tvs", spec=lambda s: 55 <= s["screen_inches"] < 56)),
        T("what about 65", "refine", ["tv-0017", "tv-0025", "tv-0060", "tv-0034", "tv-0042"],
          says='65" TVs', derive=lambda: find("tvs", spec=lambda s: 65 <= s["screen_inches"] < 66)),
    ]),
    # A rank with a filter ranks the list in focus narrowed by it; a rank past the end says how many there are.
    Dialogue("rank_with_a_brand_and_ranks_past_the_fifth", [
        T("phones under 800", "search", ["pho-0036", "pho-0047", "pho-0013", "pho-0043", "pho-0024"],
          derive=lambda: find("smartphones", hi=800)),
        T("which is the second cheapest samsung?", "refine", ["pho-0034", "pho-0041", "pho-0035", "pho-0059", "pho-0057"],
          says=f"{name('pho-0034')} is the second cheapest",
          derive=lambda: picked_first(find("smartphones", brands=["Samsung"], hi=800, n=len(CATALOG_ROWS)), "price", 2)),
        T("which is the sixth cheapest samsung?", "refine", ["pho-0014", "pho-0041", "pho-0034", "pho-0035", "pho-0059"],
          says=f"{name('pho-0014')} is the sixth cheapest",
          derive=lambda: picked_first(find("smartphones", brands=["Samsung"], hi=800, n=len(CATALOG_ROWS)), "price", 6)),
        T("show me tvs", "search", ["tv-0058", "tv-0028", "tv-0050", "tv-0047", "tv-0017"], derive=lambda: find("tvs")),
        T("which is the sixth cheapest?", "pick", [], says="There are only 5 in the list"),
    ]),
    # One product named twice ("the first one" is the Sony) is compared as one product is: with the list's next.
    Dialogue("a_product_is_not_compared_with_itself", [
        T("show me tvs", "search", ["tv-0058", "tv-0028", "tv-0050", "tv-0047", "tv-0017"], derive=lambda: find("tvs")),
        T("compare the first one and the sony", "compare", ["tv-0058", "tv-0028"], derive=lambda: find("tvs")[:2]),
    ]),
    # A bare two-digit number after a list of a category sized in inches is a size, though the list named none.
    Dialogue("bare_number_after_a_category_with_screens_is_a_size", [
        T("show me tvs", "search", ["tv-0058", "tv-0028", "tv-0050", "tv-0047", "tv-0017"], derive=lambda: find("tvs")),
        T("what about 65", "refine", ["tv-0017", "tv-0025", "tv-0060", "tv-0034", "tv-0042"],
          says='65" TVs', derive=lambda: find("tvs", spec=lambda s: 65 <= s["screen_inches"] < 66)),
    ]),
]


# ---------------------------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------------------------
# ---------------------------------------------------------------------------------------------
# The kinds of everyday language the act pipeline was built for (issue: "understands shoppers, not phrasings").
# ---------------------------------------------------------------------------------------------
YES_OR_NO = re.compile(r"^(?:Yes|No)\. ")
DIALOGUES += [
    # Picks said with other words: verbs of cost, "lowest-priced", popularity.
    Dialogue("pick_words_of_cost_and_popularity", [
        T("show me laptops under $1000", "search", ["lap-0005", "lap-0052", "lap-0013", "lap-0050", "lap-0033"],
          derive=lambda: find("laptops", hi=1000)),
        T("which one costs the least?", "pick", ["lap-0033", "lap-0050", "lap-0052", "lap-0013", "lap-0005"],
          says="Dell Chromebook 3445", derive=lambda: rank(find("laptops", hi=1000), "price")),
        T("what's the lowest-priced one", "pick", ["lap-0033", "lap-0050", "lap-0052", "lap-0013", "lap-0005"],
          says="is the cheapest", derive=lambda: rank(find("laptops", hi=1000), "price")),
        T("which is the most popular one?", "pick", ["lap-0005", "lap-0052", "lap-0013", "lap-0050", "lap-0033"],
          says="most reviewed", derive=lambda: rank(find("laptops", hi=1000), "-reviews")),
        T("which would people like best?", "pick", ["lap-0052", "lap-0013", "lap-0005", "lap-0050", "lap-0033"],
          says="best reviews", derive=lambda: rank(find("laptops", hi=1000), "-rating")),
    ]),
    # Ordinals in words, counted from the end, and a follow-up made only of one.
    Dialogue("ordinals_in_words_and_from_the_end", [
        T("show me laptops under $1000", "search", ["lap-0005", "lap-0052", "lap-0013", "lap-0050", "lap-0033"],
          derive=lambda: find("laptops", hi=1000)),
        T("number four", "details", ["lap-0050"], derive=lambda: find("laptops", hi=1000)[3:4]),
        T("and the fifth?", "details", ["lap-0033"], derive=lambda: find("laptops", hi=1000)[4:5]),
        T("third from the end", "details", ["lap-0013"], derive=lambda: find("laptops", hi=1000)[-3:-2]),
        T("second to last", "details", ["lap-0050"], derive=lambda: find("laptops", hi=1000)[-2:-1]),
        T("compare the bottom two", "compare", ["lap-0050", "lap-0033"], derive=lambda: find("laptops", hi=1000)[-2:]),
    ]),
    # A yes/no question about two items: "Yes" or "No" first, then the figures; never a pick.
    Dialogue("yes_no_about_two_items", [
        T("show me laptops under $1000", "search", ["lap-0005", "lap-0052", "lap-0013", "lap-0050", "lap-0033"],
          derive=lambda: find("laptops", hi=1000)),
        T("is the third pricier than the fifth?", "yes_no", ["lap-0013", "lap-0033"],
          says=re.compile(r"^Yes\. Dell Inspiron 14 Plus 7640: \$709\.99"),
          derive=lambda: [find("laptops", hi=1000)[i] for i in (2, 4)]),
        T("is the fifth one more expensive than the third?", "yes_no", ["lap-0033", "lap-0013"],
          says=re.compile(r"^No\. "), derive=lambda: [find("laptops", hi=1000)[i] for i in (4, 2)]),
        T("would the first be lighter than the second?", "yes_no", ["lap-0005", "lap-0052"],
          says=YES_OR_NO, derive=lambda: find("laptops", hi=1000)[:2]),
        T("does #2 have better reviews than #1", "yes_no", ["lap-0052", "lap-0005"], says=re.compile(r"^Yes\. "),
          derive=lambda: [find("laptops", hi=1000)[i] for i in (1, 0)]),
    ]),
    # Superlatives over a spec: picked like price and rating, and the spec's value is named.
    Dialogue("spec_superlatives_name_the_value", [
        T("show me monitors", "search", ["mon-0016", "mon-0046", "mon-0030", "mon-0013", "mon-0032"],
          derive=lambda: find("monitors")),
        T("which has the highest refresh rate?", "pick", ["mon-0046", "mon-0013", "mon-0032", "mon-0016", "mon-0030"],
          says=re.compile(r"has the highest refresh rate of the 5 in the list: \d+ Hz"),
          derive=lambda: rank(find("monitors"), "-refresh_hz")),
        T("show me cameras", "search", ["cam-0028", "cam-0034", "cam-0052", "cam-0045", "cam-0017"],
          derive=lambda: find("cameras")),
        T("the one with the most megapixels", "pick", ["cam-0028", "cam-0045", "cam-0034", "cam-0052", "cam-0017"],
          says=re.compile(r"has the most megapixels .*: \d+ MP"), derive=lambda: rank(find("cameras"), "-megapixels")),
        T("show me laptops under $1000", "search", ["lap-0005", "lap-0052", "lap-0013", "lap-0050", "lap-0033"],
          derive=lambda: find("laptops", hi=1000)),
        T("which is the lightest?", "pick", ["lap-0013", "lap-0033", "lap-0005", "lap-0050", "lap-0052"],
          says=re.compile(r"is the lightest .*: 1\.\d+ kg"), derive=lambda: rank(find("laptops", hi=1000), "weight_kg")),
        T("show me tvs", "search", ["tv-0058", "tv-0028", "tv-0050", "tv-0047", "tv-0017"], derive=lambda: find("tvs")),
        T("biggest screen?", "pick", ["tv-0028", "tv-0017", "tv-0058", "tv-0047", "tv-0050"],
          says="has the biggest screen", derive=lambda: rank(find("tvs"), "-screen_inches")),
        T("show me phones", "search", ["pho-0036", "pho-0047", "pho-0013", "pho-0007", "pho-0043"],
          derive=lambda: find("smartphones")),
        T("which has the longest lasting battery", "pick", ["pho-0047", "pho-0013", "pho-0007", "pho-0043", "pho-0036"],
          says="mAh", derive=lambda: rank(find("smartphones"), "-battery_mah")),
    ]),
    # The next page continues the numbering and becomes the list in focus; an earlier list comes back.
    Dialogue("next_page_and_an_earlier_list", [
        T("show me tablets", "search", ["tab-0052", "tab-0025", "tab-0004", "tab-0054", "tab-0010"],
          derive=lambda: find("tablets")),
        T("show me more", "more", ["tab-0049", "tab-0006", "tab-0001", "tab-0036", "tab-0047"], says="6-10 of 60",
          derive=lambda: find("tablets", n=10)[5:]),
        T("the seventh", "details", ["tab-0006"], derive=lambda: find("tablets", n=10)[6:7]),
        T("which of these is cheapest?", "pick", ["tab-0001", "tab-0006", "tab-0036", "tab-0049", "tab-0047"],
          derive=lambda: rank(find("tablets", n=10)[5:], "price")),
        T("previous page", "more", ["tab-0052", "tab-0025", "tab-0004", "tab-0054", "tab-0010"], says="1-5 of 60",
          derive=lambda: find("tablets")),
        T("show me phones", "search", ["pho-0036", "pho-0047", "pho-0013", "pho-0007", "pho-0043"],
          derive=lambda: find("smartphones")),
        T("the tablets from before", "back", ["tab-0052", "tab-0025", "tab-0004", "tab-0054", "tab-0010"],
          says="Back to the tablets", derive=lambda: find("tablets")),
        T("the second one", "details", ["tab-0025"], derive=lambda: find("tablets")[1:2]),
    ]),
    # Typos in categories and follow-up words are corrected, and the answer says so; a typo'd category after
    # another list is a new search, not a narrowing of the old list.
    Dialogue("typos_are_corrected_and_said", [
        T("show me tvs", "search", ["tv-0058", "tv-0028", "tv-0050", "tv-0047", "tv-0017"], derive=lambda: find("tvs")),
        T("moniters under $300", "search", ["mon-0016", "mon-0032", "mon-0003", "mon-0059", "mon-0022"],
          says='I read "moniters" as "monitors"', derive=lambda: find("monitors", hi=300)),
        T("which is the cheapst?", "pick", ["mon-0016", "mon-0003", "mon-0032", "mon-0059", "mon-0022"],
          says='"cheapst" as "cheapest"', derive=lambda: rank(find("monitors", hi=300), "price")),
        T("what do ppl say about the secnd one", "reviews", ["mon-0032"], derive=lambda: find("monitors", hi=300)[1:2]),
    ]),
    # Questions about the conversation are answered from it, never read as positions in the list.
    Dialogue("questions_about_the_conversation", [
        T("show me headphones", "search", ["hea-0055", "hea-0015", "hea-0034", "hea-0052", "hea-0045"],
          derive=lambda: find("headphones")),
        T("which is the best rated?", "pick", ["hea-0015", "hea-0045", "hea-0034", "hea-0052", "hea-0055"],
          derive=lambda: rank(find("headphones"), "-rating")),
        T("what was my opening question?", "history", [], says='"show me headphones"'),
        T("which product did you suggest a moment ago?", "history", ["hea-0015"], says="Apple AirPods Max (USB-C)",
          derive=lambda: rank(find("headphones"), "-rating")[:1]),
        T("what did i ask just before this?", "history", [], says='"which product did you suggest a moment ago?"'),
    ]),
    # A negation a few words before a brand excludes it; words that change a search but fit no slot are named.
    Dialogue("negations_at_a_distance_and_unused_words", [
        T("I don't really want anything from Samsung, just phones", "search",
          ["pho-0047", "pho-0013", "pho-0007", "pho-0024", "pho-0030"], says="not from Samsung",
          derive=lambda: find("smartphones", exclude=["Samsung"])),
        T("laptops for my grandma", "search", ["lap-0022", "lap-0020", "lap-0005", "lap-0052", "lap-0013"],
          says='couldn\'t use "grandma"', derive=lambda: find("laptops")),
    ]),
]


@pytest.fixture(scope="module")
def assistant():
    return CatalogAssistant(ProductIndex(load_catalog(BUNDLED_CATALOG)))


def _says(answer, says):
    if says is None:
        return True
    if isinstance(says, re.Pattern):
        return bool(says.search(answer))
    return says in answer


@pytest.mark.parametrize("dialogue", DIALOGUES, ids=lambda d: d.name)
def test_dialogue(assistant, dialogue):
    history = []
    for number, turn in enumerate(dialogue.turns, start=1):
        if turn is CLEAR:
            history = []
            continue
        reply = assistant.reply(turn.message, history, max_results=5)
        got = [p.id for p in reply.products]
        where = f"turn {number} {turn.message!r} -> intent {reply.intent!r}, ids {got}, answer {reply.answer!r}"
        wanted_intents = turn.intent if isinstance(turn.intent, tuple) else (turn.intent,)
        assert reply.intent in wanted_intents, f"{where}: expected intent {turn.intent!r}"
        assert got == turn.ids, f"{where}: expected ids {turn.ids}"
        assert reply.answer.strip(), where
        assert _says(reply.answer, turn.says), f"{where}: expected the answer to contain {turn.says!r}"
        history = (history + [Message("user", turn.message),
                              Message("assistant", reply.answer, metadata=reply.metadata)])[-WINDOW_MESSAGES:]


@pytest.mark.parametrize("dialogue", DIALOGUES, ids=lambda d: d.name)
def test_literal_ids_match_independent_oracle(dialogue):
    for turn in dialogue.turns:
        expected = turn.derive() if turn.derive else []
        assert turn.ids == expected, f"{dialogue.name}: {turn.message!r} table says {turn.ids}, oracle says {expected}"
        assert all(i in ROW for i in turn.ids)


def test_table_is_big_enough_and_well_formed():
    turns = [t for d in DIALOGUES for t in d.turns if t is not CLEAR]
    assert len(DIALOGUES) >= 42
    assert len(turns) >= 160
    assert len({d.name for d in DIALOGUES}) == len(DIALOGUES)
    for turn in turns:
        intents = turn.intent if isinstance(turn.intent, tuple) else (turn.intent,)
        assert set(intents) <= INTENTS, turn
        assert len(turn.ids) <= 5


def test_table_covers_every_category_and_the_contract_intents():
    categories = {ROW[i]["category"] for d in DIALOGUES for t in d.turns for i in t.ids}
    assert categories == {"laptops", "smartphones", "headphones", "monitors", "tvs", "tablets", "cameras",
                          "smartwatches"}
    intents = {t.intent for d in DIALOGUES for t in d.turns if isinstance(t.intent, str)}
    assert {"search", "refine", "compare", "reviews", "price", "details", "history", "greeting", "help",
            "unknown", "pick", "thanks"} <= intents


def test_oracle_orders_have_no_ties_in_this_catalog():
    """The expected orders are only unambiguous because no two products of a category tie on a sort key."""
    for category in {r["category"] for r in CATALOG_ROWS}:
        rows = [r for r in CATALOG_ROWS if r["category"] == category]
        for key in _ORDER.values():
            assert len({key(r) for r in rows}) == len(rows), category


if __name__ == "__main__":  # `python -m tests.test_dialogues`: list literal ids that no longer match the derivation
    for _dialogue in DIALOGUES:
        for _turn in _dialogue.turns:
            if _turn.derive and _turn.derive() != _turn.ids:
                print(f"{_dialogue.name}: {_turn.message!r}: table {_turn.ids}, derived {_turn.derive()}")


def test_every_intent_has_a_handler_and_no_handler_is_unlisted():
    from webapp.assistant.catalog_assistant import HANDLERS
    assert set(HANDLERS) == INTENTS
