"""What a follow-up points at: items of the list in focus by number or brand, and the models it names."""
import re
from dataclasses import replace

from .model_words import scoped
from .search import words


def brand_items(index, request, focus):
    """Ids of the first item of each brand the message names, in the list in focus (and its category, if it names one)."""
    if not (focus and focus.list_ids):
        return []
    category = request.constraints.category  # "the iphone" is the list's Apple phone, not its MacBook
    ids = [next((i for i in focus.list_ids if (p := index.get(i)) and p.brand == brand
                 and category in (None, p.category)), None) for brand in request.constraints.brands]
    return [i for i in ids if i]


def named_models(index, request, focus):
    """(one product per model the message names, the names that match nothing).

    A model said by a product's catalog name is that product. Any other is the first match in the list in focus,
    else the closest in the catalog; a model named without a brand or category stays within those in focus when it can.
    """
    if len(request.models) > 1:
        wanted = list(zip(request.models, request.model_constraints))
    else:
        wanted = [(phrase, request.constraints) for phrase in request.models]
    found, missing = [], list(request.unknown_models)
    list_ids = focus.list_ids if focus else ()
    for phrase, constraints in wanted:
        said = request.named.get(phrase)  # said by its catalog name: that product, wherever the list in focus is
        product = index.get(said) if said else index.first_match(scoped(index, constraints, focus), list_ids)
        if product:
            found.append(product)
        else:
            missing.append(phrase)
    return found, missing


def brand_products(index, request, focus, taken=()):
    """One product per brand the message names: the list's first of that brand, else the closest in the catalog.

    A product among the ids already `taken` is left out: "the first one and the sony", when the first is that Sony,
    names one product, not two.
    """
    in_list = {index.get(i).brand: i for i in brand_items(index, request, focus)}
    found = []
    for brand in request.constraints.brands:
        product = index.get(in_list[brand]) if brand in in_list else index.first_match(
            scoped(index, replace(request.constraints, brands=(brand,)), focus))
        found += [product] if product and product.id not in taken else []
    return found


def targets(index, request, focus):
    """(products the message points at, model names that match nothing).

    Ordinals first, then the models it names, else the brands it names.
    """
    ids = [i for i in (focus.position(n) for n in request.refs) if i] if focus else []
    named, missing = named_models(index, request, focus)
    ids += [p.id for p in (named if request.models else brand_products(index, request, focus, ids))]
    return index.find_all(dict.fromkeys(ids)), missing  # a product said twice is one product


def list_targets(index, request, focus):
    """The items of the list in focus the message points at, by number, model or brand."""
    in_list = set(focus.list_ids) if focus else set()
    return [p for p in targets(index, request, focus)[0] if p.id in in_list]


def closest_names(index, phrase, constraints, count=3):
    """Up to `count` products within the constraints whose names come closest to a model name no product holds.

    Each word of the phrase a name holds counts, and a code's letters and number count apart: "a7 v" is closest to
    "Alpha 7 V" (a word starting with "a", "7", "v"). The brand is left out: every product of it would match.
    """
    parts = []
    for word in words(phrase):
        code = re.fullmatch(r"([a-z]+)-?(\d[a-z\d]*)", word)
        parts.append(lambda name, w=word: w in name)
        if code:
            letters, number = code.groups()
            parts += [lambda name, l=letters: any(w.startswith(l) for w in name), lambda name, n=number: n in name]
    scored = []
    for product in index.matching(constraints):
        name = set(words(product.name)) - set(words(product.brand))
        score = sum(part(name) for part in parts)
        if score:
            scored.append((-score, -product.review_count, product.id, product))
    return [product for *_, product in sorted(scored)[:count]]
