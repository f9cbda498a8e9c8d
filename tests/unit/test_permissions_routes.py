"""Every route and socket event asks the permission module, or is on the short list of public ones.

Each route of app.url_map is called once, as a signed-in user who is in no zone, on the demo
data, while every public function of innovationzone/permissions.py records its calls. A route that answers
without asking is a bug unless it refused the input (400: nothing was read) or is listed in
PUBLIC with the reason it needs no rule. A new
route therefore either goes through permissions.py or is added here on purpose.
"""

from __future__ import annotations

import functools
import inspect
import re
import sys
from collections.abc import Callable

import pytest
from sqlalchemy import select

from innovationzone import permissions
from tests.conftest import PASSWORD

# Routes that decide nothing about other people's content, and why.
PUBLIC = {
    "static": "the stylesheets and scripts",
    "health.healthz": "liveness for the proxy",
    "code_style.code_css": "the code highlighting stylesheet",
    "accounts.login": "signing in",
    "accounts.logout": "signing out ends only the caller's own session",
    "accounts.first_admin": "the one-time setup link, checked against its token",
    "accounts.profile": "the caller's own account",
    "accounts.revoke_token": "the caller's own tokens only (a query by user)",
    "accounts.set_language": "the caller's own preference",
    "accounts_api.me": "the caller's own account",
    "accounts_api.create_token": "the caller's own tokens",
    "accounts_api.change_password": "the caller's own password",
    "blog_api.reaction_names": "the fixed emoji list",
    "accounts_api.preferences": "the caller's own settings",
    "accounts_api.update_me": "the caller's own account",
    "accounts_api.update_preferences": "the caller's own settings",
    "chat_api.direct_rooms": "the caller's own conversations (a query by membership)",
    "zones.new": "the empty form: anyone signed in may start a zone (permissionless)",
    "lookup_api.people": "people's names are for everyone signed in (the people picker)",
    "topics_api.list_topics": "topic titles are for everyone signed in; items are filtered per reader",
    "notifications.index": "the caller's own notifications (a query by user)",
    "notifications.mark_read": "the caller's own notifications",
    "notifications_api.list_notifications": "the caller's own notifications",
    "notifications_api.mark_read": "the caller's own notifications",
    "mail.unsubscribe_page": "the signed link names the one account it changes",
}
ADMIN_ONLY = {  # decided in accounts (below permissions): the account's own is_admin flag
    "accounts.admin_users",
    "accounts.set_active",
    "accounts_api.create_user",
}


@pytest.fixture
def demo(demo_app, make_user):
    """The demo organisation, and `walker`: signed in, a member of no zone."""
    app = demo_app
    app.config["WTF_CSRF_ENABLED"] = False
    make_user("walker")
    client = app.test_client()
    client.post("/login", data={"username": "walker", "password": PASSWORD})
    return client


@pytest.fixture
def walker_token(app, demo):
    """API routes are called with a Bearer token, as API clients do (no CSRF to pass)."""
    from innovationzone.accounts.credential_services import create_token
    from innovationzone.accounts.models import User
    from innovationzone.extensions import db

    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "walker"))
        return create_token(user, "walk")[1]


def _values(app) -> dict[str, object]:
    """A real object for every kind of URL argument, so a route reaches its rule."""
    from innovationzone.accounts.models import User
    from innovationzone.blog.models import Comment, Post
    from innovationzone.chat.models import Room
    from innovationzone.extensions import db
    from innovationzone.notifications.models import Notification
    from innovationzone.questions.models import Answer, Question
    from innovationzone.topics.models import Topic
    from innovationzone.wiki.models import Page
    from innovationzone.zones.models import Zone

    with app.app_context():
        zone = db.session.scalar(select(Zone).where(Zone.visibility == "private"))
        page = db.session.scalar(select(Page).where(Page.zone_id == zone.id))
        post = db.session.scalar(select(Post).where(Post.zone_id == zone.id))
        comment = db.session.scalar(select(Comment).where(Comment.post_id == post.id)) or post
        return {
            "zone": zone.slug,
            "slug": zone.slug,
            "path": page.path,
            "post_id": post.id,
            "comment_id": comment.id,
            "target_id": post.id,
            "kind": "posts",
            "name": "thumbsup",
            "filename": "plan.png",
            "room_id": db.session.scalar(select(Room.id).where(Room.zone_id.is_not(None))),
            "topic": db.session.scalar(select(Topic.slug)),
            "question_id": db.session.scalar(select(Question.id)),
            "answer_id": db.session.scalar(select(Answer.id)),
            "notification_id": db.session.scalar(select(Notification.id)),
            "username": db.session.scalar(select(User.username).where(User.username != "walker")),
            "number": 1,
            "tag": "retail",
            "item_type": "page",
            "object_id": page.id,
            "token_id": 1,
            "token": "x",
            "code": 404,
            "action": "pin",
        }


def _url(rule, values: dict[str, object]) -> str:
    url = rule.rule
    for name in rule.arguments:
        value = values[name]
        if name == "slug" and ("topics" in rule.rule):
            value = values["topic"]
        url = re.sub(rf"<(?:\w+(?:\([^)]*\))?:)?{name}>", str(value), url)
    return url


def _from_template(frame) -> bool:  # noqa: ANN001
    while frame is not None:
        if "jinja2" in frame.f_code.co_filename:
            return True
        frame = frame.f_back
    return False


def _recording(function: Callable, asked: list[str]) -> Callable:
    @functools.wraps(function)
    def recorded(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if not _from_template(sys._getframe(1)):  # the layout's zone menu asks on every page
            asked.append(function.__name__)
        return function(*args, **kwargs)

    return recorded


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """The names of the public permission functions called, in order.

    Each public function of permissions.py is swapped for a recording wrapper, in that module
    and wherever a loaded module of the package imported it by name. This replaced a profiler
    hook (sys.setprofile), which ran Python code on every call of every request: measured in one
    run, the walk took 1.5 to 2 times as long with it."""
    calls: list[str] = []
    wrappers = {
        function: _recording(function, calls)
        for name, function in vars(permissions).items()
        if inspect.isfunction(function)
        and function.__module__ == permissions.__name__
        and not name.startswith("_")
    }
    for module_name, module in list(sys.modules.items()):
        if module is None or not module_name.startswith("innovationzone"):
            continue
        for name, value in list(vars(module).items()):
            if inspect.isfunction(value) and value in wrappers:
                monkeypatch.setattr(module, name, wrappers[value])
    return calls


def test_every_route_asks_the_permission_module(app, demo, walker_token, asked):
    values = _values(app)
    silent = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in PUBLIC or rule.endpoint in ADMIN_ONLY:
            continue
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"OPTIONS"})[0]
        asked.clear()
        api = rule.rule.startswith("/api/")
        headers = {"Authorization": f"Bearer {walker_token}"} if api else {}
        response = demo.open(
            _url(rule, values), method=method, json={}, headers=headers, query_string={"q": "a"}
        )
        rejected = response.status_code == 400  # bad input: refused before anything is read
        if not rejected and not asked:
            silent[rule.endpoint] = (method, rule.rule, response.status_code)
    assert silent == {}


def test_the_public_routes_exist(app):
    """The lists above name real endpoints (a renamed route must be looked at again)."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert set(PUBLIC) | ADMIN_ONLY <= endpoints, (set(PUBLIC) | ADMIN_ONLY) - endpoints


# Socket events that decide nothing about content: connect and disconnect identify the socket
# (socket_auth), stop_editing only takes the caller out of what they joined.
PUBLIC_EVENTS = {"connect", "disconnect", "stop_editing"}


def _socket_events() -> list[tuple[str, str]]:
    """Every (namespace, event) the app handles: Namespace classes and plain handlers."""
    from innovationzone.extensions import socketio

    found = [
        (namespace, name[3:])
        for namespace, handler in socketio.server.namespace_handlers.items()
        for name in dir(handler)
        if name.startswith("on_") and name != "on_event"
    ]
    found += [
        (ns, event) for ns, handlers in socketio.server.handlers.items() for event in handlers
    ]
    return sorted(set(found))


def test_every_socket_event_asks_the_permission_module(app, demo, walker_token, asked):
    from innovationzone.extensions import socketio

    values = _values(app)
    payload = {
        "room_id": values["room_id"],
        "post_id": values["post_id"],
        "zone": values["zone"],
        "path": values["path"],
        "body": "hallo",
        "client_msg_id": "walk-1",
        "message_id": 1,
        "after_id": 0,
        "seq": 1,
    }
    events = _socket_events()
    assert ("/chat", "send") in events and ("/wiki", "editing") in events
    silent = []
    clients = {}
    for namespace, event in events:
        if event in PUBLIC_EVENTS:
            continue
        if namespace not in clients:
            clients[namespace] = socketio.test_client(
                app, namespace=namespace, auth={"token": walker_token}
            )
        asked.clear()
        clients[namespace].emit(event, payload, namespace=namespace, callback=True)
        if not asked:
            silent.append((namespace, event))
    for namespace, client in clients.items():
        client.disconnect(namespace)
    assert silent == []
