"""Score the assistant's understanding on a part of the act corpus: act accuracy and exact-slot accuracy.

    python -m tests.act_corpus.score tune        # the part the pipeline is tuned on
    python -m tests.act_corpus.score heldout     # the held-out part: score it once, at the end

Each line's `before` messages are replayed through the catalog assistant to set the scene; then the message is
understood against that state and its act and slots compared with the label (see README.md for the format).
`--misses` prints every miss.
"""
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from webapp.assistant import CatalogAssistant, Constraints, ProductIndex, load_catalog
from webapp.assistant.state import state_of
from webapp.config import BUNDLED_CATALOG
from webapp.memory import Message

CORPUS = Path(__file__).parent
ASSISTANT = CatalogAssistant(ProductIndex(load_catalog(BUNDLED_CATALOG)))
NUMERIC = ("min_price", "max_price", "min_rating", "max_rating")


@dataclass(frozen=True)
class Score:
    """How one part of the corpus scored."""

    lines: int
    acts: int
    slots: int
    misses: list

    def report(self):
        """One line: the two accuracies."""
        return (f"{self.lines} messages: act {self.acts / self.lines:.1%} ({self.acts}), "
                f"act and slots {self.slots / self.lines:.1%} ({self.slots})")


def load(part):
    """The labelled lines of a part ("tune" or "heldout")."""
    path = CORPUS / f"{part}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def history_of(messages):
    """The window the assistant would hold after these user messages."""
    history = []
    for text in messages:
        reply = ASSISTANT.reply(text, history)
        history += [Message("user", text), Message("assistant", reply.answer, metadata=reply.metadata)]
    return history[-20:]


def understood(line):
    """(act, slots) the pipeline reads from a corpus line, slots in the corpus's format."""
    state = state_of(history_of(line["before"]), known=ASSISTANT.index.get)
    request = ASSISTANT.understander.understand(line["text"], state)
    c = request.constraints
    slots = {"category": c.category, "brands": list(c.brands), "exclude_brands": list(c.excluded_brands),
             "min_price": c.min_price, "max_price": c.max_price, "min_rating": c.min_rating,
             "max_rating": c.max_rating, "specs": c.specs, "sort": request.sort, "refs": request.refs,
             "rank": request.rank if request.rank != 1 else None, "page": request.page, "recall": request.recall,
             "model": c.text or (" ".join(request.models) if len(request.models) > 1 else None)}
    return request.act, {k: v for k, v in slots.items() if v not in (None, [], {})}


def _products(slots):
    """Ids of the products a model slot names within the slots' category and brands."""
    c = Constraints(category=slots.get("category"), brands=tuple(slots.get("brands", ())), text=slots["model"])
    return {p.id for p in ASSISTANT.index.matching(c)}


def same_slots(expected, got):
    """True when the slots agree: numbers by value, specs by operator and value, models by the products named."""
    if set(expected) - {"model"} != set(got) - {"model"}:
        return False
    for name, value in expected.items():
        if name == "model":
            if "model" not in got or (_products(expected) != _products(got) and value != got["model"]):
                return False
        elif name in NUMERIC:
            if abs(float(value) - float(got[name])) > 0.005:
                return False
        elif name == "specs":
            if {k: [o, float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v]
                    for k, (o, v) in value.items()} != {
                    k: [o, float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v]
                    for k, (o, v) in got[name].items()}:
                return False
        elif value != got[name]:
            return False
    return "model" in expected or "model" not in got or not got["model"]


def score(lines):
    """The Score of labelled lines."""
    acts = slots = 0
    misses = []
    for line in lines:
        act, got = understood(line)
        act_right = act == line["act"]
        slots_right = act_right and same_slots(line["slots"], got)
        acts += act_right
        slots += slots_right
        if not slots_right:
            misses.append((line, act, got))
    return Score(len(lines), acts, slots, misses)


def main(argv):
    """Print the score of the part named in argv (and, with --misses, every miss)."""
    part = argv[0] if argv else "tune"
    result = score(load(part))
    if "--misses" in argv:
        for line, act, got in result.misses:
            print(json.dumps({"before": line["before"], "text": line["text"], "want": [line["act"], line["slots"]],
                              "got": [act, got]}))
    print(f"{part}: {result.report()}")


if __name__ == "__main__":
    main(sys.argv[1:])
