"""Read settings from the environment, failing loudly on values that make no sense."""

import os

from django.core.exceptions import ImproperlyConfigured

# Settings load before the apps: this module is plain Python with no Django model in it.
from unicancer_site.core.parsing import parse_yes_no


def env_str(name: str, default: str = "") -> str:
    """The variable as it is, or ``default`` when it is not set."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """1/0, true/false, yes/no, on/off; anything else stops the start."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    if not raw.strip():
        return False  # DEBUG= (set but empty) reads as off, as shells and .env files mean it
    try:
        return parse_yes_no(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}") from None


def env_int(name: str, default: int) -> int:
    """A whole number; anything else stops the start."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_float(name: str, default: float) -> float:
    """A number of seconds or the like; a value that is not a number stops the start."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """Comma-separated values, blanks dropped."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]
