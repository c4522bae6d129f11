"""Grounding: a model's answer may state only figures the catalog gave it (its tools' answers) or the shopper said.

Small models invent facts (a 5.6-star rating, a price off by a digit), so an answer holding a figure that no
source holds is not shown; the catalog's own answer is shown instead.
"""
import re

# Thousands separators only in groups of three: "1,299.99" is one figure, "1,2" two.
_FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# Small whole numbers are list positions and counts ("the 2 cheapest", "number 3"), not facts to check.
FREE_BELOW = 11


def figures(text):
    """The numbers a text states, as floats ("$1,299.99" -> 1299.99)."""
    return {float(match.group().replace(",", "")) for match in _FIGURE.finditer(text)}


def ungrounded_figures(answer, sources):
    """The figures of `answer` that no source text states, smallest first (small whole numbers are free)."""
    known = set().union(*(figures(source) for source in sources)) if sources else set()
    return sorted(f for f in figures(answer) if f not in known and not (f.is_integer() and f < FREE_BELOW))
