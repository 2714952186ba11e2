"""The wheel's build step (hatchling runs it, see pyproject.toml): the repository's `templates/`
and `static/` go into the package as `session/templates` and `session/static`, and each language's
catalogue is compiled to the `.mo` file the server reads (the `.mo` files are not kept in git).
An editable install needs neither: it reads the checkout, and `make install` compiles in place."""

import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SHIPPED = ("templates", "static")
LOCALE = Path("session", "locale")


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        for name in SHIPPED:
            build_data["force_include"][str(root / name)] = f"session/{name}"
        self._compiled = tempfile.TemporaryDirectory(prefix="session-mo-")
        out = Path(self._compiled.name)
        for po in sorted((root / LOCALE).glob("*/LC_MESSAGES/messages.po")):
            relative = po.relative_to(root)
            with po.open("rb") as f:
                catalog = read_po(f, locale=relative.parts[-3])
            if catalog.fuzzy:  # as `pybabel compile` does: a catalogue marked fuzzy is not used
                continue
            mo = out / relative.with_suffix(".mo")
            mo.parent.mkdir(parents=True, exist_ok=True)
            with mo.open("wb") as f:
                write_mo(f, catalog)
            build_data["force_include"][str(mo)] = relative.with_suffix(".mo").as_posix()

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        compiled = getattr(self, "_compiled", None)
        if compiled is not None:
            compiled.cleanup()
