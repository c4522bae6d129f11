"""Access to the app's services from a request: the chat service and the product index."""
from flask import current_app


def chat_service():
    """The ChatService bound to this app's store and assistant."""
    return current_app.extensions["chat_service"]


def product_index():
    """The ProductIndex built from the catalog at start-up."""
    return current_app.extensions["product_index"]


def settings():
    """The Settings the app was built with."""
    return current_app.config["SETTINGS"]


def memory_is_local():
    """True while the conversation store is failing over to this host (the page says so)."""
    return current_app.extensions["chat_backend"].serving_locally
