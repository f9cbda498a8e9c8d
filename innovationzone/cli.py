"""The commands of the `innovationzone` command line: serve, user create, demo, search.

`create_app` registers them on `app.cli`; the group itself lives in `__main__`, so this
module never imports the factory (no app <-> cli cycle). `db upgrade` comes from Flask-Migrate.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask.logging import default_handler

from innovationzone.errors import DomainError


def prepare_storage(*, upgrade_schema: bool = True, fill_new_index: bool = True) -> None:
    """Schema to the latest migration (or, with upgrade_schema=False, checked to be at it) and the
    search index present: what `serve` does on every start. A schema this code does not know is
    refused with a message that says what to do. A new index (first start, or an index of an
    older shape) is filled from the database."""
    from flask_migrate import upgrade

    from innovationzone.schema import SchemaMismatch, check_current, check_known
    from innovationzone.search.backend import ensure_index
    from innovationzone.search.indexer import reindex

    try:
        if upgrade_schema:
            check_known()
            upgrade(directory=current_app.extensions["migrate"].directory, revision="heads")
        else:
            check_current()
    except SchemaMismatch as error:
        raise click.ClickException(str(error)) from None
    if ensure_index() and fill_new_index:
        reindex()


@click.group("search")
def search_group() -> None:
    """Full-text search."""


@search_group.command("reindex")
@with_appcontext
def search_reindex() -> None:
    """Rebuild the search index from the database, with a progress bar."""
    prepare_storage()
    _reindex_with_progress()


def _reindex_with_progress() -> None:
    from innovationzone.search.indexer import reindex, reindex_total

    with click.progressbar(length=reindex_total(), label="Indexing", show_pos=True) as bar:
        count = reindex(bar.update)
    click.echo(f"Indexed {count} documents.")


@click.group("backup")
def backup_group() -> None:
    """Back up and restore the database and uploaded files."""


@backup_group.command("create")
@click.argument("destination", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup_create(destination: Path) -> None:
    """Write a backup into DESTINATION (a new folder); the server may keep running."""
    from innovationzone.backup import BackupError, create_backup

    try:
        manifest = create_backup(destination)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up the {manifest['database']} database and files to {destination}.")


@backup_group.command("restore")
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def backup_restore(source: Path) -> None:
    """Restore SOURCE into this (empty) installation, then rebuild the search index."""
    from innovationzone.backup import BackupError, restore_backup

    try:
        manifest = restore_backup(source)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored the backup of {manifest['created_at']}.")
    prepare_storage(fill_new_index=False)  # filled just below, with a progress bar
    _reindex_with_progress()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--no-upgrade",
    is_flag=True,
    help="Do not migrate the schema; refuse to start unless `db upgrade` has brought it current.",
)
@with_appcontext
def serve_command(host: str, port: int, no_upgrade: bool) -> None:
    """Run the server (eventlet unless IZ_ASYNC_MODE=threading)."""
    from innovationzone import realtime, sweeper
    from innovationzone.accounts.services import admin_exists
    from innovationzone.accounts.setup_services import setup_token
    from innovationzone.extensions import current_app_object, socketio
    from innovationzone.mail.worker import wake as wake_mail
    from innovationzone.markdown import warm_up as warm_up_renderers
    from innovationzone.search.indexer import drain

    app = current_app_object()
    prepare_storage(upgrade_schema=not no_upgrade)
    socketio.start_background_task(drain, app)  # what a crash left in the search outbox
    socketio.start_background_task(warm_up_renderers)  # ready before the first save needs them
    sweeper.start(app)  # due reviews and unanswered questions, every few minutes
    wake_mail(app)  # what an SMTP outage or a crash left in the mail outbox
    realtime.start(app)  # rechecks of access from every process reach the sockets held here
    address = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    click.echo(f"innovationzone is running at {address}/  ({app.config['IZ_ASYNC_MODE']} mode)")
    if not admin_exists():
        click.echo(
            f"No admin yet. Create the first admin account at: {address}/setup/{setup_token()}"
        )
    sys.stdout.flush()
    # In threading mode Flask-SocketIO runs Werkzeug through app.run(), which Flask refuses
    # inside a `flask` CLI command unless told this is deliberate.
    os.environ.pop("FLASK_RUN_FROM_CLI", None)
    socketio.run(
        app,
        host=host,
        port=port,
        debug=False,
        use_reloader=False,
        log_output=False,
        allow_unsafe_werkzeug=True,
    )


@click.group("user")
def user_group() -> None:
    """Manage accounts."""


@user_group.command("create")
@click.argument("username")
@click.option(
    "--password-stdin", is_flag=True, required=True, help="Read the password from standard input."
)
@click.option("--admin", is_flag=True)
@click.option("--department", default="")
@click.option("--display-name", default="")
@click.option("--email", default="", help="Where notifications are mailed (none by default).")
@with_appcontext
def user_create(
    username: str,
    password_stdin: bool,
    admin: bool,
    department: str,
    display_name: str,
    email: str,
) -> None:
    """Create an account from the command line, reading the password from standard input so it
    never shows in `ps` or shell history."""
    from innovationzone.accounts.services import create_user

    prepare_storage()
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = create_user(
            None,
            {
                "username": username,
                "password": password,
                "is_admin": admin,
                "department": department,
                "display_name": display_name,
                "email": email,
            },
        )
    except DomainError as error:
        raise click.ClickException(error.text()) from None
    click.echo(f"Created {user.username}{' (admin)' if user.is_admin else ''}.")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load a small demo organisation (departments, people, zones)."""
    from innovationzone.demo import load_demo

    prepare_storage()
    try:
        summary = load_demo()
    except DomainError as error:
        raise click.ClickException(error.text()) from None
    click.echo(summary)


@click.group("mail")
def mail_group() -> None:
    """E-mail (needs IZ_SMTP_URL)."""


@mail_group.command("send-digests")
@with_appcontext
def send_digests_command() -> None:
    """Mail each person who chose a daily digest what they have not read yet (run daily)."""
    from innovationzone.extensions import current_app_object
    from innovationzone.mail.digest import send_digests
    from innovationzone.mail.links import base_url
    from innovationzone.mail.worker import drain, in_this_thread

    if not current_app.config.get("IZ_SMTP_URL"):
        click.echo("IZ_SMTP_URL is not set: no mail is sent.")
        return
    if not current_app.config.get("IZ_BASE_URL"):
        # Links in a mail composed outside a request would point at the local default.
        warning = (
            f"IZ_BASE_URL is not set: links in the digests point to {base_url()}. "
            "Set IZ_BASE_URL to the site's public address (e.g. https://iz.example.org)."
        )
        current_app.logger.warning(warning)
        if default_handler not in current_app.logger.handlers:  # the log goes elsewhere
            click.echo(f"Warning: {warning}", err=True)  # cron mails what a job writes to stderr
    app = current_app_object()
    with in_this_thread(app):
        queued = send_digests()
        sent = drain(app)
    click.echo(f"{queued} digests queued, {sent} mails sent.")


def register_commands(app: Flask) -> None:
    """Attach the project's commands to `app.cli`; called by create_app, so this module never
    imports the factory."""
    from innovationzone.wiki.cli import wiki_group

    for command in (
        serve_command,
        user_group,
        demo_command,
        search_group,
        wiki_group,
        mail_group,
        backup_group,
    ):
        app.cli.add_command(command)
