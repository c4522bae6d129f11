"""The server-rendered chat page: one URL per action, fragments for htmx, full pages without JavaScript."""
from .views import bp

__all__ = ["bp"]
