"""The product catalog: a JSON Lines file, one product per line, checked field by field on load."""
import json
from dataclasses import dataclass, field
from pathlib import Path

CATEGORIES = ("laptops", "smartphones", "headphones", "monitors", "tvs", "tablets", "cameras", "smartwatches")


class CatalogError(ValueError):
    """The catalog file cannot be used; the message names the line and the field."""


@dataclass(frozen=True)
class Review:
    """One customer review."""

    rating: int
    title: str
    text: str


@dataclass(frozen=True)
class Product:
    """One product; `specs` holds the attributes people filter on (ram_gb, noise_cancelling, ...)."""

    id: str
    name: str
    brand: str
    category: str
    price: float
    rating: float
    review_count: int
    specs: dict = field(default_factory=dict, hash=False, compare=False)
    reviews: tuple = field(default=(), hash=False, compare=False)

    def summary(self):
        """The contract's Product object."""
        return {"id": self.id, "name": self.name, "brand": self.brand, "category": self.category,
                "price": self.price, "currency": "USD", "rating": self.rating, "review_count": self.review_count}


def _require(row, name, kind, line, check, problem):
    """Return row[name] if it has the right type and passes check; raise CatalogError otherwise."""
    if name not in row:
        raise CatalogError(f"line {line}: field '{name}' is missing")
    value = row[name]
    if isinstance(value, bool) or not isinstance(value, kind) or not check(value):
        raise CatalogError(f"line {line}: field '{name}' must be {problem}, got {value!r}")
    return value


def _review(raw, line, index):
    """One review of a row, checked."""
    where = f"reviews[{index}]"
    if not isinstance(raw, dict):
        raise CatalogError(f"line {line}: field '{where}' must be an object")
    rating = raw.get("rating")
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise CatalogError(f"line {line}: field '{where}.rating' must be a whole number 1-5, got {rating!r}")
    for name in ("title", "text"):
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise CatalogError(f"line {line}: field '{where}.{name}' must be non-empty text")
    return Review(rating, raw["title"], raw["text"])


def parse_product(row, line):
    """A Product from one decoded line; CatalogError naming the line and field when it is wrong."""
    if not isinstance(row, dict):
        raise CatalogError(f"line {line}: expected a JSON object")
    text = lambda v: bool(v.strip())  # noqa: E731
    pid = _require(row, "id", str, line, lambda v: v.strip() and "/" not in v and len(v) <= 64, "a non-empty id without '/'")
    name = _require(row, "name", str, line, text, "non-empty text")
    brand = _require(row, "brand", str, line, text, "non-empty text")
    category = _require(row, "category", str, line, lambda v: v in CATEGORIES, "one of " + ", ".join(CATEGORIES))
    price = _require(row, "price", (int, float), line, lambda v: 0 < v < 1e7, "a positive number")
    rating = _require(row, "rating", (int, float), line, lambda v: 0 <= v <= 5, "a number from 0 to 5")
    review_count = _require(row, "review_count", int, line, lambda v: v >= 0, "a whole number >= 0")
    specs = row.get("specs", {})
    if not isinstance(specs, dict):
        raise CatalogError(f"line {line}: field 'specs' must be an object")
    reviews = row.get("reviews", [])
    if not isinstance(reviews, list):
        raise CatalogError(f"line {line}: field 'reviews' must be a list")
    return Product(pid, name.strip(), brand.strip(), category, round(float(price), 2), round(float(rating), 1),
                   review_count, specs, tuple(_review(r, line, i) for i, r in enumerate(reviews)))


def load_catalog(path):
    """All products of a JSON Lines catalog; CatalogError for a missing file, bad line or duplicate id."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"cannot read catalog {path.name}: {exc}") from None
    products, seen = [], set()
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except ValueError as exc:
            raise CatalogError(f"line {number}: not valid JSON ({exc.msg})") from None
        product = parse_product(row, number)
        if product.id in seen:
            raise CatalogError(f"line {number}: field 'id' repeats {product.id!r}")
        seen.add(product.id)
        products.append(product)
    if not products:
        raise CatalogError(f"catalog {path.name} has no products")
    return products
