"""Where templates/, static/ and migrations/ are: inside the installed package (a wheel maps them
there) or at the top of the source tree (an editable install or a checkout)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def resource(name: str) -> str:
    """A top-level folder (templates, static, migrations) inside the installed package, or beside
    it in a checkout."""
    installed = PACKAGE / name
    if installed.is_dir():
        return str(installed)
    return str(PACKAGE.parent / name)


def templates() -> str:
    """Where the Jinja templates are, installed or checked out."""
    return resource("templates")


def static() -> str:
    """Where the static files are, installed or checked out."""
    return resource("static")


def migrations() -> str:
    """Where the Alembic migrations are, installed or checked out."""
    return resource("migrations")


def translations() -> str:
    """Where the compiled translations are (always inside the package)."""
    return str(PACKAGE / "translations")
