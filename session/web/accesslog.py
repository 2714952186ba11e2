"""Codes never reach a log: the access log's request line shows `/join/…`, not the code.

A join link carries its code in the path (it is what a QR code holds), and uvicorn writes every
request line to the `uvicorn.access` logger: logs are copied, shipped and read far more widely than
the database. The filter rewrites the record itself, so every handler of that logger — uvicorn's
console, a file, a collector — gets the redacted line.
"""

import logging
import re

ACCESS_LOGGER = "uvicorn.access"
PLACEHOLDER = "…"
# Whatever follows /join/ up to the query: a code, a guess, an encoded or cased variant of either.
_JOIN_PATH = re.compile(r"(/join/)[^?#\s]*", re.IGNORECASE)
# A code put in a query string by hand (?code=…) is redacted as well.
_CODE_PARAMETER = re.compile(r"([?&]code=)[^&#\s]*", re.IGNORECASE)


def redact(text: str) -> str:
    return _CODE_PARAMETER.sub(rf"\g<1>{PLACEHOLDER}", _JOIN_PATH.sub(rf"\g<1>{PLACEHOLDER}", text))


class RedactCodes(logging.Filter):
    """Keeps every record, with any code in its arguments (uvicorn passes the path as one) replaced."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) if isinstance(arg, str) else arg for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: redact(arg) if isinstance(arg, str) else arg for key, arg in record.args.items()}
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def install() -> None:
    """Add the filter to uvicorn's access logger, once per process (uvicorn's logging configuration
    replaces the logger's handlers, never its filters, so it may run before or after)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, RedactCodes) for f in logger.filters):
        logger.addFilter(RedactCodes())
