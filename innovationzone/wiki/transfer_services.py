"""Moving a zone's wiki in and out as Markdown files, so people can bring pages from another
wiki and take theirs along.

Layout (export writes it, import reads it and plain folders of Markdown alike):
`Onboarding/Kassa.md` is page `Onboarding/Kassa`, its title in an optional `title:` front
matter; `Onboarding/Kassa/_files/plan.png` is an attachment of that page. Other files sit
beside the pages that mention them, as most Markdown wikis keep images.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath

from flask import current_app
from flask_babel import lazy_gettext as _l

from innovationzone.accounts.models import User
from innovationzone.errors import DomainError, TooLarge, ValidationError
from innovationzone.markdown import normalise_path
from innovationzone.permissions import MANAGE, access_zone
from innovationzone.wiki import queries
from innovationzone.wiki.attachment_services import attach, storage_dir
from innovationzone.wiki.services import latest_revision, save_page

FRONT_MATTER_RE = re.compile(r"\A---\n(.*?)\n---\n\n?", re.DOTALL)
MAX_IMPORT_BYTES = 200_000_000
FILES = "_files"


@dataclass
class ImportReport:
    """What an import did: pages and files written, and every file refused or failed with the
    reason."""

    pages: int = 0
    attachments: int = 0
    errors: list[str] = field(default_factory=list)


def export_zip(user: User, zone_slug: str) -> bytes:
    """A zip of a readable zone's live pages as Markdown with their titles in front matter, and
    their attachments beside them, in the layout the import reads."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for page in queries.list_pages(user, zone_slug):
            body = latest_revision(page).body
            title = page.title.replace("\n", " ")
            archive.writestr(f"{page.path}.md", f"---\ntitle: {title}\n---\n\n{body}")
            for attachment in queries.attachments(page):
                archive.write(
                    storage_dir() / attachment.stored_name,
                    f"{page.path}/{FILES}/{attachment.filename}",
                )
    return buffer.getvalue()


Entry = tuple[PurePosixPath, Callable[[], bytes]]


@dataclass
class Entries:
    """The files an import reads, and those it refuses with the reason (shown in the report)."""

    files: list[Entry] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _refusal(raw: str, info: zipfile.ZipInfo) -> str | None:
    """Why a zip entry may not be unpacked: it would land outside the zone (`..`, an absolute
    or drive path, backslashes) or it is a symbolic link (its target could be anything)."""
    name = PurePosixPath(raw.replace("\\", "/"))
    parts = name.parts
    if not parts or name.is_absolute() or ".." in parts or ":" in parts[0]:
        return f"{raw}: refused, the path leaves the archive."
    if _is_symlink(info):
        return f"{raw}: refused, symbolic links are not imported."
    return None


@contextmanager
def _entries(source: Path) -> Iterator[Entries]:
    """Every visible regular file of a folder or zip, refusing what could climb out or link
    elsewhere, and refusing a zip that unpacks to more than the limit (a zip bomb) outright."""
    entries = Entries()
    if source.is_dir():
        for file in sorted(source.rglob("*")):
            name = PurePosixPath(file.relative_to(source).as_posix())
            if file.is_symlink():
                entries.refused.append(f"{name}: refused, symbolic links are not imported.")
            elif file.is_file() and _visible(name):
                entries.files.append((name, file.read_bytes))
        yield entries
        return
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile:
        raise ValidationError(_l("This is not a zip file.")) from None
    with archive:
        infos = archive.infolist()
        limit = current_app.config.get("WIKI_IMPORT_MAX_BYTES", MAX_IMPORT_BYTES)
        if sum(info.file_size for info in infos) > limit:
            raise TooLarge(
                _l(
                    "The archive unpacks to more than %(mb)s MB; nothing was imported.",
                    mb=limit // 1_000_000,
                )
            )
        for info in infos:
            refusal = _refusal(info.filename, info)
            if refusal:
                entries.refused.append(refusal)
            elif not info.is_dir() and _visible(PurePosixPath(info.filename)):
                entries.files.append((PurePosixPath(info.filename), partial(archive.read, info)))
        yield entries


def _visible(name: PurePosixPath) -> bool:
    return not any(part.startswith(".") or part == "__MACOSX" for part in name.parts)


def _page_and_title(text: str) -> tuple[str | None, str]:
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return None, text
    title = next(
        (
            line.split(":", 1)[1].strip()
            for line in match.group(1).splitlines()
            if line.lower().startswith("title:")
        ),
        None,
    )
    return title, text[match.end() :]


def _owner(name: PurePosixPath, pages: dict[str, str]) -> str | None:
    """The page a non-Markdown file belongs to (see the module docstring)."""
    if name.parent.name == FILES:
        return normalise_path(name.parent.parent.as_posix())
    folder = normalise_path(name.parent.as_posix())
    siblings = sorted(path for path in pages if PurePosixPath(path).parent.as_posix() == folder)
    mentioned = [path for path in siblings if name.name in pages[path]]
    if mentioned:
        return mentioned[0]
    return folder if folder in pages else (siblings[0] if siblings else None)


def import_tree(
    user: User,
    zone_slug: str,
    source: Path,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> ImportReport:
    """Imports pages first, then attachments; each failure is reported and skipped."""
    access_zone(user, zone_slug, MANAGE)
    report = ImportReport()
    pages: dict[str, str] = {}  # path of each imported page: its body (attachments find owners)
    with _entries(source) as found:
        report.errors.extend(found.refused)
        entries = found.files
        is_page = [
            name.suffix.lower() == ".md" and FILES not in name.parts for name, _read in entries
        ]
        ordered = [e for e, page in zip(entries, is_page, strict=True) if page] + [
            e for e, page in zip(entries, is_page, strict=True) if not page
        ]
        for done, (name, read) in enumerate(ordered, 1):
            if done <= sum(is_page):
                _import_page(user, zone_slug, name, read, pages, report)
            else:
                _import_file(user, zone_slug, name, read, pages, report)
            progress(done, len(ordered))
    return report


def _import_page(
    user: User,
    zone_slug: str,
    name: PurePosixPath,
    read: Callable[[], bytes],
    pages: dict[str, str],
    report: ImportReport,
) -> None:
    try:
        title, body = _page_and_title(read().decode("utf-8-sig"))
        path = str(name.with_suffix(""))
        existing = queries.find_page(user, zone_slug, path)
        page, _revision, _merged = save_page(
            user,
            zone_slug,
            path,
            title,
            body,
            existing.revision if existing else None,
            summary="Imported",
        )
        pages[page.path] = body
        report.pages += 1
    except UnicodeDecodeError:
        report.errors.append(f"{name}: not UTF-8 text")
    except DomainError as error:
        report.errors.append(f"{name}: {error.text()}")


def _import_file(
    user: User,
    zone_slug: str,
    name: PurePosixPath,
    read: Callable[[], bytes],
    pages: dict[str, str],
    report: ImportReport,
) -> None:
    owner = _owner(name, pages)
    if owner is None:
        report.errors.append(f"{name}: no page to attach it to")
        return
    try:
        attach(user, zone_slug, owner, name.name, io.BytesIO(read()))
        report.attachments += 1
    except DomainError as error:
        report.errors.append(f"{name}: {error.text()}")


def count_entries(source: Path) -> int:
    """How many files an import will go through, for a progress bar."""
    with _entries(source) as entries:
        return len(entries.files)
