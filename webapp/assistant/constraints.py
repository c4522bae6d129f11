"""What a search asks for (Constraints), and the orders products are sorted in (SORTS and spec sorts).

Shared by the index, the understanding pipeline and the API; knows nothing of either.
"""
import re
from dataclasses import dataclass, field, replace

SORTS = {
    "price": (lambda p: (p.price, p.id), False),
    "-price": (lambda p: (p.price, p.id), True),
    "rating": (lambda p: (p.rating, p.review_count), False),
    "-rating": (lambda p: (p.rating, p.review_count), True),
    "-reviews": (lambda p: (p.review_count, p.rating), True),
}
# Where a category keeps a spec under another name: cameras record their resolution as `video`.
SPEC_FALLBACKS = {"resolution": "video"}
_SPEC_SORT = re.compile(r"-?[a-z][a-z_]*")


@dataclass(frozen=True)
class Constraints:
    """What a search asks for; each field is one attribute a refinement can replace."""

    category: str | None = None
    brands: tuple = ()
    excluded_brands: tuple = ()
    min_price: float | None = None
    max_price: float | None = None
    min_rating: float | None = None
    max_rating: float | None = None
    specs: dict = field(default_factory=dict)  # spec name -> [operator, value]
    text: str | None = None

    def refined_by(self, newer):
        """These constraints with every attribute that `newer` sets replaced by its value."""
        changes = {}
        if newer.category:
            changes["category"] = newer.category
        if newer.brands or newer.excluded_brands:
            changes.update(brands=newer.brands, excluded_brands=newer.excluded_brands)
        if newer.min_price is not None or newer.max_price is not None:
            changes.update(min_price=newer.min_price, max_price=newer.max_price)
        if newer.min_rating is not None or newer.max_rating is not None:
            changes.update(min_rating=newer.min_rating, max_rating=newer.max_rating)
        if newer.specs:
            changes["specs"] = {**self.specs, **newer.specs}
        if newer.text:
            changes["text"] = newer.text
        elif self.text and self._scope_changed_by(newer):
            changes["text"] = None  # model words belong to the brand and category they were said with
        return replace(self, **changes)

    def _scope_changed_by(self, newer):
        """True when `newer` asks for another category or other brands."""
        brands = (set(newer.brands), set(newer.excluded_brands))
        return bool(newer.category and newer.category != self.category) or bool(
            (newer.brands or newer.excluded_brands) and brands != (set(self.brands), set(self.excluded_brands)))

    def to_dict(self):
        """A JSON-ready form, for conversation metadata: only the fields set (from_dict restores the rest)."""
        # Field by field, copying only what is mutable: dataclasses.asdict deep-copies every value, one by one.
        data = {"category": self.category, "brands": list(self.brands), "excluded_brands": list(self.excluded_brands),
                "min_price": self.min_price, "max_price": self.max_price, "min_rating": self.min_rating,
                "max_rating": self.max_rating, "specs": {name: list(bound) for name, bound in self.specs.items()},
                "text": self.text}
        return {name: value for name, value in data.items() if value not in (None, [], {})}

    @classmethod
    def from_dict(cls, data):
        """Inverse of to_dict; unknown keys are ignored."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["brands"] = tuple(known.get("brands") or ())
        known["excluded_brands"] = tuple(known.get("excluded_brands") or ())
        known["specs"] = dict(known.get("specs") or {})
        return cls(**known)


def is_sort(value):
    """True for a sort key: one of SORTS, or a spec name ("-" first for highest first: "-refresh_hz")."""
    return isinstance(value, str) and (value in SORTS or bool(_SPEC_SORT.fullmatch(value)))


def sort_order(sort):
    """(key, reverse) for a sort key; a spec key ranks only products that record the spec (see has_sort_value)."""
    if sort in SORTS:
        return SORTS[sort]
    name, highest_first = sort.lstrip("-"), sort.startswith("-")
    if highest_first:  # ties: more reviews first either way
        return (lambda p: (product_spec(p, name), p.review_count, p.rating)), True
    return (lambda p: (product_spec(p, name), -p.review_count, -p.rating)), False


def has_sort_value(product, sort):
    """True when the product can be ranked by the sort (it records the spec a spec sort asks about)."""
    return sort in SORTS or product_spec(product, sort.lstrip("-")) is not None


def product_spec(product, name):
    """A product's value for a spec, looked up where its category keeps it; None when it has none."""
    value = product.specs.get(name)
    return product.specs.get(SPEC_FALLBACKS.get(name)) if value is None else value


def spec_matches(value, operator, wanted):
    """Does a product's spec value satisfy [operator, wanted]?"""
    if value is None:
        return False
    if operator == "==":
        return value == wanted
    if operator == ">=":
        return value >= wanted
    if operator == "<=":
        return value <= wanted
    if operator == "<":
        return value < wanted
    if operator == ">":
        return value > wanted
    if operator == "~":  # "15 inch" means 15.0 to just under 16; "15.6 inch" means 15.6
        upper = wanted + 1 if float(wanted).is_integer() else wanted + 0.05
        return wanted - 0.05 <= value < upper
    return False
