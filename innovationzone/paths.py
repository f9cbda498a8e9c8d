"""Where templates/, static/ and migrations/ are: inside the installed package (a wheel maps them
there) or at the top of the source tree (an editable install or a checkout)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def resource(name: str) -> str:
    installed = PACKAGE / name
    if installed.is_dir():
        return str(installed)
    return str(PACKAGE.parent / name)


def templates() -> str:
    return resource("templates")


def static() -> str:
    return resource("static")


def migrations() -> str:
    return resource("migrations")


def translations() -> str:
    return str(PACKAGE / "translations")
