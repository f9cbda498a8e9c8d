"""The application factory: wires extensions and blueprints, does no work at import."""
from __future__ import annotations

from typing import Any

from flask import Flask

from . import auth, error_handlers, paths, security
from .asyncmode import silence_eventlet_deprecation
from .config import load_config
from .db import install_sqlite_pragmas
from .extensions import babel, csrf, db, login_manager, migrate, socketio
from .i18n import LANGUAGES, select_locale

ENGINEIO_MAX_MESSAGE = 64 * 1024  # well below Engine.IO's 1 MB default: chat bodies are small


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=paths.templates(),
        static_folder=paths.static(),
        instance_path=None,
    )
    app.config.update(load_config(config))

    db.init_app(app)
    with app.app_context():
        install_sqlite_pragmas(db.engine)
    migrate.init_app(app, db, directory=paths.migrations())
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(
        app, locale_selector=select_locale, default_translation_directories=paths.translations()
    )
    auth.init_app(app)
    security.init_app(app)
    error_handlers.register(app)
    _init_socketio(app)
    _register_blueprints(app)
    _register_template_helpers(app)

    from .cli import register_commands

    register_commands(app)
    return app


def _init_socketio(app: Flask) -> None:
    from .chat.namespace import ChatNamespace

    if app.config["IZ_ASYNC_MODE"] == "eventlet":
        silence_eventlet_deprecation()  # Engine.IO imports eventlet for this mode

    socketio.init_app(
        app,
        async_mode=app.config["IZ_ASYNC_MODE"],
        message_queue=app.config["IZ_MESSAGE_QUEUE"],
        # None = the server's own origin. Never '*': a foreign page must not ride the cookie.
        cors_allowed_origins=app.config["IZ_ALLOWED_ORIGINS"],
        cors_credentials=True,
        manage_session=False,
        max_http_buffer_size=ENGINEIO_MAX_MESSAGE,
        logger=False,
        engineio_logger=False,
    )
    socketio.on_namespace(ChatNamespace("/chat"))


def _register_blueprints(app: Flask) -> None:
    from . import health
    from .accounts import api as accounts_api
    from .accounts import views as accounts_views
    from .chat import api as chat_api
    from .chat import views as chat_views
    from .notifications import api as notifications_api
    from .zones import api as zones_api
    from .zones import views as zones_views

    for blueprint in (
        health.bp,
        accounts_views.bp,
        accounts_api.bp,
        zones_views.bp,
        zones_api.bp,
        notifications_api.bp,
        chat_views.bp,
        chat_api.bp,
    ):
        app.register_blueprint(blueprint)


def _register_template_helpers(app: Flask) -> None:
    from flask_babel import get_locale

    from .zones.services import visible_zones

    @app.context_processor
    def _globals():
        from flask_login import current_user

        return {
            "languages": LANGUAGES,
            "current_locale": str(get_locale()),
            "nav_zones": (lambda: visible_zones(current_user)) if current_user.is_authenticated else list,
        }
