"""Property-based tests of the window and the token budget."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp.memory import Message, estimate_tokens, within_budget

operations = st.lists(st.one_of(st.tuples(st.just("append"), st.text(max_size=30)), st.just(("clear",))), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations, max_pairs=st.integers(min_value=1, max_value=5))
def test_point_21_window_matches_a_simple_model(make_app, ops, max_pairs):
    store = make_app(HISTORY_MAX_PAIRS=max_pairs).extensions["chat_backend"].store
    session_id, model = store.create(), []
    for op in ops:
        if op[0] == "append":
            if not store.exists(session_id):
                session_id = store.create()
            store.append_turn(session_id, Message("user", op[1]), Message("assistant", op[1][::-1]))
            model = (model + [("user", op[1]), ("assistant", op[1][::-1])])[-2 * max_pairs :]
        else:
            store.clear(session_id)
            model = []
        assert [(m.role, m.content) for m in store.history(session_id)] == model


pairs_of_text = st.lists(st.tuples(st.text(max_size=300), st.text(max_size=600)), max_size=12)


@given(pairs=pairs_of_text, budget=st.integers(min_value=0, max_value=800))
def test_budget_view_fits_and_never_splits_a_pair(pairs, budget):
    messages = [m for u, a in pairs for m in (Message("user", u), Message("assistant", a))]
    kept = within_budget(messages, budget)
    assert sum(estimate_tokens(m.content) for m in kept) <= budget
    assert len(kept) % 2 == 0 and kept == messages[len(messages) - len(kept) :]
    assert all(kept[i].role == "user" and kept[i + 1].role == "assistant" for i in range(0, len(kept), 2))
    if len(kept) < len(messages):
        older = messages[len(messages) - len(kept) - 2 : len(messages) - len(kept)]
        assert sum(estimate_tokens(m.content) for m in kept + older) > budget
