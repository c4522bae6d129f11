"""Tagging: tokens become spans of lexicon phrases (longest first), numbers, and words no phrase holds.

Where phrases overlap the longest wins, then the leftmost (a hyphen, parenthesis or slash inside a phrase is
skipped, so "noise-cancelling" is "noise cancelling"). A product's catalog name is a phrase too, so its digits
are the name's, never a position or an amount. A word that starts no phrase and is no word the catalog
or the lexicon knows gets one chance as a typo of a lexicon word; the correction is kept to be said back.
"""
from dataclasses import dataclass, field

from .tokens import JOINERS


@dataclass(slots=True)
class Span:
    """Tokens [first, last) of the message: the facts a phrase states, a number's value, or a bare word."""

    first: int
    last: int
    start: int  # offsets into the canonical text
    end: int
    text: str
    facts: list = field(default_factory=list)
    number: float | None = None
    used: bool = False  # set by the stage that took its meaning
    slots: frozenset = frozenset()  # the slots of its facts, for quick tests (stages ask many times per span)

    def __post_init__(self):
        self.slots = frozenset(name for name, _ in self.facts)

    def fact(self, slot):
        """The value of this span's fact for `slot`, or None."""
        if slot not in self.slots:
            return None
        return next(value for name, value in self.facts if name == slot)

    def has(self, slot):
        """True when the span states a fact for `slot`."""
        return slot in self.slots

    def values(self, slot):
        """Every value this span states for `slot`."""
        return [value for name, value in self.facts if name == slot] if slot in self.slots else []


@dataclass(frozen=True)
class Tagged:
    """A message's spans in order, and the typos corrected on the way ((typed, read as) pairs)."""

    spans: list
    corrections: list


def _phrases(words, lexicon):
    """Every (first, end, facts) of a lexicon phrase in the words, JOINERS inside a phrase skipped.

    A product's name followed by words that go on along a longer name is not that product: "amazfit balance 2" is
    no "Amazfit Balance" but a model said short of its full name ("Amazfit Balance 2 Midnight").
    """
    found = []
    for start, word in enumerate(words):
        if word not in lexicon.starts:
            continue
        key, i, name = (), start, None
        while i < len(words):
            if words[i] not in JOINERS or not key:
                key += (words[i],)
                facts = lexicon.facts(key)
                if name and (key in lexicon.prefixes or facts) and words[i] not in lexicon.filler:
                    name = None  # the message goes on along a longer name ("with" alone is no model word)
                if key in lexicon.product_names:
                    name = (start, i + 1, facts)
                elif facts:
                    found.append((start, i + 1, facts))
                if key not in lexicon.prefixes:  # no longer phrase starts so
                    break
            i += 1
        found += [name] if name else []
    return found


def _chosen(found):
    """Non-overlapping phrases, longest first, then leftmost ("the most expensive": "most expensive", not "the most")."""
    taken, chosen = set(), {}
    for start, end, facts in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if not taken.intersection(range(start, end)):
            taken.update(range(start, end))
            chosen[start] = (end, facts)
    return chosen


def tag(tokens, lexicon, is_name_word=lambda word: False):
    """The Tagged spans of tokens: phrases, numbers and other words, typos of lexicon words corrected."""
    words, corrections = [t.text for t in tokens], []
    for i, token in enumerate(tokens):
        if token.number is None and token.text not in lexicon.starts and not is_name_word(token.text):
            fixed = lexicon.correction(token.text)
            if fixed:
                words[i] = fixed
                corrections.append((token.text, fixed))
    chosen, spans, i = _chosen(_phrases(words, lexicon)), [], 0
    while i < len(tokens):
        end, facts = chosen.get(i, (i + 1, []))
        first, last = tokens[i], tokens[end - 1]
        spans.append(Span(i, end, first.start, last.end, " ".join(words[i:end]), list(facts),
                          first.number if end == i + 1 else None))
        i = end
    return Tagged(spans, corrections)

