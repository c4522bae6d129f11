"""Model words: what a message says that is neither understood by the parsers nor chat, but occurs in product
names ("wh-1000xm6", "air", "s24 fe"). They become a search's text constraint, used only when they find something.

Only words said as part of a model name count: beside a brand ("macbook air"), a model code ("s25 ultra") or a
product line's word said as a model ("forerunner 265", "spectre?"; see _line_anchor). Alone,
name words are ordinary words ("a pro video editor", "max battery life", "5g plus a good camera").
"""
import re
from dataclasses import replace

from .lexicon import is_code, lexicon_data
from .constraints import Constraints
from .search import word_matches, words

# Words that never name a model, though product names hold them, and ordinary English words of one brand's
# names that never anchor a product line: both lists live in lexicon.toml, [model_words].
STOP_WORDS = frozenset(lexicon_data()["model_words"]["stop"].split())
ORDINARY_LINE_WORDS = frozenset(lexicon_data()["model_words"]["ordinary_line_words"].split())
# What may stand around a product line said alone ("spectre?", "what about the xps", "bravia tvs").
_ALONE = r"(?:(?:what|how) about |show me |and |or |only |just |any )?(?:the )?{}(?: ones?)?"


def _weak(word):
    """A bare number or a single letter: a count, a size or an initial unless beside a brand or a model word."""
    return word.isdigit() or len(word) == 1


def model_words(rest, is_name_word, brand_named=False):
    """The words of `rest` (words the parsers left) that can name a model, or None.

    Weak words alone ("the 3") count only beside a brand ("pixel 10").
    """
    found = [word for word in words(rest) if word not in STOP_WORDS and is_name_word(word)]
    if not brand_named and all(_weak(word) for word in found):
        return None
    return " ".join(dict.fromkeys(found)) or None


def _in_brand(match, brand_spans):
    """True when a word's match overlaps a brand name or alias the message says."""
    return any(start < match.end() and match.start() < end for start, end in brand_spans)


def _runs(text, rest, brand_spans, is_name_word):
    """Runs of consecutive name-ish words: brands and their aliases, and product-name words that are not chat.

    Each word is (match, is a brand, left by the parsers); punctuation, or a brand after other words, starts a new run.
    """
    runs, run, previous_end = [], [], None
    for match in word_matches(text):
        word = match.group()
        brand = _in_brand(match, brand_spans)
        joined = previous_end is not None and not text[previous_end:match.start()].strip()
        if run and (not joined or (brand and not run[-1][1])):
            runs.append(run)
            run = []
        if brand or (word not in STOP_WORDS and is_name_word(word)):
            run.append((match, brand, rest[match.start():match.end()] == word))
        elif run:
            runs.append(run)
            run = []
        previous_end = match.end()
    return runs + [run] if run else runs


def _line_anchor(run, said, is_line_word):
    """True when a run holds a product line's word ("forerunner", "xps") said as a model: beside another name word
    ("forerunner 265", "quietcomfort ultra") or alone in the message ("spectre?"). Elsewhere it is an ordinary word.
    """
    left = [match.group() for match, brand, was_left in run if was_left and not brand]
    if not any(is_line_word(word) and word not in ORDINARY_LINE_WORDS for word in left):
        return False
    return len(left) > 1 or bool(re.fullmatch(_ALONE.format(re.escape(left[0])), " ".join(words(said))))


def model_groups(text, rest, names, said, brand_spans, is_name_word, is_line_word):
    """[(phrase, model words or None)] for each model the message names, in text order.

    A model is a run of name-ish words holding an anchor: a brand, a model code the parsers left (a parsed "2nd"
    or "256gb" is none) or a product line (_line_anchor), and something besides brands ("pixel watch", "pixel 9a";
    not "dell"). Its model words are the run's words left in `rest` (same offsets as `text`, brands and specs
    blanked) and in `names` (`rest` with category words blanked too); `said` is `text` with category words blanked.
    """
    groups = []
    for run in _runs(text, rest, brand_spans, is_name_word):
        anchored = any(brand or (left and is_code(match.group())) for match, brand, left in run) or _line_anchor(
            run, said, is_line_word)
        if anchored and any(left and not brand for _, brand, left in run):
            found = " ".join(names[match.start():match.end()] for match, brand, _ in run if not brand)
            named = model_words(found, is_name_word, brand_named=any(brand for _, brand, _ in run))
            groups.append((text[run[0][0].start():run[-1][0].end()], named))
    return groups


def pointed_words(text, names, is_name_word):
    """Name words said right after "the", "only" or "just", one phrase per pointer ("the air or the pro").

    Without a brand or a model code they name no model, but they can point into the list in focus ("only the pro
    ones", "how much is the pro max?"). `names` is the text with parsed words and category words blanked.
    """
    phrases, found = [], None
    for match in word_matches(text):
        word = match.group()
        if found is not None and word not in STOP_WORDS and is_name_word(word):
            found.append(names[match.start():match.end()])
            continue
        if found:
            phrases.append(model_words(" ".join(found), is_name_word))
        found = [] if word in ("the", "only", "just") else None
    if found:
        phrases.append(model_words(" ".join(found), is_name_word))
    return [phrase for phrase in phrases if phrase]


def _is_unknown_code(word, left, is_name_word):
    """A model code the parsers left that no product name holds ("s99", "a7c"; not "s25", "16gb ram")."""
    return left and is_code(word) and word not in STOP_WORDS and not is_name_word(word)


def unknown_names(text, rest, brand_spans, is_name_word):
    """Model names the message says that no product holds: each unknown code with the brand and name words beside it.

    "galaxy s99", "sony a7c ii", "xm6" (the catalog says "WH-1000XM6"); the phrase is what the answer quotes.
    """
    if not is_code(text):  # no word of the text mixes letters and digits
        return []
    tokens = list(word_matches(text))

    def part_of_name(match):
        word, left = match.group(), rest[match.start():match.end()] == match.group()
        return (_in_brand(match, brand_spans)
                or left and word not in STOP_WORDS and (is_name_word(word) or is_code(word)))

    def joined(a, b):
        return not text[tokens[a].end():tokens[b].start()].strip()

    phrases = []
    for i, match in enumerate(tokens):
        if not _is_unknown_code(match.group(), rest[match.start():match.end()] == match.group(), is_name_word):
            continue
        first = last = i
        while first > 0 and joined(first - 1, first) and part_of_name(tokens[first - 1]):
            first -= 1
        while last + 1 < len(tokens) and joined(last, last + 1) and part_of_name(tokens[last + 1]):
            last += 1
        phrase = text[tokens[first].start():tokens[last].end()]
        phrases += [phrase] if phrase not in phrases else []
    return phrases


def refine(index, base, newer):
    """`base` refined by `newer`, without newer's model words when they would leave no product at all.

    When base's model words are dropped for a new brand ("pixel 9a", then "what about samsung"), the category they
    found stays, if they found only one.
    """
    refined = base.refined_by(newer)
    if newer.text and not index.has_match(refined):
        refined = base.refined_by(replace(newer, text=None))  # a stray word must not turn a working query into nothing
    if base.text and not refined.text and not refined.category:
        categories = {product.category for product in index.matching(base)}
        if len(categories) == 1:
            refined = replace(refined, category=categories.pop())
    return refined


def scoped(index, constraints, focus):
    """The constraints within the category in focus, and its brands unless they name some, when something matches.

    "the 46mm one" after Apple watches means Apple watches; "s25 ultra" after laptops still finds the phone.
    """
    if not focus or constraints.category:
        return constraints
    if focus.list_ids:
        scope = focus.constraints
    elif product := index.get(focus.product_id):
        scope = Constraints(category=product.category, brands=(product.brand,))
    else:
        return constraints
    kept = Constraints(category=scope.category)
    if not (constraints.brands or constraints.excluded_brands):  # brands the message names replace those in focus
        kept = replace(kept, brands=scope.brands, excluded_brands=scope.excluded_brands)
    narrowed = kept.refined_by(constraints)
    return narrowed if index.has_match(narrowed) else constraints
