"""gunicorn settings for `make run` and the end-to-end tests (override with GUNICORN_CMD_ARGS)."""
import logging
import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# The app is built once in the master: the backend choice (one Redis ping) and its log line happen once.
preload_app = True
workers = int(os.environ.get("WEB_CONCURRENCY", 0)) or min(4, multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = 30
graceful_timeout = 10
accesslog = "-"
# Path without query string, session ids masked: no bearer secret or message text reaches the log.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
logger_class = "webapp.access_log.MaskingLogger"
# No runtime control socket: one per user home would clash between several servers on one machine.
control_socket_disable = True


def on_starting(server):
    """On the in-process fallback store, serve with one worker (its threads share the store)."""
    app = server.app.wsgi()
    if app.extensions["chat_backend"].name == "cachelib" and server.num_workers != 1:
        logging.getLogger("webapp").warning(
            "cachelib session store lives in one process: serving with 1 worker and %d threads "
            "instead of %d workers", threads, server.num_workers)
        server.num_workers = 1
