"""Small parsers for what shoppers type: prices, ratings, ordinals, specs and sort words.

Each takes lower-case text and returns what it found plus the text with that part blanked out, so a
number is read once (the 4 of "4 stars" is never also a price).
"""
import re

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10}
ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                 "eighth": 8, "ninth": 9, "tenth": 10, "last": -1, "final": -1}
_CURRENCY = r"\b(?:dollars?|bucks|usd)\b"
_NUMBER = r"(\d[\d,]*(?:\.\d+)?)\s*(k\b)?"
_AMOUNT = rf"\$?\s*(\d[\d,]*(?:\.\d+)?)\s*(k\b|grand\b|thousand\b)?\s*(?:{_CURRENCY})?"
_STRICTLY_BELOW = r"(?:under|below|less than|cheaper than|<(?!=))"
_BELOW = rf"(?:{_STRICTLY_BELOW}|up to|at most|no more than|max(?:imum)?|within|<=)"
_ABOVE = r"(?:over|above|more than|at least|from|starting at|min(?:imum)?|>=?)"
RATING_STEP = 0.1  # ratings are kept to one decimal (catalog.py), so "under 4 stars" is "at most 3.9 stars"


def _blank(text, match):
    """The text with a match replaced by spaces (keeps other offsets stable)."""
    return text[: match.start()] + " " * (match.end() - match.start()) + text[match.end():]


def _amount(number, suffix):
    """Dollars from '1,200' / '1.5' + 'k'."""
    value = float(number.replace(",", ""))
    return value * 1000 if suffix else value


def parse_price(text):
    """((min, max), rest) for a price bound or range in the text, else (None, text)."""
    patterns = [
        (rf"\bbetween\s+{_AMOUNT}\s+(?:and|to|-)\s+{_AMOUNT}", "range"),
        (rf"\bfrom\s+{_AMOUNT}\s+(?:to|-)\s+{_AMOUNT}", "range"),
        # A bare "N-M" needs a money word ("$300-500", "500-800 dollars"): "2023-2024" is not a price.
        (rf"(?<![\w.])\$\s*{_NUMBER}\s*(?:-|to)\s*\$?\s*{_NUMBER}", "range"),
        (rf"(?<![\w.]){_NUMBER}\s*(?:-|to)\s*{_NUMBER}\s*{_CURRENCY}", "range"),
        (rf"\b{_BELOW}\s+{_AMOUNT}", "max"),
        (rf"\b{_ABOVE}\s+{_AMOUNT}", "min"),
        (rf"\b(?:around|about|roughly|approximately|~)\s+{_AMOUNT}", "around"),
        # "the max i can spend is 500", "my budget is $800": a limit said as a sentence.
        (rf"\b(?:max(?:imum)?|most|budget|limit)\b(?:\s+[a-z']+){{0,4}}?\s+is\s+{_AMOUNT}", "max"),
        (rf"\bbudget\s+of\s+{_AMOUNT}", "max"),
        (rf"{_AMOUNT}\s+(?:or|and)\s+(?:less|under|below|cheaper)\b", "max"),
        (rf"{_AMOUNT}\s+(?:or|and)\s+(?:more|over|above|up)\b", "min"),
    ]
    for pattern, kind in patterns:
        for match in re.finditer(pattern, text):
            if not _looks_like_money(match, text, kind):
                continue
            groups = match.groups()
            if kind == "range":
                low, high = sorted((_amount(groups[0], groups[1]), _amount(groups[2], groups[3])))
                return (low, high), _blank(text, match)
            value = _amount(groups[0], groups[1])
            bounds = {"max": (None, value), "min": (value, None), "around": (round(value * 0.85, 2), round(value * 1.15, 2))}
            return bounds[kind], _blank(text, match)
    return None, text


def _looks_like_money(match, text, kind):
    """A number counts as a price unless a unit other than money follows it (GB, inch, stars, the p of 1440p...).

    A small number is money only when the text says so ($, k, dollars): "under 15" alone is too vague.
    """
    after = text[match.end():match.end() + 12]
    if re.match(r"\s*(?:%|gb|tb|mb|inch|in\b|\"|hz|hours?|hrs?|h\b|mp|stars?|star\b|mah|days?|m\b|kg|g\b|mm|p\b)", after):
        return False
    said_money = "$" in match.group(0) or re.search(_CURRENCY, match.group(0))
    if kind == "around" and not said_money and re.search(r"\b[48]\s*k\b", match.group(0)):
        return False  # "what about 4k": a resolution; only a bound word or a $ makes "4k" money
    return bool(said_money or any(g for g in match.groups()[1::2] if g) or float(match.group(1).replace(",", "")) >= 20)


def parse_rating(text):
    """(minimum rating, rest): '4 stars and up', 'at least 4.5 stars', 'rated 4+', 'rating above 4'."""
    patterns = [
        r"(?:at least|minimum|min|over|above|more than|rated|rating(?: of)?(?: at least| above| over)?)\s+(\d(?:\.\d)?)\s*\+?\s*(?:stars?|\*)?",
        r"(\d(?:\.\d)?)\s*\+?\s*stars?(?:\s+(?:and|or)\s+(?:up|above|more|higher|better))?",
        r"(\d(?:\.\d)?)\s*\+\s*(?:rating|rated)",
    ]
    for pattern in patterns:
        for match in re.finditer(r"\b" + pattern, text):
            if re.search(rf"\b{_BELOW}\s*$", text[:match.start()]):
                continue  # "under 4 stars" is a maximum (parse_max_rating), the opposite of "4 stars and up"
            value = float(match.group(1))
            is_rating = "star" in match.group(0) or "rat" in match.group(0) or "*" in match.group(0)
            if is_rating and 0 < value <= 5:
                return value, _blank(text, match)
    match = re.search(r"\b(?:highly|well|top)[ -]rated\b", text)
    if match:
        return 4.5, _blank(text, match)
    return None, text


def parse_max_rating(text):
    """(maximum rating, rest): 'under 4 stars' (3.9: strictly below), 'at most 3.5 stars', 'rated less than 4'."""
    pattern = rf"\b(rated\s+|rating\s+)?({_BELOW})\s+(\d(?:\.\d)?)\s*(stars?\b|\*)?"
    for match in re.finditer(pattern, text):
        value = float(match.group(3))
        if (match.group(1) or match.group(4)) and 0 < value <= 5:
            if re.fullmatch(_STRICTLY_BELOW, match.group(2)):
                value = round(value - RATING_STEP, 1)
            return value, _blank(text, match)
    return None, text


# Ranks are the ordinal words from "second" on, and the same numbers in digits ("2nd", "10th").
_RANK_NUMBERS = {word: n for word, n in ORDINAL_WORDS.items() if n > 1}
_RANK_NUMBERS |= {str(n) + {2: "nd", 3: "rd"}.get(n, "th"): n for n in _RANK_NUMBERS.values()}
_RANK = re.compile(r"\b(" + "|".join(_RANK_NUMBERS) + r")[- ]+(?=(?:most|least|best|highest|lowest|worst|top)\b|cheap|pric|affordable)")


def parse_rank(text):
    """(rank, rest) for an ordinal right before a sort word ("the second cheapest": 2), else (1, text)."""
    match = _RANK.search(text)
    return (_RANK_NUMBERS[match.group(1)], _blank(text, match)) if match else (1, text)


# "last" / "final" name a position only after one of these (or at the start), or before "one": "the last one",
# "first and last", "last one"; elsewhere "last" is a verb ("how long does the battery last?").
_LAST_LEAD = re.compile(r"(?:^|\b(?:the|and|or|vs\.?|versus|about)|[,&])\s*$")
_LAST_TAIL = re.compile(r"\s*(?:one|item|product|option)s?\b")


def parse_ordinals(text):
    """([1-based positions, -1 for last], rest): 'the first two', 'number 3', '#2', '2nd and last'."""
    found = []
    group = re.search(r"\b(?:first|top)\s+(two|three|four|five|[2-5])\b", text)
    if group:
        count = _NUMBER_WORDS.get(group.group(1)) or int(group.group(1))
        found += list(range(1, count + 1))
        text = _blank(text, group)
    pattern = (r"(?:#\s*(\d{1,2})\b|\b(?:number|no\.?|item|option|product)\s*(\d{1,2})\b"
               r"|\b(\d{1,2})(?:st|nd|rd|th)\b|\b(" + "|".join(ORDINAL_WORDS) + r")\b)")
    for match in re.finditer(pattern, text):
        digits = match.group(1) or match.group(2) or match.group(3)
        position = int(digits) if digits else ORDINAL_WORDS[match.group(4)]
        if position == -1 and not (_LAST_LEAD.search(text[:match.start()]) or _LAST_TAIL.match(text, match.end())):
            continue
        if position != 0 and position not in found:
            found.append(position)
        text = _blank(text, match)
    return found, text


_INCHES = r"(\d{2}(?:\.\d)?)\s*(?:-\s*)?(?:inch(?:es)?|in\b|\"|”)"
# Spec words: (regex, spec name, operator, value or None to take the number). Checked in order.
SPEC_PATTERNS = [
    (r"\b(\d{1,3})\s*gb\s*(?:of\s*)?(?:ram|memory)\b", "ram_gb", ">=", None),
    (r"\b(?:at least|min(?:imum)?)?\s*(\d{1,2})\s*tb\b(?:\s*(?:ssd|storage))?", "storage_tb", ">=", None),
    (r"\b(\d{2,4})\s*gb\b(?:\s*(?:ssd|storage|of storage))?", "storage_gb", ">=", None),
    # A size with a comparison word is a bound ("under 50 inch"); inclusive wordings first, as "no more than"
    # holds "more than".
    (rf"\b(?:up to|at most|no (?:more|bigger|larger) than|max(?:imum)?)\s+{_INCHES}", "screen_inches", "<=", None),
    (rf"\b(?:at least|min(?:imum)?|no (?:less|smaller) than)\s+{_INCHES}", "screen_inches", ">=", None),
    (rf"\b(?:under|below|less than|smaller than)\s+{_INCHES}", "screen_inches", "<", None),
    (rf"\b(?:over|above|more than|bigger than|larger than)\s+{_INCHES}", "screen_inches", ">", None),
    (rf"\b{_INCHES}", "screen_inches", "~", None),
    (r"\b(\d{2,3})\s*hz\b", "refresh_hz", ">=", None),
    (r"\b(?:at least\s*)?(\d{1,3})\s*(?:\+\s*)?(?:hours?|hrs?|h)\b(?:\s*(?:of\s*)?battery)?", "battery_hours", ">=", None),
    (r"\b(?:at least\s*)?(\d{1,2})\s*(?:\+\s*)?days?\b(?:\s*(?:of\s*)?battery)?", "battery_days", ">=", None),
    (r"\b(\d{2,3})\s*(?:mp|megapixels?)\b", "megapixels", ">=", None),
    (r"\bnoise[- ]?cancel+(?:ing|ling|ation)?\b|\banc\b", "noise_cancelling", "==", True),
    (r"\bwireless\b|\bbluetooth\b|\bcordless\b", "wireless", "==", True),
    (r"\bwired\b", "wireless", "==", False),
    (r"\bover[- ]ear\b", "type", "==", "over-ear"),
    (r"\bon[- ]ear\b", "type", "==", "on-ear"),
    (r"\bin[- ]ear\b|\bearbuds?\b|\bearphones?\b", "type", "==", "in-ear"),
    (r"\bmirrorless\b", "type", "==", "mirrorless"),
    (r"\bdslrs?\b", "type", "==", "DSLR"),
    (r"\bcompact\b|\bpoint[- ]and[- ]shoot\b", "type", "==", "compact"),
    (r"\bgps\b", "gps", "==", True),
    (r"\boled\b", "panel", "==", "OLED"),
    (r"\bqled\b", "panel", "==", "QLED"),
    (r"\bmini[- ]?led\b", "panel", "==", "Mini-LED"),
    (r"\b8k\b", "resolution", "==", "8K"),
    (r"\b4k\b|\buhd\b", "resolution", "==", "4K"),
    (r"\b1440p\b|\bqhd\b", "resolution", "==", "1440p"),
    (r"\b1080p\b|\bfull hd\b|\bfhd\b", "resolution", "==", "1080p"),
    (r"\bmacos\b|\bmac os\b", "os", "==", "macOS"),
    (r"\bwindows\b", "os", "==", "Windows"),
    (r"\bchrome ?os\b|\bchromebooks?\b", "os", "==", "ChromeOS"),
    (r"\bandroid\b", "os", "==", "Android"),
    (r"\bios\b", "os", "==", "iOS"),
]


def parse_specs(text):
    """({spec name: [operator, value]}, rest) for the spec words in the text."""
    specs = {}
    for pattern, name, operator, value in SPEC_PATTERNS:
        match = re.search(pattern, text)
        if not match or name in specs:
            continue
        if value is None:
            value = float(match.group(1)) if name == "screen_inches" else int(match.group(1))
        if name == "storage_tb":
            name, value = "storage_gb", value * 1024
        specs[name] = [operator, value]
        text = _blank(text, match)
    return specs, text


SORT_WORDS = [
    (r"\b(?:best|better|highest|top|greatest)[- ](?:rated|ratings?|reviews?|reviewed)\b|\bbest (?:one|reviewed)\b"
     r"|\bbetter reviews\b|\bhighest rating\b|\brated (?:the )?(?:best|highest)\b|\b(?:best|better)\b", "-rating"),
    (r"\b(?:worst|lowest)[- ](?:rated|ratings?|reviews?|reviewed)\b", "rating"),
    (r"\bmost (?:reviews|reviewed|popular)\b|\bmost people\b|\bpopular\b", "-reviews"),
    (r"\bcheap(?:est|er)?\b|\bleast expensive\b|\blowest price\b|\b(?:most )?affordable\b|\binexpensive\b"
     r"|\blow[- ]cost\b|\bbudget\b|\bby price\b"
     r"|\bprice low to high\b", "price"),
    (r"\bmost expensive\b|\bpriciest\b|\bhighest price\b|\bmore expensive\b|\bprice high to low\b|\bpremium\b", "-price"),
]


def parse_sort(text):
    """(sort key as in search.SORTS, rest) for a superlative like 'cheapest' or 'best rated'."""
    for pattern, sort in SORT_WORDS:
        match = re.search(pattern, text)
        if match:
            return sort, _blank(text, match)
    return None, text
