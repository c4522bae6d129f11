"""What an answer stores for later turns, as a typed, versioned structure.

Stored as a plain JSON object beside the answer's text. Version 2 is written now; records of version 1 (no
`v`, written before the pipeline) read into the same structure, their `lead` taken from the answer's first
lines as the page showed them then. Stored compactly (`stored_form`): a lead that starts the answer is kept
as its length, and searches keep only the constraints they set; a lead stored as text still reads.
"""
import msgspec

VERSION = 2
# How many lines of a version-1 answer stood above its products on the page.
_V1_LEAD_LINES = {"list": 1, "reviews": 1, "compare": 3}


class ListRecord(msgspec.Struct, omit_defaults=True):
    """A list shown: every id numbered so far (page 2 holds items 6-10), what found it, and where the page starts."""

    ids: list[str]
    constraints: dict = {}
    sort: str | None = None
    offset: int = 0  # how many items came before the shown page
    total: int | None = None  # how many products the search found


class TurnRecord(msgspec.Struct, omit_defaults=True):
    """The facts of one answer: how to show it, which products, the list it made, the product it is about."""

    v: int = VERSION
    intent: str = "unknown"
    display: str = "none"
    lead: str | int | None = None  # the text shown above the products (stored: its length in the answer)
    shown: list[str] = []
    positions: list[int | None] | None = None  # each shown product's number in the list in focus
    product: str | None = None
    recommended: str | None = None  # the product a pick recommended
    suggestions: list[str] = []
    list: ListRecord | None = None  # last: the field's name hides the builtin for the rest of the class

    def to_dict(self):
        """The JSON-ready form stored with the message (always with its version, though it is the default)."""
        return {"v": self.v, **msgspec.to_builtins(self)}


_FIELDS = frozenset(TurnRecord.__struct_fields__)


def _valid(name, value):
    """True when one stored field has the type its TurnRecord field asks for."""
    try:
        msgspec.convert({name: value}, TurnRecord)
    except msgspec.ValidationError:
        return False
    return True


def stored_form(metadata, content):
    """The metadata as stored beside `content`: a lead that starts the answer becomes its length."""
    lead = metadata.get("lead")
    if isinstance(lead, str) and lead and content.startswith(lead):
        return {**metadata, "lead": len(lead)}
    return metadata


def read_record(data, content=""):
    """The TurnRecord of stored metadata (either version); fields that are unreadable are left at their defaults."""
    if not isinstance(data, dict):
        return TurnRecord()
    try:
        record = msgspec.convert(data, TurnRecord)
    except msgspec.ValidationError:  # keep the fields that are well formed: one bad field costs only itself
        record = msgspec.convert({k: v for k, v in data.items() if k in _FIELDS and _valid(k, v)}, TurnRecord)
    if isinstance(record.lead, int):  # stored form: the answer's first `lead` characters
        record = msgspec.structs.replace(record, lead=content[: record.lead] or None)
    if "v" not in data:  # version 1
        lines = _V1_LEAD_LINES.get(record.display)
        lead = "\n".join(content.splitlines()[:lines]) if lines and record.shown else None
        recommended = record.product if record.intent == "pick" else None
        record = msgspec.structs.replace(record, lead=lead, recommended=recommended)
    return record
