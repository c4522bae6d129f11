"""gunicorn settings for `make run` and the end-to-end tests (override with GUNICORN_CMD_ARGS)."""
import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# The app is built once in the master: the backend choice (one Redis ping) and its log line happen once.
# Every worker then has its own Redis connections and breaker; the fallback store is shared by the host.
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
# X-Forwarded-* are the app's business (TRUSTED_PROXIES, Werkzeug's ProxyFix): gunicorn believes none of them,
# not even from loopback, so a forged X-Forwarded-Proto cannot turn a plain request into an https one.
forwarded_allow_ips = ""
