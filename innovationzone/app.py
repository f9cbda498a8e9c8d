"""The application factory: wires extensions and blueprints, does no work at import."""

from __future__ import annotations

from typing import Any

from flask import Flask

from innovationzone import error_handlers, http_cache, input_guard, paths, proxies, security
from innovationzone.accounts import auth, throttle
from innovationzone.asyncmode import postgres_waits_yield, silence_eventlet_deprecation
from innovationzone.config import load_config
from innovationzone.db import install_postgres_ping, install_sqlite_pragmas
from innovationzone.extensions import babel, csrf, db, login_manager, migrate, socketio
from innovationzone.i18n import LANGUAGES, select_babel_locale
from innovationzone.routing import App

# Engine.IO drops the whole connection for a packet over this size, without an ack. It stays well
# above every event's own limit (a chat message is at most 4,000 characters), so an oversized
# message reaches the handler and is refused with an ack error instead.
ENGINEIO_MAX_MESSAGE = 1024 * 1024


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build a configured app: extensions bound, blueprints and Socket.IO namespaces registered,
    nothing done at import time (tests build many apps)."""
    app = App(
        __name__,
        template_folder=paths.templates(),
        static_folder=paths.static(),
        instance_path=None,
    )
    app.config.update(load_config(config))
    input_guard.init_app(app)

    db.init_app(app)
    with app.app_context():
        install_sqlite_pragmas(db.engine)
        install_postgres_ping(db.engine)
        if db.engine.dialect.name == "postgresql":
            postgres_waits_yield()
    migrate.init_app(app, db, directory=paths.migrations())
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_babel_locale,
        default_translation_directories=paths.translations(),
    )
    auth.init_app(app)
    security.init_app(app)
    http_cache.init_app(app)
    error_handlers.register(app)
    _init_socketio(app)
    proxies.init_app(app)  # outside Socket.IO's middleware: sockets see the client too
    throttle.init_app(app)
    _register_blueprints(app)
    _register_search_sources()
    _register_feed_sources()
    _register_template_helpers(app)

    from innovationzone.cli import register_commands

    register_commands(app)
    return app


def _init_socketio(app: Flask) -> None:
    from innovationzone import realtime
    from innovationzone.blog import events as blog_events
    from innovationzone.chat.events import GUARD as chat_guard
    from innovationzone.chat.events import ChatNamespace
    from innovationzone.wiki.events import GUARD as wiki_guard
    from innovationzone.wiki.events import WikiNamespace

    if app.config["IZ_ASYNC_MODE"] == "eventlet":
        silence_eventlet_deprecation()  # Engine.IO imports eventlet for this mode

    # The extension is one object per process and keeps the client manager an earlier app made
    # from its message queue, even when this app has none: an app without IZ_MESSAGE_QUEUE would
    # then publish to (and its test client refuse) another app's Redis.
    socketio.server_options.pop("client_manager", None)
    socketio.init_app(
        app,
        async_mode=app.config["IZ_ASYNC_MODE"],
        message_queue=app.config["IZ_MESSAGE_QUEUE"],
        # None = the server's own origin. Never '*': a foreign page must not ride the cookie.
        cors_allowed_origins=app.config["IZ_ALLOWED_ORIGINS"],
        cors_credentials=True,
        manage_session=False,
        max_http_buffer_size=ENGINEIO_MAX_MESSAGE,
        # One connection's events are handled in the order they were sent (each connection still
        # runs beside every other): three quick sends are stored in the order typed, and an edit
        # never overtakes the send it edits, however long a commit waits for the disk.
        async_handlers=False,
        json=realtime.PacketJSON,  # what many acks carry alike is encoded once (realtime.Encoded)
        logger=False,
        engineio_logger=False,
    )
    socketio.on_namespace(ChatNamespace("/chat"))
    socketio.on_namespace(WikiNamespace("/wiki"))
    blog_events.register(socketio)  # watch_post: live comments and reactions under a post
    realtime.guard("/chat", chat_guard)
    realtime.guard("/wiki", wiki_guard)


def _register_blueprints(app: Flask) -> None:
    # One blueprint for a feature's pages (views.bp) and one for its API (api.bp). Route modules
    # beyond views.py (`*_views.py`) add their routes to views.bp; importing them here attaches
    # them before the blueprint is registered. wiki.view_versions makes every write bump the
    # versions the wiki page cache is keyed by.
    from innovationzone import code_style, health
    from innovationzone.accounts import api as accounts_api
    from innovationzone.accounts import views as accounts_views
    from innovationzone.activity import api as activity_api
    from innovationzone.activity import views as activity_views
    from innovationzone.admin import audit as admin_audit  # noqa: F401 - answers the audit hook
    from innovationzone.admin import views as admin_views
    from innovationzone.blog import api as blog_api
    from innovationzone.blog import comment_views as blog_comment_views  # noqa: F401
    from innovationzone.blog import feed_views as blog_feed_views  # noqa: F401
    from innovationzone.blog import people_views as blog_people_views  # noqa: F401
    from innovationzone.blog import views as blog_views
    from innovationzone.chat import api as chat_api
    from innovationzone.chat import views as chat_views
    from innovationzone.feed import api as feed_api
    from innovationzone.home import views as home_views
    from innovationzone.lookup import api as lookup_api
    from innovationzone.mail import outbox as mail_outbox  # noqa: F401 - answers notifications.created
    from innovationzone.mail import views as mail_views
    from innovationzone.notifications import api as notifications_api
    from innovationzone.notifications import views as notifications_views
    from innovationzone.questions import api as questions_api
    from innovationzone.questions import views as questions_views
    from innovationzone.reviews import api as reviews_api
    from innovationzone.reviews import views as reviews_views
    from innovationzone.search import api as search_api
    from innovationzone.search import models as search_models  # noqa: F401 - the outbox table
    from innovationzone.search import views as search_views
    from innovationzone.topics import api as topics_api
    from innovationzone.topics import views as topics_views
    from innovationzone.wiki import api as wiki_api
    from innovationzone.wiki import edit_views, file_views, view_versions  # noqa: F401 - versions
    from innovationzone.wiki import views as wiki_views
    from innovationzone.zones import api as zones_api
    from innovationzone.zones import views as zones_views

    for blueprint in (
        health.bp,
        code_style.bp,
        accounts_views.bp,
        accounts_api.bp,
        zones_views.bp,
        zones_api.bp,
        notifications_api.bp,
        search_api.bp,
        search_views.bp,
        notifications_views.bp,
        blog_api.bp,
        blog_views.bp,
        wiki_views.bp,
        wiki_api.bp,
        chat_views.bp,
        chat_api.bp,
        activity_views.bp,
        activity_api.bp,
        topics_views.bp,
        topics_api.bp,
        reviews_api.bp,
        reviews_views.bp,
        questions_views.bp,
        lookup_api.bp,
        questions_api.bp,
        home_views.bp,
        admin_views.bp,
        feed_api.bp,
        mail_views.bp,
    ):
        app.register_blueprint(blueprint)


def _register_search_sources() -> None:
    from innovationzone.blog.search import register as register_blog
    from innovationzone.chat.search import register as register_chat
    from innovationzone.questions.search import register as register_questions
    from innovationzone.reviews.search import register as register_review_ranking
    from innovationzone.wiki.search import register as register_wiki

    for register in (
        register_wiki,
        register_blog,
        register_chat,
        register_questions,
        register_review_ranking,
    ):
        register()


def _register_feed_sources() -> None:
    from innovationzone.blog.feed_source import register as register_blog
    from innovationzone.chat.highlights import register as register_chat
    from innovationzone.questions.feed_source import register as register_questions
    from innovationzone.wiki.feed_source import register as register_wiki

    for register in (register_wiki, register_blog, register_chat, register_questions):
        register()


NAV_ZONES = 20


def _register_template_helpers(app: Flask) -> None:
    from flask_babel import get_locale

    from innovationzone.pagination import next_page_url
    from innovationzone.zones.services import zones_page

    # Every list page's "more" link: a global, so included templates and macros see it too.
    app.jinja_env.globals["next_page_url"] = next_page_url

    @app.context_processor
    def _globals() -> dict[str, Any]:
        from flask_login import current_user

        return {
            "languages": LANGUAGES,
            "current_locale": str(get_locale()),
            # The header's menu shows the first zones; "All zones" pages through the rest.
            "nav_zones": (lambda: zones_page(current_user, limit=NAV_ZONES, cursor=None).items)
            if current_user.is_authenticated
            else list,
        }
