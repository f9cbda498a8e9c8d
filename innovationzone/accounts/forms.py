from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from innovationzone.form_rules import username_format
from innovationzone.i18n import LANGUAGES


class LoginForm(FlaskForm):
    """The sign-in form; lengths are capped so an oversized field is refused before hashing."""

    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])
    submit = SubmitField(_l("Sign in"))


class AccountFields(FlaskForm):
    """Fields every account form shares, validated as the API validates them."""

    username = StringField(
        _l("Username"), validators=[DataRequired(), Length(max=32), username_format()]
    )
    display_name = StringField(_l("Display name"), validators=[Optional(), Length(max=80)])
    department = StringField(_l("Department"), validators=[Optional(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=8, max=1024)])


class SetupForm(AccountFields):
    """The first admin's form, reached only through the one-time setup link."""

    confirm = PasswordField(_l("Repeat password"), validators=[EqualTo("password")])
    submit = SubmitField(_l("Create admin account"))


class UserForm(AccountFields):
    """An admin creating someone else's account."""

    is_admin = BooleanField(_l("Administrator"))
    submit = SubmitField(_l("Create account"))


class ProfileForm(FlaskForm):
    """What users change about themselves: name, department, language, mail."""

    display_name = StringField(_l("Display name"), validators=[DataRequired(), Length(max=80)])
    department = StringField(_l("Department"), validators=[Optional(), Length(max=80)])
    locale = SelectField(
        _l("Language"),
        choices=[SelectChoice("", _l("Browser default"))]
        + [SelectChoice(code, name) for code, name in LANGUAGES.items()],
    )
    email = EmailField(_l("E-mail address"), validators=[Optional(), Length(max=254)])
    email_pref = SelectField(
        _l("Mail me"),
        choices=[
            SelectChoice("daily", _l("a daily digest of what I have not read")),
            SelectChoice(
                "instant", _l("at once when someone needs me (mentions, questions, reviews)")
            ),
            SelectChoice("off", _l("nothing")),
        ],
    )
    submit = SubmitField(_l("Save profile"))


class PasswordForm(FlaskForm):
    """A password change asks for the current password, so an unattended session cannot take over
    the account."""

    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=8, max=1024)])
    submit = SubmitField(_l("Change password"))


class TokenForm(FlaskForm):
    """Names a new API token so the user can tell tokens apart when revoking one."""

    name = StringField(_l("Token name"), validators=[Optional(), Length(max=80)])
    submit = SubmitField(_l("Create token"))


class ConfirmForm(FlaskForm):
    """A bare form for POST buttons (log out, revoke, deactivate): CSRF and nothing else."""

    submit = SubmitField()
