"""One message -> a Request: tokens, spans, typed values, model words, then the dialogue act.

The pipeline runs once per message, each stage in its own module: tokens.py (canonical text and tokens),
spans.py (lexicon phrases, typo corrections), values.py (amounts, positions, brands, sorts), model_words.py
(product-name words), acts.py (the act, from a table). Nothing downstream reads the raw text again.
"""
from dataclasses import dataclass, field, replace

from .acts import Situation, decide, recall_of
from .lexicon import load_lexicon
from .model_words import model_groups, pointed_words, refine, unknown_names
from .preferences import PreferenceChange, PreferenceWords
from .constraints import Constraints
from .search import words
from .spans import tag
from .targets import brand_items
from .tokens import canonical, tokenize
from .values import read

POSITION_ACTS = frozenset({"compare", "yes_no", "pick", "price", "details", "reviews"})
SORTING_ACTS = frozenset({"search", "refine", "pick", "yes_no"})
# Acts a message stating a preference can have: one that asks about items of the list states none.
STATEMENT_ACTS = frozenset({"search", "refine", "unknown"})


@dataclass
class Request:
    """What one message asks for, read against the conversation: the act, its constraints and references.

    Understander.understand fills one in stage by stage, in place: copying its twenty fields per stage cost more
    than some stages do.
    """

    text: str
    act: str = "unknown"
    constraints: Constraints = field(default_factory=Constraints)
    sort: str | None = None
    rank: int = 1  # which item of the sorted set is meant: 2 for "the second cheapest"
    refs: list = field(default_factory=list)  # list positions, 1-based, -1 the last
    plural_ref: bool = False
    singular_ref: bool = False
    named: dict = field(default_factory=dict)  # {model phrase: product id} for models said by a catalog name
    models: list = field(default_factory=list)  # one phrase per model named ("pixel 9a", "iphone 17e")
    model_constraints: list = field(default_factory=list)  # what each of several named models asks for
    unknown_models: list = field(default_factory=list)  # model names no product holds ("xm6", "galaxy s99")
    lost_models: list = field(default_factory=list)  # a model whose words no product of its brand holds together
    pointed: list = field(default_factory=list)  # name words after "the" / "only" ("only the pro ones")
    page: str | None = None  # "next" or "previous" for the act "more"
    recall: str | None = None  # for the act "history"
    corrections: list = field(default_factory=list)  # (typed, read as) pairs
    unused: list = field(default_factory=list)  # content words no slot took
    preference: PreferenceChange | None = None  # when the message states or forgets a lasting preference

    def names_model(self):
        """True when the message names a model: a product's name, model words, or more than one model."""
        return bool(self.named or self.constraints.text) or len(self.models) > 1

    def has_filters(self):
        """True when the message adds a constraint other than the category."""
        return bool(self.constraints.brands) or self.has_non_brand_filters()

    def has_non_brand_filters(self):
        """True when the message adds a constraint other than the category and wanted brands."""
        c = self.constraints
        return bool(c.excluded_brands or c.specs or c.text or c.min_rating is not None or c.max_rating is not None
                    or c.min_price is not None or c.max_price is not None)


def _directed(sort, direction):
    """A sort turned the way a direction said apart asks ("by price, highest first": -price)."""
    if not sort or not direction:
        return sort
    return ("-" if direction == "high" else "") + sort.lstrip("-")


def _constraints(reading):
    """The search constraints a Reading states."""
    r = reading
    return Constraints(category=r.category, brands=tuple(r.brands), excluded_brands=tuple(r.excluded_brands),
                       min_price=r.min_price, max_price=r.max_price, min_rating=r.min_rating,
                       max_rating=r.max_rating, specs=r.specs)


def _corrected(text, tokens, corrections):
    """The text with each corrected token replaced by the word it was read as."""
    parts, end = [], 0
    for token in tokens:
        if token.text in corrections:
            parts += [text[end:token.start], corrections[token.text]]
            end = token.end
    return "".join(parts) + text[end:]


def _drop_model_numbers(reading, text, models):
    """The reading without the loose numbers said inside a model's name: the 2 of "amazfit balance 2" is no card."""
    inside = [(start, start + len(phrase)) for phrase in models if (start := text.find(phrase)) >= 0]
    kept = [(n, at) for n, at in zip(reading.loose_numbers, reading.loose_starts)
            if not any(start <= at < end for start, end in inside)]
    reading.loose_numbers, reading.loose_starts = [n for n, _ in kept], [at for _, at in kept]


def _blank(text, spans):
    """The text with each span's characters replaced by spaces (offsets stay)."""
    if not spans:
        return text
    chars = list(text)
    for span in spans:
        chars[span.start:span.end] = " " * (span.end - span.start)
    return "".join(chars)


class Understander:
    """Reads messages with the lexicon and the catalog's names; built once at start-up, shared by threads."""

    def __init__(self, index):
        self.index = index
        self.lexicon = load_lexicon(index.brands, index.name_words(), index.products)
        self.preference_words = PreferenceWords()
        # "wh1000xm6" is how many type "WH-1000XM6": a name word's hyphen-free form reads as the word.
        hyphenated = {w for p in index.products for w in words(p.name) if "-" in w}
        self._unhyphen = {w.replace("-", ""): w for w in hyphenated if not index.is_name_word(w.replace("-", ""))}

    def understand(self, message, state):
        """The Request of a message given the conversation `state` (a State, or None for a new conversation)."""
        text = " ".join(self._unhyphen.get(w, w) for w in canonical(message).split(" "))
        tokens = tokenize(text)
        tagged = tag(tokens, self.lexicon, self.index.is_name_word)
        if tagged.corrections:  # read on as corrected, so model words see "ultra" where "ulhra" was typed
            text = _corrected(text, tokens, dict(tagged.corrections))
            tokens = tokenize(text)
            tagged = replace(tag(tokens, self.lexicon, self.index.is_name_word), corrections=tagged.corrections)
        reading = read(tagged.spans, self.lexicon)
        focus = state.focus if state else None
        category = reading.category or (focus.constraints.category if focus else None) or (
            state.product_category(self.index) if state else None)
        reading.specs = self._specs_in(reading.specs, category)
        request = Request(text=text, constraints=_constraints(reading), sort=self._sort(reading, category), rank=reading.rank,
                          refs=list(reading.refs), plural_ref=reading.plural_ref, singular_ref=reading.singular_ref,
                          corrections=tagged.corrections)
        self._models(request, text, tagged.spans)
        _drop_model_numbers(reading, text, request.models)
        self._in_context(request, reading, focus)
        in_list = bool(brand_items(self.index, request, focus))  # "the lenovo": a brand items of the list have
        unused = self._unused(tagged.spans)
        situation = Situation(
            has_list=bool(focus and focus.list_ids), list_category=focus.constraints.category if focus else None,
            has_product=bool(state and state.product_id), earlier_lists=len(state.earlier_records) if state else 0,
            names_model=request.names_model(),
            names_list_item=in_list and not request.has_non_brand_filters(), brand_in_list=in_list,
            paged=bool(focus and focus.offset), unused_words=len(unused))
        act = decide(reading, situation)
        refs = request.refs or (reading.loose_numbers if act in POSITION_ACTS and focus else [])
        refs = [] if act == "history" else refs  # "my first question" is no position in a list
        sort = request.sort if act in SORTING_ACTS else None  # "the previous five were better" sorts nothing
        preference = self.preference_words.change([t.text for t in tokens], request.constraints,
                                                  has_list=situation.has_list)
        if preference and not preference.forget and act not in STATEMENT_ACTS:
            preference = None  # "I like the Sony and the Bose, compare them" asks about items, it states nothing
        request.act, request.refs, request.sort, request.unused = act, refs, sort, unused
        request.preference = preference
        request.page = ("previous" if "previous_page" in reading.cues else "next") if act == "more" else None
        request.recall = recall_of(reading) if act == "history" else None
        return request

    def _specs_in(self, specs, category):
        """Specs named as the category records them ("50mp" is camera_mp on a phone, megapixels on a camera)."""
        if not category:
            return specs
        renamed = {}
        for name, bound in specs.items():
            family = next((f for f in self.lexicon.spec_families.values() if name in f), [name])
            found = name if self.index.has_spec(category, name) else next(
                (n for n in family if self.index.has_spec(category, n)), name)
            renamed[found] = bound
        return renamed

    def _sort(self, reading, category):
        """The sort asked for; a spec sort ("lightest") becomes the spec its category records."""
        if not reading.spec_sort:
            return _directed(reading.sort, reading.direction)
        family, direction = reading.spec_sort
        names = self.lexicon.spec_families.get(family, [])
        found = next((n for n in names if category and self.index.has_spec(category, n)), None)
        found = found or next((n for n in names if any(self.index.has_spec(c, n) for c in self.index.categories)), None)
        if not found:
            return _directed(reading.sort, reading.direction)
        return _directed(("-" if direction == "high" else "") + found, reading.direction)

    def _models(self, request, text, spans):
        """Fill in the model names the request says: narrowing words, unknown codes, words pointing into a list."""
        index = self.index
        named_spans = [s for s in spans if s.has("brand") or (s.used and not s.has("category"))]
        rest = _blank(text, named_spans)
        categories = [s for s in spans if s.has("category") and not s.has("brand")]
        names, said = _blank(rest, categories), _blank(text, categories)
        brand_spans = [(s.start, s.end) for s in spans if s.has("brand")]
        groups = model_groups(text, rest, names, said, brand_spans, index.is_name_word, index.is_line_word)
        # A catalog name said is a model too, with its product known ("compare the pixel 9a and the iphone 17e").
        by_name = [(s.start, text[s.start:s.end], s.fact("product")) for s in spans if s.has("product")]
        groups = sorted([(text.find(phrase), phrase, words_) for phrase, words_ in groups]
                        + [(start, phrase, self._model_words_of(i)) for start, phrase, i in by_name])
        groups = [(phrase, words_) for _, phrase, words_ in groups]
        models = list(dict.fromkeys(phrase for phrase, _ in groups))
        unknown = unknown_names(text, rest, brand_spans, index.is_name_word)
        pointed = [] if groups else pointed_words(text, names, index.is_name_word)
        named = groups[0][1] if len(models) == 1 else None
        constraints, lost = request.constraints, []
        if named:  # without model words the constraints stay as read (they hold no text yet)
            constraints = refine(index, Constraints(), replace(constraints, text=named))
            # refine keeps model words only when they find something, so only dropped ones can be lost.
            if not constraints.text and not index.has_match(Constraints(brands=constraints.brands, text=named)):
                lost = models  # "the a7 v": each word is in some name, but no product of the brand has them all
        request.constraints, request.models, request.named = constraints, models, {phrase: i for _, phrase, i in by_name}
        request.model_constraints = [self._phrase_constraints(phrase) for phrase in models] if len(models) > 1 else []
        request.unknown_models, request.lost_models, request.pointed = unknown, lost, pointed

    def _model_words_of(self, product_id):
        """A named product's model words: its name's words but those of its brand and category ("16 pro")."""
        product = self.index.get(product_id)
        said = set(words(product.brand)) | {w for w in words(product.name) if self._names_line(w)}
        return " ".join(w for w in words(product.name) if w not in said)

    def _names_line(self, word):
        """True for a word that says a brand or a category ("iphone", "watch"), not a model ("z5"): the model words
        are the others."""
        slots = {slot for slot, _ in self.lexicon.facts((word,))}
        return "product" not in slots and bool(slots & {"brand", "category"})

    def _phrase_constraints(self, phrase):
        """What one model phrase of a message asks for ("pixel 9a": Google, "9a"; "pro": "pro")."""
        spans = self._spans(phrase)
        request = Request(text=phrase, constraints=_constraints(read(spans, self.lexicon)))
        self._models(request, phrase, spans)
        c = request.constraints
        return c if c.text or c.brands else replace(c, text=phrase)

    def _spans(self, text):
        return tag(tokenize(text), self.lexicon, self.index.is_name_word).spans

    def _in_context(self, request, reading, focus):
        """Read the request against the list in focus: a bare number that is a size, words pointing into it.

        "what about 65" after TVs is a screen size, not a price; "only the pro ones" points at the list's models.
        """
        c, index = request.constraints, self.index
        screens = focus and ("screen_inches" in focus.constraints.specs
                             or index.has_spec(focus.constraints.category, "screen_inches"))
        if reading.lone_number is not None and screens and 10 <= reading.lone_number < 100:
            specs = {**c.specs, "screen_inches": ["~", float(reading.lone_number)]}
            request.constraints = replace(c, specs=specs)
            return
        if not (focus and focus.list_ids and request.pointed) or c.text or request.models or c.category or c.brands:
            return
        pointed = list(request.pointed)
        request.constraints = replace(c, text=pointed[0] if len(pointed) == 1 else None)
        request.models = pointed
        request.model_constraints = [self._phrase_constraints(phrase) for phrase in pointed] if len(pointed) > 1 else []

    def _unused(self, spans):
        """Content words of the message that no stage took (not chat, not a product-name word)."""
        lexicon, is_name = self.lexicon, self.index.is_name_word
        return [s.text for s in spans if not s.facts and s.number is None and s.text.isalpha() and len(s.text) > 2
                and s.text not in lexicon.filler and not is_name(s.text)]
