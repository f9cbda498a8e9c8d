from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

# People pickers: the template's data-picker attribute makes static/js/pickers.js suggest people.
PERSON = {"data-picker": "people", "autocomplete": "off"}
PEOPLE = {"data-picker": "people", "data-multiple": "1", "autocomplete": "off"}


class ItemForm(FlaskForm):
    """The content picker fills `type` and `id` as someone picks a search result."""

    query = StringField(
        _l("Find a page, post or chat room"),
        render_kw={"data-picker": "content", "autocomplete": "off"},
    )
    type = HiddenField(validators=[AnyOf(("page", "post", "room"))])
    id = IntegerField(validators=[DataRequired(), NumberRange(min=1)], render_kw={"hidden": True})
    pinned = BooleanField(_l("Pin to the top"))
    submit = SubmitField(_l("Add to topic"))


class TopicForm(FlaskForm):
    """A new topic; the owner is required, since every topic needs someone who stands by it."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=120)])
    slug = StringField(_l("Short name (in links)"), validators=[DataRequired(), Length(max=50)])
    owner = StringField(_l("Owner"), validators=[DataRequired(), Length(max=32)], render_kw=PERSON)
    description = TextAreaField(
        _l("What is this topic about?"), validators=[Optional(), Length(max=2000)]
    )
    submit = SubmitField(_l("Create topic"))


class TopicEditForm(FlaskForm):
    """Editing a topic: title, owner, co-owners, description, archived."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=120)])
    owner = StringField(_l("Owner"), validators=[DataRequired(), Length(max=32)], render_kw=PERSON)
    co_owners = StringField(
        _l("Co-owners (separated by commas)"),
        validators=[Optional(), Length(max=700)],
        render_kw=PEOPLE,
    )
    description = TextAreaField(
        _l("What is this topic about?"), validators=[Optional(), Length(max=2000)]
    )
    archived = BooleanField(_l("Archived (hidden from the topic list)"))
    submit = SubmitField(_l("Save topic"))
