"""post_excerpt_blocks: posts' derived excerpts keep their blocks apart, as new ones do

A teaser (`markdown.teaser`) now puts " · " between a text's blocks (a list's items, a heading
and its paragraph) where it ran them on as one sentence. A post whose author wrote no excerpt
keeps one derived from its body, and the editor tells a derived excerpt from a written one by
comparing it with what the body gives now: without this, every derived excerpt made before would
read as written (and stop following the body). So each post whose excerpt is what the old rule
derived gets the new rule's; an excerpt its author wrote stays as it is.

Revision ID: 0022_post_excerpt_blocks
Revises: 0021_feed_plain_summaries
Create Date: 2026-12-03 19:25:00

"""

import html
import re

import nh3
import sqlalchemy as sa
from alembic import op

revision = "0022_post_excerpt_blocks"
down_revision = "0021_feed_plain_summaries"
branch_labels = None
depends_on = None


def _derived_before(rendered: str, chars: int) -> str:
    """The excerpt the old rule derived: the plain text, blocks run together, cut at a word."""
    plain = re.sub(r"\s+", " ", html.unescape(nh3.clean(rendered, tags=set()))).strip()
    if len(plain) <= chars:
        return plain
    return plain[:chars].rsplit(" ", 1)[0] + "…"


def upgrade():
    from innovationzone.blog.content import EXCERPT_CHARS, excerpt_from

    bind = op.get_bind()
    posts = bind.execute(sa.text("SELECT id, html, excerpt FROM blog_posts")).all()
    for post_id, rendered, excerpt in posts:
        if excerpt and excerpt == _derived_before(rendered or "", EXCERPT_CHARS):
            bind.execute(
                sa.text("UPDATE blog_posts SET excerpt = :excerpt WHERE id = :id"),
                {"excerpt": excerpt_from(rendered or ""), "id": post_id},
            )


def downgrade():
    pass  # either rule's excerpt reads right under either revision
