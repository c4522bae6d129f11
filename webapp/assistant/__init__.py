"""Assistants behind one interface; `make_assistant` builds the one the settings ask for."""
import logging

from .base import Assistant, AssistantUnavailable, Reply
from .catalog import CatalogError, Product, load_catalog
from .catalog_assistant import CatalogAssistant
from .constraints import Constraints
from .search import ProductIndex

__all__ = ["Assistant", "AssistantUnavailable", "CatalogAssistant", "CatalogError", "Constraints", "Product",
           "ProductIndex", "Reply", "load_catalog", "make_assistant"]

log = logging.getLogger("webapp.llm")


def make_assistant(settings, index):
    """The assistant named by settings.assistant, answering from `index`."""
    if settings.assistant == "catalog":
        return CatalogAssistant(index)
    # Imported here: the catalog assistant never loads the openai client (its import costs start-up time).
    from .llm_client import check_reachable, make_client
    from .llm_tokens import ServerTokenCounter
    from .openai_assistant import OpenAIAssistant

    s = settings
    client = make_client(s.openai_base_url, s.openai_api_key, s.openai_connect_timeout_seconds,
                         s.openai_first_token_seconds, s.openai_max_retries)
    # Not fatal: the model's server may start after the app; until it answers, turns say so in the page.
    problem = check_reachable(client)
    if problem:
        log.warning("ASSISTANT=openai: the endpoint OPENAI_BASE_URL=%s does not answer (%s); chat turns will "
                    "show an error until it does", s.openai_base_url, problem)
    counter = ServerTokenCounter(s.openai_base_url, s.openai_api_key, s.openai_model)
    return OpenAIAssistant(index, client, s.openai_model, s.history_max_tokens, s.openai_answer_seconds,
                           counter.count)
