"""Named extension points, so a lower feature can announce and a higher one answer.

`zones` sits below `notifications` and `activity`, yet adding a member should notify them
and the zone page shows the activity chart. Importing upwards would tie the layers into a
cycle; instead the higher feature registers a handler here and the lower one calls the point
by name. Handlers run synchronously, inside the caller's transaction when there is one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_handlers: dict[str, dict[str, Callable[..., Any]]] = {}


def register(point: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: call the function whenever `point` is called. Keyed by the function's
    qualified name, so importing a module twice never registers it twice."""

    def decorator(handler: Callable[..., Any]) -> Callable[..., Any]:
        key = f"{handler.__module__}.{handler.__qualname__}"
        _handlers.setdefault(point, {})[key] = handler
        return handler

    return decorator


def call(point: str, **data: Any) -> list[Any]:
    """Run every handler of `point` with `data`, in registration order; their answers."""
    return [handler(**data) for handler in _handlers.get(point, {}).values()]
