"""Wording of answers: how products, prices, constraints and comparisons read to a shopper."""
from .lexicon import ordinal_words
from .constraints import SORTS, product_spec

SPEC_LABELS = {
    "ram_gb": ("RAM", "{} GB"), "storage_gb": ("Storage", "{} GB"), "screen_inches": ("Screen", '{}"'),
    "battery_hours": ("Battery", "{} h"), "battery_days": ("Battery", "{} days"), "battery_mah": ("Battery", "{} mAh"),
    "weight_kg": ("Weight", "{} kg"), "weight_g": ("Weight", "{} g"), "os": ("OS", "{}"),
    "camera_mp": ("Camera", "{} MP"), "megapixels": ("Sensor", "{} MP"), "type": ("Type", "{}"),
    "wireless": ("Wireless", "{}"), "noise_cancelling": ("Noise cancelling", "{}"), "resolution": ("Resolution", "{}"),
    "refresh_hz": ("Refresh rate", "{} Hz"), "panel": ("Panel", "{}"), "video": ("Video", "{}"),
    "gps": ("GPS", "{}"), "water_resistance_m": ("Water resistance", "{} m"),
}
CATEGORY_NAMES = {"laptops": "laptops", "smartphones": "phones", "headphones": "headphones", "monitors": "monitors",
                  "tvs": "TVs", "tablets": "tablets", "cameras": "cameras", "smartwatches": "smartwatches"}
SORT_PHRASES = {"price": "cheapest first", "-price": "most expensive first", "-rating": "best rated first",
                "rating": "lowest rated first", "-reviews": "most reviewed first", "relevance": "closest names first"}
PICK_PHRASES = {"price": "is the cheapest", "-price": "is the most expensive", "-rating": "has the best reviews",
                "rating": "has the weakest reviews", "-reviews": "is the most reviewed"}
# How a spec pick reads, highest then lowest ("has the most RAM", "is the lightest"); others: "has the highest <label>".
SPEC_PICKS = {
    "weight_kg": ("is the heaviest", "is the lightest"), "weight_g": ("is the heaviest", "is the lightest"),
    "screen_inches": ("has the biggest screen", "has the smallest screen"),
    "battery_hours": ("has the longest battery life", "has the shortest battery life"),
    "battery_days": ("has the longest battery life", "has the shortest battery life"),
    "battery_mah": ("has the biggest battery", "has the smallest battery"),
    "storage_gb": ("has the most storage", "has the least storage"), "ram_gb": ("has the most RAM", "has the least RAM"),
    "megapixels": ("has the most megapixels", "has the fewest megapixels"),
    "camera_mp": ("has the sharpest camera", "has the least sharp camera"),
    "water_resistance_m": ("is the most water resistant", "is the least water resistant"),
}
RANK_WORDS = ordinal_words()  # "second" for 2


def money(amount):
    """$1,299.99, or $1,300 for whole dollars."""
    text = f"${amount:,.2f}"
    return text[:-3] if text.endswith(".00") else text


def spec_value(name, value):
    """A spec value with its unit, e.g. '16 GB' or 'Yes'."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if name == "storage_gb" and isinstance(value, int) and value >= 1024 and value % 1024 == 0:
        return f"{value // 1024} TB"  # shops say "2 TB", not "2048 GB"
    return SPEC_LABELS.get(name, (name, "{}"))[1].format(value)


def spec_label(name):
    """Human label of a spec name."""
    return SPEC_LABELS.get(name, (name.replace("_", " ").capitalize(),))[0]


def _in_sentence(label):
    """A label inside a sentence: lower-case, but acronyms keep their case ("RAM", "GPS")."""
    return label if label.isupper() else label.lower()


def rating_phrase(product):
    """'4.7 from 1,204 reviews'."""
    noun = "review" if product.review_count == 1 else "reviews"
    return f"{product.rating:.1f} from {product.review_count:,} {noun}"


def product_line(product, position=None):
    """One product as a line: number, name, price and rating."""
    lead = f"{position}. " if position else ""
    return f"{lead}{product.name}: {money(product.price)}, rated {rating_phrase(product)}"


def describe(constraints):
    """The constraints as words: 'Dell OLED TVs under $1,000, rated 4+ stars, with RAM 16 GB+'."""
    noun = CATEGORY_NAMES.get(constraints.category, "products")
    adjectives = [str(v) for n, (op, v) in constraints.specs.items() if isinstance(v, str)]
    about_size = constraints.specs.get("screen_inches", [None])[0] == "~"  # '27" monitors'; bounds read as features
    if about_size:
        adjectives.insert(0, spec_value("screen_inches", constraints.specs["screen_inches"][1]))
    head = " ".join([" or ".join(constraints.brands)] * bool(constraints.brands) + adjectives + [noun])
    parts = []
    if constraints.excluded_brands:
        parts.append("not from " + " or ".join(constraints.excluded_brands))
    parts += _bounds(constraints.min_price, constraints.max_price, money,
                     "between {low} and {high}", "under {high}", "over {low}")
    parts += _bounds(constraints.min_rating, constraints.max_rating, "{:g}".format,
                     "rated {low} to {high} stars", "rated up to {high} stars", "rated {low}+ stars")
    features = [feature_phrase(name, operator, value) for name, (operator, value) in constraints.specs.items()
                if not isinstance(value, str) and not (name == "screen_inches" and about_size)]
    if features:
        parts.append("with " + " and ".join(features))
    if constraints.text:
        parts.append(f'matching "{constraints.text}"')
    return ", ".join([head + (" " + parts[0] if parts else "")] + parts[1:])


def feature_phrase(name, operator, value):
    """A spec bound as words: "noise cancelling", "no GPS", "16 GB+ RAM"; a word value as itself ("OLED")."""
    if isinstance(value, bool):
        return _in_sentence(spec_label(name)) if value else "no " + _in_sentence(spec_label(name))
    if isinstance(value, str):
        return value
    wording = {">=": "{value}+ {label}", "<=": "{value} or less {label}", "<": "{label} under {value}",
               ">": "{label} over {value}"}.get(operator, "{value} {label}")
    return wording.format(value=spec_value(name, value), label=_in_sentence(spec_label(name)))


def _bounds(low, high, shown, both, upper, lower):
    """The one phrase for a range with either end optional: [] when neither is set."""
    if low is None and high is None:
        return []
    wording = both if low is not None and high is not None else upper if high is not None else lower
    return [wording.format(low=None if low is None else shown(low), high=None if high is None else shown(high))]


def _spec_of(sort):
    """(spec name, highest first?) of a spec sort key ("-refresh_hz": ("refresh_hz", True))."""
    return sort.lstrip("-"), sort.startswith("-")


def sort_phrase(sort):
    """The order a sort shows products in: 'cheapest first', 'highest refresh rate first'."""
    if sort in SORT_PHRASES:
        return SORT_PHRASES[sort]
    return _spec_pick(sort).split(" the ", 1)[1] + " first"  # "is the lightest" -> "lightest first"


def _spec_pick(sort):
    """How a pick by a spec sort reads: 'has the most RAM', 'is the lightest', 'has the highest refresh rate'."""
    name, high = _spec_of(sort)
    label = _in_sentence(spec_label(name))
    return SPEC_PICKS.get(name, (f"has the highest {label}", f"has the lowest {label}"))[0 if high else 1]


def sort_subject(sort):
    """What a sort ranks by, as words: 'the price', 'the weight'."""
    name = sort.lstrip("-")
    return "the " + ({"price": "price", "rating": "rating", "reviews": "number of reviews"}.get(name)
                     or _in_sentence(spec_label(name)))


def sort_value(product, sort):
    """A product's value for what a sort ranks by: '$549', '4.6 from 1,204 reviews', '240 Hz'."""
    name = sort.lstrip("-")
    if name == "price":
        return money(product.price)
    if name in ("rating", "reviews"):
        return rating_phrase(product)
    return spec_value(name, product_spec(product, name))


def brief(product, sort):
    """A runner-up in a few words: 'X ($549, 4.2)', or 'X (240 Hz)' for a spec sort."""
    if sort in SORTS:
        return f"{product.name} ({money(product.price)}, {product.rating:.1f})"
    return f"{product.name} ({sort_value(product, sort)})"


def pick_sentence(best, sort, among, rank=1):
    """'X is the cheapest of <among>: $549, ...'; with a rank of 2, 'X is the second cheapest of <among>: ...'.

    A spec pick names the spec's value: 'X has the highest refresh rate of <among>: 240 Hz, at $399.'
    """
    if sort in PICK_PHRASES:
        reason = (f"{rating_phrase(best)}, at {money(best.price)}" if sort in ("-rating", "rating", "-reviews")
                  else f"{money(best.price)}, rated {rating_phrase(best)}")
        phrase = PICK_PHRASES[sort]
    else:
        phrase = _spec_pick(sort)
        reason = f"{sort_value(best, sort)}, at {money(best.price)}, rated {rating_phrase(best)}"
    phrase = phrase.replace("the ", f"the {RANK_WORDS[rank]} ", 1) if rank > 1 else phrase
    return f"{best.name} {phrase} of {among}: {reason}."


def only_sentence(product, where):
    """'X is the only one <where>: $549, rated 4.2 from 1,899 reviews.' (a pick from one product)."""
    return f"{product.name} is the only one {where}: {money(product.price)}, rated {rating_phrase(product)}."


def numbered(products):
    """Products as numbered lines."""
    return "\n".join(product_line(p, i) for i, p in enumerate(products, start=1))


def comparison_rows(products):
    """[(label, [value per product])] for price, rating and every spec on which the products differ."""
    rows = [("Price", [money(p.price) for p in products]),
            ("Rating", [f"{p.rating:.1f} ({p.review_count:,} reviews)" for p in products]),
            ("Brand", [p.brand for p in products])]
    names = []
    for product in products:
        names += [n for n in product.specs if n not in names]
    for name in names:
        values = [spec_value(name, p.specs[name]) if name in p.specs else "–" for p in products]
        rows.append((spec_label(name), values))
    return rows


def comparison_summary(products):
    """(lead, body): sentences naming the cheapest and the best rated, then the specs that differ."""
    cheapest = min(products, key=lambda p: p.price)
    best = max(products, key=lambda p: (p.rating, p.review_count))
    dearest = max(products, key=lambda p: p.price)
    lines = [f"Comparing {', '.join(p.name for p in products[:-1])} and {products[-1].name}:"]
    lines.append(f"- Price: {cheapest.name} is the cheapest at {money(cheapest.price)}"
                 + (f", {money(dearest.price - cheapest.price)} less than {dearest.name}." if dearest is not cheapest else "."))
    lines.append(f"- Reviews: {best.name} rates best, {rating_phrase(best)}.")
    # Tell the products apart by brand when their brands differ, else by name ("515 g (Sony), 513 g (Sony)" says nothing).
    by_brand = len({p.brand for p in products}) == len(products)
    for label, values in comparison_rows(products)[3:]:
        if len(set(values)) > 1:
            lines.append(f"- {label}: " + ", ".join(f"{v} ({p.brand if by_brand else p.name})"
                                                   for p, v in zip(products, values)))
    return "\n".join(lines[:3]), "\n".join(lines[3:])


def details_text(product):
    """A product's price, rating and specs."""
    specs = ", ".join(f"{spec_label(n)} {spec_value(n, v)}" for n, v in product.specs.items())
    return f"{product.name} by {product.brand}: {money(product.price)}, rated {rating_phrase(product)}." + (
        f"\nSpecs: {specs}." if specs else "")


def reviews_text(product, shown=3):
    """Rating summary and a few review snippets."""
    lines = [f"{product.name} is rated {rating_phrase(product)}. What people say:"]
    for review in product.reviews[:shown]:
        lines.append(f'- {review.rating}/5 "{review.title}": {review.text}')
    if not product.reviews:
        lines.append("- No written reviews yet.")
    return "\n".join(lines)
