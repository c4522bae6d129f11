"""Settings read from the environment: the one module that looks at os.environ."""
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .redis_client import parse_redis_url

BUNDLED_CATALOG = Path(__file__).parent / "assistant" / "data" / "catalog.jsonl"
BACKEND_CHOICES = ("auto", "redis", "cachelib")
ASSISTANT_CHOICES = ("catalog", "openai")


class ConfigError(ValueError):
    """A setting has a value the app cannot run with."""


def _int(env, name, default, minimum=1):
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    return value


def _seconds(env, name, default):
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not 0 < value <= 3600:
        raise ConfigError(f"{name} must be more than 0 and at most 3600 seconds, got {raw}")
    return value


def _bool(env, name, default):
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be true or false, got {raw!r}")


def _choice(env, name, default, choices):
    value = env.get(name, "").strip().lower() or default
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def load_secret_key(instance_path):
    """Return the key kept in instance/secret_key, creating it once so every worker shares it."""
    path = Path(instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: when several workers start at once, exactly one writes the key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    for _ in range(50):
        key = path.read_text().strip()
        if key:
            return key
        # Another worker created the file and has not written it yet.
        time.sleep(0.01)
    raise ConfigError(f"{path.name} in the instance folder is empty")


@dataclass(frozen=True)
class Settings:
    """Every setting of the contract, with its default."""

    secret_key: str | None = None
    redis_url: str = "redis://localhost:6379/0"
    session_backend: str = "auto"
    session_ttl_seconds: int = 1800
    session_max_age_seconds: int = 43200
    ratelimit_enabled: bool = True
    history_max_pairs: int = 10
    history_max_tokens: int = 3000
    fallback_max_sessions: int = 200
    max_message_chars: int = 4000
    assistant: str = "catalog"
    catalog_path: Path = BUNDLED_CATALOG
    openai_base_url: str = ""
    openai_api_key: str = field(default="", repr=False)
    openai_model: str = ""
    # Deliberate limits on the model's endpoint: a dead host fails in seconds, a slow model within the answer's
    # deadline, and neither holds a worker thread longer than that (gunicorn's 30 s is a heartbeat, not a cap).
    openai_connect_timeout_seconds: float = 5.0
    openai_first_token_seconds: float = 60.0  # a cold prompt on a small CPU server takes 10-25 s
    openai_answer_seconds: float = 120.0
    openai_max_retries: int = 1
    session_cookie_secure: bool = False
    fallback_dir: str | None = None
    trusted_proxies: int = 0  # reverse-proxy hops whose X-Forwarded-* headers are believed

    @classmethod
    def from_env(cls, env=None):
        """Read the settings from environment variables (names as in the contract)."""
        env = os.environ if env is None else env
        settings = cls._read(env)
        try:
            parse_redis_url(settings.redis_url)
        except ValueError as error:
            raise ConfigError(str(error)) from None
        if settings.assistant == "openai":
            _check_endpoint(settings)
        return settings

    @classmethod
    def _read(cls, env):
        return cls(
            secret_key=env.get("SECRET_KEY") or None,
            redis_url=env.get("REDIS_URL", "").strip() or cls.redis_url,
            session_backend=_choice(env, "SESSION_BACKEND", "auto", BACKEND_CHOICES),
            session_ttl_seconds=_int(env, "SESSION_TTL_SECONDS", 1800),
            session_max_age_seconds=_int(env, "SESSION_MAX_AGE_SECONDS", 43200),
            ratelimit_enabled=_bool(env, "RATELIMIT_ENABLED", True),
            history_max_pairs=_int(env, "HISTORY_MAX_PAIRS", 10),
            history_max_tokens=_int(env, "HISTORY_MAX_TOKENS", 3000),
            fallback_max_sessions=_int(env, "FALLBACK_MAX_SESSIONS", 200),
            max_message_chars=_int(env, "MAX_MESSAGE_CHARS", 4000),
            assistant=_choice(env, "ASSISTANT", "catalog", ASSISTANT_CHOICES),
            catalog_path=Path(env.get("CATALOG_PATH") or BUNDLED_CATALOG),
            openai_base_url=env.get("OPENAI_BASE_URL", "").strip(),
            openai_api_key=env.get("OPENAI_API_KEY", ""),
            openai_model=env.get("OPENAI_MODEL", "").strip(),
            openai_connect_timeout_seconds=_seconds(env, "OPENAI_CONNECT_TIMEOUT_SECONDS", 5.0),
            openai_first_token_seconds=_seconds(env, "OPENAI_FIRST_TOKEN_SECONDS", 60.0),
            openai_answer_seconds=_seconds(env, "OPENAI_ANSWER_SECONDS", 120.0),
            openai_max_retries=_int(env, "OPENAI_MAX_RETRIES", 1, minimum=0),
            session_cookie_secure=_bool(env, "SESSION_COOKIE_SECURE", False),
            fallback_dir=env.get("FALLBACK_DIR", "").strip() or None,
            trusted_proxies=_int(env, "TRUSTED_PROXIES", 0, minimum=0),
        )


def _check_endpoint(settings):
    """Refuse to start ASSISTANT=openai without a usable OPENAI_BASE_URL and OPENAI_MODEL."""
    url = urlsplit(settings.openai_base_url)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise ConfigError("ASSISTANT=openai needs OPENAI_BASE_URL, the endpoint's http(s) URL ending in /v1 "
                          f"(e.g. http://127.0.0.1:8080/v1), got {settings.openai_base_url!r}")
    if not settings.openai_model:
        raise ConfigError("ASSISTANT=openai needs OPENAI_MODEL, the name of a model the endpoint serves")
