"""Which profile commands use: switch it (`config use`), list the names (completion).

The sandbox is a profile name too (config.SANDBOX_PROFILE), so the way back to it after
`config init --profile prod` is the same command as the way to any other stand.
"""

from __future__ import annotations

from pathlib import Path

from msgclient.config.settings import (
    SANDBOX_PROFILE,
    config_path,
    read_config_file,
    write_config_file,
)
from msgclient.errors import ConfigError


def set_default_profile(path: Path, name: str) -> None:
    """Make `name` (a profile in the file, or SANDBOX_PROFILE) what commands use."""
    data = read_config_file(path)
    profiles = data.get("profiles") or {}
    if name != SANDBOX_PROFILE and name not in profiles:
        known = ", ".join([SANDBOX_PROFILE, *sorted(profiles)])
        raise ConfigError(f"Unknown profile '{name}'; profiles: {known}.",
                          hint="Create it with 'msgclient config init --profile NAME'.")
    data["default_profile"] = name
    write_config_file(path, data)


def profile_names(path: Path | None = None) -> list[str]:
    """The profiles a user can pick, the sandbox first (for `config use` and completion)."""
    try:
        profiles = read_config_file(path or config_path()).get("profiles") or {}
    except ConfigError:
        profiles = {}
    return [SANDBOX_PROFILE, *(str(p) for p in profiles if p != SANDBOX_PROFILE)]
