"""Settings read from the environment: the one module that looks at os.environ."""
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

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
    openai_base_url: str = "https://api.openai.com/v1"
    openai_api_key: str = field(default="", repr=False)
    openai_model: str = "gpt-4o-mini"
    session_cookie_secure: bool = False
    fallback_dir: str | None = None

    @classmethod
    def from_env(cls, env=None):
        """Read the settings from environment variables (names as in the contract)."""
        env = os.environ if env is None else env
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
            openai_base_url=env.get("OPENAI_BASE_URL") or cls.openai_base_url,
            openai_api_key=env.get("OPENAI_API_KEY", ""),
            openai_model=env.get("OPENAI_MODEL") or cls.openai_model,
            session_cookie_secure=_bool(env, "SESSION_COOKIE_SECURE", False),
            fallback_dir=env.get("FALLBACK_DIR", "").strip() or None,
        )
