"""Every string a person reads goes through the catalogues, and every catalogue translates it:
the messages are extracted afresh (scripts/extract-messages, into a temporary template) and each
of the five languages must give every one of them, none fuzzy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("fr", "es", "ru", "zh", "ar")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> list[str]:
    pot = tmp_path_factory.mktemp("catalogues") / "messages.pot"
    env = {**os.environ, "POT": str(pot), "ONLY_EXTRACT": "1", "BIN": str(Path(sys.executable).parent)}
    subprocess.run([str(ROOT / "scripts" / "extract-messages")], cwd=ROOT, env=env, check=True, timeout=120)
    with pot.open("rb") as f:
        return [message.id for message in read_po(f) if message.id]


def _translated(string: str | tuple) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string.strip())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated(extracted, lang):
    with (ROOT / "session" / "locale" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalogue = read_po(f, locale=lang)
    missing = [msgid for msgid in extracted if (m := catalogue.get(msgid)) is None or not _translated(m.string)]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert not missing, f"{lang}: untranslated (run scripts/extract-messages, then translate): {missing}"
    assert not fuzzy, f"{lang}: fuzzy: {fuzzy}"
