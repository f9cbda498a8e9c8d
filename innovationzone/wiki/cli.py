"""`innovationzone wiki import ZONE PATH` and `innovationzone wiki export ZONE FILE`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from innovationzone.accounts.models import User
from innovationzone.errors import DomainError
from innovationzone.extensions import db


def _acting_user(username: str | None) -> User:
    query = (
        select(User).where(User.username == username)
        if username
        else select(User).where(User.is_admin, User.active).order_by(User.id)
    )
    user = db.session.scalar(query.limit(1))
    if user is None:
        raise click.ClickException(
            f"No user '{username}'." if username else "Create an admin first."
        )
    return user


@click.group("wiki")
def wiki_group() -> None:
    """Import and export a zone's wiki as Markdown files."""


@wiki_group.command("import")
@click.argument("zone")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--as", "username", help="Who the revisions are by (default: the first admin).")
@with_appcontext
def import_command(zone: str, source: Path, username: str | None) -> None:
    """Import a folder or a zip of Markdown files into ZONE, keeping the hierarchy."""
    from innovationzone.wiki.transfer_services import count_entries, import_tree

    user = _acting_user(username)
    try:
        with click.progressbar(length=count_entries(source), label="Importing") as bar:
            report = import_tree(user, zone, source, lambda done, total: bar.update(1))
    except DomainError as error:
        raise click.ClickException(error.text()) from None
    for problem in report.errors:
        click.echo(f"skipped {problem}", err=True)
    click.echo(f"Imported {report.pages} pages and {report.attachments} attachments into {zone}.")


@wiki_group.command("export")
@click.argument("zone")
@click.argument("target", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--as", "username", help="Whose view to export (default: the first admin).")
@with_appcontext
def export_command(zone: str, target: Path, username: str | None) -> None:
    """Write ZONE's wiki to TARGET as a zip of Markdown files and attachments."""
    from innovationzone.wiki.transfer_services import export_zip

    try:
        target.write_bytes(export_zip(_acting_user(username), zone))
    except DomainError as error:
        raise click.ClickException(error.text()) from None
    click.echo(f"Exported {zone} to {target}.")
