"""Socket.IO on /chat for blog posts: a reader's page asks to hear when the post's comments or
reactions change (`watch_post`), after the same access check as opening the post."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_socketio import SocketIO, join_room

from innovationzone import validation
from innovationzone.accounts import socket_auth
from innovationzone.blog.services import get_post
from innovationzone.errors import DomainError, NotFound, ValidationError, ack_error
from innovationzone.realtime import NAMESPACE, current_sid, post_channel


def on_watch_post(data: Any = None) -> dict:
    """`watch_post` with a post id (or {"post_id"}): ack {"ok": true}, or an error ack."""
    try:
        post_id = validation.payload(data, "data")
        post_id = post_id.get("post_id") if isinstance(post_id, dict) else post_id
        if isinstance(post_id, bool) or not isinstance(post_id, int):
            raise ValidationError(_l("'post_id' must be a post's number."), field="post_id")
        user = socket_auth.reader_for(current_sid())
        post = get_post(user, post_id)
        if not post.is_published:  # a draft has no readers to keep current
            raise NotFound(_l("Not found."))
    except DomainError as error:
        return ack_error(error, socket_auth.language(current_sid()))
    join_room(post_channel(post.id))
    return {"ok": True}


def register(socketio: SocketIO) -> None:
    """Adds the blog's socket events to the shared namespace (the app calls this once)."""
    socketio.on_event("watch_post", on_watch_post, namespace=NAMESPACE)
