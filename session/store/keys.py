"""The secret file: the keys that sign session cookies and key the access codes' hashes.

They live outside the database, so that a copy of the database (a backup, a dump handed to a
colleague, a stolen laptop) yields neither a working cookie nor, offline, the codes themselves.
One file per database: beside a SQLite file (`<database>.secret`), else `session.secret` in the
working directory, or wherever SESSION_SECRET_FILE says; the server, its workers and the CLI
each find the same one.
"""

import hashlib
import hmac
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

DEFAULT_NAME = "session.secret"


class SecretFileError(RuntimeError):
    """The secret file exists but cannot be used: say which file and why, never guess a new key."""


@dataclass(frozen=True)
class Keys:
    cookie: str  # signs the session cookie (Starlette's SessionMiddleware)
    codes: bytes  # keys the HMAC of every access code

    def code_hash(self, code: str) -> str:
        """What is stored for a code: HMAC(key, SHA-256(code)). The inner SHA-256 is what the
        previous versions stored, so their rows are re-keyed in place without knowing the codes."""
        return self.wrap(plain_sha256(code))

    def wrap(self, sha256_hex: str) -> str:
        return hmac.new(self.codes, sha256_hex.encode(), hashlib.sha256).hexdigest()


def plain_sha256(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


def secret_path(database_url: str, configured: str = "") -> Path:
    """Where the keys of this database live (absolute, so every process agrees)."""
    if configured:
        return Path(configured).expanduser().resolve()
    url = make_url(database_url)
    if (
        url.get_backend_name() == "sqlite"
        and url.database
        and url.database != ":memory:"
        and not url.database.startswith("file:")
    ):
        database = Path(url.database).expanduser().resolve()
        return database.with_name(database.name + ".secret")
    return Path(DEFAULT_NAME).resolve()


def load(path: Path, legacy_cookie_key: str | None = None) -> Keys:
    """The keys in `path`, made (mode 0600) if the file does not exist yet. A cookie key the
    database held before is carried over, so moving it signs nobody out."""
    if not path.exists():
        _create(
            path, {"cookie_key": legacy_cookie_key or secrets.token_urlsafe(32), "code_key": secrets.token_urlsafe(32)}
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Keys(cookie=str(data["cookie_key"]), codes=str(data["code_key"]).encode())
    except OSError as error:
        raise SecretFileError(f"cannot read the secret file {path}: {error.strerror}") from None
    except (ValueError, KeyError, TypeError):
        raise SecretFileError(
            f"the secret file {path} is not one this program wrote (JSON with cookie_key and code_key)"
        ) from None


def _create(path: Path, data: dict[str, str]) -> None:
    # Written whole to a private temporary file, then linked into place: a process starting at the
    # same moment (another worker, the CLI) either sees no file or the complete one, and the first
    # link wins, so all of them end up with the same keys.
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".session-secret-")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:  # mkstemp makes it 0600
            json.dump(data, handle)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(temporary)
