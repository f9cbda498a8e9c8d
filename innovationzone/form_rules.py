"""The services' format rules as WTForms validators, so an HTML form says what is wrong in the
reader's language, next to the field, before the service (whose messages are the API's
English) ever sees the value. The patterns are the services' own, from validation.py."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms.validators import Regexp

from innovationzone.validation import SLUG_RE, USERNAME_RE


def slug_format() -> Regexp:
    """The WTForms check for a slug, with the same rule as the services' validation and a
    translated message."""
    return Regexp(
        SLUG_RE,
        message=_l(
            "Use 1 to 50 lowercase letters, digits or dashes, not starting or ending with a dash."
        ),
    )


def username_format() -> Regexp:
    """The WTForms check for a username, with the same rule as the services' validation and a
    translated message."""
    return Regexp(  # the service lowercases usernames: "Ann" is fine
        re.compile(USERNAME_RE.pattern, re.IGNORECASE),
        message=_l(
            "Use 2 to 32 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit."
        ),
    )
