"""The versioned JSON API (/api/v1): chat, sessions, products, and its OpenAPI document."""
from .views import bp

__all__ = ["bp"]
