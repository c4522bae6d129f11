"""The bundled shopping assistant: answers from the product catalog, offline, and resolves follow-ups."""
import re
from dataclasses import replace

from . import answers
from .base import Assistant, Reply
from .focus import focus_of, user_questions
from .model_words import refine, scoped
from .search import RELEVANCE, SORTS, Constraints
from .targets import brand_items, closest_names, list_targets, targets
from .understanding import (
    COMPARE, DETAILS, GREETING, HELP, HISTORY, PICK_LEAD, PRICE, REFINE_LEAD, REVIEWS, THANKS,
    in_context, understand,
)

CAPABILITIES = ("I can find laptops, phones, headphones, monitors, TVs, tablets, cameras and smartwatches "
                "by price, brand, rating and specs; then pick the cheapest or best reviewed, compare them, "
                "show details and reviews. Try \"laptops under $1000\" or \"noise cancelling headphones\".")
NOTHING_TO_REFER = ("I don't have any products in this conversation to refer to yet. Ask for some first, "
                    "for example \"show me laptops under $1000\", and then follow up.")
LIST_SUGGESTIONS = ["Which has the best reviews?", "Compare the first two", "Which is the cheapest?"]


def with_list_positions(reply, focus):
    """The reply with, for an answer about items of the list in focus, each shown item's number in that list.

    A pick shows the picked product first, but "the second one" still means the list's second: the page
    labels each card with its number in the list, so what the shopper reads is what an ordinal refers to.
    """
    shown = reply.metadata.get("shown")
    if not shown or "list" in reply.metadata or not (focus and focus.list_ids):
        return reply
    numbers = {product_id: n for n, product_id in enumerate(focus.list_ids, start=1)}
    return replace(reply, metadata={**reply.metadata, "positions": [numbers.get(i) for i in shown]})


class CatalogAssistant(Assistant):
    """Answers shopping questions from a ProductIndex; follow-ups use the window's stored metadata."""

    def __init__(self, index):
        self.index = index

    def reply(self, message, history, max_results=5):
        focus = focus_of(history, known=self.index.get)
        return with_list_positions(self._answer(message, focus, history, max_results), focus)

    def _answer(self, message, focus, history, max_results):
        request = in_context(understand(message, self.index.brands, self.index), focus, self.index)
        text = request.text
        if not text:
            return self._unknown()
        if GREETING.match(text):
            return Reply("greeting", "Hello! I'm your shopping assistant. " + CAPABILITIES)
        if THANKS.match(text):
            return Reply("thanks", "You're welcome! Ask me anything else about products whenever you like.")
        if HISTORY.search(text):
            return self._history(text, history)
        if HELP.search(text) and not request.constraints.category:
            return Reply("help", CAPABILITIES)
        if COMPARE.search(text):
            return self._compare(request, focus)
        # "galaxy s99": a model said as such (beside name words, or as the subject) that no product is; "how much is the
        # a7 v": a model asked about whose words no product has together. A search just ignores such words instead.
        missing = [name for name in request.unknown_models if " " in name or not request.constraints.category]
        missing += request.lost_models if REVIEWS.search(text) or PRICE.search(text) or DETAILS.search(text) else []
        if missing:
            return self._not_found(missing[0], request, focus)
        if REVIEWS.search(text) and not request.sort:
            return self._about_one(request, focus, "reviews")
        named = request.names_model()  # "how much is the iphone 17?"
        # "how much is the iphone?" with an iPhone in the list: its price, though "iphone" names a category too.
        if PRICE.search(text) and not request.sort and (named or self._names_list_items(request, focus) or not (
                request.constraints.category or request.has_filters())):
            return self._price(request, focus)
        if DETAILS.search(text) and (named or not request.constraints.category):
            return self._about_one(request, focus, "details")
        if request.sort and not request.constraints.category and self._is_pick(request, focus):
            return self._pick_from_focus(request, focus, max_results)
        if request.constraints.category:
            if self._narrows_focus_category(request, focus):
                return self._refine(request, focus, max_results)
            return self._search(request.constraints, request.sort, max_results)
        if named and request.singular_ref and focus:
            return self._about_one(request, focus, "details")  # "does it come in 46mm?" is about the focus
        if request.has_filters() or (request.sort and REFINE_LEAD.search(text)):
            if focus and focus.list_ids and not self._names_new_model(request):
                return self._refine(request, focus, max_results)
            if named or (request.constraints.brands and not REFINE_LEAD.search(text)):
                constraints = scoped(self.index, request.constraints, focus) if named else request.constraints
                return self._search(constraints, request.sort, max_results)
            return Reply("refine", NOTHING_TO_REFER)
        if request.ordinals or request.singular_ref:
            return self._about_one(request, focus, "details")
        if request.plural_ref or request.sort:
            return Reply("unknown", NOTHING_TO_REFER) if not focus else self._unknown()
        return self._unknown()

    def _unknown(self):
        return Reply("unknown", "Sorry, I didn't catch that. " + CAPABILITIES)

    def _is_pick(self, request, focus):
        """A superlative about the list in focus ("which is cheapest?") rather than a new sorted search."""
        return bool(focus and focus.list_ids) or bool(PICK_LEAD.search(request.text) or request.plural_ref)

    def _narrows_focus_category(self, request, focus):
        """'only Dell laptops' after 'laptops under $1000': the same category, led by a refining word."""
        return bool(focus and focus.list_ids and request.constraints.category == focus.constraints.category
                    and REFINE_LEAD.search(request.text))

    def _names_new_model(self, request):
        """A model named without a refining word ("pixel 9a", not "only the pro ones"): a new search, as a category."""
        return bool(request.constraints.text) and not (REFINE_LEAD.search(request.text) or request.plural_ref)

    def _refine(self, request, focus, max_results):
        """The list in focus's search with the message's constraints added or replacing the same attribute."""
        # Without a sort word of its own, a refinement keeps the order the list was shown in.
        return self._search(refine(self.index, focus.constraints, request.constraints), request.sort or focus.sort,
                            max_results, "refine")

    def _names_list_items(self, request, focus):
        """True when the message's only filter is brands that items of the list in focus have ("the lenovo", "the iphone")."""
        return not request.has_non_brand_filters() and bool(brand_items(self.index, request, focus))

    def _search(self, constraints, sort, max_results, intent="search"):
        """A list answer: the first `max_results` matches of the constraints in `sort` order."""
        products, total = self.index.search(constraints, sort, max_results)
        wanted = answers.describe(constraints)
        if not products:
            return Reply(intent, self._no_match(constraints, wanted))
        order = answers.SORT_PHRASES[sort or (RELEVANCE if constraints.text else "-reviews")]
        if total > len(products):
            lead = f"Here are {len(products)} of {total} {wanted}, {order}:"
        else:
            lead = f"I found {total} {wanted}, {order}:" if total > 1 else f"I found one match for {wanted}:"
        return self._list_reply(intent, lead, products, constraints, sort)

    def _list_reply(self, intent, lead, products, constraints, sort):
        """A reply showing `products` as the new list in focus, numbered as shown, found by `constraints` and `sort`."""
        metadata = {"intent": intent, "display": "list", "shown": [p.id for p in products],
                    "list": {"ids": [p.id for p in products], "constraints": constraints.to_dict(), "sort": sort}}
        return Reply(intent, f"{lead}\n{answers.numbered(products)}", products, metadata, self._suggest(products, constraints))

    def _no_match(self, constraints, wanted):
        """Say nothing matched, and what the closest real option is."""
        hint = ""
        loose = Constraints(category=constraints.category, brands=constraints.brands)
        nearest, total = self.index.search(loose, "price", 1)
        if total and constraints.max_price is not None and nearest[0].price > constraints.max_price:
            hint = f" The cheapest {answers.describe(loose)} start at {answers.money(nearest[0].price)}."
        elif total:
            hint = " Try loosening a price, rating or spec limit."
        return f"I couldn't find any {wanted}.{hint}"

    def _suggest(self, products, constraints):
        """Follow-ups worth a click after a list."""
        suggestions = list(LIST_SUGGESTIONS) if len(products) > 1 else ["Tell me more about it", "What do people say about it?"]
        other_brands = [p.brand for p in products if p.brand not in constraints.brands]
        if len(products) > 2 and other_brands and not constraints.brands:
            suggestions[2] = f"Only {other_brands[0]} ones"
        return suggestions[:3]

    def _pick_from_focus(self, request, focus, max_results):
        """A superlative about the list in focus: a pick among the items it names, the list narrowed, or the list."""
        if not focus or not focus.list_ids:
            return Reply("pick", NOTHING_TO_REFER)
        # "which is cheaper, the first or the third one?" picks between those two, not from the whole list.
        named = list_targets(self.index, request, focus)
        if len(named) > 1:
            return self._pick(request, named, "you named", max_results)
        if request.has_filters() and not request.ordinals:
            # "which is the cheapest samsung?": the list's search narrowed by the message, which becomes the list.
            constraints = refine(self.index, focus.constraints, request.constraints)
            pool, wanted = self.index.matching(constraints), answers.describe(constraints)
            if not pool:
                return Reply("refine", self._no_match(constraints, wanted))
            return self._pick(request, pool, f"matching {wanted}", max_results, constraints)
        return self._pick(request, self.index.find_all(focus.list_ids), "in the list", max_results)

    def _pick(self, request, pool, where, max_results, refined=None):
        """The pool's product at the request's rank by its sort, shown first with the runner-up named.

        `where` says what the pool is ("in the list"); with `refined`, the constraints that found the pool, the
        products shown become the list in focus.
        """
        intent = "refine" if refined else "pick"
        key, reverse = SORTS[request.sort]  # best reviews: rating, then review count
        ranked = sorted(pool, key=key, reverse=reverse)
        if request.rank > len(ranked):
            return Reply(intent, f"There {'is only one' if len(ranked) == 1 else f'are only {len(ranked)}'} {where}.")
        best = ranked[request.rank - 1]  # "the second cheapest": shown first, the others in order after it
        ranked = ([best] + [p for p in ranked if p is not best])[:max_results]
        if len(pool) == 1:
            text = answers.only_sentence(best, where)
        else:
            text = answers.pick_sentence(best, request.sort, f"the {len(pool)} {where}", request.rank)
        if len(ranked) > 1 and request.rank == 1:
            runner = ranked[1]
            text += f" Next is {runner.name} ({answers.money(runner.price)}, {runner.rating:.1f})."
        if refined:
            shown = f"Here are {len(ranked)} of them" if len(pool) > len(ranked) else "All of them"
            order = answers.SORT_PHRASES[request.sort]
            order = order if request.rank == 1 else f"it first, then the others {order}"
            return self._list_reply(intent, f"{text} {shown}, {order}:", ranked, refined, request.sort)
        metadata = {"intent": "pick", "display": "pick", "shown": [p.id for p in ranked], "product": best.id}
        return Reply("pick", text, ranked, metadata, ["Tell me more about it", "What do people say about it?", "How much is it?"])

    def _about_one(self, request, focus, intent):
        found = targets(self.index, request, focus)[0]
        if focus and request.ordinals and not found:
            return Reply(intent, self._out_of_range(focus))
        found = found or self.index.find_all([focus.product_id] if focus else [])
        if not found:
            return Reply(intent, NOTHING_TO_REFER)
        product = found[0]
        text = answers.reviews_text(product) if intent == "reviews" else answers.details_text(product)
        metadata = {"intent": intent, "display": intent, "shown": [product.id], "product": product.id}
        follow = "Tell me more about it" if intent == "reviews" else "What do people say about it?"
        return Reply(intent, text, [product], metadata, [follow, "How much is it?"])

    def _not_found(self, name, request, focus):
        """Say plainly that a model is not in the catalog and which real ones come closest; show no other product."""
        c = request.constraints
        close = closest_names(self.index, name, scoped(self.index, Constraints(category=c.category, brands=c.brands), focus))
        intent = next((intent for intent, words in (("reviews", REVIEWS), ("price", PRICE), ("details", DETAILS))
                       if words.search(request.text)), "search")
        text = f'I couldn\'t find "{name}" in the catalog.'
        text += f" The closest I have: {'; '.join(p.name for p in close)}." if close else ""
        return Reply(intent, text, suggestions=[p.name for p in close])

    def _out_of_range(self, focus):
        """The answer to an ordinal that points at nothing in the list in focus."""
        count = len(focus.list_ids)
        if not count:
            return NOTHING_TO_REFER
        noun = "product" if count == 1 else "products"
        return f"The list I showed has {count} {noun}; pick a number from 1 to {count}."

    def _price(self, request, focus):
        if focus and request.plural_ref and not request.ordinals and not request.names_model():
            found = self.index.find_all(focus.list_ids)
        else:
            found = targets(self.index, request, focus)[0]
        if len(found) > 1:
            c = request.constraints
            where = "you asked about" if request.ordinals or c.brands or request.names_model() else "in the list"
            lines = "\n".join(f"- {p.name}: {answers.money(p.price)}" for p in found)
            metadata = {"intent": "price", "display": "list", "shown": [p.id for p in found]}
            return Reply("price", f"Prices of the {len(found)} {where}:\n{lines}", found, metadata)
        found = found or self.index.find_all([focus.product_id] if focus else [])
        if not found:
            return Reply("price", NOTHING_TO_REFER)
        product = found[0]
        text = f"{product.name} costs {answers.money(product.price)} (rated {answers.rating_phrase(product)})."
        metadata = {"intent": "price", "display": "pick", "shown": [product.id], "product": product.id}
        return Reply("price", text, [product], metadata, ["Tell me more about it", "What do people say about it?"])

    def _compare(self, request, focus):
        products, missing = targets(self.index, request, focus)
        if missing:  # never compare something else in place of a model the catalog does not have
            names, them = " or ".join(f'"{name}"' for name in missing), "them" if missing[1:] else "it"
            return Reply("compare", f"I couldn't find {names} in the catalog, so I can't compare {them}. "
                                    "Try the model's full name, e.g. \"Sony WH-1000XM6\".")
        if not focus and len(products) < 2:
            return Reply("compare", NOTHING_TO_REFER)
        # "compare it with the iphone 17", "compare with the bose": the product in focus and the one named.
        named = request.singular_ref or request.models or request.constraints.brands
        if len(products) < 2 and named and focus.product_id:
            products = self.index.find_all([focus.product_id]) + [p for p in products if p.id != focus.product_id]
        if len(products) < 2:
            products = self.index.find_all(focus.list_ids[:2] if not request.plural_ref else focus.list_ids[:4])
        if len(products) < 2:
            return Reply("compare", "I need at least two products to compare; ask for a list first, e.g. \"tablets under $500\".")
        metadata = {"intent": "compare", "display": "compare", "shown": [p.id for p in products]}
        return Reply("compare", answers.comparison_summary(products), products, metadata,
                     ["Which has the best reviews?", "Which is the cheapest?"])

    def _history(self, text, history):
        questions = user_questions(history)
        if not questions:
            return Reply("history", "You haven't asked me anything yet in this conversation.")
        if re.search(r"\bfirst\b|\boriginal\b", text):
            answer = f"Your first question (that I still remember) was: \"{questions[0]}\""
        elif re.search(r"\b(?:last|previous|before|earlier)\b", text) and not re.search(r"\bhave\b|\bquestions\b", text):
            answer = f"Before this, you asked: \"{questions[-1]}\""
        else:
            answer = "You asked:\n" + "\n".join(f"{i}. {q}" for i, q in enumerate(questions, start=1))
        return Reply("history", answer)
