"""Handlers of the acts about the chat itself: greeting, thanks, help, history, and a message not understood."""
from . import answers
from .base import Reply
from .metadata import TurnRecord
from .turn import reply

CAPABILITIES = ("I can find laptops, phones, headphones, monitors, TVs, tablets, cameras and smartwatches "
                "by price, brand, rating and specs; then pick the cheapest or best reviewed, compare them, "
                "show details and reviews. Try \"laptops under $1000\" or \"noise cancelling headphones\".")


def greeting(turn, request):
    """Hello, and what the assistant can do."""
    return Reply("greeting", "Hello! I'm your shopping assistant. " + CAPABILITIES)


def thanks(turn, request):
    """You're welcome."""
    return Reply("thanks", "You're welcome! Ask me anything else about products whenever you like.")


def help_(turn, request):
    """What the assistant can do."""
    return Reply("help", CAPABILITIES)


def history(turn, request):
    """A question about the conversation, answered from the window: a question asked, or the last recommendation."""
    state = turn.state
    if request.recall == "recommendation":
        product = turn.index.get(state.recommended) if state.recommended else None
        if not product:
            return Reply("history", "I haven't recommended a product in this conversation yet.")
        record = TurnRecord(intent="history", display="pick", shown=[product.id], product=product.id)
        text = f"The last product I recommended was {product.name}: {answers.money(product.price)}, rated {answers.rating_phrase(product)}."
        return reply("history", text, [product], record, ["Tell me more about it", "How much is it?"])
    questions = state.questions
    if not questions:
        return Reply("history", "You haven't asked me anything yet in this conversation.")
    if request.recall == "first":
        answer = f"Your first question (that I still remember) was: \"{questions[0]}\""
    elif request.recall == "previous":
        answer = f"Before this, you asked: \"{questions[-1]}\""
    else:
        answer = "You asked:\n" + "\n".join(f"{i}. {q}" for i, q in enumerate(questions, start=1))
    return Reply("history", answer)


def unknown(turn, request):
    """Say the message was not understood, naming the words that were not, and what can be asked."""
    words = ", ".join(f'"{w}"' for w in request.unused[:3])
    said = f"I didn't understand {words}. " if words else "Sorry, I didn't catch that. "
    return Reply("unknown", said + CAPABILITIES)
