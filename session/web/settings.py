"""Settings from arguments or SESSION_* environment variables."""

import os
from dataclasses import dataclass, fields
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///session.db"
    broadcast_url: str = "memory://"
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    https_only: bool = False  # secure cookies; set behind TLS in production
    templates_dir: str = str(REPO / "templates")
    static_dir: str = str(REPO / "static")

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


def _coerce(kind, raw: str):
    if kind in (int, "int"):
        return int(raw)
    if kind in (bool, "bool"):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    return raw
