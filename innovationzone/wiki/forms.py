from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class EditForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)])
    body = TextAreaField(_l("Text (Markdown)"))
    summary = StringField(
        _l("Edit summary"),
        validators=[Optional(), Length(max=300)],
        render_kw={"placeholder": _l("What did you change?")},
    )
    base_revision = HiddenField()
    section = HiddenField()
    submit = SubmitField(_l("Save"))


class RenameForm(FlaskForm):
    path = StringField(_l("New path"), validators=[DataRequired(), Length(max=255)])
    submit = SubmitField(_l("Move page"))


class RevertForm(FlaskForm):
    revision = IntegerField(validators=[DataRequired()])


class UploadForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired()])
    submit = SubmitField(_l("Upload"))


class ImportForm(FlaskForm):
    archive = FileField(_l("Zip of Markdown files"), validators=[FileRequired()])
    submit = SubmitField(_l("Import"))
