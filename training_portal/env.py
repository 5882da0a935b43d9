"""Small, strict readers of environment variables for settings.py.

Every reader raises ImproperlyConfigured on a value it cannot understand, so a
typo in a deployment fails at start-up instead of silently taking a default.
A variable NAME can also be given as NAME_FILE, the path of a file holding the
value (Docker and systemd secrets).
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str | None = None) -> str | None:
    """The raw value of NAME, or the contents of the file named by NAME_FILE."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_path!r} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = env_str(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off.")


def env_int(name: str, default: int) -> int:
    raw = env_str(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_str(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


_LOCKOUT_FIELDS = {"username", "ip_address"}


def lockout_parameters(items: list[str], name: str) -> list[str | list[str]]:
    """django-axes' AXES_LOCKOUT_PARAMETERS from `username`, `ip_address` or `username+ip_address` items."""
    parameters: list[str | list[str]] = []
    for item in items or [""]:
        fields = [field.strip() for field in item.split("+")]
        if not set(fields) <= _LOCKOUT_FIELDS or len(set(fields)) != len(fields):
            raise ImproperlyConfigured(
                f"{name}={item!r}: give username, ip_address or username+ip_address (comma-separated)."
            )
        parameters.append(fields[0] if len(fields) == 1 else fields)
    return parameters


# PostgreSQL compiles a query whose estimated cost passes jit_above_cost: for the aggregate pages (the dashboard, who
# is behind) that compiling took 0.1–0.4 s, longer than the query it was meant to speed up (bench/compliance.py).
NO_JIT = "-c jit=off"


def lock_timeout_option(seconds: int) -> str:
    """The PostgreSQL start-up option that bounds every wait for a lock on the connection (see LOCK_TIMEOUT)."""
    return f"-c lock_timeout={seconds}s"


def parse_database_url(url: str, base_dir: Path, *, lock_timeout: int = 0) -> dict:
    """Turn `sqlite:///path` or `postgres://user:pass@host:port/name?opt=v` into a DATABASES entry.

    On PostgreSQL, every connection opens with JIT compilation off (`NO_JIT`), then any `options` of the URL (which
    may turn it on again), then `lock_timeout` (seconds, 0 for none).
    """
    parsed = urlparse(url)
    scheme = parsed.scheme.lower()
    options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    if scheme == "sqlite":
        # sqlite:///relative.db and sqlite:////absolute/path.db, as dj-database-url reads them.
        path = unquote(parsed.path)
        if path.startswith("/"):
            path = path[1:]
        if not path:
            raise ImproperlyConfigured(f"DATABASE_URL={url!r} names no SQLite file.")
        name = Path(path) if Path(path).is_absolute() else base_dir / path
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(name),
            "OPTIONS": {"timeout": 20},
        }
    if scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parsed.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured(f"DATABASE_URL={url!r} names no database.")
        try:
            port = parsed.port
        except ValueError as exc:
            raise ImproperlyConfigured(f"DATABASE_URL={url!r} has an invalid port.") from exc
        conn_max_age = options.pop("conn_max_age", "0")
        try:
            conn_max_age_value = int(conn_max_age)
        except ValueError as exc:
            raise ImproperlyConfigured(f"conn_max_age={conn_max_age!r} in DATABASE_URL is not a number.") from exc
        options["options"] = " ".join(
            filter(None, [NO_JIT, options.get("options"), lock_timeout_option(lock_timeout) if lock_timeout else ""])
        )
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": conn_max_age_value,
            "CONN_HEALTH_CHECKS": conn_max_age_value > 0,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {scheme!r} is not supported; use sqlite:///file.db or postgres://user@host:port/name."
    )
