"""The catalog's tools as a model calls them: the catalog assistant's answers, records and state; the turn's reply."""
import json

import pytest

from webapp.assistant import CatalogAssistant, ProductIndex, load_catalog
from webapp.assistant.llm_tools import TOOLS, ToolBox, ToolError
from webapp.assistant.metadata import read_record
from webapp.assistant.openai_assistant import worded
from webapp.config import BUNDLED_CATALOG
from webapp.memory import Message


@pytest.fixture(scope="module")
def index():
    return ProductIndex(load_catalog(BUNDLED_CATALOG))


def call(box, name, **args):
    return box.call(name, json.dumps(args))


def turn_messages(question, reply):
    """The stored pair of a finished turn, as the chat service appends it."""
    return [Message("user", question), Message("assistant", reply.answer, metadata=reply.metadata)]


def test_every_tool_has_a_json_schema_of_its_arguments():
    for tool in TOOLS:
        function = tool["function"]
        assert function["parameters"]["type"] == "object" and function["description"]
        assert set(function["parameters"].get("required", [])) <= set(function["parameters"]["properties"])


def test_a_search_answers_as_the_catalog_assistant_does(index):
    box = ToolBox(index, [], 5)
    text = call(box, "search_products", category="laptops", max_price=1000)
    own = CatalogAssistant(index).reply("laptops under $1000", [], 5)
    assert text == own.answer
    assert [p.id for p in box.reply.products] == [p.id for p in own.products]
    assert read_record(box.reply.metadata).list.ids == [p.id for p in own.products]


def test_a_pick_in_the_same_turn_picks_from_the_list_just_found(index):
    box = ToolBox(index, [], 5)
    call(box, "search_products", category="tablets")
    listed = box.reply.products
    call(box, "pick_from_list", sort="price")
    cheapest = min(listed, key=lambda p: (p.price, p.id))
    assert box.reply.products[0] == cheapest and box.reply.intent == "pick"
    assert read_record(box.reply.metadata).product == cheapest.id


def test_the_second_one_in_a_later_turn_is_the_stored_lists_second(index):
    first = ToolBox(index, [], 5)
    call(first, "search_products", category="headphones", brands=["sony"])
    history = turn_messages("sony headphones", first.reply)
    later = ToolBox(index, history, 5)
    call(later, "product_details", position=2)
    assert later.reply.products == [first.reply.products[1]] and later.reply.intent == "details"
    # "it" afterwards: the product in focus is the one just described
    after = ToolBox(index, history + turn_messages("the second one?", later.reply), 5)
    call(after, "product_reviews")
    assert after.reply.products == [first.reply.products[1]]


def test_a_refinement_keeps_the_earlier_search(index):
    first = ToolBox(index, [], 5)
    call(first, "search_products", category="cameras", max_price=1500)
    later = ToolBox(index, turn_messages("cameras under $1500", first.reply), 5)
    call(later, "search_products", brands=["Canon"], refine=True)
    assert later.reply.products and all(p.category == "cameras" and p.brand == "Canon" and p.price <= 1500
                                        for p in later.reply.products)


def test_compare_without_positions_compares_the_first_two(index):
    first = ToolBox(index, [], 5)
    call(first, "search_products", category="monitors")
    later = ToolBox(index, turn_messages("monitors", first.reply), 5)
    call(later, "compare_products", positions=[1, 3])
    shown = first.reply.products
    assert later.reply.products == [shown[0], shown[2]] and later.reply.display == "compare"


@pytest.mark.parametrize("name, arguments", [
    ("search_products", '{"category": "boats"}'),
    ("search_products", '{"brands": ["NoSuchBrand"]}'),
    ("search_products", '{"max_price": "cheap"}'),
    ("search_products", '{"sort": "colour"}'),
    ("pick_from_list", '{"sort": "price", "rank": 0}'),
    ("pick_from_list", '{}'),
    ("pick_from_list", '{"sort": "string"}'),  # a spec no product records (SmolLM2-135M's pick)
    ("compare_products", '{"positions": ["first"]}'),
    ("product_details", '{"position": true}'),
    ("search_products", "not json"),
    ("search_products", "[1]"),
    ("buy_now", "{}"),
])
def test_a_malformed_call_is_a_tool_error(index, name, arguments):
    with pytest.raises(ToolError):
        ToolBox(index, [], 5).call(name, arguments)


def test_grounded_words_lead_and_the_catalogs_lines_stay_in_the_stored_text(index):
    box = ToolBox(index, [], 5)
    call(box, "search_products", category="laptops", max_price=1000)
    cheapest = min(box.reply.products, key=lambda p: p.price)
    words = f"The {cheapest.name} is the cheapest at ${cheapest.price:,}."
    reply = worded(words, box.reply, ["laptops under 1000", box.reply.answer])
    assert reply.answer.startswith(words) and reply.answer.endswith(box.reply.answer.split("\n", 1)[1])
    assert reply.metadata["lead"] == words and reply.products == box.reply.products


def test_an_invented_figure_gives_the_catalogs_answer(index):
    box = ToolBox(index, [], 5)
    call(box, "search_products", category="laptops")
    reply = worded("The first one is rated 5.6 stars!", box.reply, ["laptops", box.reply.answer])
    assert reply == box.reply


def test_no_words_give_the_catalogs_answer(index):
    catalog = CatalogAssistant(index).reply("cheapest tv", [], 5)
    assert worded("", catalog, ["cheapest tv", catalog.answer]) == catalog


def test_small_talk_keeps_the_models_words_and_the_catalogs_intent(index):
    catalog = CatalogAssistant(index).reply("hello", [], 5)
    reply = worded("Hello! What are you shopping for?", catalog, ["hello"])
    assert reply.answer == "Hello! What are you shopping for?" and reply.intent == catalog.intent == "greeting"
