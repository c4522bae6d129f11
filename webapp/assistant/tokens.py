"""Tokenizing once: a message becomes canonical text and tokens with offsets into it.

Canonical text is lower-case, NFKC-folded, without accents, with curly quotes straightened and runs of white
space made one space; offsets of tokens point into it, so later stages can blank or quote what a token covered.
A number glued to a unit ("16gb", "1.5k", "2nd") is two tokens; a model code ("s25", "wh-1000xm6") stays whole.
"""
import re
import unicodedata
from dataclasses import dataclass

# A number (with thousands commas and decimals, then letters or digits glued on), a word ("'s" apart: "number
# three's" is "number three" + "'s"), or a symbol (a run of
# one symbol is one token: "$$$$" means no more than "$"). Every alternative consumes its characters once, so
# tokenizing is linear in the message length.
_TOKEN = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?[a-z0-9]*|[a-z][a-z0-9]*(?:'(?!s\b)[a-z]+)?|'s\b|(\S)\1*")
_NUMBER = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
# Letters after a number that are a unit or suffix of it, not part of a model code ("16gb", "2nd", "4k", "1080p").
GLUED_SUFFIXES = frozenset("""gb tb mb hz mp mah k h hr hrs st nd rd th p inch in star stars day days hours hour
                              mm kg g x ish d m""".split())
# Symbols a phrase may hold without their meaning anything: "over-ear" is "over ear", "Pixel 10 (Pro)" or
# "64GB/2TB" as typed with or without them. Alone they still count ("/" joins brands: "sony / bose").
JOINERS = frozenset("-()/")
MAX_NUMBER_DIGITS = 12  # a longer run of digits is no amount anyone means; reading it as one would waste time


@dataclass(slots=True)
class Token:
    """One token: its canonical text, offsets into the canonical message, and whether space precedes it."""

    text: str
    start: int
    end: int
    spaced: bool  # white space (or the start of the message) before it
    number: float | None = None  # its value, for a number token

    @property
    def is_word(self):
        """True for a token of letters or digits (not a symbol)."""
        return self.text[0].isalnum()


def canonical(message):
    """Lower-case, NFKC-folded text without accents, straight quotes, single spaces."""
    text = unicodedata.normalize("NFKC", message).lower()
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(text.split())


def _number(text):
    """The value of a number token, or None when it is too long to be an amount."""
    digits = text.replace(",", "")
    if len(digits) > MAX_NUMBER_DIGITS:
        return None
    return float(digits)


def tokenize(text):
    """Tokens of canonical text, numbers split from a glued unit ("16gb" -> "16", "gb")."""
    tokens, previous_end = [], 0
    for match in _TOKEN.finditer(text):
        word, start = match.group(), match.start()
        spaced = start == 0 or start > previous_end
        previous_end = match.end()
        number = _NUMBER.match(word) if word[0].isdigit() else None
        if number and number.end() < len(word) and word[number.end():] in GLUED_SUFFIXES:
            split = start + number.end()
            tokens.append(Token(word[:number.end()], start, split, spaced, _number(number.group())))
            tokens.append(Token(word[number.end():], split, match.end(), False))
        elif number and number.end() == len(word):
            tokens.append(Token(word, start, match.end(), spaced, _number(word)))
        else:
            tokens.append(Token(word, start, match.end(), spaced))
    return tokens


def phrase_key(phrase):
    """The token texts a phrase matches, JOINERS dropped ("over-ear" -> ("over", "ear")) but a lone one."""
    texts = tuple(t.text for t in tokenize(canonical(phrase)))
    return tuple(t for t in texts if t not in JOINERS) or texts
