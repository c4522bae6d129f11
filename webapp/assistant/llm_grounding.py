"""Grounding: a model's answer may state only figures the catalog gave it (its tools' answers) or the shopper said.

Small models invent facts (a 5.6-star rating, a price off by a digit), so an answer holding a figure that no
source holds is not shown; the catalog's own answer is shown instead. While the answer streams, each word is
passed on once checked, and nothing from the first ungrounded figure on (the stream is closed there): an invented
figure never reaches the screen, and the grounded words before it come as fast as the model writes them. The
same holds for a tool call's arguments: a price, name or brand the shopper never said is an invented request,
and the catalog's own reading stands instead.
"""
import json
import re

# Thousands separators only in groups of three: "1,299.99" is one figure, "1,2" two.
_FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# A run of digit groups: a figure when its commas separate thousands, else garbled ("$10,00") or a list ("1,2").
_RUN = re.compile(r"\d+(?:,\d+)+(?:\.\d+)?")
_WORD = re.compile(r"[a-z0-9]+")
# Small whole numbers are list positions and counts ("the 2 cheapest", "number 3"), not facts to check.
FREE_BELOW = 11


def figures(text):
    """The numbers a text states, as floats ("$1,299.99" -> 1299.99)."""
    return {float(match.group().replace(",", "")) for match in _FIGURE.finditer(text)}


def ungrounded_figures(answer, sources):
    """The figures of `answer` that no source text states, smallest first (small whole numbers are free)."""
    return _ungrounded(answer, _known(sources))


def invented_arguments(arguments, said):
    """What a tool call's JSON arguments state that the texts `said` do not, or None.

    Checked: figures anywhere in them, and the words of `name`, `brands` and `exclude_brands`. Arguments that are
    no JSON object are the tool's to refuse."""
    try:
        args = json.loads(arguments or "{}")
    except ValueError:
        return None
    if not isinstance(args, dict):
        return None
    known, words = _known(said), set(_WORD.findall(" ".join(said).lower()))
    if invented := _ungrounded(" ".join(str(v) for v in args.values()), known):
        return f"the figure {invented[0]:g}"
    for key in ("name", "brands", "exclude_brands"):
        values = args.get(key) or []
        for value in [values] if isinstance(values, str) else values:
            if isinstance(value, str) and not set(_WORD.findall(value.lower())) <= words:
                return f"{key} {value!r}"
    return None


def grounded(stream, sources):
    """Yield a stream's text as far as it is grounded in `sources`, a word at a time; return what the stream returns.

    A figure is checked once the whitespace after it (or the stream's end) shows it whole, since figures never
    span whitespace. At the first ungrounded figure the stream is closed (the model stops writing words that
    will not be shown) and None is returned.
    """
    known, text, shown = _known(sources), "", 0
    while True:
        try:
            text += next(stream)
        except StopIteration as done:
            if text[shown:].strip() and _ungrounded(text[shown:], known):
                return None
            if text[shown:].strip():
                yield text[shown:].rstrip() if shown else text.strip()
            return done.value
        end = max(text.rfind(" "), text.rfind("\n")) + 1  # up to the latest whitespace: whole words only
        if end > shown and text[shown:end].strip():
            if _ungrounded(text[shown:end], known):
                stream.close()
                return None
            yield text[shown:end] if shown else text[:end].lstrip()
            shown = end


def _known(sources):
    return set().union(*(figures(source) for source in sources)) if sources else set()


def _ungrounded(text, known):
    """The text's figures no source states (small whole numbers are free); garbled ones never are grounded."""
    return sorted({f for f in figures(text) if f not in known and not (f.is_integer() and f < FREE_BELOW)}
                  | _garbled(text))


def _garbled(text):
    """Figures whose commas separate no thousands ("$10,00"), read without them; lists of positions ("1,2") aside."""
    return {float(run.replace(",", "")) for run in _RUN.findall(text)
            if not _FIGURE.fullmatch(run) and not all(len(group) == 1 for group in run.split(","))}
