"""Reading an untrusted command message, the same way at every door (websocket and JSON API)."""

import json

from session.domain.errors import Refused


def _no_constants(name: str) -> float:
    raise ValueError(f"{name} is not JSON")  # Python's json accepts NaN and Infinity; JSON does not


def load_message(raw: str | bytes) -> object:
    """The decoded JSON value, or `Refused` naming what is wrong with it."""
    try:
        message = json.loads(raw, parse_constant=_no_constants)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: absurdly deep nesting
        raise Refused("invalid_json", "Malformed message: it is not valid JSON.") from None
    try:
        json.dumps(message, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (\ud800) is valid JSON but not text
        raise Refused("invalid_json", "Malformed message: it contains text that is not valid Unicode.") from None
    return message
