"""Handlers of the acts about items: details, reviews, price, compare, yes/no, and a model the catalog lacks."""
from . import answers
from .base import Reply
from .metadata import TurnRecord
from .model_words import scoped
from .constraints import Constraints, has_sort_value, sort_order
from .targets import closest_names, targets
from .turn import nothing_to_refer, reply


def details(turn, request):
    """A product's price, rating and specs."""
    return _about_one(turn, request, "details")


def reviews(turn, request):
    """A product's rating and review snippets."""
    return _about_one(turn, request, "reviews")


def _about_one(turn, request, intent):
    focus, index = turn.focus, turn.index
    found = targets(index, request, focus)[0]
    if focus and request.refs and not found:
        return Reply(intent, out_of_range(focus))
    found = found or index.find_all([focus.product_id] if focus and focus.product_id else [])
    if not found:
        return nothing_to_refer(intent)
    product = found[0]
    text = answers.reviews_text(product) if intent == "reviews" else answers.details_text(product)
    record = TurnRecord(intent=intent, display=intent, shown=[product.id], product=product.id)
    follow = "Tell me more about it" if intent == "reviews" else "What do people say about it?"
    lead, _, body = text.partition("\n")
    return reply(intent, lead, [product], record, [follow, "How much is it?"], body)


def out_of_range(focus):
    """The answer to an ordinal that points at nothing in the list in focus."""
    numbers = focus.numbers()
    if not numbers:
        return nothing_to_refer("details").answer
    noun = "product" if len(numbers) == 1 else "products"
    return f"The list I showed has {len(numbers)} {noun}; pick a number from {numbers[0]} to {numbers[-1]}."


def price(turn, request):
    """The price of the product(s) the message points at, or of the page in focus."""
    focus, index = turn.focus, turn.index
    if focus and focus.list_ids and request.plural_ref and not request.refs and not request.names_model():
        found = index.find_all(focus.page_ids)
    else:
        found = targets(index, request, focus)[0]
    if len(found) > 1:
        c = request.constraints
        where = "you asked about" if request.refs or c.brands or request.names_model() else "in the list"
        body = "\n".join(f"- {p.name}: {answers.money(p.price)}" for p in found)
        record = TurnRecord(intent="price", display="list", shown=[p.id for p in found])
        return reply("price", f"Prices of the {len(found)} {where}:", found, record, body=body)
    if focus and request.refs and not found:
        return Reply("price", out_of_range(focus))
    found = found or index.find_all([focus.product_id] if focus and focus.product_id else [])
    if not found:
        return nothing_to_refer("price")
    product = found[0]
    text = f"{product.name} costs {answers.money(product.price)} (rated {answers.rating_phrase(product)})."
    record = TurnRecord(intent="price", display="pick", shown=[product.id], product=product.id)
    return reply("price", text, [product], record, ["Tell me more about it", "What do people say about it?"])


def compare(turn, request):
    """Products side by side: those named, the product in focus and one named, or the first of the list."""
    focus, index = turn.focus, turn.index
    products, missing = targets(index, request, focus)
    if missing:  # never compare something else in place of a model the catalog does not have
        names, them = " or ".join(f'"{name}"' for name in missing), "them" if missing[1:] else "it"
        return Reply("compare", f"I couldn't find {names} in the catalog, so I can't compare {them}. "
                                "Try the model's full name, e.g. \"Sony WH-1000XM6\".")
    if not focus and len(products) < 2:
        return nothing_to_refer("compare")
    # "compare it with the iphone 17", "compare with the bose": the product in focus and the one named.
    named = request.singular_ref or request.models or request.constraints.brands
    if len(products) < 2 and named and focus.product_id:
        products = index.find_all([focus.product_id]) + [p for p in products if p.id != focus.product_id]
    if len(products) < 2 and focus.list_ids:
        page = focus.page_ids
        products = index.find_all(page[:2] if not request.plural_ref else page[:4])
    if len(products) < 2:
        return Reply("compare", "I need at least two products to compare; ask for a list first, e.g. \"tablets under $500\".")
    record = TurnRecord(intent="compare", display="compare", shown=[p.id for p in products])
    lead, body = answers.comparison_summary(products)
    return reply("compare", lead, products, record, ["Which has the best reviews?", "Which is the cheapest?"], body)


def yes_no(turn, request):
    """Whether the first item named is ahead of the second by the criterion: "Yes" or "No", then the figures."""
    focus, index = turn.focus, turn.index
    if not (focus and focus.list_ids):
        return nothing_to_refer("yes_no")
    refs = request.refs or ([0] if request.singular_ref else [])
    ids = [focus.product_id if n == 0 else focus.position(n) for n in refs[:2]]
    if len(ids) < 2 or None in ids:
        return Reply("yes_no", out_of_range(focus))
    first, second = index.find_all(ids)
    sort = request.sort
    if not (has_sort_value(first, sort) and has_sort_value(second, sort)):
        return Reply("yes_no", f"I can't tell: not both record {answers.sort_subject(sort)}.")
    key, reverse = sort_order(sort)
    a, b = key(first)[0], key(second)[0]
    ahead = a > b if reverse else a < b
    verdict = "Yes" if ahead else "No"
    same = " They are the same on that." if a == b else ""
    text = (f"{verdict}. {first.name}: {answers.sort_value(first, sort)}; {second.name}: "
            f"{answers.sort_value(second, sort)}.{same}")
    record = TurnRecord(intent="yes_no", display="compare", shown=[first.id, second.id])
    return reply("yes_no", text, [first, second], record, ["Compare them", "Which is the cheapest?"])


def not_found(turn, request, name):
    """Say plainly that a model is not in the catalog and which real ones come closest; show no other product."""
    c, index = request.constraints, turn.index
    close = closest_names(index, name, scoped(index, Constraints(category=c.category, brands=c.brands), turn.focus))
    intent = request.act if request.act in ("reviews", "price", "details") else "search"
    text = f'I couldn\'t find "{name}" in the catalog.'
    text += f" The closest I have: {'; '.join(p.name for p in close)}." if close else ""
    return Reply(intent, text, suggestions=[p.name for p in close])
