"""Stored answer records: typed and versioned; records written before the act pipeline (version 1) still read."""
from webapp.assistant import CatalogAssistant, ProductIndex, load_catalog
from webapp.assistant.constraints import Constraints
from webapp.assistant.metadata import TurnRecord, read_record, stored_form
from webapp.assistant.state import state_of
from webapp.config import BUNDLED_CATALOG
from webapp.memory import Message
from webapp.web.presenter import shown

INDEX = ProductIndex(load_catalog(BUNDLED_CATALOG))
ASSISTANT = CatalogAssistant(INDEX)
# What the assistant stored before the pipeline, verbatim in shape: no version, the lead only inside the text.
V1_LIST = {"intent": "search", "display": "list", "shown": ["tv-0058", "tv-0028"],
           "list": {"ids": ["tv-0058", "tv-0028"], "constraints": {"category": "tvs", "brands": [], "specs": {}},
                    "sort": "price"}, "suggestions": ["Which is the cheapest?"]}
V1_TEXT = "I found 2 TVs, cheapest first:\n1. A: $1\n2. B: $2"
V1_PICK = {"intent": "pick", "display": "pick", "shown": ["tv-0028", "tv-0058"], "product": "tv-0028"}


def test_a_version_1_list_reads_as_the_list_in_focus_with_its_lead():
    record = read_record(V1_LIST, V1_TEXT)
    assert record.list.ids == ["tv-0058", "tv-0028"] and record.list.sort == "price"
    assert record.lead == "I found 2 TVs, cheapest first:"
    state = state_of([Message("user", "tvs"), Message("assistant", V1_TEXT, metadata=V1_LIST)], INDEX.get)
    assert state.focus.list_ids == ["tv-0058", "tv-0028"] and state.focus.constraints.category == "tvs"


def test_a_version_1_pick_is_the_product_in_focus_and_the_recommendation():
    history = [Message("user", "tvs"), Message("assistant", V1_TEXT, metadata=V1_LIST),
               Message("user", "cheapest?"), Message("assistant", "B is the cheapest.", metadata=V1_PICK)]
    state = state_of(history, INDEX.get)
    assert state.product_id == "tv-0028" and state.recommended == "tv-0028"
    reply = ASSISTANT.reply("the second one", history)
    assert [p.id for p in reply.products] == ["tv-0028"]


def test_the_page_shows_a_version_1_list_by_its_first_line():
    message = Message("assistant", V1_TEXT, metadata=V1_LIST)
    assert shown(message, INDEX).text == "I found 2 TVs, cheapest first:"


def test_new_records_carry_their_version_and_lead_and_read_back_the_same():
    reply = ASSISTANT.reply("show me tvs", [])
    assert reply.metadata["v"] == 2 and reply.metadata["lead"].startswith("Here are 5 of 60 TVs")
    assert read_record(reply.metadata, reply.answer) == read_record(reply.metadata)
    assert shown(Message("assistant", reply.answer, metadata=reply.metadata), INDEX).text == reply.metadata["lead"]


def test_unreadable_fields_are_left_out_not_errors():
    assert read_record({"list": {"ids": 5}}) == TurnRecord()
    assert read_record({"v": 2, "shown": ["tv-0058"], "positions": 7}).shown == ["tv-0058"]
    assert read_record(["not", "a", "dict"]) == TurnRecord()
    assert state_of([Message("assistant", "x", metadata={"list": "nonsense"})], INDEX.get).focus is None


def test_a_stored_lead_is_its_length_and_reads_back_as_the_text():
    """The compact stored form: a lead that starts the answer costs a number, and reads as before."""
    answer = "Here are 2 of 9 tvs:\n1. A\n2. B"
    metadata = TurnRecord(display="list", lead="Here are 2 of 9 tvs:", shown=["tv-0001", "tv-0002"]).to_dict()
    stored = stored_form(metadata, answer)
    assert stored["lead"] == len("Here are 2 of 9 tvs:")
    assert read_record(stored, answer) == read_record(metadata, answer)
    assert read_record({**metadata, "lead": "Here are 2 of 9 tvs:"}, answer).lead == "Here are 2 of 9 tvs:"  # older form
    assert stored_form({**metadata, "lead": "Not the start"}, answer)["lead"] == "Not the start"


def test_stored_constraints_keep_only_what_is_set_and_read_back_whole():
    constraints = Constraints(category="laptops", max_price=1000.0, specs={"ram_gb": [">=", 16]})
    assert constraints.to_dict() == {"category": "laptops", "max_price": 1000.0, "specs": {"ram_gb": [">=", 16]}}
    assert Constraints.from_dict(constraints.to_dict()) == constraints
    assert Constraints.from_dict(Constraints().to_dict()) == Constraints()


def test_stored_constraints_hold_every_field_and_share_nothing_mutable():
    every = Constraints(category="laptops", brands=("Dell",), excluded_brands=("HP",), min_price=1.0, max_price=2.0,
                        min_rating=3.0, max_rating=4.0, specs={"ram_gb": [">=", 16]}, text="xps")
    stored = every.to_dict()
    assert set(stored) == set(Constraints.__dataclass_fields__)
    assert Constraints.from_dict(stored) == every
    stored["specs"]["ram_gb"].append("changed")
    assert every.specs == {"ram_gb": [">=", 16]}
