from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class EditForm(FlaskForm):
    """The page editor: title, Markdown, summary, and the base revision the edit started from
    (for merging)."""

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
    """Moving a page; the service checks the new path and leaves a redirect at the old one."""

    path = StringField(_l("New path"), validators=[DataRequired(), Length(max=255)])
    submit = SubmitField(_l("Move page"))


class RevertForm(FlaskForm):
    """The revision to make current again; posted from the history and revision pages."""

    revision = IntegerField(validators=[DataRequired()])


class UploadForm(FlaskForm):
    """A file for a page; its type and size are checked by the service, not trusted from the
    browser."""

    file = FileField(_l("File"), validators=[FileRequired()])
    submit = SubmitField(_l("Upload"))


class ImportForm(FlaskForm):
    """A zip of Markdown files to import into a zone."""

    archive = FileField(_l("Zip of Markdown files"), validators=[FileRequired()])
    submit = SubmitField(_l("Import"))
