"""Turn one user message into a Request: what is asked for and what it refers to."""
import re
import unicodedata
from dataclasses import dataclass, field, replace

from .model_words import model_groups, pointed_words, refine, unknown_names
from .parsing import parse_max_rating, parse_ordinals, parse_price, parse_rank, parse_rating, parse_sort, parse_specs
from .search import Constraints
from .vocabulary import blank_category_words, find_category, read_brands

GREETING = re.compile(r"^(?:hi|hello|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening)|hi there|hello there)\b[\s!.,]*(?:there)?[\s!.,]*$")
THANKS = re.compile(r"^(?:thanks?|thank you|thx|ty|cheers|great,? thanks|perfect,? thanks?|ok thanks|awesome)\b[\s\w,!.]{0,20}$")
HELP = re.compile(r"\b(?:help|what can you do|how does this work|what do you (?:do|sell|know)|how do i use|what can i ask)\b")
HISTORY = re.compile(r"\b(?:(?:what|which) (?:was|were|is) my (?:first|last|previous|earlier|original) (?:question|message|query)s?"
                     r"|what did i (?:ask|say|search|type)|what have i asked|what have we (?:talked|discussed|said)"
                     r"|my (?:first|previous|last|earlier) (?:question|message)|what were my questions|repeat my (?:first |last )?question)")
COMPARE = re.compile(r"\bcompar(?:e|ison|ing)\b|\bvs\.?\b|\bversus\b|\bdifference(?:s)? between\b|\bhow do (?:they|these|those) differ\b|\bside by side\b")
REVIEWS = re.compile(r"\breviews?\b|\bwhat do (?:people|ppl|folks|users|customers|buyers) (?:say|think)|\bwhat are (?:people|users|customers) saying\b"
                     r"|\bopinions?\b|\bfeedback\b|\bany good\b|\bis (?:it|that one|this one) good\b|\bcomments\b")
PRICE = re.compile(r"\bhow much\b|\bwhat(?:'s| is| does)? (?:the )?(?:price|cost)\b|\bprice of\b|\bcost\b|\bcosts\b|\bprices?\b")
DETAILS = re.compile(r"\btell me (?:more )?about\b|\btell me more\b|\bmore (?:about|info|information|details)\b|\bdetails?\b|\bspecs?\b"
                     r"|\bspecifications?\b|\bdescribe\b|\bfeatures\b|\bwhat about (?:the )?(?:it|that one|this one)\b|\bshow me (?:the )?(?:it|that one)\b|\binfo\b"
                     r"|\bhow (?:long|big|heavy)\b")  # "how long does the battery last?" is answered by the specs
PLURAL_REF = re.compile(r"\b(?:these|them|those|they|ones|the list|the results|of these|of them|of those|which one)\b")
SINGULAR_REF = re.compile(r"\b(?:it|its|it's|that one|this one|that|this|the one)\b")
# "mirrorless only" at the end refines as "only mirrorless" does.
REFINE_LEAD = re.compile(r"^(?:only|just|what about|how about|and|with|without|but|now|also|any|show only|filter|narrow|make it|ones?)\b"
                         r"|\b(?:only|just)[\s?!.]*$")
# A bare two-digit number as the whole message ("what about 65"): after a list of screens, a size.
BARE_SIZE = re.compile(r"^(?:(?:what|how) about|and|or|maybe|only|just|any|try)?\s*(\d{2}(?:\.\d)?)(?:\s*(?:ones?|instead|then|too))?\s*[?!.]*$")
PICK_LEAD = re.compile(r"\b(?:which|what'?s|who|the one|one|pick|recommend|choose|should i)\b")


@dataclass
class Request:
    """What one message asks for, before the conversation is taken into account."""

    text: str
    constraints: Constraints = field(default_factory=Constraints)
    sort: str | None = None
    rank: int = 1  # which item of the sorted set is meant: 2 for "the second cheapest"
    ordinals: list = field(default_factory=list)
    plural_ref: bool = False
    singular_ref: bool = False
    models: list = field(default_factory=list)  # one phrase per model named ("pixel 9a", "iphone 17e")
    unknown_models: list = field(default_factory=list)  # model names no product holds ("xm6", "galaxy s99")
    lost_models: list = field(default_factory=list)  # a model whose words no product of its brand holds together
    pointed: list = field(default_factory=list)  # name words after "the" / "only" ("only the pro ones"), no model named

    def names_model(self):
        """True when the message names a model: model words, or more than one model."""
        return bool(self.constraints.text) or len(self.models) > 1

    def has_filters(self):
        """True when the message adds a constraint other than the category."""
        return bool(self.constraints.brands) or self.has_non_brand_filters()

    def has_non_brand_filters(self):
        """True when the message adds a constraint other than the category and wanted brands."""
        c = self.constraints
        return bool(c.excluded_brands or c.specs or c.text or c.min_rating is not None or c.max_rating is not None
                    or c.min_price is not None or c.max_price is not None)


def normalize(message):
    """Lower-case, NFKC-folded text with curly quotes and runs of white space tidied."""
    text = unicodedata.normalize("NFKC", message).lower()
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split())


def understand(message, brands, index=None):
    """Parse a message into a Request, given the catalog's brand names; with its index, model words too."""
    text = normalize(message)
    rest = text
    price, rest = parse_price(rest)
    max_rating, rest = parse_max_rating(rest)
    rating, rest = parse_rating(rest)
    rank, rest = parse_rank(rest)  # before the ordinals: "second" in "the second cheapest" is no list position
    ordinals, rest = parse_ordinals(rest)
    specs, rest = parse_specs(rest)
    category = find_category(text)
    wanted, excluded, spans, rest = read_brands(rest, brands)
    sort, rest = parse_sort(rest)
    constraints = Constraints(
        category=category, brands=tuple(wanted), excluded_brands=tuple(excluded),
        min_price=price[0] if price else None, max_price=price[1] if price else None,
        min_rating=rating, max_rating=max_rating, specs=specs,
    )
    models, unknown, pointed, lost = [], [], [], []
    if index is not None:
        names = blank_category_words(rest)
        groups = model_groups(text, rest, names, spans, index.is_name_word, index.is_line_word)
        models, unknown = [phrase for phrase, _ in groups], unknown_names(text, rest, spans, index.is_name_word)
        pointed = [] if groups else pointed_words(text, names, index.is_name_word)
        # Model words narrow the search only when they name one model, and only if they find something.
        named = groups[0][1] if len(groups) == 1 else None
        constraints = refine(index, Constraints(), replace(constraints, text=named))
        # refine keeps model words only when they find something, so only dropped ones can be lost.
        if named and not constraints.text and not index.has_match(Constraints(brands=constraints.brands, text=named)):
            lost = models  # "the a7 v": each word is in some name, but no product of the brand has them all
    return Request(text=text, constraints=constraints, sort=sort, rank=rank, ordinals=ordinals, models=models,
                   unknown_models=unknown, lost_models=lost, pointed=pointed, plural_ref=bool(PLURAL_REF.search(text)),
                   singular_ref=bool(SINGULAR_REF.search(rest)))


def in_context(request, focus, index):
    """The request read against the list in focus: words that point into it, a bare number that is a size.

    "only the pro ones" points at the list's models; "what about 65" after TVs is a screen size, not a price.
    """
    c = request.constraints
    size = BARE_SIZE.match(request.text)
    # Screens by their category ("tvs"), or by a size the list asked for when it named no category ("55 inch").
    screens = focus and ("screen_inches" in focus.constraints.specs
                         or index.has_spec(focus.constraints.category, "screen_inches"))
    if size and screens:
        specs = {**c.specs, "screen_inches": ["~", float(size.group(1))]}
        return replace(request, constraints=replace(c, min_price=None, max_price=None, specs=specs))
    # A message naming a brand or category, or a model of its own, is not about the list's own models.
    if not (focus and focus.list_ids and request.pointed) or c.text or request.models or c.category or c.brands:
        return request
    text = request.pointed[0] if len(request.pointed) == 1 else None
    return replace(request, constraints=replace(c, text=text), models=list(request.pointed))


def model_constraints(phrase, brands, index):
    """What one model phrase of a message asks for ("pixel 9a": Google, "9a"; "pro": "pro")."""
    constraints = understand(phrase, brands, index).constraints
    return constraints if constraints.text or constraints.brands else replace(constraints, text=phrase)
