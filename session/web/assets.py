"""Static files that a phone downloads once: fingerprinted URLs, cached for a year, compressed."""

import hashlib
from functools import cache
from pathlib import Path

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

IMMUTABLE = "public, max-age=31536000, immutable"  # the URL changes when the file does
REVALIDATE = "public, max-age=300"


class Assets:
    def __init__(self, directory: str):
        self.directory = Path(directory)

    def url(self, path: str) -> str:
        return f"/static/{path}?v={self._fingerprint(path)}"

    @cache  # noqa: B019 - one Assets per app; files do not change while it runs
    def _fingerprint(self, path: str) -> str:
        return hashlib.sha256((self.directory / path).read_bytes()).hexdigest()[:12]


class CachedStaticFiles(StaticFiles):
    def file_response(self, full_path, stat_result, scope: Scope, status_code: int = 200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        fingerprinted = b"v=" in scope.get("query_string", b"")
        response.headers["Cache-Control"] = IMMUTABLE if fingerprinted else REVALIDATE
        return response
