"""Logs as JSON lines for the SIEM (or plain text for development): what happened, never to what or whom.

Every line carries the event, level, logger, timestamp and, inside a request, the request id, the user id and the
active organisation id (bound by django-structlog's middleware and `accounts.middleware`). What must never be in
a line is removed twice: django-structlog is told not to bind the client IP, and the `scrub` processor at the end
of every chain drops the IP and user-agent fields and replaces anything shaped like an e-mail address or an IPv4
address in any string by a placeholder, for our own log calls and for every library's (stdlib) record alike.
Request lines name the method and the path only: no query string (search terms, an OIDC code) and no one-time
link tokens (invitations, herstel-links).
"""

import re

import structlog

# Keys that identify a person or a device rather than an account: never logged, whoever adds them.
FORBIDDEN_KEYS = frozenset({"ip", "remote_addr", "client_ip", "user_agent", "email", "e_mail", "username"})
EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
# One-time links carry their token in the path: /account/uitnodiging/<uid>/<token>/, /account/herstel/<uid>/<token>/
LINK_TOKEN = re.compile(r"(/account/(?:uitnodiging|herstel)/)[^/]+/[^/]+/")


def _clean(value):
    if isinstance(value, str):
        return IPV4.sub("[ip]", EMAIL.sub("[e-mail]", value))
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if k not in FORBIDDEN_KEYS}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def scrub(logger, method_name, event_dict):
    """The last processor before rendering: see the module docstring."""
    return {key: _clean(value) for key, value in event_dict.items() if key not in FORBIDDEN_KEYS}


def request_line(request) -> str:
    """`GET /path/`: what django-structlog logs for a request, without query string or link tokens."""
    path = LINK_TOKEN.sub(r"\1…/", request.path)
    return f"{request.method} {path}"


SHARED = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure(log_format: str, level: str) -> dict:
    """Configure structlog and return the LOGGING dict for Django (both formatters; the handler picks one)."""
    if log_format not in ("json", "plain"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"LOG_FORMAT must be 'json' or 'plain', not {log_format!r}.")
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *SHARED,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.UnicodeDecoder(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    # Stdlib records (Django, Celery, gunicorn, libraries) get the same fields, `extra=` included.
    foreign = [*SHARED, structlog.stdlib.ExtraAdder()]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": structlog.stdlib.ProcessorFormatter,
                "foreign_pre_chain": foreign,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info,
                    scrub,
                    structlog.processors.JSONRenderer(ensure_ascii=False),
                ],
            },
            "plain": {
                "()": structlog.stdlib.ProcessorFormatter,
                "foreign_pre_chain": foreign,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    scrub,
                    structlog.dev.ConsoleRenderer(colors=False),
                ],
            },
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.security.DisallowedHost": {"level": "ERROR"},
            # django-structlog's request_started/request_finished lines carry what the web server's access log
            # used to; Django's own "Not Found: /path" warnings would repeat them.
            "django.request": {"level": "ERROR"},
        },
    }
