"""One table from refusal codes to HTTP statuses, for every door that answers over HTTP."""

from starlette.responses import JSONResponse

from session.domain.errors import Refused

from .i18n import DEFAULT, N_, translator

_MALFORMED = {
    "invalid_message",
    "missing_action",
    "unknown_action",
    "invalid_field",
    "invalid_json",
    "too_large",
    "control_character",
}
_STATUS = {
    "unauthorised": 401,
    "forbidden": 403,
    "unknown_room": 404,
    "too_large": 413,
    "rate_limited": 429,
    "busy": 503,
}


def status_for(code: str) -> int:
    if code in _STATUS:
        return _STATUS[code]
    return 400 if code in _MALFORMED else 409  # otherwise the room's state forbids it now


def refusal(error: Refused) -> JSONResponse:
    return JSONResponse({"error": {"code": error.code, "message": error.message}}, status_code=status_for(error.code))


# What a person is told in their own language; the domain's English sentence is more precise
# (it names the participant or the date), so English keeps it.
REFUSAL_TEXTS = {
    "list_closed": N_("The list of speakers is closed."),
    "duplicate_request": N_("You already have a request of this type waiting."),
    "reply_limit": N_("The limit of rights of reply on this item has been reached."),
    "no_point_of_order": N_(
        "Points of order are for Member States (rule 71), the European Union and, as the chair decides, "
        "observer States."
    ),
    "no_right_of_reply": N_(
        "Rights of reply are for Member States (decision 34/401), the European Union and, as the chair "
        "decides, observer States."
    ),
    "interposed_questions_off": N_("This room does not take interposed questions unless the chair allows them."),
    "no_seat": N_(
        "The seats at this round table are reserved; your delegation has no seat here. "
        "The co-chairs may open the floor to delegations without a seat."
    ),
    "forbidden": N_("Your access code does not allow this."),
    "queue_empty": N_("The list of speakers is empty."),
    "stale": N_("The list changed meanwhile. Here is the current one."),
    "rate_limited": N_("Too many requests; please wait a moment."),
    "not_in_queue": N_("That request is no longer on the list."),
    "no_current_speaker": N_("No one has the floor."),
    "timer_idle": N_("The timer is not running."),
    "timer_running": N_("The timer is already running."),
    "timer_paused": N_("The timer is paused."),
    "timer_ready": N_("The timer has not started yet: Start timer starts it."),
    "nothing_to_undo": N_("Only the chair's last action can be undone, while nothing else has happened since."),
    "too_late": N_("That action can no longer be undone: an action is undone within 2 minutes."),
    "deadline_passed": N_("The deadline for expressions of interest has passed."),
    "interest_closed": N_("Expressions of interest are not open."),
    "not_eligible": N_("Only Member States may express interest in this panel."),
    "interposed_question": N_("An interposed question is under way: end it first."),
    "unknown_participant": N_("Unknown participant."),
    "busy": N_("The room is busy; please try again."),
    "no_change": N_("Nothing to change."),
    "invalid_json": N_("The message was not understood."),
    "invalid_message": N_("The message was not understood."),
    "invalid_field": N_("The message was not understood."),
    "missing_action": N_("The message was not understood."),
    "unknown_action": N_("The message was not understood."),
}


def explain(error: Refused, lang: str) -> str:
    """A refusal in the reader's language."""
    if lang == DEFAULT or error.code not in REFUSAL_TEXTS:
        return error.message
    return translator(lang)(REFUSAL_TEXTS[error.code])
