"""Typo tolerance as a property: one random edit in a vocabulary word still gives the same act and slots.

Every message of the tune part of the act corpus is read once as written; then, over generated cases, one word
of it that is in the lexicon and at least 5 letters long gets one random edit (insert, delete, swap or replace
a letter) and is read again. The goal: the same act and slots in at least 95% of the cases.
"""
import random
import string

import pytest

from tests.act_corpus.score import ASSISTANT, load, understood

CASES = 600
GOAL = 0.95
LEXICON = ASSISTANT.understander.lexicon


def edited(word, rng):
    """The word with one random insert, delete, swap of neighbours, or replace."""
    i = rng.randrange(len(word))
    kind = rng.choice(("insert", "delete", "swap", "replace"))
    letter = rng.choice(string.ascii_lowercase)
    if kind == "insert":
        return word[:i] + letter + word[i:]
    if kind == "delete":
        return word[:i] + word[i + 1:]
    if kind == "swap" and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + (letter if letter != word[i] else "x") + word[i + 1:]


def vocabulary_words(text):
    """Positions of the words of a message that the lexicon holds and that are at least 5 letters long."""
    words = text.split(" ")
    return [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha() and w.lower() in LEXICON.known
            and w.lower() not in LEXICON.filler]


@pytest.fixture(scope="module")
def cases():
    """(line, edited line) pairs, seeded: the same cases every run."""
    rng = random.Random(20261201)
    lines = [line for line in load("tune") if vocabulary_words(line["text"])]
    chosen = []
    for _ in range(CASES):
        line = rng.choice(lines)
        words = line["text"].split(" ")
        i = rng.choice(vocabulary_words(line["text"]))
        words[i] = edited(words[i].lower(), rng)
        chosen.append((line, {**line, "text": " ".join(words)}))
    return chosen


def test_one_typo_in_a_vocabulary_word_keeps_act_and_slots(cases):
    kept = [understood(line) == understood(typo) for line, typo in cases]
    misses = [typo["text"] for (_, typo), same in zip(cases, kept) if not same]
    rate = sum(kept) / len(kept)
    assert rate >= GOAL, f"{rate:.1%} kept; e.g. {misses[:10]}"


def test_a_typo_is_never_corrected_into_another_known_word():
    assert all(LEXICON.correction(word) is None for word in sorted(LEXICON.known))


@pytest.mark.parametrize(("typed", "meant"), [
    ("moniters", "monitors"), ("laptpos", "laptops"), ("headphnes", "headphones"), ("samsng", "samsung"),
    ("reveiws", "reviews"), ("cheapst", "cheapest"), ("wireles", "wireless"), ("ligher", "lighter"),
])
def test_common_typos_are_read_as_meant(typed, meant):
    assert LEXICON.correction(typed) == meant


@pytest.mark.parametrize("word", ["grandma", "weird", "school", "table"])
def test_ordinary_words_are_not_corrected_into_the_vocabulary(word):
    assert LEXICON.correction(word) is None
