"""The lexicon (lexicon.toml plus the catalog's own brand names) built once into phrase and typo matchers.

A phrase maps to facts: (slot, value) pairs such as ("category", "laptops") or ("sort", "price"). One phrase can
state several facts ("iphone": a category and a brand; "budget": a price bound before an amount, a sort
otherwise); later stages pick the fact that fits where the phrase stands.
"""
import functools
import re
import tomllib
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from .tokens import phrase_key

LEXICON_PATH = Path(__file__).with_name("lexicon.toml")
# Sections whose phrases are nouns, so that a plural ("laptops", "noise cancelling headphones") is understood.
_PLURAL_SECTIONS = ("category", "brand", "spec", "spec_noun", "unit")
_NAMING_SLOTS = frozenset({"brand", "category"})  # a word meaning one of these names a product line
SHORTEST_CORRECTED = 5  # shorter words are too close to too many others to correct, but for a missing letter


def _edits(length):
    """How many edits a typo of a word this long may hold."""
    return 1 if length <= 7 else 2


def _plurals(key):
    """The key and its plural form (last word + s, es after s / x / ch / sh, y -> ies)."""
    *head, last = key
    if not last.isalpha() or len(last) < 2:
        return [key]
    if last.endswith(("s", "x", "ch", "sh")):
        plural = last + "es"
    elif last.endswith("y") and last[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    else:
        plural = last + "s"
    forms = [last, plural]
    return [tuple(head) + (form,) for form in forms]


def _read_sections(data):
    """(phrase, slot, value) for every phrase of the lexicon file."""
    for category, words in data["categories"].items():
        yield from ((w, "category", category) for w in words)
    for brand, words in data["brand_aliases"].items():
        yield from ((w, "brand", brand) for w in words)
    for feature in data["feature"]:
        yield from ((w, "spec", (feature["spec"], "==", feature["value"])) for w in feature["words"])
    for unit, words in data["units"].items():
        yield from ((w, "unit", unit) for w in words)
    comparators = data["comparators"]
    for kind in ("lt", "le", "gt", "ge", "about", "between"):
        yield from ((w, "comparator", kind) for w in comparators[kind])
    kinds = {w: kind for kind in ("lt", "le", "gt", "ge", "about") for w in comparators[kind]}
    yield from ((w, "comparator_after", kinds[w]) for w in comparators["after"])
    yield from ((w, "joiner", True) for w in comparators["range_joiners"])
    for sort, words in data["sorts"].items():
        yield from ((w, "sort", sort) for w in words)
    for direction, words in data["sort_directions"].items():
        yield from ((w, "direction", direction) for w in words)
    for rating, words in data["rating_words"].items():
        yield from ((w, "min_rating", float(rating)) for w in words)
    for name, words in data["spec_adjectives"].items():
        family, direction = name.split()
        yield from ((w, "spec_sort", (family, direction)) for w in words)
    for family, words in data["spec_nouns"].items():
        yield from ((w, "spec_noun", family) for w in words)
    for direction, words in data["intensifiers"].items():
        yield from ((w, "intensifier", direction) for w in words)
    for number, words in data["numbers"].items():
        yield from ((w, "number", int(number)) for w in words)
    for position, words in data["ordinals"].items():
        yield from ((w, "ordinal", int(position)) for w in words)
    positions = data["positions"]
    for slot, name in (("position_lead", "leads"), ("from_end", "from_end"), ("count_start", "count_from_start"),
                       ("count_end", "count_from_end")):
        yield from ((w, slot, True) for w in positions[name])
    for kind, words in data["references"].items():
        yield from ((w, "ref", kind) for w in words)
    yield from ((w, "refine_lead", True) for w in data["refine_leads"]["words"])
    yield from ((w, "refine_tail", True) for w in data["refine_leads"]["tail"])
    yield from ((w, "negation", True) for w in data["negations"]["words"])
    yield from ((w, "negation_joiner", True) for w in data["negations"]["joiners"])
    for cue, words in data["cues"].items():
        yield from ((w, "cue", cue) for w in words)


class Lexicon:
    """Phrase -> facts, with the longest phrase length, the filler words, and a typo corrector."""

    def __init__(self, data, brands=(), name_words=(), products=()):
        self.phrases = {}
        for phrase, slot, value in _read_sections(data):
            self._add(phrase, slot, value)
        for brand in brands:  # the catalog's own names: "Sennheiser", "OnePlus", "BenQ"
            self._add(brand, "brand", brand)
        self._add_product_names(products)
        self.longest = max(len(key) for key in self.phrases)
        self.starts = frozenset(key[0] for key in self.phrases)
        self.prefixes = frozenset(key[:n] for key in self.phrases for n in range(1, len(key)))
        # The last words of the phrases that make a reference ("these", "one"): a span ending otherwise makes none.
        self.reference_ends = frozenset(key[-1] for key in self._stating("ref"))
        self.product_names = frozenset(self._stating("product"))
        self.filler = frozenset(data["filler"]["words"].split())
        self.negation_reach = data["negations"]["reach"]
        self.negation_stops = frozenset(data["negations"]["stops"])
        self.last_leads = frozenset(data["positions"]["last_leads"])
        self.last_tails = frozenset(data["positions"]["last_tails"])
        verbs = data["category_verbs"]
        self.category_verbs = (frozenset(verbs["words"]), frozenset(verbs["after"]), frozenset(verbs["before"]))
        self.spec_families = data["spec_families"]
        self.unit_specs = data["unit_specs"]
        words = {word for key in self.phrases for word in key if word.isalpha()}
        self.known = frozenset(words | self.filler)
        # Product-name words are targets too ("quietcomfort"), so a typo in a model name still finds the model.
        names = {w for w in name_words if w.isalpha()}
        self.known = self.known | names
        targets = sorted(w for w in words | names if len(w) >= SHORTEST_CORRECTED)
        # A word within n edits of a target differs from it in length by at most n, so each length of word is
        # compared only with the targets of lengths that close (in the same order: ties go to the first).
        self._targets = {length: [t for t in targets if abs(len(t) - length) <= _edits(length)]
                         for length in range(SHORTEST_CORRECTED - 1, max(map(len, targets)) + 3)}

    def _stating(self, slot):
        """The phrases that state a fact for `slot`."""
        return [key for key, facts in self.phrases.items() if any(name == slot for name, _ in facts)]

    def _add(self, phrase, slot, value):
        key = phrase_key(phrase)
        if not key:
            return
        for form in _plurals(key) if slot in _PLURAL_SECTIONS else [key]:
            facts = self.phrases.setdefault(form, [])
            if (slot, value) not in facts:
                facts.append((slot, value))

    def _add_product_names(self, products):
        """Each product's full name a phrase naming it and its brand; the name without its brand too, when that
        names no other product and holds a word that only names ("galaxy s25 ultra", "wh-1000xm6"; not "oled 65 inch").
        """
        brandless, named = {}, {}
        for product in products:
            key, brand_key = phrase_key(product.name), phrase_key(product.brand)
            # A category its words say is said too ("apple iphone 16": smartphones), as if said apart.
            said = {value for word in key for slot, value in self.facts((word,)) if slot == "category"}
            named[product.id] = [("brand", product.brand)] + [("category", product.category)] * (
                product.category in said) + [("product", product.id)]
            self.phrases.setdefault(key, []).extend(named[product.id])
            rest = key[len(brand_key):] if key[:len(brand_key)] == brand_key else ()
            if rest and not rest[0][0].isdigit() and (len(rest) > 1 or is_code(rest[0])) and any(map(self._naming, rest)):
                brandless.setdefault(rest, []).append(product.id)
        for key, ids in brandless.items():
            if len(ids) == 1 and key not in self.phrases:
                self.phrases[key] = named[ids[0]]

    def _naming(self, word):
        """True for a word that names ("evo", "open") or names a product line ("galaxy", "chromebook"), not one that
        only states a filter ("oled", "inch") or a number."""
        slots = {slot for slot, _ in self.facts((word,))}
        return not word[0].isdigit() and (slots <= {"cue"} or bool(slots & _NAMING_SLOTS))

    def facts(self, key):
        """The facts a token tuple states, [] when it is no phrase."""
        return self.phrases.get(key, [])

    def _same_word(self, a, b):
        """True for two forms of one word ("laptop", "laptops") or two spellings with one meaning."""
        if a in (b + "s", b + "es") or b in (a + "s", a + "es"):
            return True
        return bool(self.facts((a,))) and self.facts((a,)) == self.facts((b,))

    def correction(self, word):
        """The one vocabulary word a typo'd word stands for, or None (never for a known or short word).

        One edit (insert, delete, replace, swap) for words up to 7 letters, two for longer ones; a tie between two
        different words (not two forms of one) is broken as below, else nothing is corrected.
        """
        if len(word) < SHORTEST_CORRECTED - 1 or word in self.known or not word.isalpha():
            return None
        edits = _edits(len(word))
        found = process.extract(word, self._targets.get(len(word), ()), scorer=OSA.distance, score_cutoff=edits,
                                limit=3)
        if len(word) < SHORTEST_CORRECTED:  # a short word only lacks a letter ("wach"); "call" is no "cell"
            found = [f for f in found if len(f[0]) == SHORTEST_CORRECTED]
        if not found:
            return None
        best = [candidate for candidate, distance, _ in found if distance == found[0][1]]
        if len(best) > 1 and not self._same_word(best[0], best[1]):
            # A tie: a missing or extra letter explains a typo more often than a wrong one ("batter": battery, not
            # better); then the word keeping the typed first letter ("ligher": lighter, not higher).
            fewest = min(Indel.distance(word, candidate) for candidate in best)
            best = [candidate for candidate in best if Indel.distance(word, candidate) == fewest]
            if len(best) > 1:  # a letter left out ("reviewd": reviewed, not review)
                best = [candidate for candidate in best if len(candidate) > len(word)] or best
            if len(best) > 1:
                best = [candidate for candidate in best if candidate[0] == word[0]]
            if len(best) != 1:
                return None
        return best[0]


@functools.cache
def lexicon_data():
    """The bundled lexicon file, parsed (read once)."""
    with LEXICON_PATH.open("rb") as handle:
        return tomllib.load(handle)


def load_lexicon(brands=(), name_words=(), products=()):
    """The bundled lexicon with the catalog's brand names, product names (and, as typo targets, name words) added."""
    return Lexicon(lexicon_data(), brands, name_words, products)


_DIGIT, _LETTER = re.compile(r"\d"), re.compile(r"[a-z]")


def is_code(word):
    """A token mixing letters and digits ("s25", "9a", "wh-1000xm6", "46mm"): a model code wherever it stands."""
    return bool(_DIGIT.search(word) and _LETTER.search(word))


def ordinal_words():
    """{position: its word} for the positions from 2 on ("second", "third", ...)."""
    return {int(n): words[0] for n, words in lexicon_data()["ordinals"].items() if int(n) > 1}
