"""The six official languages of the UN: the interface in each, chosen per person.

Catalogues live in session/locale/<lang>/LC_MESSAGES/messages.po and are compiled to .mo at
install (`make install`). A person's language comes from the switch on every page (kept in the
session), else from the phone's Accept-Language, else English.
"""

import gettext as gettext_module
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape
from starlette.requests import HTTPConnection

from session.data.names import official_name
from session.domain.participants import Participant

# The marker lives with the names it marks (session.labels), below the web; pages and messages
# mark theirs with the same one.
from session.labels import N_ as N_

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
LANGUAGES = {"en": "English", "fr": "Français", "es": "Español", "ru": "Русский", "zh": "中文", "ar": "العربية"}
RTL = {"ar"}
DEFAULT = "en"


@cache
def _catalogue(lang: str) -> gettext_module.NullTranslations:
    return gettext_module.translation("messages", localedir=LOCALE_DIR, languages=[lang], fallback=True)


@cache
def translator(lang: str) -> Callable[..., str]:
    """`_("You are number %(n)s", n=3)`: the translated text, with its values filled in."""
    catalogue = _catalogue(lang)

    def _(message: str, **values) -> str:
        text = catalogue.gettext(message) if message else message
        if any(isinstance(value, Markup) for value in values.values()):
            # A value that is markup already (a name isolated in <bdi>): the text is escaped and
            # so is every other value, and the markup goes in as it is.
            return escape(text) % values
        return text % values if values else text

    return _


def language_of(conn: HTTPConnection) -> str:
    chosen = conn.session.get("lang") if "session" in conn.scope else None
    if chosen in LANGUAGES:
        return chosen
    return best_match(conn.headers.get("accept-language", ""))


def best_match(accept_language: str) -> str:
    weighted = []
    for part in accept_language.split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        weighted.append((quality, tag.split("-")[0].lower()))
    for _quality, lang in sorted(weighted, key=lambda w: -w[0]):
        if lang in LANGUAGES:
            return lang
    return DEFAULT


def i18n_context(lang: str) -> dict:
    return {"_": translator(lang), "lang": lang, "dir": "rtl" if lang in RTL else "ltr", "languages": LANGUAGES}


def languages(lang: str | None, second: str | None) -> tuple[str, str | None]:
    """The page's language and the big screen's second one, each one of the six or the default
    (the second: None when absent, unknown or the same as the first): whatever a URL says."""
    lang = lang if lang in LANGUAGES else DEFAULT
    return lang, second if second in LANGUAGES and second != lang else None


def name_in(directory: Mapping[str, Participant], lang: str) -> Callable[[str], str]:
    """Participants' official short names in the reader's language (session.data.names), else
    the English one the room holds (a walk-in's)."""

    def name_of(participant_id: str) -> str:
        participant = directory.get(participant_id)
        if participant is None:
            return participant_id
        if lang == "fr" and participant.name_fr:
            return participant.name_fr
        return official_name(participant_id, lang) or participant.name

    return name_of
