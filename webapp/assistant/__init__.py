"""Assistants behind one interface; `make_assistant` builds the one the settings ask for."""
from .base import Assistant, Reply
from .catalog import CatalogError, Product, load_catalog
from .catalog_assistant import CatalogAssistant
from .constraints import Constraints
from .search import ProductIndex

__all__ = ["Assistant", "CatalogAssistant", "CatalogError", "Constraints", "Product", "ProductIndex", "Reply",
           "load_catalog", "make_assistant"]


def make_assistant(settings, index):
    """The assistant named by settings.assistant, answering from `index`."""
    if settings.assistant == "catalog":
        return CatalogAssistant(index)
    raise CatalogError("ASSISTANT=openai is not available in this version yet; use ASSISTANT=catalog")
