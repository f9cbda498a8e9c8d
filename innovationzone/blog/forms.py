from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class PostForm(FlaskForm):
    """Lengths are checked by the service (413 for oversized bodies), not here."""

    title = StringField(_l("Title"), validators=[DataRequired()])
    body = TextAreaField(
        _l("Text (Markdown; @name mentions a colleague)"), validators=[DataRequired()]
    )
    tags = StringField(_l("Tags (comma-separated)"), validators=[Optional()])
    excerpt = TextAreaField(
        _l("Excerpt (optional; taken from the text if empty)"), validators=[Optional()]
    )
    publish = SubmitField(_l("Publish"))
    draft = SubmitField(_l("Save as draft"))


class CommentForm(FlaskForm):
    """A comment, or with parent_id a reply; the service checks the parent is on the same post."""

    body = TextAreaField(_l("Comment"), validators=[DataRequired()])
    parent_id = HiddenField()
    submit = SubmitField(_l("Post comment"))


class CommentEditForm(FlaskForm):
    """Editing a comment, capped at the API's comment length."""

    body = TextAreaField(_l("Comment"), validators=[DataRequired(), Length(max=10_000)])
    submit = SubmitField(_l("Save"))
