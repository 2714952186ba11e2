"""Where the templates and static files are. The repository keeps `templates/` and `static/` at
its top; a wheel's build maps them into the package (pyproject.toml, scripts/build_hook.py), so an
installed server finds them inside `session/`, and a checkout (the editable install) beside it."""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def shipped(name: str) -> Path:
    """The directory `name` ("templates", "static"): inside the package when installed, else at
    the top of the checkout."""
    inside = PACKAGE / name
    return inside if inside.is_dir() else PACKAGE.parent / name
