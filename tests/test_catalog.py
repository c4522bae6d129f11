"""CATALOG_PATH loading: a good file serves its products, a bad line stops start-up naming line and field."""
import json
import subprocess
import sys
from collections import defaultdict

import pytest

from tests.servers import PROJECT_ROOT
from webapp import create_app
from webapp.assistant.catalog import CATEGORIES, CatalogError
from webapp.config import BUNDLED_CATALOG

GOOD = [
    {"id": "lap-1", "name": "Acer Aspire 3", "brand": "Acer", "category": "laptops", "price": 379.99,
     "rating": 4.1, "review_count": 164, "specs": {"ram_gb": 8},
     "reviews": [{"rating": 4, "title": "Fast", "text": "Boots in seconds."}]},
    {"id": "tv-1", "name": "LG C3 55", "brand": "LG", "category": "tvs", "price": 1299.0, "rating": 4.7,
     "review_count": 0},
]


def start(tmp_path, text):
    """create_app on a catalog file holding `text`."""
    path = tmp_path / "catalog.jsonl"
    path.write_text(text, encoding="utf-8")
    return create_app({"CATALOG_PATH": path, "SESSION_BACKEND": "cachelib", "SECRET_KEY": "t"})


def lines(*rows):
    return "".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows)


def test_valid_catalog_is_served_exactly(tmp_path):
    body = start(tmp_path, lines(*GOOD)).test_client().get("/api/v1/products").get_json()
    expected = [{key: row[key] for key in ("id", "name", "brand", "category", "price", "rating", "review_count")}
                | {"currency": "USD"} for row in GOOD]
    assert body["total"] == 2 and sorted(body["products"], key=lambda p: p["id"]) == expected


def second(**changes):
    """A valid product for line 2, changed (a None value drops the field)."""
    row = {**GOOD[1], **changes}
    return {key: value for key, value in row.items() if value is not None}


BAD_LINES = [
    ("negative price", second(price=-3), "field 'price'"),
    ("missing name", second(name=None), "field 'name'"),
    ("unknown category", second(category="toasters"), "field 'category'"),
    ("rating 7", second(rating=7), "field 'rating'"),
    ("duplicate id", second(id=GOOD[0]["id"]), "field 'id'"),
    ("id with slash", second(id="tv/1"), "field 'id'"),
    ("review_count -1", second(review_count=-1), "field 'review_count'"),
    ("review_count 1.5", second(review_count=1.5), "field 'review_count'"),
    ("review rating 0", second(reviews=[{"rating": 0, "title": "t", "text": "x"}]), "field 'reviews[0].rating'"),
    ("not JSON", "{id: tv-1", "not valid JSON"),
    ("JSON array", json.dumps(list(GOOD[1].values())), "JSON object"),
]


@pytest.mark.parametrize("name,row,problem", BAD_LINES, ids=[case[0] for case in BAD_LINES])
def test_bad_line_stops_start_up_naming_line_and_field(tmp_path, name, row, problem):
    with pytest.raises(CatalogError) as caught:
        start(tmp_path, lines(GOOD[0], row))
    assert str(caught.value).startswith("line 2: ") and problem in str(caught.value)


@pytest.mark.parametrize("text", ["", "\n\n  \n"], ids=["empty", "blank lines"])
def test_empty_catalog_stops_start_up(tmp_path, text):
    with pytest.raises(CatalogError, match="no products"):
        start(tmp_path, text)


def test_bundled_catalog_keeps_its_promises():
    """At least 400 products, all 8 categories with 3+ brands, 3+ reviews each, ratings 1.0-5.0 to one decimal."""
    rows = [json.loads(line) for line in BUNDLED_CATALOG.read_text(encoding="utf-8").splitlines()]
    brands = defaultdict(set)
    for row in rows:
        brands[row["category"]].add(row["brand"])
        assert len(row["reviews"]) >= 3, row["id"]
        assert 1.0 <= row["rating"] <= 5.0 and round(row["rating"], 1) == row["rating"], row["id"]
    assert len(rows) >= 400 and set(brands) == set(CATEGORIES)
    assert all(len(names) >= 3 for names in brands.values()), brands


def test_committed_catalog_is_what_the_generator_writes(tmp_path):
    output = tmp_path / "generated.jsonl"
    subprocess.run([sys.executable, "scripts/generate_catalog.py", "--output", str(output)], cwd=PROJECT_ROOT,
                   check=True, capture_output=True, timeout=120)
    assert output.read_bytes() == BUNDLED_CATALOG.read_bytes()
