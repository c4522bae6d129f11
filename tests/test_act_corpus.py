"""The act corpus: well formed, big enough, and the tune parts understood (the held-out part is scored apart).

`python -m tests.act_corpus.score heldout` scores the held-out part; it is not run here, so that nothing is
ever tuned against it.
"""
from collections import Counter

import pytest

from tests.act_corpus.score import CORPUS, load, score
from webapp.assistant.catalog_assistant import HANDLERS

TUNE_PARTS = ("tune", "tune2", "tune3")
SLOTS = {"category", "brands", "exclude_brands", "min_price", "max_price", "min_rating", "max_rating", "specs",
         "sort", "rank", "refs", "model", "page", "recall"}


def test_every_part_follows_the_guide_and_each_act_has_40_phrasings():
    counts = Counter()
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in load(path.stem):
            assert set(line) == {"before", "text", "act", "slots"}, (path.name, line)
            assert line["act"] in HANDLERS and set(line["slots"]) <= SLOTS, (path.name, line)
            counts[line["act"]] += 1
    assert set(counts) == set(HANDLERS)
    assert min(counts.values()) >= 40, counts


@pytest.mark.parametrize("part", TUNE_PARTS)
def test_the_tune_parts_are_understood(part):
    result = score(load(part))
    misses = [(line["text"], act, got) for line, act, got in result.misses][:5]
    assert result.acts / result.lines >= 0.97, (result.report(), misses)
    assert result.slots / result.lines >= 0.95, (result.report(), misses)
