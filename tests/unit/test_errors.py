"""Domain errors keep their messages translatable, and put them into words where they are shown:
in the reader's language on a page or a browser's chat, in English for the API and scripts."""

from __future__ import annotations

import ast
from pathlib import Path

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from innovationzone import errors

PACKAGE = Path(errors.__file__).resolve().parent
ERRORS = {
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.DomainError)
} | {"OperatorError"}


def test_every_domain_error_is_raised_with_a_lazy_message():
    """An f-string or a plain literal would reach a Dutch reader in English: each message is
    `_l("... %(name)s ...", name=...)` (or a lazy value passed on, such as a module constant)."""
    plain = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) in ERRORS):
                continue
            message = node.args[0] if node.args else None
            if isinstance(message, ast.Constant | ast.JoinedStr | ast.BinOp):
                plain.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert plain == []


def test_payload_and_ack_render_the_message_in_the_asked_language(ctx):
    error = errors.NotFound(_l("No user '%(name)s'.", name="niemand"))
    with force_locale("nl"):
        assert error.text() == "Er is geen gebruiker 'niemand'."
        assert error.payload() == {"error": "not_found", "message": error.text()}
        assert errors.ack_error(error)["message"] == "No user 'niemand'."  # a script's socket
    assert errors.ack_error(error, "nl") == {
        "ok": False,
        "error": "not_found",
        "message": "Er is geen gebruiker 'niemand'.",
    }
    assert str(error) == "No user 'niemand'."  # outside a request (logs, the CLI): English
