"""What a language model is sent (window within budget, never half a pair) and what it may say (grounding)."""
import pytest

from webapp.assistant.llm_grounding import figures, grounded, invented_arguments, ungrounded_figures
from webapp.assistant.llm_messages import SYSTEM_PROMPT, build_messages, with_facts
from webapp.memory import Message, estimate_tokens


def pairs(*texts):
    """A window of user/assistant pairs: texts alternate user, assistant."""
    return [Message("user" if i % 2 == 0 else "assistant", t) for i, t in enumerate(texts)]


def test_system_prompt_then_window_then_the_new_message():
    history = pairs("laptops under $1000", "Here are 5 laptops", "the cheapest?", "The Acer is the cheapest")
    messages = build_messages(history, "tell me more", 3000)
    assert messages[0] == {"role": "system", "content": SYSTEM_PROMPT}
    assert [m["content"] for m in messages[1:]] == [m.content for m in history] + ["tell me more"]
    assert [m["role"] for m in messages[1:]] == ["user", "assistant", "user", "assistant", "user"]


def test_the_oldest_pairs_go_first_when_the_window_is_over_budget():
    history = pairs("a" * 400, "b" * 400, "c" * 40, "d" * 40)
    budget = estimate_tokens("c" * 40) + estimate_tokens("d" * 40)
    messages = build_messages(history, "next", budget)
    assert [m["content"] for m in messages[1:]] == ["c" * 40, "d" * 40, "next"]


@pytest.mark.parametrize("budget", range(0, 60, 3))
def test_never_half_a_pair_and_never_over_budget(budget):
    history = pairs("one", "an answer " * 3, "two", "another answer " * 2, "three", "x")
    sent = build_messages(history, "new", budget)[1:-1]
    assert len(sent) % 2 == 0
    assert all(u["role"] == "user" and a["role"] == "assistant" for u, a in zip(sent[::2], sent[1::2]))
    assert sum(estimate_tokens(m["content"]) for m in sent) <= budget
    assert [m["content"] for m in sent] == [m.content for m in history[len(history) - len(sent):]]


def test_an_empty_window_sends_the_prompt_and_the_message():
    assert [m["role"] for m in build_messages([], "hi", 3000)] == ["system", "user"]


def test_figures_read_prices_with_thousands_and_decimals():
    assert figures("$1,299.99 or 4.5 stars, items 1,2") == {1299.99, 4.5, 1.0, 2.0}


@pytest.mark.parametrize("answer, bad", [
    ("The Dell at $709.99 is rated 4.2.", []),
    ("The Dell is rated 5.6 stars.", [5.6]),  # a made-up rating, as a 135M model gave
    ("It costs $700.", [700.0]),  # a price off the catalog's
    ("The 2 cheapest are the first and the third.", []),  # small whole numbers are positions
    ("Under $1,000, as you asked: the Dell.", []),  # the shopper said it
    ("Laptops under $10,00.", [1000.0]),  # garbled, as SmolLM2-135M wrote it: never grounded
    ("Items 1,2 and 3.", []),
])
def test_only_figures_the_tools_or_the_shopper_gave_are_grounded(answer, bad):
    sources = ["laptops under $1000", "1. Dell Inspiron 14 Plus 7640: $709.99, rated 4.2 from 1,033 reviews"]
    assert ungrounded_figures(answer, sources) == bad


def stream_of(*pieces, result="the end"):
    """A generator of text pieces that returns `result`, as stream_completion does."""
    yield from pieces
    return result


def run(generator):
    """(what it yielded, what it returned)."""
    out = []
    while True:
        try:
            out.append(next(generator))
        except StopIteration as done:
            return out, done.value


SOURCES = ["laptops under $1000", "1. Dell Inspiron 14 Plus 7640: $709.99, rated 4.2 from 1,033 reviews"]


def test_grounded_words_pass_on_as_soon_as_they_are_whole():
    out, result = run(grounded(stream_of(" The Dell", " is", " $709", ".99", " and", " rated 4.2."), SOURCES))
    assert out == ["The ", "Dell ", "is ", "$709.99 ", "and rated ", "4.2."] and result == "the end"


def test_nothing_from_the_first_invented_figure_on_is_passed_on_and_the_stream_is_closed_there():
    read = []

    def stream():
        for piece in ("The Dell ", "is rated ", "5.6 stars ", "and $709.99."):
            read.append(piece)
            yield piece
        return "the end"

    out, result = run(grounded(stream(), SOURCES))
    assert out == ["The Dell ", "is rated "] and result is None and read == ["The Dell ", "is rated ", "5.6 stars "]
    assert run(grounded(stream_of("It is 5.6"), SOURCES)) == (["It is "], None)  # at the end, too


def test_a_figure_split_across_pieces_is_checked_whole():
    # "$1," alone would be 1, a free small number: the figure is checked when the space shows it whole, $1,299
    assert run(grounded(stream_of("It is $1,", "299 now"), SOURCES))[0] == ["It is "]
    assert run(grounded(stream_of("It is $7", "09.99 now"), SOURCES))[0] == ["It is ", "$709.99 ", "now"]


@pytest.mark.parametrize("arguments, invented", [
    ('{"category": "laptops", "max_price": 1000}', None),
    ('{"category": "laptops", "max_price": 10.5}', "the figure 10.5"),  # as SmolLM2-135M filled it in
    ('{"name": "Sony SX"}', "name 'Sony SX'"),
    ('{"brands": ["Dell"]}', "brands 'Dell'"),
    ('{"position": 2}', None),
    ('{"positions": [1, 2]}', None),
    ("not json", None),  # the tool refuses it
])
def test_a_tool_call_may_ask_only_for_what_the_shopper_said(arguments, invented):
    assert invented_arguments(arguments, ["show me laptops under $1000", "Here are 5 laptops"]) == invented


def test_the_facts_follow_the_new_message_and_the_prompts_start_stays_the_same():
    messages = build_messages(pairs("tablets", "Here are 5 tablets"), "the cheapest?", 3000)
    worded = with_facts(messages, "1. Apple iPad: $349")
    assert worded[:-1] == messages[:-1] and messages[-1] == {"role": "user", "content": "the cheapest?"}
    assert worded[-1]["role"] == "user" and worded[-1]["content"].startswith("the cheapest?\n")
    assert worded[-1]["content"].endswith("\n1. Apple iPad: $349")
