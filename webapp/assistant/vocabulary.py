"""Shoppers' words for categories and brands."""
import re

# Words people use for each category, with spec constraints a word implies ("earbuds" are in-ear).
CATEGORY_WORDS = {
    "laptops": ["laptops?", "notebooks?", "ultrabooks?", "macbooks?", "chromebooks?", "gaming laptops?",
                "portable computers?", "computers?", "pcs?"],
    # "camera phone" is a phone (chosen for its camera): at one position the longest wording wins.
    "smartphones": ["smart ?phones?", "phones?", "cell ?phones?", "mobile phones?", "mobiles?", "iphones?",
                    "android phones?", "handsets?", "camera ?phones?"],
    # Written apart too ("head phones"), else the "phones" in it would be read as smartphones.
    "headphones": ["head ?phones?", "head ?sets?", "ear ?buds?", "ear ?phones?", "airpods", "cans", "buds"],
    "monitors": ["monitors?", "displays?", "computer screens?", "pc screens?"],
    "tvs": ["tvs?", "televisions?", "tellys?", "tellies", "smart tvs?"],
    "tablets": ["tablets?", "ipads?", "e-?readers?", "slates?"],
    "cameras": ["cameras?", "dslrs?", "mirrorless", "camcorders?", "cams?"],
    "smartwatches": ["smart ?watch(?:es)?", "watch(?:es)?", "fitness trackers?", "wearables?", "trackers?"],
}
_CATEGORY_PATTERNS = [
    (re.compile(r"\b(?:" + "|".join(words) + r")\b"), category) for category, words in CATEGORY_WORDS.items()
]
BRAND_ALIASES = {"hewlett packard": "HP", "hewlett-packard": "HP", "iphone": "Apple", "ipad": "Apple",
                 "macbook": "Apple", "airpods": "Apple", "pixel": "Google", "galaxy": "Samsung",
                 "surface": "Microsoft", "kindle": "Amazon", "fire tablet": "Amazon", "thinkpad": "Lenovo",
                 "one plus": "OnePlus"}
_NEGATION = r"(?:non[- ]?|(?:not|no|except|without|excluding|but not|other than|anything but)\s+(?:from\s+)?)"
# Between brands of one list ("except dell and hp", "not dell, hp or asus"): the negation covers them all.
_LIST_JOIN = re.compile(r"(?:\s*(?:,|&|/|\band\b|\bor\b|\bnor\b)\s*)+")


def find_category(text):
    """The first category the text names, else None (the words stay: "iphone" also names a brand)."""
    found = []
    for pattern, category in _CATEGORY_PATTERNS:
        match = pattern.search(text)
        if match:
            # Earliest first; at one position the longest wording wins ("computer screens" over "computer").
            found.append((match.start(), -len(match.group()), category))
    return min(found)[2] if found else None


def blank_category_words(text):
    """The text with every category word blanked: "laptops" or "watch" never name a model."""
    for pattern, _ in _CATEGORY_PATTERNS:
        text = pattern.sub(lambda match: " " * len(match.group()), text)
    return text


def _brand_matches(text, brands):
    """(start, name start, end, brand, negated) for each catalog brand or alias the text names, in text order."""
    found = []
    names = {b.lower(): b for b in brands}
    names.update({alias: brand for alias, brand in BRAND_ALIASES.items() if brand in brands})
    for name in sorted(names, key=len, reverse=True):
        for match in re.finditer(rf"(\b{_NEGATION})?\b{re.escape(name)}s?\b", text):
            found.append((match.start(), match.end(1) if match.group(1) else match.start(), match.end(), names[name],
                          bool(match.group(1))))
            text = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end():]
    return sorted(found), text


def read_brands(text, brands):
    """(wanted brands, excluded brands, spans, rest) for the catalog brands and aliases the text names, in text order.

    A span is the (start, end) of a brand name or alias, without a negation before it: model words are read beside it.
    """
    found, rest = _brand_matches(text, brands)
    wanted, excluded = [], []
    previous_end, previous_negated = None, False
    for start, _, end, brand, negated in found:
        negated = negated or (previous_negated and _LIST_JOIN.fullmatch(text[previous_end:start]) is not None)
        previous_end, previous_negated = end, negated
        target = excluded if negated else wanted
        if brand not in target:
            target.append(brand)
    return wanted, excluded, [(name_start, end) for _, name_start, end, _, _ in found], rest

