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
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])
    submit = SubmitField(_l("Sign in"))


class AccountFields(FlaskForm):
    username = StringField(
        _l("Username"), validators=[DataRequired(), Length(max=32), username_format()]
    )
    display_name = StringField(_l("Display name"), validators=[Optional(), Length(max=80)])
    department = StringField(_l("Department"), validators=[Optional(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=8, max=1024)])


class SetupForm(AccountFields):
    confirm = PasswordField(_l("Repeat password"), validators=[EqualTo("password")])
    submit = SubmitField(_l("Create admin account"))


class UserForm(AccountFields):
    is_admin = BooleanField(_l("Administrator"))
    submit = SubmitField(_l("Create account"))


class ProfileForm(FlaskForm):
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
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=8, max=1024)])
    submit = SubmitField(_l("Change password"))


class TokenForm(FlaskForm):
    name = StringField(_l("Token name"), validators=[Optional(), Length(max=80)])
    submit = SubmitField(_l("Create token"))


class ConfirmForm(FlaskForm):
    """A bare form for POST buttons (log out, revoke, deactivate): CSRF and nothing else."""

    submit = SubmitField()
