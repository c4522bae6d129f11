"""Handlers of the acts that show a list: search, refine, pick, more (paging) and back (an earlier list)."""
from dataclasses import replace

from . import answers
from .base import Reply
from .metadata import ListRecord, TurnRecord
from .model_words import refine as refined
from .model_words import scoped
from .constraints import Constraints, has_sort_value, sort_order
from .search import RELEVANCE
from .targets import list_targets
from .turn import list_reply, new_list, nothing_to_refer, reply


def search(turn, request, intent="search", constraints=None, sort=None, lead=""):
    """A list answer: the first matches of the constraints in their sort order."""
    index = turn.index
    if constraints is None:
        c = request.constraints
        constraints = scoped(index, c, turn.focus) if request.names_model() else c
        sort = request.sort
    products, total = index.search(constraints, sort, turn.max_results)
    wanted = answers.describe(constraints)
    if not products:
        return Reply(intent, no_match(index, constraints, wanted))
    order = answers.sort_phrase(sort or (RELEVANCE if constraints.text else "-reviews"))
    if total > len(products):
        text = f"Here are {len(products)} of {total} {wanted}, {order}:"
    else:
        text = f"I found {total} {wanted}, {order}:" if total > 1 else f"I found one match for {wanted}:"
    listed = new_list(constraints, sort, products, total)
    return list_reply(intent, lead + text, products, listed, has_more=total > len(products))


def refine(turn, request):
    """The list in focus's search with the message's constraints added, or replacing the same attribute."""
    focus = turn.focus
    if not (focus and focus.list_ids):
        return nothing_to_refer("refine")
    # Without a sort word of its own, a refinement keeps the order the list was shown in.
    constraints = refined(turn.index, focus.constraints, request.constraints)
    return search(turn, request, "refine", constraints, request.sort or focus.sort)


def no_match(index, constraints, wanted):
    """Say nothing matched, and what the closest real option is."""
    hint = ""
    loose = Constraints(category=constraints.category, brands=constraints.brands)
    nearest, total = index.search(loose, "price", 1)
    if total and constraints.max_price is not None and nearest[0].price > constraints.max_price:
        hint = f" The cheapest {answers.describe(loose)} start at {answers.money(nearest[0].price)}."
    elif total:
        hint = " Try loosening a price, rating or spec limit."
    return f"I couldn't find any {wanted}.{hint}"


def pick(turn, request):
    """A superlative about the list in focus: a pick among the items it names, the list narrowed, or the page."""
    focus, index = turn.focus, turn.index
    if not request.sort:
        return Reply("pick", "Which do you mean by best: the cheapest, the best rated, or a spec such as battery?")
    if not (focus and focus.list_ids):
        return nothing_to_refer("pick")
    # "which is cheaper, the first or the third one?" picks between those two, not from the whole list.
    named = list_targets(index, request, focus)
    if len(named) > 1:
        return _pick(turn, request, named, "you named")
    same_category = replace(request.constraints, category=None) if (
        request.constraints.category == focus.constraints.category) else request.constraints
    narrowing = replace(request, constraints=same_category)
    if narrowing.has_filters() or same_category.category:
        if request.refs:
            return _pick(turn, request, index.find_all(focus.page_ids), "in the list")
        # "which is the cheapest samsung?": the list's search narrowed by the message, which becomes the list.
        constraints = refined(index, focus.constraints, same_category)
        pool, wanted = index.matching(constraints), answers.describe(constraints)
        if not pool:
            return Reply("refine", no_match(index, constraints, wanted))
        return _pick(turn, request, pool, f"matching {wanted}", constraints)
    return _pick(turn, request, index.find_all(focus.page_ids), "in the list")


def _pick(turn, request, pool, where, narrowed=None):
    """The pool's product at the request's rank by its sort, shown first with the runner-up named.

    With `narrowed`, the constraints that found the pool, the products shown become the list in focus.
    """
    sort, intent = request.sort, "refine" if narrowed else "pick"
    ranked_pool = [p for p in pool if has_sort_value(p, sort)]
    if not ranked_pool:
        return Reply("pick", f"None of the products {where} record {answers.sort_subject(sort)}.")
    key, reverse = sort_order(sort)  # best reviews: rating, then review count
    ranked = sorted(ranked_pool, key=key, reverse=reverse)
    if request.rank > len(ranked):
        return Reply(intent, f"There {'is only one' if len(ranked) == 1 else f'are only {len(ranked)}'} {where}.")
    best = ranked[request.rank - 1]  # "the second cheapest": shown first, the others in order after it
    ranked = ([best] + [p for p in ranked if p is not best])[:turn.max_results]
    if len(ranked_pool) == 1:
        text = answers.only_sentence(best, where)
    else:
        text = answers.pick_sentence(best, sort, f"the {len(ranked_pool)} {where}", request.rank)
    if len(ranked) > 1 and request.rank == 1:
        text += f" Next is {answers.brief(ranked[1], sort)}."
    if narrowed:
        shown = f"Here are {len(ranked)} of them" if len(ranked_pool) > len(ranked) else "All of them"
        order = answers.sort_phrase(sort)
        order = order if request.rank == 1 else f"it first, then the others {order}"
        listed = ListRecord(ids=[p.id for p in ranked], constraints=narrowed.to_dict(), sort=sort, total=len(pool))
        return list_reply(intent, f"{text} {shown}, {order}:", ranked, listed)
    record = TurnRecord(intent="pick", display="pick", shown=[p.id for p in ranked], product=best.id,
                        recommended=best.id)
    return reply("pick", text, ranked, record, ["Tell me more about it", "What do people say about it?", "How much is it?"])


def more(turn, request):
    """The next (or previous) page of the list in focus, numbered on from it."""
    focus, index = turn.focus, turn.index
    if not (focus and focus.list_ids):
        return nothing_to_refer("more")
    page_size = turn.max_results
    if request.page == "previous":
        if focus.offset == 0:
            return Reply("more", "This is already the first page of the list.")
        ids, offset = focus.list_ids[:focus.offset], max(0, focus.offset - page_size)
        products = index.find_all(ids[offset:])
        total = focus.total or len(focus.list_ids)
    else:
        offset = len(focus.list_ids)
        found, total = index.search(focus.constraints, focus.sort, offset + page_size)
        products = found[offset:]
        if not products:
            return Reply("more", f"That's the whole list: I found {total} and showed them all.")
        ids = focus.list_ids + [p.id for p in products]
    wanted = answers.describe(focus.constraints)
    first, last = offset + 1, offset + len(products)
    lead = f"Here are {first}-{last} of {total} {wanted}, {answers.sort_phrase(focus.sort or '-reviews')}:"
    listed = ListRecord(ids=ids, constraints=focus.constraints.to_dict(), sort=focus.sort, offset=offset, total=total)
    return list_reply("more", lead, products, listed, has_more=total > last)


def back(turn, request):
    """An earlier list of the window brought back as the list in focus ("the tablets from before")."""
    state, c = turn.state, request.constraints
    lists = state.earlier
    if c.category or c.brands:
        lists = [f for f in [state.focus] + state.earlier if f and f.list_ids and _names_list(f, c)]
    if not lists:
        lead = f"I hadn't shown {answers.describe(c)} before in this conversation. " if c.category else ""
        return search(turn, request, lead=lead) if c.category or c.brands else nothing_to_refer("back")
    earlier = lists[0]
    products = turn.index.find_all(earlier.page_ids)
    listed = ListRecord(ids=earlier.list_ids, constraints=earlier.constraints.to_dict(), sort=earlier.sort,
                        offset=earlier.offset, total=earlier.total)
    lead = f"Back to the {answers.describe(earlier.constraints)} from before:"
    return list_reply("back", lead, products, listed, has_more=(earlier.total or 0) > len(earlier.list_ids))


def _names_list(focus, constraints):
    """True when a list was found with the category and brands the message names."""
    found = focus.constraints
    return (not constraints.category or found.category == constraints.category) and set(constraints.brands) <= set(found.brands)
