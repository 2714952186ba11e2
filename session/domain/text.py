"""What free text a person may type into the record: a name, a ruling, a rapporteur's notes.

Whatever is typed is shown to every screen in the hall and kept in the record, so characters
that are invisible or that change how the text around them is drawn are refused: control
characters (a NUL breaks PostgreSQL, an escape sequence a terminal reading the export) and the
bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), with which
"Mexico" can be made to display as another delegation's name ("Trojan Source").

What real names need stays: Arabic, Persian and Hebrew letters lay themselves out without any
override, and the zero-width non-joiner and joiner (U+200C, U+200D) are part of how Persian,
Urdu and Indic names are spelt. A line break (and a tab, pasted from a table) is allowed only in
a field that has lines: the rapporteur's notes and key points.
"""

import unicodedata

from .errors import Refused

# Format characters (category Cf) that legitimate text needs; every other one is refused.
_ALLOWED_FORMAT = {"\u200c", "\u200d"}  # zero-width non-joiner, zero-width joiner
# Cc control, Cf format, Cs a lone surrogate (JSON can carry one; it cannot be encoded),
# Zl/Zp line and paragraph separators (line breaks that a single-line field must not hold).
_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def clean_text(field: str, text: str, multiline: bool = False) -> str:
    """`text` as it will be kept (Windows line ends made plain), or `Refused` naming the character."""
    if multiline:
        text = text.replace("\r\n", "\n")
    for position, char in enumerate(text, 1):
        if multiline and char in "\n\t":
            continue
        if char in _ALLOWED_FORMAT or unicodedata.category(char) not in _REFUSED_CATEGORIES:
            continue
        where = "a line break" if char in "\r\n\u2028\u2029" else f"U+{ord(char):04X}"
        raise Refused(
            "control_character",
            f"'{field}' contains an invisible control or text-direction character ({where}, "
            f"character {position}); type it again without it.",
        )
    return text


def N_(message: str) -> str:
    """Marks a string for translation where it is defined; it is translated where it is shown."""
    return message
