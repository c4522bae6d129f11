"""The WSGI apps the HTTP benchmark serves, each under the shipped gunicorn.conf.py (`bench.http_apps:<name>()`).

Settings come from the environment, as for wsgi.py; BENCH_NAIVE_BACKEND and BENCH_CACHE_DIR configure the naive app.
"""
import os

from flask import Flask


def bare():
    """The floor: one Flask view returning one line, nothing else."""
    app = Flask(__name__)
    app.add_url_rule("/", "hello", lambda: "hello\n")
    return app


def ours():
    """The app as wsgi.py builds it; with limits on, ceilings no benchmark reaches, so every turn is counted, none refused."""
    from limits import parse

    from webapp import create_app, security
    security.TURNS_PER_ADDRESS = security.TURNS_PER_SESSION = security.CLEARS_PER_ADDRESS = "1000000/minute"
    security.NEW_SESSIONS_PER_ADDRESS = parse("1000000/minute")
    return create_app()


def naive():
    """The naive design (bench/naive_app.py) over Redis or cachelib."""
    from .naive_app import create_naive_app
    return create_naive_app(os.environ["BENCH_NAIVE_BACKEND"], os.environ.get("REDIS_URL"), os.environ.get("BENCH_CACHE_DIR"))
