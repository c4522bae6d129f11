"""The page's links, built once: a template's url_for(endpoint, **values) gives the same address at every request.

Werkzeug builds an address by walking the rule's parts (some 15 µs each), and a page view builds a dozen. An
address depends only on the app's routes, which never change while it runs, and on the script root (where the
app is mounted), which is part of the key.
"""
from functools import lru_cache

from flask import request, url_for

KEPT_LINKS = 256  # the page's templates name a handful of endpoints, each with fixed values


def keep_links(app):
    """Give the app's templates a url_for that builds each address once (per script root)."""
    built = lru_cache(maxsize=KEPT_LINKS)(_build)

    def kept_url_for(endpoint, **values):
        """url_for for templates, from the kept addresses."""
        return built(request.script_root, endpoint, tuple(sorted(values.items())))

    app.jinja_env.globals["url_for"] = kept_url_for


def _build(script_root, endpoint, values):
    """The address url_for builds (script_root only keys it: the request's own is used)."""
    return url_for(endpoint, **dict(values))
