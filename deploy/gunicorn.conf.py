"""Gunicorn configuration for Vertrouwd (`gunicorn config.wsgi -c deploy/gunicorn.conf.py`).

Every value can be overridden by an environment variable, so the same file serves systemd, Docker and the
integration test. The web process is stateless: sessions, locks and counters live in PostgreSQL.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:  # fail loudly on nonsense, like config/settings.py
        raise SystemExit(f"{name} must be a whole number, got {value!r}") from exc


wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: requests are short and CPU-bound (templates, decryption); PDF generation runs in Celery.
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9))
threads = _int("GUNICORN_THREADS", 1)
worker_class = "sync"
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so a slow leak in a C library (pango, cairo) cannot grow without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# The worker heartbeat file goes to the (private, under systemd) temporary directory unless set; in containers
# GUNICORN_WORKER_TMP_DIR=/dev/shm keeps it off an overlay filesystem.
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or None
# The app runs behind nginx on the same host or a trusted load balancer; it sets X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips

# Logs to stdout/stderr (journald or docker). Each request is already logged by the app as a JSON line
# (request_finished: request id, user id, organisation id, method, path, status; config/logging.py), so gunicorn's
# own access log is off unless GUNICORN_ACCESS_LOG is set. When on, it records neither the client address nor the
# user agent, and the path WITHOUT the query string (%(U)s, not %(r)s): query strings can hold search terms.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '"%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
capture_output = False
proc_name = "vertrouwd-web"
