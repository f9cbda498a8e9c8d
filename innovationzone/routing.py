"""URL matching remembered per path: the app's Flask class and its URL map.

Why: Werkzeug matches a path by walking its rule tree, and a wiki page
(`/z/<zone>/wiki/<path:path>`) ends in a rule part that takes the rest of the path, beside
some fifteen others that end in `/history`, `/edit`, `/files/<name>` and so on: each is tried
as a regular expression in turn. That cost ~24 us of a cached page view's ~600 (a deeper path
more), where a reader asks for the same few paths again and again. So a successful match is
remembered per (host part, path, method, websocket), in a bounded least-recently-used table.

What stays as it was: every refusal (404, 405, a redirect to the path with a slash) is worked
out anew each time, never remembered; the rules' converters turn a path into the same values
every time (ours do: `int`, `string`, `path`), so a remembered match is what matching again
would answer; each request gets its own copy of the values (a view or hook may change its
`view_args`); adding a rule forgets every remembered match.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import Flask
from werkzeug.routing import Map, Rule
from werkzeug.routing.matcher import StateMachineMatcher

# Paths are the client's to choose: at most this many matches are kept (a few hundred KB).
MATCHES_KEPT = 2048


class RememberingMatcher(StateMachineMatcher):
    """Werkzeug's matcher, answering a path it matched before from memory."""

    def __init__(self, merge_slashes: bool) -> None:
        """An empty rule tree and an empty memory of matches."""
        super().__init__(merge_slashes)
        self._remembered = lru_cache(maxsize=MATCHES_KEPT)(super().match)

    def add(self, rule: Rule) -> None:
        """Adds a rule; what was matched before may now match differently."""
        super().add(rule)
        self._remembered.cache_clear()

    def update(self) -> None:
        """Orders the tree's transitions (after rules were added), forgetting earlier matches."""
        super().update()
        self._remembered.cache_clear()

    def match(
        self, domain: str, path: str, method: str, websocket: bool
    ) -> tuple[Rule, dict[str, Any]]:
        """The rule and values for this path, as `StateMachineMatcher.match` answers them (and
        raises when it refuses), the values a fresh dict for this request."""
        rule, values = self._remembered(domain, path, method, websocket)
        return rule, dict(values)


class RememberingMap(Map):
    """A URL map whose matcher remembers successful matches."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """As Werkzeug's Map, with the remembering matcher (holding any rules given here)."""
        super().__init__(*args, **kwargs)
        matcher = RememberingMatcher(self.merge_slashes)
        for rule in self._rules:
            matcher.add(rule)
        self._matcher = matcher


class App(Flask):
    """The app's Flask: its URL map remembers matches (see the module's docstring)."""

    url_map_class = RememberingMap
