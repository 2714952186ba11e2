"""One table from refusal codes to HTTP statuses, for every door that answers over HTTP."""

from starlette.responses import JSONResponse

from session.domain.errors import Refused

_MALFORMED = {"invalid_message", "missing_action", "unknown_action", "invalid_field", "invalid_json",
              "too_large"}
_STATUS = {"unauthorised": 401, "forbidden": 403, "unknown_room": 404, "too_large": 413, "rate_limited": 429,
           "busy": 503}


def status_for(code: str) -> int:
    if code in _STATUS:
        return _STATUS[code]
    return 400 if code in _MALFORMED else 409  # otherwise the room's state forbids it now


def refusal(error: Refused) -> JSONResponse:
    return JSONResponse({"error": {"code": error.code, "message": error.message}},
                        status_code=status_for(error.code))
