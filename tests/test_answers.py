"""How answers read: units and comparisons."""
import pytest

from webapp.assistant import ProductIndex, load_catalog
from webapp.assistant.answers import comparison_summary, describe, spec_value
from webapp.assistant.constraints import Constraints
from webapp.config import BUNDLED_CATALOG


@pytest.mark.parametrize(("name", "value", "shown"), [("storage_gb", 2048, "2 TB"), ("storage_gb", 1024, "1 TB"),
                                                      ("storage_gb", 512, "512 GB"), ("ram_gb", 2048, "2048 GB")])
def test_storage_reads_in_terabytes_from_1024_gb(name, value, shown):
    assert spec_value(name, value) == shown


def test_a_comparison_of_one_brand_names_each_product_by_name():
    index = ProductIndex(load_catalog(BUNDLED_CATALOG))
    sony = [p for p in index.products if p.brand == "Sony" and p.category == "headphones"][:2]
    differing = comparison_summary(sony)[1].splitlines()
    assert differing and all(f"({sony[0].name})" in line and f"({sony[1].name})" in line for line in differing)


def test_spec_labels_in_a_sentence_keep_the_case_of_acronyms():
    text = describe(Constraints(category="smartwatches", specs={"ram_gb": [">=", 16], "gps": ["==", True],
                                                                 "refresh_hz": [">=", 120]}))
    assert "16 GB+ RAM" in text and "gps" not in text and "GPS" in text and "120 Hz+ refresh rate" in text
