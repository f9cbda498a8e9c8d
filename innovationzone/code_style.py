"""GET /code.css: the colours for code blocks Pygments marks up (`.highlight`).

Generated from the installed Pygments, so token classes and colours never drift apart. The
"xcode" style is used because every token colour in it keeps at least 4.5:1 contrast on our
code background (WCAG AA); most Pygments styles have greys and yellows that do not.
"""

from __future__ import annotations

from functools import cache

from flask import Blueprint, Response
from pygments.formatters import HtmlFormatter

STYLE = "xcode"
bp = Blueprint("code_style", __name__)


@cache
def stylesheet() -> str:
    """Pygments' token colours for highlighted code, built once: the CSP forbids inline styles."""
    formatter = HtmlFormatter(style=STYLE)
    # token colours only: the block's background and the `pre` rules stay app.css's
    rules = [
        line
        for line in formatter.get_style_defs(".highlight").splitlines()
        if line.startswith(".highlight .")
    ]
    return "\n".join(rules) + "\n"


@bp.get("/code.css")
def code_css() -> Response:
    """Serve the code highlighting stylesheet, cached for a day by browsers and proxies."""
    response = Response(stylesheet(), mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response
