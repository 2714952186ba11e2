"""Settings from arguments or SESSION_* environment variables."""

import os
from dataclasses import dataclass, fields

from session.resources import shipped

LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///session.db"
    broadcast_url: str = "memory://"
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    https_only: bool = False  # secure cookies; set behind TLS in production
    templates_dir: str = str(shipped("templates"))
    static_dir: str = str(shipped("static"))
    # Host names the server answers to (comma-separated); empty: the bind address and localhost.
    allowed_hosts: str = ""
    # Origins (scheme://host[:port], comma-separated) whose pages may open a websocket; empty:
    # this server's own scheme (https when https_only) with the request's allowed Host.
    public_origins: str = ""
    # Where the keys that sign cookies and key the access codes' hashes live, outside the
    # database; empty: beside a SQLite file (`<database>.secret`), else `session.secret` here.
    secret_file: str = ""
    # What one outsider can make the server hold (see the README's operations table).
    max_sockets_per_address: int = 500
    max_sockets_per_code: int = 10
    actions_per_code_per_10_s: int = 30  # every action with one code, across all its sockets
    limit_concurrency: int = 4000

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        values = {}
        for f in fields(cls):
            raw = os.environ.get(f"SESSION_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _coerce(f.type, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def to_env(self) -> dict[str, str]:
        return {f"SESSION_{f.name.upper()}": str(getattr(self, f.name)) for f in fields(self)}

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def host_names(self) -> list[str]:
        """The Host header values this server answers to (no port; an IPv6 address in brackets, as
        a Host header writes it)."""
        if self.allowed_hosts.strip():
            return [_as_host(name) for name in _split(self.allowed_hosts)]
        bound = [] if self.host in ("0.0.0.0", "::", "") else [_as_host(self.host)]
        return list(dict.fromkeys([*bound, *LOCAL_HOSTS]))

    @property
    def origins(self) -> set[str]:
        """The configured web origins (scheme://host[:port]) whose pages may drive a room's
        websocket; empty when none is configured (then: this server's scheme and Host)."""
        return {origin.rstrip("/").lower() for origin in _split(self.public_origins)}

    @property
    def scheme(self) -> str:
        return "https" if self.https_only else "http"


def _as_host(name: str) -> str:
    name = name.lower()
    return f"[{name}]" if ":" in name and not name.startswith("[") else name


def _split(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def _coerce(kind, raw: str):
    if kind in (int, "int"):
        return int(raw)
    if kind in (bool, "bool"):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    return raw
