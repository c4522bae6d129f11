"""Model words: what a message says that is neither understood by the parsers nor chat, but occurs in product
names ("wh-1000xm6", "air", "s24 fe"). They become a search's text constraint, used only when they find something.
"""
from dataclasses import replace

from .search import words

# Words that never name a model, even where a product's name holds them ("AirPods 4 with Active Noise
# Cancellation", "JBL Tour One", "Nikon Z5 II (Body Only)", "Soundcore Life Q20"): chat, and (last line)
# features that many products have though few names say so ("5g phones" are not only the "... 5G" ones).
STOP_WORDS = frozenset("""
    a an the and or but not no of for with without to in on at by from about as than then so too very really just
    only also even more most less much many some any all every each both other another such same
    i me my we us our you your it its this that these those they them their one ones
    what which who how when where why is are was were be been am do does did have has had can could would should
    will may might must get go want need like looking look find show see give tell buy recommend suggest please
    good great nice best better top new latest decent solid cheap long high low big small light fast
    price prices cost review reviews rating ratings star stars option options item items product products model
    models thing things something anything detail details spec specs info
    gaming true active noise life led 5g
""".split())


def _weak(word):
    """A bare number or a single letter: a count, a size or an initial unless beside a brand or a model word."""
    return word.isdigit() or len(word) == 1


def model_words(rest, is_name_word, brand_named=False):
    """The words of `rest` (the message with what the parsers understood blanked) that name models, or None.

    Weak words alone ("show me 3 laptops") count only when the message names a brand ("pixel 10").
    """
    found = [word for word in words(rest) if word not in STOP_WORDS and is_name_word(word)]
    if not brand_named and all(_weak(word) for word in found):
        return None
    return " ".join(dict.fromkeys(found)) or None


def refine(index, base, newer):
    """`base` refined by `newer`, without newer's model words when they would leave no product at all."""
    refined = base.refined_by(newer)
    if newer.text and not index.search(refined, None, 1)[1]:
        return base.refined_by(replace(newer, text=None))  # a stray word must not turn a working query into nothing
    return refined


def named_product(index, constraints, list_ids=()):
    """The product the constraints' model words name: the first match in the list in focus, else the closest."""
    if not constraints.text:
        return None
    matching = index.matching_ids(constraints)
    in_list = next((i for i in list_ids if i in matching), None)
    if in_list:
        return index.get(in_list)
    found, _ = index.search(constraints, None, 1)
    return found[0] if found else None
