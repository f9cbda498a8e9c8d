"""GET /code.css: the colours for code blocks Pygments marks up (`.highlight`).

Generated from the installed Pygments, so token classes and colours never drift apart. The
"xcode" style is used because every token colour in it keeps at least 4.5:1 contrast on our
code background (WCAG AA); most Pygments styles have greys and yellows that do not. For a
reader whose system asks for dark colours, "lightbulb" follows inside a prefers-color-scheme
block: its every colour keeps 4.5:1 on the dark theme's code background (app.css `--code-bg`).
"""

from __future__ import annotations

from functools import cache

from flask import Blueprint, Response
from pygments.formatters import HtmlFormatter

STYLE = "xcode"
DARK_STYLE = "lightbulb"
bp = Blueprint("code_style", __name__)


def _token_rules(style: str) -> list[str]:
    # token colours only: the block's background and the `pre` rules stay app.css's
    defs = HtmlFormatter(style=style).get_style_defs(".highlight")
    return [line for line in defs.splitlines() if line.startswith(".highlight .")]


@cache
def stylesheet() -> str:
    """Pygments' token colours for highlighted code, light and dark, built once: the CSP forbids
    inline styles. In the dark block every light rule is reset first, so no light colour of a
    token the dark style leaves alone shows on the dark background."""
    light = _token_rules(STYLE)
    selectors = sorted({rule.split(" {", 1)[0] for rule in light})
    reset = ", ".join(selectors) + " { color: inherit; background-color: transparent }"
    dark = [reset, *_token_rules(DARK_STYLE)]
    return (
        "\n".join(light)
        + "\n@media (prefers-color-scheme: dark) {\n"
        + "\n".join("  " + rule for rule in dark)
        + "\n}\n"
    )


@bp.get("/code.css")
def code_css() -> Response:
    """Serve the code highlighting stylesheet, cached for a day by browsers and proxies."""
    response = Response(stylesheet(), mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response
