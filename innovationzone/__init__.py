"""innovationzone: wiki, blogs and chat for cross-department teams.

Importing the package does no work and patches nothing: `innovationzone serve`
(see __main__) is the only place that monkey-patches for eventlet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

__version__ = "0.1.0"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Here so `flask --app innovationzone` finds the factory; the import stays lazy."""
    from innovationzone.app import create_app as factory

    return factory(config)
