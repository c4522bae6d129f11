"""Shoppers' words for categories and brands."""
import re

# Words people use for each category, with spec constraints a word implies ("earbuds" are in-ear).
CATEGORY_WORDS = {
    "laptops": ["laptops?", "notebooks?", "ultrabooks?", "macbooks?", "chromebooks?", "gaming laptops?",
                "portable computers?", "computers?", "pcs?"],
    "smartphones": ["smart ?phones?", "phones?", "cell ?phones?", "mobile phones?", "mobiles?", "iphones?",
                    "android phones?", "handsets?"],
    "headphones": ["headphones?", "headsets?", "earbuds?", "earphones?", "airpods", "cans", "buds"],
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
                 "surface": "Microsoft", "kindle": "Amazon", "fire tablet": "Amazon", "thinkpad": "Lenovo"}
_NEGATION = r"(?:not|no|except|without|excluding|but not|other than|anything but)\s+(?:from\s+)?"


def find_category(text):
    """The first category the text names, else None (the words stay: "iphone" also names a brand)."""
    found = []
    for pattern, category in _CATEGORY_PATTERNS:
        match = pattern.search(text)
        if match:
            # Earliest first; at one position the longest wording wins ("computer screens" over "computer").
            found.append((match.start(), -len(match.group()), category))
    return min(found)[2] if found else None


def find_brands(text, brands):
    """(wanted brands, excluded brands, rest) for the catalog brands and aliases the text names, in text order."""
    found = []
    names = {b.lower(): b for b in brands}
    names.update({alias: brand for alias, brand in BRAND_ALIASES.items() if brand in brands})
    for name in sorted(names, key=len, reverse=True):
        for match in re.finditer(rf"(\b{_NEGATION})?\b{re.escape(name)}s?\b", text):
            found.append((match.start(), names[name], bool(match.group(1))))
            text = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end():]
    wanted, excluded = [], []
    for _, brand, negated in sorted(found):
        target = excluded if negated else wanted
        if brand not in target:
            target.append(brand)
    return wanted, excluded, text
