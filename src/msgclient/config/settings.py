"""Settings from flags, environment, the YAML profile and defaults, in that order.

The result is a frozen `Settings` that remembers where each value came from,
so `msgclient config show` can explain itself. The YAML file never holds the
token: a file that tries is refused (see config/tokens.py for where it lives).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from msgclient.api.retry import BUDGET_TIMEOUTS
from msgclient.config.checks import (
    CHECKS,
    channel_types_problem,
    profile_name_problem,
    unknown_key,
    url_problem,
)
from msgclient.errors import ConfigError
from msgclient.files import user as userfiles
from msgclient.files.private import replace_private
from msgclient.rules.text import shown
from msgclient.sandbox import PERSONALITIES

__all__ = ["profile_name_problem", "url_problem"]  # their home is config_checks

APP_NAME = "msgclient"

# key -> (environment variable, default, type). The README's table mirrors this.
KEYS: dict[str, tuple[str, Any, type]] = {
    "url": ("MSGCLIENT_URL", None, str),
    "login": ("MSGCLIENT_LOGIN", None, str),
    "tenant": ("MSGCLIENT_TENANT", None, str),
    "timeout": ("MSGCLIENT_TIMEOUT", 30.0, float),
    "budget": ("MSGCLIENT_BUDGET", None, float),  # None: BUDGET_TIMEOUTS x timeout
    "ca_bundle": ("MSGCLIENT_CA_BUNDLE", None, str),
    "default_region": ("MSGCLIENT_DEFAULT_REGION", None, str),
    "default_sender": ("MSGCLIENT_DEFAULT_SENDER", None, str),
    "sandbox_db": ("MSGCLIENT_SANDBOX_DB", None, str),
    "sandbox_api": ("MSGCLIENT_SANDBOX_API", "full", str),
    # Your status in the workplace after a send over a channel you chose on a stand that
    # picks no channel itself (edna's outgoing-from-myself must name one). OUTGOING ("Out":
    # no new chats) is how a supervisor usually is; READY if you take chats.
    "agent_status": ("MSGCLIENT_AGENT_STATUS", "OUTGOING", str),
    # bulk run's --send-window when not given, in each client's local time.
    "send_window": ("MSGCLIENT_SEND_WINDOW", None, str),
    # The zone of a client whose zone no row column or phone number tells (IANA name).
    "default_timezone": ("MSGCLIENT_DEFAULT_TIMEZONE", None, str),
    # How long the ledger of this install's sends keeps a send (a span: 365d, 12w).
    "ledger_retention": ("MSGCLIENT_LEDGER_RETENTION", "365d", str),
}
# Fallback catalogues for a stand that lacks the listing extensions.
LIST_KEYS = ("channels", "mailboxes", "tags", "templates")
# channel type -> the stand's channelType value, where edna publishes none (api/catalog.py).
MAP_KEYS = ("channel_types",)
SECRET_KEYS = {"token", "password", "secret", "api_key", "apikey"}
TOP_KEYS = ("profiles", "default_profile")
PROFILE_KEYS = (*KEYS, *LIST_KEYS, *MAP_KEYS)
CONFIG_CAP = 1 << 20  # a config file is a few hundred bytes; a megabyte is not one
# The embedded sandbox stand as a profile name: `config use sandbox` and `--profile sandbox`
# lead back to it once a real stand is the default. A file cannot define a profile by it.
SANDBOX_PROFILE = "sandbox"


def config_dir() -> Path:
    return _user_dir("config")


def data_dir() -> Path:
    return _user_dir("data")


def state_dir() -> Path:
    return _user_dir("state")


def cache_dir() -> Path:
    return _user_dir("cache")


def _user_dir(kind: str) -> Path:
    # platformdirs (tens of ms) enters here, when a command first needs one of its folders.
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME))


def config_path() -> Path:
    override = os.environ.get("MSGCLIENT_CONFIG")
    return Path(override).expanduser() if override else config_dir() / "config.yaml"


@dataclass(frozen=True)
class Settings:
    profile: str
    values: dict[str, Any]
    sources: dict[str, str]
    lists: dict[str, list] = field(default_factory=dict)
    channel_types: dict[str, str] = field(default_factory=dict)  # the profile's, as given

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def uses_sandbox(self) -> bool:
        return not self.values.get("url")

    @property
    def sandbox_db_path(self) -> Path:
        configured = self.values.get("sandbox_db")
        return Path(configured).expanduser() if configured else data_dir() / "sandbox.db"


def read_config_file(path: Path) -> dict[str, Any]:
    """Parse the YAML file (userfiles' and safe_yaml's limits); an absent file is empty."""
    if not path.exists():
        return {}
    # PyYAML enters here, when a command reads the config: `--help` and `--version` never do.
    import yaml

    from msgclient.files import safe_yaml

    text = userfiles.read_text(str(path), "Config file", CONFIG_CAP, ConfigError)
    try:
        data = safe_yaml.safe_load(text) or {}
    except safe_yaml.RepeatedKey as exc:
        values = f": {shown(exc.values[0])} and {shown(exc.values[1])}" \
            if len(exc.values) == 2 and exc.key.lower() not in SECRET_KEYS else ""
        raise ConfigError(f"Config file {path} gives {shown(exc.key)} twice (lines "
                          f"{exc.lines[0]} and {exc.lines[1]}{values}); which one is meant?",
                          hint="Keep one of them.") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}" if where else ""
        raise ConfigError(
            f"Config file {path} is not valid YAML{at}.",
            hint="Fix it, or move it away and run 'msgclient config init'.",
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(f"Config file {path} must be a mapping of keys to values.")
    _refuse_secrets(data, path)
    problem = unknown_key(data, TOP_KEYS, "")
    for name, section in (data.get("profiles") or {}).items() \
            if isinstance(data.get("profiles"), dict) else ():
        if isinstance(section, dict):
            problem = problem or unknown_key(section, PROFILE_KEYS, f" in profile '{name}'")
    if problem:
        # A misspelt key ('ulr:') would silently mean the default (for url: the sandbox).
        raise ConfigError(f"Config file {path}: {problem}")
    _refuse_twins(data.get("profiles"), path)
    return data


def _refuse_twins(profiles: Any, path: Path) -> None:
    """Profile names that differ only in case name one token file on a case-blind disk."""
    seen: dict[str, str] = {}
    for name in profiles if isinstance(profiles, dict) else ():
        twin = seen.setdefault(str(name).casefold(), str(name))
        if twin != str(name):
            raise ConfigError(f"Config file {path} has profiles {shown(twin)} and "
                              f"{shown(name)}, which differ only in case; which one is "
                              "meant?", hint="Rename or remove one of them.")


def _refuse_secrets(data: dict, path: Path, where: str = "") -> None:
    for key, value in data.items():
        if str(key).lower() in SECRET_KEYS:
            raise ConfigError(
                f"Config file {path} holds a '{key}'{where}; "
                "secrets are never read from the config file.",
                hint="Remove it and run 'msgclient auth login' (or set MSGCLIENT_TOKEN).",
            )
        if isinstance(value, dict):
            _refuse_secrets(value, path, f" under '{key}'")


def _coerce(key: str, raw: Any, kind: type, origin: str) -> Any:
    if raw is None:
        return raw
    try:
        value = raw if isinstance(raw, kind) and not isinstance(raw, bool) else kind(raw)
    except (TypeError, ValueError):
        value = None
    if value is None or (isinstance(raw, bool | dict | list)):
        raise ConfigError(f"{key} from {origin} must be a {kind.__name__}, not {shown(raw)}.")
    problem = CHECKS[key](value) if key in CHECKS else None
    if problem:
        raise ConfigError(f"{key} from {origin}: {problem}.")
    return value




def load_settings(profile: str | None = None, path: Path | None = None) -> Settings:
    """Merge env > profile > defaults for one profile (flags are applied by callers)."""
    named_by_env = path is None and bool(os.environ.get("MSGCLIENT_CONFIG"))
    path = path or config_path()
    if named_by_env and not path.exists():
        # A file the user named and mistyped would silently mean "the sandbox".
        raise ConfigError(f"MSGCLIENT_CONFIG names {path}, which does not exist.",
                          hint="Create it with 'msgclient config init' or unset MSGCLIENT_CONFIG.")
    data = read_config_file(path)
    profiles = data.get("profiles") or {}
    if not isinstance(profiles, dict):
        raise ConfigError(f"'profiles' in {path} must be a mapping of profile names.")
    chosen, chosen_from = _choose_profile(profile, data, profiles)
    if chosen and chosen != SANDBOX_PROFILE:
        _check_profile_name(chosen, chosen_from)
    if chosen and chosen not in profiles and chosen != SANDBOX_PROFILE:
        known = ", ".join(sorted(profiles)) or "none"
        raise ConfigError(
            f"Unknown profile '{chosen}' (from {chosen_from}); profiles in {path}: {known}.",
            hint="Create it with 'msgclient config init --profile NAME', or use "
                 f"'--profile {SANDBOX_PROFILE}' for the sandbox stand.",
        )
    section = profiles.get(chosen, {}) if chosen and chosen != SANDBOX_PROFILE else {}
    if not isinstance(section, dict):
        raise ConfigError(f"Profile '{chosen}' in {path} must be a mapping of keys.")
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for key, (env, default, kind) in KEYS.items():
        if os.environ.get(env):
            origin = f"env {env}"
            values[key], sources[key] = _coerce(key, os.environ[env], kind, origin), origin
        elif section.get(key) is not None:
            origin = f"profile '{chosen}'"
            values[key], sources[key] = _coerce(key, section[key], kind, origin), origin
        else:
            values[key], sources[key] = default, "default"
    if values["budget"] is None:
        values["budget"] = BUDGET_TIMEOUTS * values["timeout"]
        sources["budget"] = f"default ({BUDGET_TIMEOUTS} x timeout)"
    _check_sandbox_api(values["sandbox_api"], sources["sandbox_api"])
    lists = {k: list(section.get(k) or []) for k in LIST_KEYS}
    return Settings(profile=chosen or "", values=values, sources=sources, lists=lists,
                    channel_types=_channel_types(section, chosen, path))


def _channel_types(section: dict, profile: str | None, path: Path) -> dict[str, str]:
    found = section.get("channel_types")
    if found is None:
        return {}
    problem = channel_types_problem(found)
    if problem:
        raise ConfigError(f"Config file {path}: channel_types in profile '{profile}' {problem}.")
    return dict(found)


def _check_profile_name(name: str, origin: str = "--profile") -> None:
    problem = profile_name_problem(name)
    if problem:
        raise ConfigError(f"{problem} (from {origin}).")


def _check_sandbox_api(value: str, origin: str) -> None:
    if value not in PERSONALITIES:
        raise ConfigError(f"sandbox_api from {origin} must be {' or '.join(PERSONALITIES)}, "
                          f"not {value!r}.")


def _choose_profile(flag: str | None, data: dict, profiles: dict) -> tuple[str | None, str]:
    if flag:
        return flag, "--profile"
    if os.environ.get("MSGCLIENT_PROFILE"):
        return os.environ["MSGCLIENT_PROFILE"], "MSGCLIENT_PROFILE"
    if data.get("default_profile"):
        return str(data["default_profile"]), "default_profile"
    if len(profiles) == 1:
        return next(iter(profiles)), "the only profile"
    return None, "default"


def write_config_file(path: Path, data: dict) -> None:
    import yaml  # PyYAML enters here too, for `config init` and `config use`

    # Atomic, 0600 and never through a link: the file names the user's stands and logins.
    with replace_private(path, "w", own_folder=False, encoding="utf-8") as out:
        out.write(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def write_profile(path: Path, name: str, section: dict[str, Any], make_default: bool) -> None:
    """Add or replace one profile, keeping the rest of the file's data."""
    if name == SANDBOX_PROFILE:
        raise ConfigError(f"'{SANDBOX_PROFILE}' names the built-in sandbox stand; pick another "
                          "profile name.")
    _check_profile_name(name)
    data = read_config_file(path)
    data.setdefault("profiles", {})[name] = {k: v for k, v in section.items() if v is not None}
    if make_default or not data.get("default_profile"):
        data["default_profile"] = name
    write_config_file(path, data)
